// Issue 13's model-based concurrency test in `npm test`: the lifecycle model
// (test/support/lifecycle-model.ts) against the local cloud with 200 seeded people (audiences of
// about 100 or 200): the four interleavings the issue reported and one the model found, then one generated run with a fixed
// seed. `npm run test:model` runs it longer (scripts/lifecycle-model.ts).
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { runLifecycleModel, seedPeople } from '../support/lifecycle-run.js';
import { demoNetwork, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-lifecycle-model');
let cloud: LocalCloud;
let people: Array<{ email: string; municipality: string }>;

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { ttlSweepIntervalMs: 0 });
  people = await seedPeople(cloud, 200);
}, 240_000);
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

describe('the lifecycle model (issue 13)', () => {
  it('every invitee ends up holding the final state of the meeting, mailed once per version and kind', async () => {
    await runLifecycleModel(cloud, people, {
      runs: Number(process.env.MODEL_RUNS ?? 6),
      seed: Number(process.env.MODEL_SEED ?? 1313),
      maxCommands: 6,
      endOnFailure: true,
      withIssueExamples: true,
      networkPeople: demoNetwork.people,
      timeZone: 'Europe/Copenhagen',
      log: (line) => console.log(line),
    });
  }, 360_000);
});
