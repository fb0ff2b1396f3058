// The benchmark's table (printed and written into docs/performance.md).
import { cpus, arch, release, totalmem, type } from 'node:os';
import { shortName } from '../local/cloud.js';
import { COLD_START_NOTES } from './cold-start-notes.js';
import { PINNED_TO_ONE_CORE, type InitResult } from './init.js';
import { BENCH_NETWORK, type LoopRun, type MeetingRun } from './meeting.js';

export interface BenchResult {
  date: Date;
  /** 1-minute load average at the start and the end of the run. */
  loadAverage: [number, number];
  runs: number;
  init: InitResult[];
  /** The measured meeting with the median time; its counters make section 3. */
  meeting: MeetingRun;
  /** Every measured meeting's time, in run order. */
  meetingMs: number[];
  /** The discarded warm-up meetings (JIT and emulators cold). */
  warmUpMeetingMs: number[];
  loop: LoopRun;
  /** The same loop through the local AWS endpoint's SES proxy (information, no target). */
  loopViaProxy: LoopRun | undefined;
  mapping: { batchSize: number; maxConcurrency: number };
  durationMs: number;
}

export const TARGETS = {
  /** Issue 15 (it was 1.25x in issue 3). */
  initRatio: 1.1,
  meetingRatio: 2,
  sesPerInvitee: 1,
  writesPerInvitee: 1.1,
  queuePerInvitee: 0.1,
  /** "about x" passes up to x times this. */
  about: 1.1,
};

const READS = ['GetItem', 'Query', 'BatchGetItem'];
const WRITES = ['PutItem', 'UpdateItem', 'BatchWriteItem', 'DeleteItem'];

const mark = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
// Three decimals: with two, a ratio just above a target (1.2535) prints as the target itself.
const ratio = (x: number) => `${x.toFixed(3)}x`;
const per = (x: number) => (x === 0 ? '0' : x < 0.01 ? x.toFixed(4) : x.toFixed(3));
const num = (x: number) => x.toLocaleString('en-US');

