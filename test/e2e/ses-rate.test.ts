// Mail goes out at the account's SES rate: a 50-invitee meeting at 5/s through the local cloud
// (whose SES keeps the rate) finishes near 50/5 s with at most 1.02 SendEmail calls per mail; two
// networks of one account (one local cloud, one SES) sending at once share the rate about half
// each; a mail throttled by SES for longer than the mail queue's maxReceiveCount would allow comes
// back within seconds of the throttling ending and never reaches the DLQ.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type LocalCloud } from '../../local/cloud.js';
import { startLocalClouds, type LocalClouds } from '../../local/cloud-account.js';
import { synthesize } from '../../local/synth.js';
import { BENCH_NETWORK, writeBenchNetwork } from '../../bench/meeting.js';
import { MAIL_QUEUE_MAX_RECEIVES } from '../../functions/contract/send-rate.js';
import { workDir } from './helpers.js';

const work = workDir('e2e-ses-rate');
const PEOPLE = 48;
const RATE = 5;
/** A second network in the same account (the same local cloud, SES and send-rate limiter). */
const OTHER = 'bench-other';
let account: LocalClouds;
let cloud: LocalCloud;
let other: LocalCloud;

beforeAll(async () => {
  const networks = join(work.dir, 'networks');
  writeBenchNetwork(projectRoot, networks, PEOPLE);
  writeBenchNetwork(projectRoot, networks, PEOPLE, OTHER);
  await synthesize(projectRoot, undefined, join(work.dir, 'cdk.out'), { networksDir: networks });
  account = await startLocalClouds({
    networks: [BENCH_NETWORK, OTHER], assemblyDir: join(work.dir, 'cdk.out'), dataRoot: join(work.dir, 'data'), fresh: true,
    ports: { api: 0, aws: 0, mail: 0 }, sesMaxSendRate: RATE, warm: true,
  });
  [cloud, other] = account.clouds as [LocalCloud, LocalCloud];
}, 600_000);
afterAll(async () => {
  await account?.stop();
  work.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const year = new Date().getUTCFullYear() + 1;
const meeting = (title: string, audience: Record<string, string[]>, inspirers: unknown[], network: LocalCloud = cloud) => fetch(`${network.urls.api}/api/meetings`, {
  method: 'POST',
  headers: { authorization: `Bearer ${network.apiToken}`, 'content-type': 'application/json' },
  body: JSON.stringify({
    title, agenda: ['Velkomst'], startsAt: `${year}-03-04T13:00`, endsAt: `${year}-03-04T16:00`,
    place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience, inspirers,
  }),
});
/**
 * Sending time allowed for `mails` at RATE. Issue 15's bar, 1.10x of the floor plus 5 s, is the
 * bench's (docs/performance.md, section 4). On a machine shared with other work the mailers' own
 * round trips, not the rate, can set the pace (5 senders a network), so the test allows 2x of the
 * floor: a limiter that loses half its slots or sends one mail at a time still fails it.
 */
const nearFloor = (mails: number) => (mails / RATE) * 2 + 5;
const deadLetters = () => account.clouds.flatMap((c) => Object.values(c.stats().deadLetterQueues)).reduce((a, b) => a + b, 0);
const INSPIRERS = [
  { name: 'Inspirator Et', email: 'inspirator.1@example.org', topic: 'Samskabelse', language: 'da' },
  { name: 'Inspirer Two', email: 'inspirer.2@example.org', topic: 'Co-creation', language: 'en' },
];

async function untilMails(n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (cloud.mail().length < n) {
    if (Date.now() > deadline) throw new Error(`only ${cloud.mail().length} of ${n} mails after ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('sending at the account\'s SES rate', () => {
  it('a 50-invitee meeting at 5/s finishes near 50/5 s, with about one SendEmail call per mail and nothing dead-lettered', async () => {
    const invitees = PEOPLE + 2;
    await cloud.clearMail();
    cloud.resetStats();
    const t0 = Date.now();
    const res = await meeting('Netværksmøde for alle', {}, INSPIRERS);
    expect(res.status).toBe(202);
    await untilMails(invitees, 120_000);
    const seconds = (Math.max(...cloud.mail().map((m) => m.at)) - t0) / 1000;
    // From the first mail to the last: the sending itself (the workflow before it is measured by the bench).
    const sending = (Math.max(...cloud.mail().map((m) => m.at)) - Math.min(...cloud.mail().map((m) => m.at))) / 1000;
    await cloud.waitForIdle(60_000);
    const stats = cloud.stats();
    expect(cloud.mail()).toHaveLength(invitees);
    // Never faster than the rate: invitees / rate, less up to a second at each end (a window's first and last slot).
    expect(sending).toBeGreaterThanOrEqual((invitees - 2 * RATE) / RATE);
    expect(sending).toBeLessThanOrEqual(nearFloor(invitees));
    expect(seconds).toBeLessThanOrEqual(90);
    // Issue 15's bar: at most 1.02 SendEmail calls per mail (here: one throttled call at most).
    expect((stats.requests['SESv2']?.['SendEmail'] ?? 0) / invitees).toBeLessThanOrEqual(1.02);
    expect(stats.ses.throttled).toBeLessThanOrEqual(Math.floor(invitees * 0.02));
    expect(deadLetters()).toBe(0);
  }, 180_000);

  it('two networks of one account sending at once share its rate about half each, and together keep to it', async () => {
    const invitees = PEOPLE + 2;
    // The other network's first meeting (its functions' first invocations) before the measured one.
    await cloud.clearMail();
    expect((await meeting('Politisk sparring', { municipalities: ['Kolding'], roles: ['politician'] }, [], other)).status).toBe(202);
    for (const c of account.clouds) await c.waitForIdle(120_000);
    expect(cloud.mail().length).toBeGreaterThan(0);
    await cloud.clearMail();
    for (const c of account.clouds) c.resetStats();
    const t0 = Date.now();
    const answers = await Promise.all([meeting('Netværksmøde', {}, INSPIRERS, cloud), meeting('Netværksmøde', {}, INSPIRERS, other)]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    // Both networks' mail goes through the one SES: its captured mail names each network's configuration set.
    await untilMails(2 * invitees, 120_000);
    const mails = cloud.mail();
    const of = (c: LocalCloud) => mails.filter((m) => m.configurationSetName === `samskab-${c.network}`).map((m) => m.at);
    const [mine, theirs] = [of(cloud), of(other)];
    expect([mine.length, theirs.length]).toEqual([invitees, invitees]);
    // While both send, each gets 40-60 % of the mails SES accepts.
    const from = Math.max(Math.min(...mine), Math.min(...theirs));
    const until = Math.min(Math.max(...mine), Math.max(...theirs));
    const share = mine.filter((t) => t >= from && t <= until).length / mails.filter((m) => m.at >= from && m.at <= until).length;
    const timeline = `${cloud.network} ${Math.min(...mine) - t0}-${Math.max(...mine) - t0} ms, ${other.network} ${Math.min(...theirs) - t0}-${Math.max(...theirs) - t0} ms, ` +
      `share ${share.toFixed(2)}, throttled ${cloud.stats().ses.throttled}`;
    // The networks' fan-outs start a few seconds apart on a busy machine; they must overlap long enough to share.
    expect(until - from, timeline).toBeGreaterThan(5_000);
    // From the first mail to the last, both networks' mail at the one rate: the floor is 2 * invitees / rate.
    const all = mails.map((m) => m.at);
    expect((Math.max(...all) - Math.min(...all)) / 1000, timeline).toBeLessThanOrEqual(nearFloor(2 * invitees));
    expect((Math.max(...all) - t0) / 1000, timeline).toBeLessThanOrEqual(120);
    expect(share, timeline).toBeGreaterThanOrEqual(0.4);
    expect(share, timeline).toBeLessThanOrEqual(0.6);
    for (const c of account.clouds) await c.waitForIdle(60_000);
    // One SES for both (its counters are the first network's cloud's).
    expect((cloud.stats().requests['SESv2']?.['SendEmail'] ?? 0) / (2 * invitees)).toBeLessThanOrEqual(1.02);
    expect(deadLetters()).toBe(0);
  }, 180_000);

  it('a mail SES throttles for long is retried within seconds once it may go, and never reaches the DLQ', async () => {
    await cloud.clearMail();
    cloud.faults.set({ sesThrottleRate: 1 });
    const res = await meeting('Politisk sparring', { municipalities: ['Kolding'], roles: ['politician'] }, [
      { name: 'Inspirator Et', email: 'inspirator.1@example.org', topic: 'Samskabelse', language: 'da' },
    ]);
    expect(res.status).toBe(202);
    const deadline = Date.now() + 120_000;
    while (cloud.stats().faults.sesThrottled === 0 && Date.now() < deadline) await sleep(50);
    cloud.resetStats();
    // Throttled long enough that the mail queue would have dead-lettered them after MAIL_QUEUE_MAX_RECEIVES
    // receives: the mailer gave them a fresh copy (SendMessageBatch) instead.
    const fresh = () => cloud.stats().requests['SQS']?.['SendMessageBatch'] ?? 0;
    while (fresh() === 0 && Date.now() < deadline) await sleep(200);
    expect(fresh()).toBeGreaterThan(0);
    expect(cloud.stats().requests['SQS']?.['ChangeMessageVisibilityBatch'] ?? 0).toBeGreaterThanOrEqual(MAIL_QUEUE_MAX_RECEIVES - 2);
    expect(cloud.mail()).toHaveLength(0);
    expect(deadLetters()).toBe(0);
    const throttledFor = cloud.stats().faults.sesThrottled;
    expect(throttledFor).toBeGreaterThan(0);

    cloud.faults.set({ sesThrottleRate: 0 });
    const t0 = Date.now();
    while (cloud.mail().length === 0) {
      if (Date.now() - t0 > 30_000) throw new Error('no mail within 30 s of the throttling ending');
      await sleep(20);
    }
    // Visibility of a throttled mail: 2-5 s (plus the SDK's own retries of the last throttled call).
    expect((Date.now() - t0) / 1000).toBeLessThanOrEqual(10);
    await cloud.waitForIdle(60_000);
    expect(deadLetters()).toBe(0);
    expect(cloud.stats().queues).toBeDefined();
  }, 240_000);
});
