// npm run test:model -- [--runs 50] [--seed <n>] [--commands 10] [--people 300] [--shrink] [--time-scale 0.01] [--path <replay path>]
//
// The longer run of issue 13's model-based concurrency test (test/e2e/lifecycle-model.test.ts runs
// a few short runs with a fixed seed in `npm test`): synthesizes the demo network, starts a local
// cloud with a fresh data folder under .samskab/, seeds the people and runs the lifecycle model.
// A counterexample is printed with its seed and replay path; --shrink lets fast-check shrink it
// (each run takes seconds, so shrinking can take many minutes). Exits 1 on a counterexample.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, startLocalCloud } from '../local/cloud.js';
import { synthesize } from '../local/synth.js';
import { runLifecycleModel, seedPeople } from '../test/support/lifecycle-run.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    commands: { type: 'string', default: '10' },
    people: { type: 'string', default: '300' },
    'time-scale': { type: 'string', default: '0.01' },
    shrink: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    examples: { type: 'boolean', default: false },
    path: { type: 'string' },
  },
});
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number`);
  return n;
};

const network = JSON.parse(readFileSync(join(projectRoot, 'networks', 'demo.json'), 'utf8')) as { people: Array<{ email: string; municipality?: string }>; timeZone: string };
const dir = join(projectRoot, '.samskab', 'model', `run-${Date.now()}`);
console.log(`lifecycle model: ${num('runs')} runs, seed ${values.seed}, up to ${num('commands')} commands, ${num('people')} people (data in ${dir})`);
await synthesize(projectRoot, 'demo', join(dir, 'cdk.out'));
const cloud = await startLocalCloud({
  network: 'demo', assemblyDir: join(dir, 'cdk.out'), dataDir: join(dir, 'data'), fresh: true,
  ports: { api: 0, aws: 0, mail: 0 }, timeScale: num('time-scale'), ttlSweepIntervalMs: 0, logs: 'silent',
  sesMaxSendRate: 0, // the lifecycle, not the send rate, is under test
});
let code = 0;
try {
  const people = await seedPeople(cloud, num('people'));
  await runLifecycleModel(cloud, people, {
    runs: num('runs'), seed: num('seed'), maxCommands: num('commands'), endOnFailure: !values.shrink, withIssueExamples: values.examples,
    ...(values.path !== undefined ? { path: values.path } : {}),
    networkPeople: network.people, timeZone: network.timeZone, log: (line) => console.log(line),
  });
  console.log('the invariant held in every run');
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  const cause = err instanceof Error ? (err.cause as Error | undefined) : undefined;
  if (cause) console.error(`\nwhat went wrong:\n${cause.message}`);
  code = 1;
} finally {
  await cloud.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
