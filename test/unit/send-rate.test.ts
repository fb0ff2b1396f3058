// The account-wide SES pacing (functions/domain/mail/send-rate.ts) over an in-memory store with the
// same semantics as the DynamoDB adapter, on a simulated clock: one network sends at the rate and no
// faster, even when it starts mid-second and its sends arrive late; two networks sending at once
// each get about half. SES's side is the local SES's rate keeper (local/ses-rate.ts).
import { describe, expect, it } from 'vitest';
import { acquireSlot, earliestSlot, fairShare, slotTime, type SendRateStore, type SlotAnswer } from '../../functions/domain/mail/send-rate.js';
import { SendRateLimit } from '../../local/ses-rate.js';

function memoryStore(): SendRateStore & { windows: Map<number, { next: number; byNetwork: Map<string, number>; waiting: Set<string> }> } {
  const windows = new Map<number, { next: number; byNetwork: Map<string, number>; waiting: Set<string> }>();
  const at = (w: number) => windows.get(w) ?? windows.set(w, { next: 0, byNetwork: new Map(), waiting: new Set() }).get(w)!;
  return {
    windows,
    async takeSlot(window, network, rate, share, earliest): Promise<SlotAnswer> {
      const w = at(window);
      const mine = w.byNetwork.get(network) ?? 0;
      const index = Math.max(w.next, earliest);
      if (index >= rate || mine >= share) {
        w.waiting.add(network);
        return { granted: false };
      }
      w.next = index + 1;
      w.byNetwork.set(network, mine + 1);
      return { granted: true, index };
    },
    async networksIn(window) {
      const w = windows.get(window);
      return w ? [...new Set([...w.byNetwork.keys(), ...w.waiting])] : [];
    },
  };
}

/** A simulated clock: sleepers wake in time order, one at a time. */
function simulatedTime(start: number) {
  let now = start;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: now + ms, wake })),
    async run(until: () => boolean) {
      for (let guard = 0; guard < 1_000_000 && !until(); guard++) {
        await new Promise((r) => setImmediate(r));
        if (until()) break;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift();
        if (!next) continue;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}

/** A small seeded generator: the same jitter and delays on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SendOptions {
  concurrency?: number;
  /** ms from a granted slot to SES receiving the call (a busy runtime, the network). */
  delay?: () => number;
  /** SES's side: a call it refuses is throttled, and the mail takes another slot (as the mailer does). */
  ses?: SendRateLimit;
  random?: () => number;
}

async function sendAll(clock: ReturnType<typeof simulatedTime>, store: SendRateStore, senders: Record<string, number>, rate: number, o: SendOptions = {}) {
  const sentAt: Record<string, number[]> = Object.fromEntries(Object.keys(senders).map((n) => [n, []]));
  const calls = { sent: 0, throttled: 0 };
  let running = 0;
  for (const [network, mails] of Object.entries(senders)) {
    let left = mails;
    const deps = { store, network, rate: async () => rate, now: clock.now, sleep: clock.sleep, random: o.random ?? (() => 0.5) };
    const worker = async () => {
      while (left > 0) {
        left--;
        for (;;) {
          expect(await acquireSlot(deps, Number.MAX_SAFE_INTEGER)).toBe(true);
          const delay = o.delay?.() ?? 0;
          if (delay > 0) await clock.sleep(delay);
          if (o.ses === undefined || o.ses.take()) break;
          calls.throttled++;
        }
        calls.sent++;
        sentAt[network]!.push(clock.now());
      }
    };
    for (let i = 0; i < Math.min(o.concurrency ?? 50, mails); i++) {
      running++;
      void worker().finally(() => running--);
    }
  }
  await clock.run(() => running === 0);
  return { at: sentAt, calls };
}

