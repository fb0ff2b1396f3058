// The account-wide SES pacing (functions/domain/mail/send-rate.ts) over an in-memory store with the
// same semantics as the DynamoDB adapter, on a simulated clock: one network sends at the rate and no
// faster; two networks sending at once each get about half.
import { describe, expect, it } from 'vitest';
import { acquireSlot, fairShare, slotTime, type SendRateStore, type SlotAnswer } from '../../functions/domain/mail/send-rate.js';

function memoryStore(): SendRateStore & { windows: Map<number, { total: number; byNetwork: Map<string, number>; waiting: Set<string> }> } {
  const windows = new Map<number, { total: number; byNetwork: Map<string, number>; waiting: Set<string> }>();
  const at = (w: number) => windows.get(w) ?? windows.set(w, { total: 0, byNetwork: new Map(), waiting: new Set() }).get(w)!;
  return {
    windows,
    async takeSlot(window, network, rate, share): Promise<SlotAnswer> {
      const w = at(window);
      const mine = w.byNetwork.get(network) ?? 0;
      if (w.total >= rate || mine >= share) {
        w.waiting.add(network);
        return { granted: false };
      }
      w.total++;
      w.byNetwork.set(network, mine + 1);
      return { granted: true, index: w.total - 1 };
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

async function sendAll(clock: ReturnType<typeof simulatedTime>, store: SendRateStore, senders: Record<string, number>, rate: number, concurrency = 50) {
  const sentAt: Record<string, number[]> = Object.fromEntries(Object.keys(senders).map((n) => [n, []]));
  let running = 0;
  for (const [network, mails] of Object.entries(senders)) {
    let left = mails;
    const worker = async () => {
      while (left > 0) {
        left--;
        const ok = await acquireSlot({ store, network, rate: async () => rate, now: clock.now, sleep: clock.sleep, random: () => 0.5 }, Number.MAX_SAFE_INTEGER);
        expect(ok).toBe(true);
        sentAt[network]!.push(clock.now());
      }
    };
    for (let i = 0; i < Math.min(concurrency, mails); i++) {
      running++;
      void worker().finally(() => running--);
    }
  }
  await clock.run(() => running === 0);
  return sentAt;
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
  });

  it('one network sends 50 mails at 5/s in about 10 s, never more than 5 in a second', async () => {
    const clock = simulatedTime(1_000_000);
    const sent = await sendAll(clock, memoryStore(), { demo: 50 }, 5);
    const times = sent['demo']!;
    expect(times).toHaveLength(50);
    expect(busiestSecond(times)).toBeLessThanOrEqual(5);
    const took = (Math.max(...times) - 1_000_000) / 1000;
    expect(took).toBeGreaterThanOrEqual(9);
    expect(took).toBeLessThanOrEqual(10.5);
  });

  it('two networks sending at once share 14/s about half each, and together never exceed it', async () => {
    const clock = simulatedTime(2_000_000);
    const sent = await sendAll(clock, memoryStore(), { demo: 140, other: 140 }, 14);
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
