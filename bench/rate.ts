// The account's SES sending rate in the bench (issue 15): a 1,000-invitee meeting at 14/s, and two
// networks of 500 invitees at once sharing 14/s, in one local cloud that runs three networks as
// one AWS account (local/cloud-account.ts: one SES keeping the rate, one send-rate limiter).
import { join } from 'node:path';
import { startLocalClouds, type LocalClouds } from '../local/cloud-account.js';
import type { LocalCloud, LocalCloudStats } from '../local/cloud.js';
import type { CapturedMail } from '../local/aws-endpoint/ses-proxy.js';
import { synthesize } from '../local/synth.js';
import { INSPIRERS, postMeeting, writeBenchNetwork } from './meeting.js';

/** A new production account's MaxSendRate. */
export const BENCH_RATE = 14;
const ALONE = 'rate-alone';
const SHARED = ['rate-a', 'rate-b'] as const;

export interface NetworkSend {
  network: string;
  invitees: number;
  /** From the POST to the network's last mail SES accepted. */
  ms: number;
  firstAt: number;
  lastAt: number;
}

export interface RateRun {
  networks: NetworkSend[];
  /** From the first POST to the last mail of any network. */
  ms: number;
  mails: number;
  sendEmailCalls: number;
  throttled: number;
  deadLetters: number;
  /** The mailer functions' time (billed Lambda time, waiting for slots included) per mail sent. */
  mailerMsPerMail: number;
  /** Each network's part of the mails accepted while every network was sending. */
  shares: Record<string, number>;
}

export interface RateResult { rate: number; alone: RateRun; shared: RateRun }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const networkOf = (m: CapturedMail) => m.configurationSetName?.replace(/^samskab-/, '') ?? '';

/** Three bench networks (1,000 invitees; 500 and 500, two inspirers each included), synthesized as one account. */
export async function prepareRateBench(projectDir: string, workDir: string, invitees = 1000): Promise<string> {
  const networksDir = join(workDir, 'rate-networks');
  const assemblyDir = join(workDir, 'rate-cdk.out');
  writeBenchNetwork(projectDir, networksDir, invitees - INSPIRERS.length, ALONE);
  for (const slug of SHARED) writeBenchNetwork(projectDir, networksDir, invitees / 2 - INSPIRERS.length, slug);
  await synthesize(projectDir, undefined, assemblyDir, { networksDir });
  return assemblyDir;
}

export async function runRateBench(assemblyDir: string, workDir: string, progress: (line: string) => void): Promise<RateResult> {
  progress(`starting one local cloud with ${[ALONE, ...SHARED].join(', ')} as one account, SES at ${BENCH_RATE}/s`);
  const account = await startLocalClouds({
    networks: [ALONE, ...SHARED], assemblyDir, dataRoot: join(workDir, 'rate-data'), fresh: true,
    ports: { api: 0, aws: 0, mail: 0 }, sesMaxSendRate: BENCH_RATE, logs: 'silent', warm: true,
  });
  try {
    const byName = new Map(account.clouds.map((c) => [c.network, c]));
    progress(`a meeting for 1,000 invitees in ${ALONE} at ${BENCH_RATE}/s (floor ${(1000 / BENCH_RATE).toFixed(1)} s)`);
    const alone = await sendAtOnce(account, [byName.get(ALONE)!], progress);
    progress(`  ${(alone.ms / 1000).toFixed(1)} s, ${(alone.sendEmailCalls / alone.mails).toFixed(3)} SendEmail calls a mail, ${alone.deadLetters} dead letters`);
    progress(`two meetings at once, 500 invitees each in ${SHARED.join(' and ')}, sharing ${BENCH_RATE}/s`);
    const shared = await sendAtOnce(account, SHARED.map((n) => byName.get(n)!), progress);
    progress(`  ${(shared.ms / 1000).toFixed(1)} s, shares ${Object.entries(shared.shares).map(([n, s]) => `${n} ${(s * 100).toFixed(1)} %`).join(', ')}`);
    return { rate: BENCH_RATE, alone, shared };
  } finally {
    await account.stop();
  }
}

