// npm run bench: cold start per function, a 1,000-invitee meeting through the local cloud,
// requests per invitee, and sending at the account's SES rate (bench/rate.ts), in one run; prints
// the table and writes it into docs/performance.md. `--rate-only` runs only the SES-rate rows and
// replaces only their section of docs/performance.md.
// Exits 0 whether or not the targets are met (it is a report); 1 only when the run itself fails.
//
//   npm run bench -- [--runs 25] [--people 1000] [--meeting-runs 5] [--rate-only] [--keep] [--no-docs]
//   npm run bench -- --only init [--runs 25]   (the cold-start table alone, printed; docs untouched)
import '../local/sdk-node-warning.mjs';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, type LocalCloud } from '../local/cloud.js';
import { readStack } from '../local/template.js';
import { functionBundles, measureInit } from './init.js';
import { BENCH_NETWORK, loopRun, mailerMapping, plainLoop, runMeeting, sendLoop, startBenchCloud, synthesizeBench, writeBenchNetwork, type LoopRun, type MeetingRun } from './meeting.js';
import { machine, performanceDoc, render, renderInit } from './report.js';
import { prepareRateBench, renderRate, runRateBench, type RateResult } from './rate.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '25' },
    people: { type: 'string', default: '1000' },
    'meeting-runs': { type: 'string', default: '5' },
    'rate-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'init') throw new Error(`--only: expected init, got ${args.only}`);
const runs = Math.max(10, Number(args.runs));
const people = Number(args.people);
/**
 * Discarded runs of the meeting and of the loop before the measured ones: with one, both still
 * got faster for another run or two while the JIT settled.
 */
const WARM_UP_RUNS = 2;
/** Measured meetings, each paired with a measured plain loop. */
// Odd, so the median is one measured meeting (whose mail and counters the report shows).
const meetingRuns = Math.max(1, Number(args['meeting-runs'])) | 1;

