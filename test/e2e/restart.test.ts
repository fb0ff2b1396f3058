// Finding 6 of issue 14: the local cloud keeps its work across a crash, as AWS does. A local cloud
// in a child process takes a meeting for 2,000+ invitees and is killed (SIGKILL) one second later,
// in the middle of the fan-out and the sending; a new local cloud on the same data folder resumes
// the queued and in-flight mail jobs and the pending invocations, and every invitee ends up with
// exactly one invitation.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/cloud.js';
import { countBy, demoNetwork, synthDemo, workDir } from './helpers.js';
import { seedLocalCloudPeople } from '../support/seed-people.js';

const SEEDED = 2000;
/** MAIL_CLAIM_LEASE_MS (functions/adapters/store.ts) and a minute: claims the killed mailer held are stale then. */
const PAST_MAIL_CLAIM_LEASE_MS = 6 * 60_000;

const work = workDir('e2e-restart');
let assembly: string;
let child: ChildProcess | undefined;
let cloud: LocalCloud | undefined;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
}, 180_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await cloud?.stop();
  work.cleanup();
});

const options = (dataDir: string): LocalCloudOptions => ({
  network: 'demo', assemblyDir: assembly, dataDir, ports: { api: 0, aws: 0, mail: 0 }, timeScale: 0.01,
  // 2,000 invitees: at the default 14 mails/s the sending alone would take 140+ s; the rate is not what this tests.
  sesMaxSendRate: 0,
});

async function startChild(opts: LocalCloudOptions): Promise<{ urls: LocalCloud['urls']; apiToken: string }> {
  child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'support', 'local-cloud-process.ts'), JSON.stringify(opts)], {
    cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`the local cloud exited (${code}) before it was ready`))));
  const ready = new Promise<string>((resolve) => {
    createInterface({ input: child!.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice('READY '.length));
    });
  });
  return JSON.parse(await Promise.race([ready, exited])) as { urls: LocalCloud['urls']; apiToken: string };
}

/** People of the seeded load, straight into the network's table (as the seed custom resource writes them). */
async function seedPeople(dynamodbUrl: string): Promise<string[]> {
  const people = Array.from({ length: SEEDED }, (_, i) => ({
    id: `load-${i}`, name: `Deltager ${i}`, email: `deltager.${i}@example.org`, role: 'coordinator', municipality: 'Varde', language: 'da',
  }));
  await seedLocalCloudPeople(dynamodbUrl, 'demo', people);
  return people.map((p) => p.email);
}

describe('a local cloud killed during a large fan-out', () => {
  it('resumes after kill -9 and a restart: every invitee gets exactly one invitation', async () => {
    const dataDir = join(work.dir, 'data');
    const first = await startChild({ ...options(dataDir), fresh: true });
    const seeded = await seedPeople(first.urls.dynamodb);
    const meeting = {
      title: 'Stormøde i Varde',
      agenda: ['Velkomst'],
      startsAt: '2027-09-02T13:00',
      endsAt: '2027-09-02T16:00',
      place: 'Varde Rådhus, Bytoften 2, 6800 Varde',
      hostMunicipality: 'Varde',
      audience: { municipalities: ['Varde'], roles: [] },
      inspirers: [{ name: 'Jane Doe', email: 'jane.doe@example.com', topic: 'Co-creation', language: 'en' }],
    };
    const r = await fetch(`${first.urls.api}/api/meetings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${first.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(meeting),
    });
    expect(r.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child!.kill('SIGKILL');
    await gone;
    child = undefined;

    cloud = await startLocalCloud(options(dataDir));
    // The killed mailer's claims would block their mail for the claim lease; let it run out.
    await cloud.setClock({ advanceMs: PAST_MAIL_CLAIM_LEASE_MS });
    await cloud.waitForIdle(240_000);

    const expected = [
      ...demoNetwork.people.filter((p) => p.municipality === 'Varde').map((p) => p.email),
      ...seeded,
      ...meeting.inspirers.map((i) => i.email),
    ].map((e) => e.toLowerCase()).sort();
    const perRecipient = countBy(cloud.mail().flatMap((m) => m.to.map((t) => t.toLowerCase())), (t) => t);
    const missing = expected.filter((e) => !perRecipient.has(e));
    const twice = [...perRecipient].filter(([, n]) => n !== 1);
    expect({ missing: missing.length, twice: twice.length, examples: [...missing.slice(0, 3), ...twice.slice(0, 3).map(([e]) => e)] }).toEqual({ missing: 0, twice: 0, examples: [] });
    expect([...perRecipient.keys()].sort()).toEqual(expected);
    for (const [name, depth] of Object.entries(cloud.stats().deadLetterQueues)) expect(depth, name).toBe(0);
  }, 300_000);
});