export function machine(): string {
  const c = cpus();
  return `${c[0]?.model.trim() ?? 'unknown CPU'}, ${c.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${type()} ${release()} ${arch()}, Node.js ${process.version}`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export interface Verdict { name: string; ok: boolean; detail: string }

/** Section 1, the cold-start table (also printed alone by `npm run bench -- --only init`). */
export function renderInit(results: readonly InitResult[], runs: number): { text: string; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const text = [
    `### 1. Cold start: module init, median of ${runs} fresh Node.js processes each${PINNED_TO_ONE_CORE ? ', pinned to one core' : ''}`,
    '',
    table(
      ['function', 'SDK clients', 'bundle', 'SDK-only bundle', 'init', 'SDK-only init', 'ratio', `target ≤ ${TARGETS.initRatio}x`, 'init CPU ratio (info)'],
      results.map((f) => {
        const ok = f.ratio <= TARGETS.initRatio;
        verdicts.push({ name: `${f.name} module init`, ok, detail: `${ms(f.medianMs)} vs ${ms(f.baselineMedianMs)} SDK-only = ${ratio(f.ratio)} (target ≤ ${TARGETS.initRatio}x)` });
        return [f.name, f.clients, kb(f.bundleBytes), kb(f.baselineBytes), ms(f.medianMs), ms(f.baselineMedianMs), ratio(f.ratio), mark(ok), ratio(f.cpuRatio)];
      }),
    ),
  ].join('\n');
  return { text, verdicts };
}

export function render(r: BenchResult): { text: string; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const out: string[] = [];
  const n = r.meeting.invitees;

  const init = renderInit(r.init, r.runs);
  verdicts.push(...init.verdicts);
  out.push(init.text, '');

  const m = r.meeting;
  const meetingRatio = m.ms / r.loop.medianMs;
  const meetingOk = meetingRatio <= TARGETS.meetingRatio;
  verdicts.push({ name: '1,000-invitee meeting', ok: meetingOk, detail: `${ms(m.ms)} vs plain loop ${ms(r.loop.medianMs)} = ${ratio(meetingRatio)} (target ≤ ${TARGETS.meetingRatio}x)` });
  out.push(`### 2. A meeting for ${num(n - 2)} people + 2 inspirers (${num(n)} mails)`);
  out.push('');
  const rows = [
    [`local cloud: POST /api/meetings → last mail accepted by the SES emulator (median of ${r.meetingMs.length})`, ms(m.ms), num(m.mails.length), ''],
    [`plain loop: the same raw mails → SES emulator, ${r.mapping.maxConcurrency} workers × batches of ${r.mapping.batchSize} (median of ${r.loop.ms.length})`, ms(r.loop.medianMs), num(r.loop.accepted), ''],
    ['ratio', ratio(meetingRatio), '', `${mark(meetingOk)} (target ≤ ${TARGETS.meetingRatio}x)`],
  ];
  if (r.loopViaProxy !== undefined) {
    rows.push([`(info) plain loop through the local AWS endpoint's SES proxy (median of ${r.loopViaProxy.ms.length})`, ms(r.loopViaProxy.medianMs), num(r.loopViaProxy.accepted), '']);
  }
  rows.push([`(info) the ${r.warmUpMeetingMs.length} discarded warm-up meetings after start (the loop discards as many)`, r.warmUpMeetingMs.map(ms).join(', '), num(n), '']);
  rows.push(['(info) POST /api/meetings → 202', ms(m.apiMs), '', '']);
  rows.push(['(info) POST /api/meetings → first mail accepted', ms(m.firstMailMs), '', '']);
  out.push(table(['measurement', 'time', 'mails', 'result'], rows));
  out.push('');
  const correct = m.mails.length === n && m.uniqueRecipients === n && m.deadLetters === 0 && r.loop.accepted === n;
  verdicts.push({ name: 'one mail per invitee', ok: correct, detail: `${m.mails.length} mails, ${m.uniqueRecipients} distinct recipients, ${m.deadLetters} in DLQs, plain loop ${r.loop.accepted} accepted` });
  out.push(`Checks: ${num(m.mails.length)} mails to ${num(m.uniqueRecipients)} distinct recipients, ${m.deadLetters} messages in dead-letter queues — ${mark(correct)}. ` +
    `Log lines about errors or retries during the meeting: ${m.problems.length}${m.problems.length > 0 ? ` (first: \`${m.problems[0]!.slice(0, 200).replace(/`/g, "'")}\`)` : ''}.`);
  out.push('');

  const req = m.stats.requests;
  const items = m.stats.items;
  const get = (svc: string, op: string) => req[svc]?.[op] ?? 0;
  const sum = (svc: string, ops: string[]) => ops.reduce((a, op) => a + get(svc, op), 0);
  const listOps = (svc: string, ops: string[]) => ops.filter((op) => get(svc, op) > 0).map((op) => `${op} ${num(get(svc, op))}`).join(', ') || '—';
  const reqRows: string[][] = [];
  const target = (name: string, value: number, ok: boolean, text: string) => {
    verdicts.push({ name, ok, detail: `${per(value)} per invitee (target ${text})` });
    return `${mark(ok)} (${text})`;
  };

  const reads = sum('DynamoDB', READS);
  reqRows.push(['DynamoDB reads', listOps('DynamoDB', READS), num(reads), per(reads / n), 'O(1)']);
  const scans = get('DynamoDB', 'Scan');
  reqRows.push(['DynamoDB Scan', num(scans), num(scans), per(scans / n), target('no Scan', scans, scans === 0, '= 0')]);
  const writes = sum('DynamoDB', WRITES);
  const batchItems = items['DynamoDB']?.['BatchWriteItem'];
  reqRows.push([
    'DynamoDB writes', listOps('DynamoDB', WRITES) + (batchItems !== undefined ? ` (${num(batchItems)} batch items)` : ''), num(writes), per(writes / n),
    target('DynamoDB writes per invitee', writes / n, writes / n <= TARGETS.writesPerInvitee * TARGETS.about, `≈ ${TARGETS.writesPerInvitee}, ≤ ${(TARGETS.writesPerInvitee * TARGETS.about).toFixed(2)}`),
  ]);
  const otherDynamo = Object.keys(req['DynamoDB'] ?? {}).filter((op) => ![...READS, ...WRITES, 'Scan'].includes(op));
  if (otherDynamo.length > 0) reqRows.push(['DynamoDB other', listOps('DynamoDB', otherDynamo), num(sum('DynamoDB', otherDynamo)), per(sum('DynamoDB', otherDynamo) / n), '']);
  const sqsOps = Object.keys(req['SQS'] ?? {});
  const sqs = sum('SQS', sqsOps);
  const sqsEntries = items['SQS']?.['SendMessageBatch'];
  reqRows.push([
    'SQS', (listOps('SQS', sqsOps)) + (sqsEntries !== undefined ? ` (${num(sqsEntries)} entries)` : ''), num(sqs), per(sqs / n),
    target('queue requests per invitee', sqs / n, sqs / n <= TARGETS.queuePerInvitee * TARGETS.about, `≈ ${TARGETS.queuePerInvitee}, ≤ ${(TARGETS.queuePerInvitee * TARGETS.about).toFixed(2)}`),
  ]);
  const sesOps = Object.keys(req['SESv2'] ?? {});
  const ses = sum('SESv2', sesOps);
  reqRows.push(['SES v2', listOps('SESv2', sesOps), num(ses), per(ses / n), target('SES calls per invitee', ses / n, ses / n <= TARGETS.sesPerInvitee, `≤ ${TARGETS.sesPerInvitee}`)]);
  for (const svc of Object.keys(req).filter((s) => !['DynamoDB', 'SQS', 'SESv2'].includes(s)).sort()) {
    const ops = Object.keys(req[svc] ?? {});
    reqRows.push([svc, listOps(svc, ops), num(sum(svc, ops)), per(sum(svc, ops) / n), '']);
  }
  const fns = Object.entries(m.stats.functions).filter(([, f]) => f.invocations > 0);
  const invocations = fns.reduce((a, [, f]) => a + f.invocations, 0);
  const errors = fns.reduce((a, [, f]) => a + f.errors, 0);
  reqRows.push([
    'Lambda invocations', fns.map(([name, f]) => `${shortName(name).replace(/^Samskab-.*?-(?=[A-Z])/, '')} ${num(f.invocations)} (mean ${ms(f.totalMs / f.invocations)})`).join(', ') + (errors > 0 ? ` (${errors} errors)` : ''),
    num(invocations), per(invocations / n), '',
  ]);
  out.push(`### 3. Requests per invitee (${num(n)} invitees), from the local cloud's counters`);
  out.push('');
  out.push(table(['service', 'operations', 'requests', 'per invitee', 'target'], reqRows));
  out.push('');
  const failed = verdicts.filter((v) => !v.ok);
  out.push(failed.length === 0 ? 'All targets met.' : `Targets missed: ${failed.map((v) => `${v.name} — ${v.detail}`).join('; ')}.`);
  return { text: out.join('\n'), verdicts };
}

