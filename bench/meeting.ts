// The 1,000-invitee meeting through the local cloud, and the plain send loop it is compared with.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startLocalCloud, type LocalCloud, type LocalCloudStats } from '../local/cloud.js';
import { synthesize } from '../local/synth.js';
import { resourcesOfType, type StackArtifact } from '../local/template.js';
import type { CapturedMail } from '../local/aws-endpoint/ses-proxy.js';
import { median } from './init.js';

export const BENCH_NETWORK = 'bench';

const ROLES = ['coordinator', 'employee', 'politician', 'volunteer-consultant', 'citizen'] as const;

/** networks/<slug>.json (default bench.json): the demo network's settings with `people` made-up people (example.org). */
export function writeBenchNetwork(projectDir: string, networksDir: string, people: number, slug = BENCH_NETWORK): void {
  const demo = JSON.parse(readFileSync(join(projectDir, 'networks', 'demo.json'), 'utf8')) as { municipalities: string[] } & Record<string, unknown>;
  const pad = (i: number) => String(i).padStart(4, '0');
  const list = Array.from({ length: people }, (_, i) => {
    const n = i + 1;
    const facilitator = i < 2;
    return {
      id: `deltager-${pad(n)}`,
      name: `Deltager ${pad(n)}`,
      email: `deltager.${pad(n)}@example.org`,
      role: facilitator ? 'facilitator' : ROLES[i % ROLES.length],
      ...(facilitator ? {} : { municipality: demo.municipalities[i % demo.municipalities.length] }),
      language: i % 5 === 0 ? 'en' : 'da',
    };
  });
  mkdirSync(networksDir, { recursive: true });
  writeFileSync(join(networksDir, `${slug}.json`), JSON.stringify({
    ...demo,
    name: `Benchmark network (${people} people)`,
    people: list,
    facilitators: list.slice(0, 2).map((p) => p.id),
  }, null, 2));
}

/** `cdk synth -c network=bench -c networksDir=<dir>` into outDir. */
export function synthesizeBench(projectDir: string, networksDir: string, outDir: string): Promise<void> {
  return synthesize(projectDir, BENCH_NETWORK, outDir, { networksDir });
}

