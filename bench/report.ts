// The benchmark's table (printed and written into docs/performance.md).
import { cpus, arch, release, totalmem, type } from 'node:os';
import { shortName } from '../local/cloud.js';
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

The targets come from issue 3 and the quality bars in the design notes: module init within
${TARGETS.initRatio}x of an SDK-only bundle; a 1,000-invitee meeting within ${TARGETS.meetingRatio}x of a plain send loop;
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

## Cold start

Module init of each bundle was 1.25x–1.52x of the SDK-only bundle before this was measured
closely; CPU profiles of \`await import()\` showed two causes. First, module-level work: the api
bundle built about 420 zod schemas at import (the whole event contract, every route's and the
domain's schemas), though an invocation parses with one or two; object schemas are now built on
first use (\`z.lazy\`, functions/contract/events.ts explains why), and at import the api bundle now
builds 41 cheap wrappers. The api's route table and the pages' headers are built on the first
request instead: that moves their cost from module init to the first invocation, it does not
remove it.
Second, V8 parsing the bytes each bundle carries beyond its SDK-only baseline: zod/mini (~32–37 KiB,
down from ~440 KiB with classic zod), the Powertools Logger (~18 KiB plus ~3 KiB of its commons, which
issue 7 asked for; replaced since, below), middy and our own code (the api bundle holds every route, the sign-in and link pages).
Issue 15 (target 1.10x) removed two more costs that no invocation needed at import: @middy/core
imports Node's web streams (eight internal modules, about 4 % of a function's init under valgrind's
instruction count) only for a check on streamed responses, so every bundle gets a lazy stand-in for
\`node:stream/web\` (functions/shared/lazy-stream-web.ts, an esbuild alias in
lib/constructs/workflow-function.ts); and the api built a Danish \`Intl.Collator\` at import (ICU's
collation data, about 12 ms of CPU), now built by the one page that sorts with it.
What is left, measured by instruction counts (valgrind, whole process, minus an empty import) on
the experiments function: its extra init over the SDK-only bundle splits into zod/mini with the contract
(the largest part, single valgrind runs put it at one half to two thirds: bytes to parse plus zod's classes built at import), the Powertools Logger
(its code, plus creating \`process.stdout\`/\`process.stderr\` for its Console: about 5 % of the
baseline's init alone) and our own code. All of it runs on every invocation (each event is parsed and
logged), so deferring it to the first invocation would move the time, not remove it; it has not been
done. Loading the api's route groups on first use (session 7, below) was the next step for the
api. The medians move by several percent between runs on this machine, and far more when other work
loads it (the table's CPU ratio is less moved by that than the wall-time ratio).

Session 6 (issue 15) looked for module-level work again, section by section: a timestamp at each
module's \`// path\` comment of an unminified build shows what each module's top level costs, and
three kinds of work no invocation needed at import had come back or were left. Two Danish
\`Intl.Collator\`s (the attendance summary and the participant CSV; ICU's collation data, the largest
single item at import in the meetings function and the api) are now one \`compareDanish\`
(functions/domain/danish-order.ts), built on its first use. The schemas still built at import (the
contract's enums, \`NetworkSettings\`, the digest's \`DigestMeeting\`, two api body schemas) are in
\`z.lazy\` like the others, as are the link paths' patterns (functions/contract/link-paths.ts): no zod
object, enum or array is built at import any more, only \`z.lazy\` wrappers. Those cost too, and
esbuild kept every one of them: zod's no-side-effects mark on \`lazy()\` does not reach across
modules, and the event map's computed keys kept all event schemas alive. Each top-level \`z.lazy\` is
now marked \`/* @__PURE__ */\` and the map is built by a pure call, so a bundle keeps only the
wrappers it reaches (counted at import: digest 39 to 6, deliverability 40 to 7, mailer 40 to 30,
meetings 39 to 27, api 59 to 48; before this session the bundles also built 6 to 35 enums, objects
and arrays), and the digest and deliverability bundles are 13 KiB smaller. And the api evaluated
minisearch and the Danish and English stemmers at import; the first search loads them now (a dynamic
\`import()\` in functions/domain/search/search.ts: esbuild still bundles them, without splitting, and
evaluates them when the import runs). Medians of 15 pinned runs (\`taskset -c 1\`, load average about
2.5 on 2 cores), wall-time ratio to each SDK-only bundle before and after: meetings 1.26x to 1.14x
(128 ms baseline), api 1.48x to 1.34x, digest 1.21x to 1.15x, deliverability 1.22x to 1.18x,
experiments 1.13x to 1.13x, mailer 1.20x to 1.19x (the CPU ratios agree within 0.03). So the 1.10x
bar is still not met. What is left beyond the SDK is zod/mini's code and classes (the first zod
instance built compiles its constructors: about 1 ms of a fresh process; 40 wrappers about 1 ms
more), the Powertools Logger, middy and, for the api, the parsing of its 263 KiB over the baseline
(every route, the pages and the mail strings they share). Under \`taskset -c 1\` a young-generation
collection (scavenge) takes 10–20 ms, because V8's parallel scavenger threads share the one core;
whichever module allocates when it falls due looks expensive, so compare sections over several runs.

The Powertools Logger has since been replaced by the project's own logger
(functions/adapters/logger.ts, about 1.3 KiB in a bundle, nothing built at import): it writes each JSON
line with \`fs.writeSync(1, ...)\`, so no function builds \`process.stdout\` (a pipe stream: about 3 ms of
CPU the first time it is touched, measured alone), and the local cloud's runtime hands a function's
fd 1 and 2 to its log. Deferring the stream to the first log line would only have moved that cost into
the first invocation. On 2026-12-02, before and after, in one interleaved run each (on a machine loaded by
other work, wall times two to five times the usual, so CPU time is given): the meetings bundle's median CPU time of
import went from 1.26x to 1.21x of its SDK-only baseline (31 runs, pinned), the mailer's from 1.24x to
1.22x (21 runs); by valgrind's instruction count of the whole process (which here touches no stdout),
the meetings import fell by about 10 M instructions (two runs each), about 9 % of what it adds to the
baseline, and the mailer's by about 10 M too (medians of three), about 16 % of what it adds.

**The api function's route groups** (session 7, with every bundle built by esbuild's code splitting:
a dynamic \`import()\` becomes a chunk compiled only when it runs). The api serves many unrelated groups
of routes (meetings, experiments, people, themes, search, privacy, joining, the calendar feed, the link
pages, sign-in, the app's files) and each request needs one. Its router now knows each route by a small
declaration (method, path, public or not: functions/api/route-groups.ts), enough for 404 against 405 and
for the door's \`isPublicRoute\`, and loads a group's route module, with the domain, pages and mail-string
code only it uses, on the first request to that group; the stores are ports that load their module on
their first call (functions/shared/lazy-ports.ts). The modules that construct the SDK clients stay
static imports of handler.ts, so the clients are still built at init and bench/sdk-usage.ts's baseline
is the same as before (297 KiB loaded at init). The first request to a group pays for compiling that group's code: work only that group's
requests need, moved out of every cold start. What the entry still loads beyond the SDK-only baseline
(\`build-split.mts\`): 76 KiB instead of 218 KiB (the entry file 353 KiB to 92 KiB): zod/mini (36 KiB)
with the contract's event schemas and \`NetworkSettings\`, which the publisher, scheduler, logger and
settings adapters import and nearly every request uses (a publish, a body schema or the settings), then
middy and its router, the authentication (sessions, cookie, the sessions store and the table keys), the
route declarations and the handler's wiring. CPU time of the import, medians of 21 pinned runs in two
interleaved runs at a load average of about 5 on 2 cores (wall times were 1.7–2.3x the quiet machine's
and their ratios moved by 0.1 between runs, so CPU time is given): before 141.3 and 145.2 ms against
109.3 and 112.5 ms SDK-only, 1.29x both times; after 124.0 and 126.6 ms against 110.9 and 114.2 ms,
1.12x and 1.11x. A later interleaved run (load average about 4) gave wall-time medians of 15 runs of
1.42x before and 1.25x after (85.4 and 85.8 ms SDK-only) and CPU medians of 21 runs of 1.30x and 1.13x: the
wall-time ratio under load is higher than the CPU ratio, and neither is shown under 1.10x. Bundling the
entry's 21 statically loaded files into one moved neither ratio. An entry of the SDK-only baseline plus only zod/mini, the contract's schemas, the
publisher, the logger and middy measured about 1.06x in the same way, so the api's own code at init
(authentication, route declarations, wiring) is about half of what is left; the other half is
shared with every function.

**The inbound function** (session 6) was the worst: a 1.6 MB bundle, about 2.1x its SDK-only bundle,
mostly mailparser's dependency tree (libmime with iconv tables, encoding-japanese, he, htmlparser2,
entities, html-to-text). It now reads mail with postal-mime (no dependencies; charsets through
TextDecoder, functions/inbound/message.ts), which also drops the \`require\` banner the CommonJS
packages needed, and the bundle is 0.81 MB. Of the two parsers left, the module-level work is moved,
not removed: postal-mime (which builds a 2,231-entry html entity table at import) is evaluated on the first mail,
ical.js on the first calendar part (esbuild turns the \`import()\` of a bundled module into a lazily
run wrapper, in the same file); an rsvp-received invocation never needs either. Under valgrind
(instructions of the import, whole process minus an empty import, 2–3 runs each) that moved about
20 M instructions (≈6 % of the SDK-only init; postal-mime 15 M, ical.js 5 M) to the first mail: in
one process the first calendar reply took about 13 ms of CPU to parse and read, later ones 6–9 ms. Pinned medians of 21 runs, at a load average of 3–5:
before 398 ms (CPU 368 ms) against 191 ms (172 ms) SDK-only, 2.08x (CPU 2.14x, instructions 2.58x);
after 229 ms (212 ms), 1.20x (CPU 1.23x, instructions 1.21x). Without the two parsers in the file at
all it would be 1.15x (instructions): their ~145 KiB still cost V8 a pre-parse at load. The rest is the
same as the other functions' (zod/mini and the contract, the Logger, our own code).

**The mailer and experiments functions** (session 6, issue 15's bar) were measured before any change on a
machine loaded by other work, so by instruction count too (valgrind callgrind, the whole process minus an
empty import, one run each). The mailer adds 41 M instructions to its SDK-only baseline's 238 M (1.17x):
the mail job's schema and the contract it pulls in about 18 M, composing every mail kind about 6 M, the
rest (adapters, middy, logger, workflow) about 17 M, of which about 10 M is a young-generation collection
that happens to fall inside the import (with a 64 MB semi-space the gap is 31 M). All of it is used by
every invocation: of the mailer's own code nothing it never calls is in its bundle (the contract's
table key builders, functions/contract/table.ts, 2.5 KiB, are kept whole, outside this work). Leaving the rarer kinds' templates
(experiment, review, sign-in, digest, join request) and the calendar part out of the bundle altogether
saved only 3–4 M (about 1.5 % of the baseline), and loading them on first use would save less (their bytes
are still parsed), so they stayed (true without code splitting; with it they now load per kind, below). The experiments handler now wires the eight store functions it calls
instead of the whole experiments store object, so the API's experiment queries and edits (and
functions/adapters/experiment-edit-store.ts) leave its bundle: 458 KB to 452 KB. That is within the
noise of every measure here (instructions, two runs each: 239 and 239 M before, 241 and 238 M after,
against 206 and 210 M; pinned wall medians of 21 runs in
one interleaved run at heavy load 184.4 ms to 181.0 ms against 170.0 ms, 1.085x to 1.065x). Neither
function is shown under 1.10x by these measurements: what is left is zod/mini and the contract's
schemas, middy and the logger, as in the other functions.

**The mailer with code splitting** (session 7). Each SQS job needs one mail kind, so each kind's
composing code and its words are a chunk that \`composeMail\` (functions/mail/index.ts) imports on the
first job of that kind: meeting mails (body, calendar part, meeting-texts.ts, 20 KiB), experiment,
review, sign-in, digest and join-request mails (2–7 KiB each). What every job needs stays in the entry:
the job's schema, the staleness check, the send with the rate limiter and the record, and what every
kind composes with: MIME (mime.ts) and the date formats (i18n.ts, now only those and the words all
mails share), imported statically for that reason. Each kind's words travel with its module. The
entry went from 112 KiB to 75 KiB over its split SDK-only baseline. Instructions of the import
(valgrind, whole process minus an empty import, medians of 5 to 7 runs on a loaded machine, where a run
moves by about 4 M): baseline 186 M, before 228 M (1.23x), after 219 M (1.18x). The baseline with
nothing but the MailJob schema on top (zod/mini, its English messages and the contract, 42 KiB) is
already 210 M (1.13x), and what is left is all work every job needs. Callgrind puts nearly all of
such an import's extra cost in V8's top-level compile of the module source (for the events
contract alone, 12.4 M of 12.9 M, about 0.36 M per KiB), so only fewer bytes in the entry would
bring the mailer under 1.10x, and the biggest part, zod/mini with the job's schema, cannot be
deferred. Wall times on that machine (load average 5–9) moved too much to show the difference
(cmp.sh medians of 15: before 1.19x and 1.27x, after the split 1.12x and 1.31x, in two runs).

**Session 7, code-split bundles** (esbuild \`splitting: true\`: a dynamic \`import()\` becomes a chunk
compiled only when first called). Measured with \`build-split.mts\` and \`cmp.sh\` (pinned, interleaved,
median of 15, wall time; load average 1.3–4 on 2 cores, so a ratio moves by about 0.03 between runs),
ratio to each SDK-only split bundle, before → after in the same run (two runs, at load 3.3 and 1.3):
meetings 1.069x → 1.049x and 1.066x → 0.993x, experiments 1.089x → 1.065x and 1.079x → 1.047x,
digest 1.040x → 1.047x and 1.053x → 1.056x, inbound 1.060x → 1.084x and 1.047x → 1.044x (its change
is 4 KiB, within the noise). Two runs of the final code alone (all six functions): meetings 1.01x and
1.02x, experiments 1.07x and 1.04x, digest 1.10x and 1.08x, inbound 1.06x and 1.06x, deliverability
0.93x and 1.00x, seed-people 0.99x and 1.01x. Bytes the entry loads at init
(SDK-only baseline in brackets): meetings 339.5 → 321.9 KiB (267.7), experiments 326.0 → 317.4 KiB
(267.7), inbound 513.9 → 510.2 KiB (456.3), digest 291.5 → 290.8 KiB (252.3).
- **meetings**: each event kind's workflow is loaded by the first event of that kind (schedule.ts
  for meeting-scheduled, lifecycle.ts for reschedule, cancel, follow-up and reminders,
  fan-out-check.ts for the check), and the experiment store only by a follow-up (the running
  experiments of its status request); the handler wires the eight meeting-store and two
  invitation-store operations it calls instead of the store objects, so the api's meeting queries
  and reservations leave its bundle.
- **experiments**: the registration/completion workflow (workflow.ts) and the review workflow
  (review.ts, with the review date rules and zoned time) are each loaded by the first event that
  needs them.
- **consumers' event schemas** (functions/contract/events.ts): meetings, experiments and inbound
  parse with their own schemas (\`meetingsEventSchemas\`, ..., through \`parseEventOf\`; the types keep
  each equal to \`subscriptions\`), the scheduler validates with the scheduled events' schemas (loaded
  on its first schedule), and inbound publishes through \`publisherOf(inboundEventSchemas)\`, so no bundle holds the
  other consumers' schemas (and the zod parts only those use). An event of a detail-type a function
  does not subscribe to is now an invalid event for it in meetings and inbound too (logged and
  thrown, as experiments did; the rules never send one). \`subscriptions\` is built by a pure call, so
  the functions that never read it drop it.
- **api** (session 8): zod and the event schemas load with the first request that validates, publishes
  or schedules (\`lazyPublisherOf\`, contract/scheduled-events.ts, api/event-size.ts; zod-free names in
  contract/event-names.ts and event-entry.ts; test/infra/init-imports.test.ts). Only the settings
  adapter's \`NetworkSettings\` (contract/network.ts) still brings zod into its init.
- **digest**: unchanged but for that. What it adds to its baseline is zod/mini (~28 KiB), used only to
  validate the bundled network settings it reads the time zone from, and its own code (~10 KiB), all
  run by every invocation; it is at the bar, not safely under it (1.05x–1.10x).
What is left in every function is zod/mini (~30 KiB, every event is parsed), middy, the logger, the
table keys and the stores each invocation uses.

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