/** The most sends in any one-second interval. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('SES send pacing', () => {
  it('spreads a window\'s slots evenly and splits the rate fairly', () => {
    expect(slotTime(10, 0, 14)).toBe(10_000);
    expect(slotTime(10, 7, 14)).toBe(10_500);
    expect(fairShare(14, 2)).toBe(7);
    expect(fairShare(5, 2)).toBe(3);
    expect(fairShare(14, 0)).toBe(14);
    // A slot is usable until the next one's time.
    expect(earliestSlot(10, 10_000, 14)).toBe(0);
    expect(earliestSlot(10, 10_070, 14)).toBe(0);
    expect(earliestSlot(10, 10_072, 14)).toBe(1);
    expect(earliestSlot(10, 10_600, 14)).toBe(8);
  });

  it('a network that starts mid-second never gets that second\'s past slots', async () => {
    const clock = simulatedTime(4_000_600);
    const store = memoryStore();
    const sent = (await sendAll(clock, store, { demo: 10 }, 14)).at['demo']!;
    // Slots 8..13 of the first second are still ahead at .600; the rest go out in the next second.
    expect(sent.filter((t) => t < 4_001_000).sort((a, b) => a - b)).toEqual([600, 642, 714, 785, 857, 928].map((ms) => 4_000_000 + ms));
    expect(store.windows.get(4000)!.next).toBe(14);
  });

  it('1,000 mails at 14/s, starting mid-second with late arrivals at SES, cost at most 1.02 SendEmail calls a mail, near the floor', async () => {
    const start = 5_000_437;
    const clock = simulatedTime(start);
    const random = seeded(15);
    const ses = new SendRateLimit(14, clock.now);
    // SES's bucket starts empty: the account sent a moment ago.
    while (ses.take());
    const { at, calls } = await sendAll(clock, memoryStore(), { demo: 1000 }, 14, { ses, random, delay: () => 5 + random() * 60 });
    expect(at['demo']).toHaveLength(1000);
    expect((calls.sent + calls.throttled) / 1000).toBeLessThanOrEqual(1.02);
    expect((Math.max(...at['demo']!) - start) / 1000).toBeLessThanOrEqual((1000 / 14) * 1.1 + 5);
  });

  it('two networks of 500 sharing 14/s through SES\'s own rate: each gets 40-60 % while both send, together near the floor', async () => {
    const start = 6_000_250;
    const clock = simulatedTime(start);
    const random = seeded(7);
    const ses = new SendRateLimit(14, clock.now);
    const { at, calls } = await sendAll(clock, memoryStore(), { demo: 500, other: 500 }, 14, { ses, random, delay: () => 5 + random() * 60 });
    const all = [...at['demo']!, ...at['other']!];
    const bothSending = Math.min(Math.max(...at['demo']!), Math.max(...at['other']!));
    const demoShare = at['demo']!.filter((t) => t <= bothSending).length / all.filter((t) => t <= bothSending).length;
    expect(demoShare).toBeGreaterThanOrEqual(0.4);
    expect(demoShare).toBeLessThanOrEqual(0.6);
    expect((calls.sent + calls.throttled) / 1000).toBeLessThanOrEqual(1.02);
    expect((Math.max(...all) - start) / 1000).toBeLessThanOrEqual((1000 / 14) * 1.1 + 5);
  });

  it('one network sends 50 mails at 5/s in about 10 s, never more than 5 in a second', async () => {
    const clock = simulatedTime(1_000_000);
    const sent = (await sendAll(clock, memoryStore(), { demo: 50 }, 5)).at;
    const times = sent['demo']!;
    expect(times).toHaveLength(50);
    expect(busiestSecond(times)).toBeLessThanOrEqual(5);
    const took = (Math.max(...times) - 1_000_000) / 1000;
    expect(took).toBeGreaterThanOrEqual(9);
    expect(took).toBeLessThanOrEqual(10.5);
  });

  it('two networks sending at once share 14/s about half each, and together never exceed it', async () => {
    const clock = simulatedTime(2_000_000);
    const sent = (await sendAll(clock, memoryStore(), { demo: 140, other: 140 }, 14)).at;
    const all = [...sent['demo']!, ...sent['other']!];
    expect(busiestSecond(all)).toBeLessThanOrEqual(14);
    const bothSending = Math.min(Math.max(...sent['demo']!), Math.max(...sent['other']!));
    const demoShare = sent['demo']!.filter((t) => t <= bothSending).length / all.filter((t) => t <= bothSending).length;
    expect(demoShare).toBeGreaterThanOrEqual(0.4);
    expect(demoShare).toBeLessThanOrEqual(0.6);
    expect((Math.max(...all) - 2_000_000) / 1000).toBeLessThanOrEqual(280 / 14 + 1.5);
  });

  it('gives up at the deadline (the mail goes back to the queue) and sends unpaced without a rate', async () => {
    const clock = simulatedTime(3_000_000);
    const store = memoryStore();
    const deps = { store, network: 'demo', rate: async () => 1, now: clock.now, sleep: clock.sleep };
    let results: boolean[] = [];
    void Promise.all([acquireSlot(deps, 3_000_500), acquireSlot(deps, 3_000_500)]).then((r) => (results = r));
    await clock.run(() => results.length > 0);
    expect(results.sort()).toEqual([false, true]);
    expect(await acquireSlot({ ...deps, rate: async () => 0 }, 0)).toBe(true);
  });
});