/** Each network's meeting for all its people and two inspirers, posted at once; waits for every mail. */
async function sendAtOnce(account: LocalClouds, clouds: LocalCloud[], progress: (line: string) => void): Promise<RateRun> {
  const [owner] = account.clouds;
  for (const c of account.clouds) await c.waitForIdle(120_000);
  await owner!.clearMail();
  for (const c of account.clouds) c.resetStats();
  const t0 = Date.now();
  await Promise.all(clouds.map(async (c) => {
    const res = await postMeeting(c, 'Netværksmøde for alle', {}, INSPIRERS);
    const body = await res.text();
    if (res.status !== 202) throw new Error(`${c.network}: POST /api/meetings answered ${res.status}: ${body.slice(0, 300)}`);
  }));
  const expected = clouds.length === 1 ? 1000 : 500;
  let lastReport = Date.now();
  const done = () => clouds.every((c) => owner!.mail().filter((m) => networkOf(m) === c.network).length >= expected);
  while (!done()) {
    if (Date.now() - t0 > 10 * 60_000) throw new Error(`only ${owner!.mail().length} mails after 10 minutes`);
    if (Date.now() - lastReport >= 10_000) {
      progress(`  mails accepted ${owner!.mail().length} after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      lastReport = Date.now();
    }
    await sleep(20);
  }
  const mails = owner!.mail();
  for (const c of account.clouds) await c.waitForIdle(120_000);
  const stats: LocalCloudStats[] = account.clouds.map((c) => c.stats());
  const networks = clouds.map((c): NetworkSend => {
    const at = mails.filter((m) => networkOf(m) === c.network).map((m) => m.at);
    return { network: c.network, invitees: at.length, ms: Math.max(...at) - t0, firstAt: Math.min(...at), lastAt: Math.max(...at) };
  });
  const from = Math.max(...networks.map((n) => n.firstAt));
  const until = Math.min(...networks.map((n) => n.lastAt));
  const during = mails.filter((m) => m.at >= from && m.at <= until);
  const mailerMs = stats.flatMap((s) => Object.entries(s.functions)).filter(([name]) => /mailer/i.test(name)).reduce((a, [, f]) => a + f.totalMs, 0);
  const ownerStats = stats[0]!;
  return {
    networks,
    ms: Math.max(...networks.map((n) => n.ms)),
    mails: mails.length,
    sendEmailCalls: ownerStats.requests['SESv2']?.['SendEmail'] ?? 0,
    throttled: ownerStats.ses.throttled,
    deadLetters: stats.reduce((a, s) => a + Object.values(s.deadLetterQueues).reduce((x, y) => x + y, 0), 0),
    mailerMsPerMail: mailerMs / Math.max(1, mails.length),
    shares: Object.fromEntries(networks.map((n) => [n.network, during.filter((m) => networkOf(m) === n.network).length / Math.max(1, during.length)])),
  };
}

/** The bars of issue 15: within 1.10x of the floor plus 5 s, at most 1.02 calls a mail, nothing dead-lettered, 40-60 % each. */
export const RATE_TARGETS = { floorFactor: 1.1, floorSlackMs: 5000, callsPerMail: 1.02, share: [0.4, 0.6] as const };

export interface RateVerdict { name: string; ok: boolean; detail: string }

/** Section 4 of docs/performance.md. */
export function renderRate(r: RateResult): { text: string; verdicts: RateVerdict[] } {
  const t = RATE_TARGETS;
  const verdicts: RateVerdict[] = [];
  const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows: string[][] = [];
  const row = (name: string, run: RateRun, extra: string) => {
    const floorMs = (run.mails / r.rate) * 1000;
    const limitMs = floorMs * t.floorFactor + t.floorSlackMs;
    const calls = run.sendEmailCalls / Math.max(1, run.mails);
    const timeOk = run.ms <= limitMs;
    const callsOk = calls <= t.callsPerMail;
    const dlqOk = run.deadLetters === 0;
    verdicts.push({ name: `${name}: time`, ok: timeOk, detail: `${sec(run.ms)} (target ≤ ${sec(limitMs)})` });
    verdicts.push({ name: `${name}: SendEmail calls a mail`, ok: callsOk, detail: `${calls.toFixed(3)} (target ≤ ${t.callsPerMail})` });
    verdicts.push({ name: `${name}: dead letters`, ok: dlqOk, detail: `${run.deadLetters}` });
    rows.push([
      name, `${run.mails.toLocaleString('en-US')}`, sec(run.ms), `${sec(floorMs)} → ≤ ${sec(limitMs)}`, `${(run.ms / floorMs).toFixed(3)}x`,
      `${run.sendEmailCalls.toLocaleString('en-US')} (${calls.toFixed(3)}; ${run.throttled} throttled)`, `${run.deadLetters}`,
      `${Math.round(run.mailerMsPerMail).toLocaleString('en-US')} ms`, extra,
      timeOk && callsOk && dlqOk ? 'pass' : '**FAIL**',
    ]);
  };
  row(`1 network, 1,000 invitees`, r.alone, '');
  const shares = Object.entries(r.shared.shares);
  const sharesOk = shares.every(([, s]) => s >= t.share[0] && s <= t.share[1]);
  verdicts.push({ name: 'two networks: shares while both send', ok: sharesOk, detail: shares.map(([n, s]) => `${n} ${(s * 100).toFixed(1)} %`).join(', ') });
  row(`2 networks, 500 + 500 at once`, r.shared, `${r.shared.networks.map((n) => `${n.network} ${sec(n.ms)}, ${((r.shared.shares[n.network] ?? 0) * 100).toFixed(1)} %`).join('; ')} (target 40-60 % each: ${sharesOk ? 'pass' : '**FAIL**'})`);
  const head = ['run', 'mails', 'POST → last mail', 'floor mails/rate → target', 'vs floor', 'SendEmail calls (per mail)', 'dead letters', 'mailer Lambda time per mail', 'each network: time, share while both send', 'result'];
  const text = [
    `### 4. Sending at the account's SES rate, ${r.rate}/s (one local cloud, three networks as one account)`,
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    `Targets (issue 15): within ${t.floorFactor}x of the floor plus ${t.floorSlackMs / 1000} s, at most ${t.callsPerMail} SendEmail calls a mail, nothing in a DLQ, each network ${t.share[0] * 100}-${t.share[1] * 100} % while both send. ` +
      'The mailer\'s Lambda time includes the time it waits for its send slot (billed on AWS).',
  ].join('\n');
  return { text, verdicts };
}