export function performanceDoc(r: BenchResult, text: string): string {
  const composition = r.init.map((f) => {
    const total = f.bytesByPackage.reduce((a, [, b]) => a + b, 0);
    const top = f.bytesByPackage.slice(0, 8).map(([pkg, b]) => `${pkg} ${kb(b)} (${((b / total) * 100).toFixed(0)} %)`).join(', ');
    return `- **${f.name}**: ${top}`;
  });
  const samples = r.init.map((f) => {
    const s = (xs: number[]) => `min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))}`;
    return `- **${f.name}**: bundle ${s(f.initMs)}; SDK-only ${s(f.baselineMs)}`;
  });
  return `# Performance

Measured by \`npm run bench\` (bench/run.ts) on ${r.date.toISOString().slice(0, 10)} (${r.date.toISOString()}), in one run of ${(r.durationMs / 1000).toFixed(0)} s.

Machine: ${machine()}. 1-minute load average ${r.loadAverage[0].toFixed(2)} at the start and
${r.loadAverage[1].toFixed(2)} at the end of the run (other work on the machine slows the meeting and the loop
alike only when it is steady; compare runs with similar load).

The targets come from issues 3 and 15 and the quality bars in the design notes: module init within
${TARGETS.initRatio}x of an SDK-only bundle (issue 15; it was 1.25x in issue 3); a 1,000-invitee meeting within ${TARGETS.meetingRatio}x of a plain send loop;
no Scan, at most ${TARGETS.sesPerInvitee} SES call, about ${TARGETS.writesPerInvitee} DynamoDB write requests and about ${TARGETS.queuePerInvitee} queue
requests per invitee ("about x" passes up to ${TARGETS.about}·x).

${text}

## Where the meeting's time goes

An analysis made by hand on 2026-11-28, not produced by this run (its figures are from that day):
CPU time per thread (\`/proc/self/task\`) and CPU profiles of every thread during warm meetings
(2 cores, shared with other work).

Done so far, each kept because it cut CPU or waiting in the meeting itself:
- **Fan-out, pipelined.** The meetings function writes the invitations and enqueues the mail jobs
  in chunks of 50 (functions/meetings/schedule.ts): a chunk's invitations first, then its mail jobs
  while the next chunk's invitations are written; BatchWriteItem and SendMessageBatch calls go up
  to 4 at a time (functions/adapters/dynamo.ts \`putAll\`, functions/adapters/queue.ts). The first
  mail is accepted about 0.15–0.4 s after the POST (it was 1.1–1.3 s).
- **DynamoDB straight to dynalite's thread.** dynalite runs in its own worker thread
  (local/emulator-worker.mjs) and the functions reach it on a port of their own, which counts each
  request into shared memory (local/dynamodb-counters.ts). Before, every call crossed the main
  thread twice (the endpoint's proxy, then HTTP to dynalite).
- **SendEmail in-process.** The SES proxy counts, throttles and captures each mail, then calls the
  emulator's own SendEmail handler instead of a second HTTP request on the same thread. Together
  with the previous point, the main thread's CPU in a warm meeting went from about 3.0 s to 1.6–1.9 s.
- **Less work per mail** in composition (functions/mail: pooled random boundaries, a meeting's date
  texts formatted once, a fast path for folding calendar lines): about a quarter less CPU to compose.
- **Evaluated and not kept** (each measured against the same build in the same session):
  - aws-ses-v2-local in a worker thread: the plain loop got about 40 % faster, the meeting only
    slightly;
  - one worker per concurrent invocation, as Lambda gives each one an execution environment of its
    own: the meeting got slower (4.5 s against 3.4–4.0 s), because each of the 5 mailer workers
    compiles and collects garbage on its own (about 3.0 s of mailer CPU instead of 2.0 s);
  - a larger young generation (\`--max-semi-space-size\`), or garbage collection on the isolates'
    own threads (\`--single-threaded-gc\`): no difference beyond the noise;
  - dynalite in memory instead of LevelDB: it saves the thread pool's 0.3 s, but dynalite's own
    thread (validation, expression parsing) stays at about 1.0 s, and the meeting did not change
    beyond the noise; the data folder is what \`npm start\` promises, so it stays;
  - MaximumConcurrency 2 instead of 5: the meeting got slower (2.3–2.6x). With 10 the meeting
    stayed the same and only the plain loop got slower, which would improve the ratio without
    improving anything.

What remains: the work is CPU-bound on 2 cores. Sampled every 200 ms, a warm meeting keeps 1.5–2.2
cores busy (1.8 on average, after about 0.2 s at one core while the first invitations are written
and queued). It uses about 6–7 s of CPU against the plain loop's 1.5–2 s on one thread:
- **the mailer's worker, 1.8–2.3 s.** Measured alone against a server that answers at once, SDK v3
  spends about 0.4–0.6 ms of CPU and leaves about 160 KB of garbage per call: a PutItem through
  the document client, or a SendEmail with 13 KB of raw mail. That is about 1 s per meeting for the
  two calls per mail. Composing the mail takes about 0.15 ms, and the rest is HTTP, batch writes
  and reads, and garbage collection.
- **the main thread, 1.5–1.9 s:** the emulator parsing every mail, as in the loop (mailparser and
  linkify-it, about two thirds), HTTP, the queues and invocations.
- **dynalite, 1.0–1.2 s,** for about 1,250 requests: validation, condition-expression parsing and
  LevelDB.
- **V8's background threads, 1.0–1.3 s,** mostly garbage collection for the three busy isolates
  (each allocates several hundred MB per meeting).
- **the meetings function, 0.2–0.3 s.**

The request budgets are already at their floor: one conditional write and one SES call per mail.
So on 2 cores a warm meeting cannot take much less than half its CPU, about 3–3.5 s, which is
close to 2x of a 1.5–1.7 s loop. On a machine with 4 or more cores the threads would not share,
and the longest of them, the mailer at about 2 s, would set the pace (an estimate; this machine has
2 cores). The figures also move a lot with the machine's other load: on 2026-11-28 the same build gave
ratios from 1.7x to 2.6x within an hour when the meetings and loops ran one after the other with
one warm-up each, and 1.6x–2.1x in three runs once they took turns after two warm-ups each (the
plain loop took 1.5–3.3 s in those runs).

${COLD_START_NOTES}

## How the numbers are measured

**Cold start.** The app is synthesized once (\`cdk synth -c network=${BENCH_NETWORK} -c networksDir=<temp>\`, the same
bundling as a deployment, lib/constructs/bundling.ts; the bundles do not depend on the network's people), and each
function's bundle is its asset's \`index.mjs\` with the chunks it imports statically (esbuild code
splitting: a chunk only a dynamic \`import()\` reaches is compiled when first called, so it is not module
init; the bundle column counts the bytes init loads), copied with its chunks and files to a folder
whose path is as long as the baseline's (loading here takes longer the longer the path: about 8 ms for
the asset folder's 70-character name; on Lambda every bundle is at /var/task). Its module init is \`performance.now()\` around
\`await import(bundle)\` in a fresh \`node --input-type=module -e\` process, with the function's literal
template environment and \`AWS_REGION\` set; the median of ${r.runs} runs after one discarded warm-up.
The SDK-only bundle is built with esbuild and the same options as every function (lib/constructs/bundling.ts:
ESM with code splitting, minify, platform node, target node22, mainFields module,main, the \`node:stream/web\` alias), so
the SDK's own lazy chunks (credential providers) drop out of both alike, from a module that imports the
same \`@aws-sdk/*\` names the function's sources import (found by following the handler's relative
imports under functions/), constructs each client once at module level as the adapters do (the
DynamoDB document client wraps the DynamoDB client) and keeps every imported name reachable, so
tree shaking keeps what the function bundle keeps. Function and baseline runs are interleaved, their
order alternating, so drift on the machine hits both alike. The ratio is median over median; the
CPU ratio (information) is the same for \`process.cpuUsage()\` (user + system time of every thread)
around the same import.

Samples:
${samples.join('\n')}

Bytes loaded at module init by package (esbuild metafile of the same build):
${composition.join('\n')}

**The meeting.** A temporary network config with ${num(r.meeting.invitees - 2)} made-up people (example.org
addresses, two of them facilitators) is synthesized and run by the local cloud (\`startLocalCloud\` with
that \`assemblyDir\`, free ports, a fresh data folder, no faults, functions started before the run so
their module init is not part of it). Like the plain loop, the meeting runs ${r.warmUpMeetingMs.length} times first and
those runs are discarded, so workers, JIT and emulators are warm as they would be in steady use
(with one discarded run, both still got faster for another run or two: the first measured
meeting was 15–30 % slower than the later ones, the first measured loop 10–25 %); the
figure is the median of ${r.meetingMs.length} meetings after them (${r.meetingMs.map(ms).join(', ')}), each in the same cloud, so the table
grows as it would. The measured meetings and plain loops take turns, which goes first alternating,
so a change in the machine's other load hits both alike. Before each, the mail is cleared and the counters are reset; one
\`POST /api/meetings\` with the API token invites everyone plus two inspirers. The time is from just before that request to the
latest acceptance time the local SES proxy recorded for a mail the emulator accepted, polled until
all ${num(r.meeting.invitees)} mails are in. The path is api → EventBridge → meetings (people Query, batch writes,
SendMessageBatch) → mail queue → mailer (event source mapping with batch size ${r.mapping.batchSize} and
MaximumConcurrency ${r.mapping.maxConcurrency}, one conditional write per mail, SES SendEmail, one batch write of
the sent records) → SES proxy → aws-ses-v2-local.

**The plain loop.** The same ${num(r.meeting.invitees)} raw MIME messages the meeting produced (the last
discarded meeting's captured mail) are sent with the SDK v3 \`SESv2Client\` (\`SendEmail\`, \`Content.Raw\`, the same
configuration set and four message tags) straight to the same aws-ses-v2-local instance, its store
cleared first. ${r.mapping.maxConcurrency} workers (the mapping's MaximumConcurrency) each take the next ${r.mapping.batchSize} mails (its
batch size) and send them the way functions/mailer/workflow.ts handles one batch: the mails of a batch
concurrently, the next batch when all are done. One client, as the mailer has one per worker. After
${r.warmUpMeetingMs.length} discarded warm-up loops, the figure is the median of ${r.loop.ms.length} loops (${r.loop.ms.map(ms).join(', ')}), each paired with a meeting. The row
marked "(info)" runs the same loop through the local AWS endpoint's SES proxy (the hop the functions' mail
takes) after the pairs, with warm-up runs of its own, to show its share.

**Requests per invitee.** The local cloud's counters (\`/_local/stats\`), reset right before the
request and read once everything is idle, divided by the number of invitees. The functions'
DynamoDB requests are counted by dynalite's thread as they arrive, so a Scan would show. SQS counts the functions' calls; the event
source mapping polls the queue in-process, as Lambda's pollers are not the functions' requests.
`;
}