/** The mail queue's event source mapping: batch size and MaximumConcurrency, as the local cloud runs it. */
export function mailerMapping(stack: StackArtifact): { batchSize: number; maxConcurrency: number } {
  const mappings = resourcesOfType(stack.template, 'AWS::Lambda::EventSourceMapping');
  const [, mapping] = mappings.find(([id]) => /mailer/i.test(id)) ?? mappings[0] ?? [];
  if (mapping === undefined) throw new Error('the template has no event source mapping (mail queue -> mailer)');
  const p = mapping.Properties ?? {};
  return {
    batchSize: Number(p['BatchSize'] ?? 10),
    maxConcurrency: Number((p['ScalingConfig'] as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 5),
  };
}

export interface MeetingRun {
  invitees: number;
  /** From the POST to the last mail the SES emulator accepted. */
  ms: number;
  /** From the POST to its 202. */
  apiMs: number;
  /** From the POST to the first mail the SES emulator accepted. */
  firstMailMs: number;
  stats: LocalCloudStats;
  mails: CapturedMail[];
  uniqueRecipients: number;
  deadLetters: number;
  meetingId: string;
  /** Log lines of the run that report an error, a failure or a retry (functions and the local cloud). */
  problems: string[];
}

export interface LoopRun { ms: number[]; medianMs: number; accepted: number; endpoint: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startBenchCloud(assemblyDir: string, dataDir: string): Promise<LocalCloud> {
  return startLocalCloud({
    network: BENCH_NETWORK, assemblyDir, dataDir, fresh: true,
    ports: { api: 0, aws: 0, mail: 0 },
    // This run measures the workflow against a plain send loop, as before the SES rate was kept:
    // no sending rate (the run at 14/s against the floor invitees/14 is still to be added).
    sesMaxSendRate: 0,
    logs: 'silent',
    // Module init happens at start: the run measures the workflow, cold starts are measured above.
    warm: true,
  });
}

export const INSPIRERS = [
  { name: 'Inspirator Et', email: 'inspirator.1@example.org', topic: 'Samskabelse i praksis', language: 'da' },
  { name: 'Inspirer Two', email: 'inspirer.2@example.org', topic: 'Co-creation across borders', language: 'en' },
];

export function postMeeting(cloud: LocalCloud, title: string, audience: Record<string, string[]>, inspirers: typeof INSPIRERS): Promise<Response> {
  const year = new Date().getUTCFullYear() + 1;
  return fetch(`${cloud.urls.api}/api/meetings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title,
      agenda: ['Velkomst', 'Oplæg', 'Status på mini-eksperimenter'],
      startsAt: `${year}-03-04T13:00`,
      endsAt: `${year}-03-04T16:00`,
      place: 'Kolding Rådhus, Akseltorv 1, 6000 Kolding',
      hostMunicipality: 'Kolding',
      audience,
      inspirers,
    }),
  });
}

export async function runMeeting(cloud: LocalCloud, people: number, o: { progress: (line: string) => void; timeoutMs: number }): Promise<MeetingRun> {
  const invitees = people + INSPIRERS.length;
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  cloud.resetStats();
  const logsBefore = cloud.logs().length;

  const t0 = Date.now();
  const response = await postMeeting(cloud, 'Netværksmøde for alle', {}, INSPIRERS);
  const apiMs = Date.now() - t0;
  const answer = await response.text();
  if (response.status !== 202) throw new Error(`POST /api/meetings answered ${response.status}: ${answer.slice(0, 500)}`);
  const { meetingId } = JSON.parse(answer) as { meetingId: string };

  let lastReport = Date.now();
  while (cloud.mail().length < invitees) {
    if (Date.now() - t0 > o.timeoutMs) {
      throw new Error(`only ${cloud.mail().length} of ${invitees} mails after ${o.timeoutMs} ms; last logs:\n${cloud.logs().slice(-20).join('\n')}`);
    }
    if (Date.now() - lastReport >= 5000) {
      o.progress(`  mails accepted ${cloud.mail().length}/${invitees} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      lastReport = Date.now();
    }
    await sleep(10);
  }
  const mails = cloud.mail();
  const last = Math.max(...mails.map((m) => m.at));
  const first = Math.min(...mails.map((m) => m.at));
  // Let the mailers record what they sent before reading the counters.
  await cloud.waitForIdle(120_000);
  const stats = cloud.stats();
  const sent = cloud.mail();
  return {
    invitees,
    ms: last - t0,
    apiMs,
    firstMailMs: first - t0,
    stats,
    mails: sent,
    uniqueRecipients: new Set(sent.flatMap((m) => m.to.map((t) => t.toLowerCase()))).size,
    deadLetters: Object.values(stats.deadLetterQueues).reduce((a, b) => a + b, 0),
    meetingId,
    problems: cloud.logs().slice(logsBefore).filter((l) => /error|fail|retry|warn|throttl|ECONN|socket/i.test(l)),
  };
}

export interface LoopOptions {
  endpoint: string; region: string; concurrency: number; batchSize: number; meetingId: string;
  before: () => Promise<void>; accepted: () => Promise<number>;
}

/** One plain loop, ready to run: `run()` sends every mail once and times it. */
export interface SendLoop {
  run(): Promise<{ ms: number; accepted: number }>;
  close(): void;
}

/**
 * The plain loop: the same raw mails, sent with SESv2 SendEmail (Content.Raw) by `concurrency`
 * workers that each take the next `batchSize` mails and send them like the mailer sends one SQS
 * batch (functions/mailer/workflow.ts: the jobs of a batch concurrently, then the next batch).
 */
export function sendLoop(mails: readonly CapturedMail[], o: LoopOptions): SendLoop {
  const prepared = mails.map((m, i) => ({
    to: m.to,
    raw: Buffer.from(m.raw ?? '', 'base64'),
    configurationSetName: m.configurationSetName,
    // The same tags the mailer sends (meetingId, personId, kind, version).
    tags: [
      { Name: 'meetingId', Value: o.meetingId },
      { Name: 'personId', Value: `deltager-${String(i).padStart(4, '0')}` },
      { Name: 'kind', Value: 'invitation' },
      { Name: 'version', Value: '1' },
    ],
  }));
  // One client, as the mailer has one per worker (all its invocations share it).
  const client = new SESv2Client({
    region: o.region, endpoint: o.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    async run() {
      await o.before();
      let next = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < prepared.length) {
          const batch = prepared.slice(next, next + o.batchSize);
          next += batch.length;
          await Promise.all(batch.map((m) => client.send(new SendEmailCommand({
            Destination: { ToAddresses: m.to },
            Content: { Raw: { Data: m.raw } },
            ...(m.configurationSetName !== undefined ? { ConfigurationSetName: m.configurationSetName } : {}),
            EmailTags: m.tags,
          }))));
        }
      };
      await Promise.all(Array.from({ length: o.concurrency }, worker));
      const ms = performance.now() - t0;
      return { ms, accepted: await o.accepted() };
    },
    close: () => client.destroy(),
  };
}

/** `warmUps` discarded loops (JIT, sockets), then the median of `runs`. */
export async function plainLoop(mails: readonly CapturedMail[], o: LoopOptions & { warmUps: number; runs: number }): Promise<LoopRun> {
  const loop = sendLoop(mails, o);
  try {
    for (let i = 0; i < o.warmUps; i++) await loop.run();
    const results: { ms: number; accepted: number }[] = [];
    for (let run = 0; run < o.runs; run++) results.push(await loop.run());
    return loopRun(results, o.endpoint);
  } finally {
    loop.close();
  }
}

export function loopRun(results: readonly { ms: number; accepted: number }[], endpoint: string): LoopRun {
  const times = results.map((r) => r.ms);
  return { ms: times, medianMs: median(times), accepted: results.at(-1)?.accepted ?? 0, endpoint };
}