const started = Date.now();
const progress = (line: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

async function main(): Promise<void> {
  const date = new Date();
  const loadStart = loadavg()[0]!;
  const workDir = join(projectRoot, '.samskab', 'bench', `run-${date.toISOString().replace(/[:.]/g, '-')}`);
  const networksDir = join(workDir, 'networks');
  const assemblyDir = join(workDir, 'cdk.out');
  let cloud: LocalCloud | undefined;
  const onSignal = () => {
    void (cloud?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    progress(`machine: ${machine()}`);
    if (args['rate-only']) {
      const rate = await measureRate(workDir);
      const { text } = renderRate(rate);
      process.stdout.write(`\nSamskab benchmark (SES rate only), ${date.toISOString()}\n${machine()}; 1-minute load average ${loadStart.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}\n\n${text}\n`);
      if (!args['no-docs']) {
        const doc = join(projectRoot, 'docs', 'performance.md');
        const stamp = `Measured by \`npm run bench -- --rate-only\` on ${date.toISOString()}; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end.`;
        writeFileSync(doc, withRateSection(readFileSync(doc, 'utf8'), `${text}\n\n${stamp}`));
        progress('wrote the SES-rate section of docs/performance.md');
      }
      return;
    }
    progress(`synthesizing a network of ${people} people (cdk synth -c network=${BENCH_NETWORK} -c networksDir=...)`);
    writeBenchNetwork(projectRoot, networksDir, people);
    await synthesizeBench(projectRoot, networksDir, assemblyDir);
    const stack = readStack(assemblyDir, `Samskab-${BENCH_NETWORK}`);
    const region = stack.region ?? 'eu-west-1';
    const fns = functionBundles(stack, projectRoot);
    progress(`functions: ${fns.map((f) => f.name).join(', ')}`);

    progress(`cold start: ${runs} fresh processes per bundle and baseline, interleaved`);
    const init = await measureInit(fns, { runs, workDir, region, progress });
    for (const f of init) progress(`  ${f.name}: ${f.medianMs.toFixed(1)} ms vs SDK-only ${f.baselineMedianMs.toFixed(1)} ms (${f.ratio.toFixed(2)}x)`);
    if (args.only === 'init') {
      process.stdout.write(`\nSamskab cold start, ${date.toISOString()}\n${machine()}; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end\n\n${renderInit(init, runs).text}\n`);
      return;
    }

    progress('starting the local cloud (fresh data, free ports)');
    cloud = await startBenchCloud(assemblyDir, join(workDir, 'data'));
    const c = cloud;
    const mapping = mailerMapping(stack);
    // The meeting and the plain loop each run WARM_UP_RUNS times first, discarded (JIT, workers,
    // sockets and emulators warm, as in steady use). Then they take turns, which goes first
    // alternating, so a change in the machine's other load hits both alike; each figure is the
    // median of its runs.
    const meetingOptions = { progress, timeoutMs: 10 * 60_000 };
    const warmUps: MeetingRun[] = [];
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      progress(`warm-up ${i + 1}/${WARM_UP_RUNS}: a meeting for ${people} people + 2 inspirers (discarded)`);
      warmUps.push(await runMeeting(c, people, meetingOptions));
      progress(`  ${warmUps[i]!.mails.length} mails in ${(warmUps[i]!.ms / 1000).toFixed(2)} s`);
    }
    const warmUp = warmUps.at(-1)!;
    const storeCount = async () => {
      const r = await fetch(`${c.urls.mail}/store`);
      return ((await r.json()) as { emails: unknown[] }).emails.length;
    };
    const loopOptions = { region, concurrency: mapping.maxConcurrency, batchSize: mapping.batchSize, meetingId: warmUp.meetingId, before: () => c.clearMail() };
    const direct = sendLoop(warmUp.mails, { ...loopOptions, endpoint: c.urls.mail, accepted: storeCount });
    for (let i = 0; i < WARM_UP_RUNS; i++) {
      progress(`warm-up ${i + 1}/${WARM_UP_RUNS}: the plain loop, ${warmUp.mails.length} raw mails straight to the SES emulator, ${mapping.maxConcurrency} workers × batches of ${mapping.batchSize} (discarded)`);
      await direct.run();
    }
    const meetings: MeetingRun[] = [];
    const loops: { ms: number; accepted: number }[] = [];
    const measureMeeting = async (i: number) => {
      progress(`meeting ${i + 1}/${meetingRuns}: POST /api/meetings, waiting for every mail`);
      const run = await runMeeting(c, people, meetingOptions);
      progress(`  ${run.mails.length} mails in ${(run.ms / 1000).toFixed(2)} s; ${run.problems.length} log lines about errors or retries`);
      for (const line of run.problems.slice(0, 5)) progress(`    ${line.slice(0, 300)}`);
      meetings.push(run);
    };
    const measureLoop = async (i: number) => {
      const run = await direct.run();
      progress(`plain loop ${i + 1}/${meetingRuns}: ${run.accepted} mails in ${(run.ms / 1000).toFixed(2)} s`);
      loops.push(run);
    };
    for (let i = 0; i < meetingRuns; i++) {
      if (i % 2 === 0) {
        await measureMeeting(i);
        await measureLoop(i);
      } else {
        await measureLoop(i);
        await measureMeeting(i);
      }
    }
    direct.close();
    const meeting = [...meetings].sort((a, b) => a.ms - b.ms)[Math.floor((meetings.length - 1) / 2)]!;
    const loop = loopRun(loops, c.urls.mail);
    progress(`meeting median ${(meeting.ms / 1000).toFixed(2)} s, plain loop median ${(loop.medianMs / 1000).toFixed(2)} s`);
    let loopViaProxy: LoopRun | undefined;
    try {
      progress('plain loop through the local AWS endpoint (SES proxy), for information');
      loopViaProxy = await plainLoop(warmUp.mails, { ...loopOptions, endpoint: c.urls.aws, warmUps: WARM_UP_RUNS, runs: meetingRuns, accepted: async () => c.mail().length });
      progress(`  median ${(loopViaProxy.medianMs / 1000).toFixed(2)} s`);
    } catch (err) {
      progress(`  skipped: ${(err as Error).message}`);
    }
    await c.stop();
    cloud = undefined;
    const rate = await measureRate(workDir);

    const result = {
      date, loadAverage: [loadStart, loadavg()[0]!] as [number, number], runs, init,
      meeting, meetingMs: meetings.map((r) => r.ms), warmUpMeetingMs: warmUps.map((r) => r.ms), loop, loopViaProxy, mapping, durationMs: Date.now() - started,
    };
    const text = `${render(result).text}\n\n${RATE_START}\n${renderRate(rate).text}\n${RATE_END}`;
    process.stdout.write(`\nSamskab benchmark, ${date.toISOString()}\n${machine()}\n\n${text}\n`);
    if (!args['no-docs']) {
      writeFileSync(join(projectRoot, 'docs', 'performance.md'), performanceDoc(result, text));
      progress('wrote docs/performance.md');
    }
  } finally {
    if (cloud !== undefined) await cloud.stop().catch(() => undefined);
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
    else progress(`kept ${workDir}`);
  }
}

async function measureRate(workDir: string): Promise<RateResult> {
  progress('SES rate: synthesizing three networks as one account (1,000 invitees; 500 + 500)');
  const assemblyDir = await prepareRateBench(projectRoot, workDir);
  return runRateBench(assemblyDir, workDir, progress);
}

const RATE_START = '<!-- bench: SES rate -->';
const RATE_END = '<!-- /bench: SES rate -->';

/** docs/performance.md with its SES-rate section replaced (or added before the analysis). */
function withRateSection(doc: string, section: string): string {
  const block = `${RATE_START}\n${section}\n${RATE_END}`;
  const start = doc.indexOf(RATE_START);
  const end = doc.indexOf(RATE_END);
  if (start >= 0 && end > start) return `${doc.slice(0, start)}${block}${doc.slice(end + RATE_END.length)}`;
  const analysis = doc.indexOf('\n## ');
  return analysis < 0 ? `${doc}\n${block}\n` : `${doc.slice(0, analysis)}\n${block}\n${doc.slice(analysis)}`;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    progress(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
