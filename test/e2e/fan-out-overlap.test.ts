// Issue 13, findings 1, 2, 3 and 5, in the local cloud with a few hundred invitees: a change waits for
// the previous fan-out (409 saying how far it got), so a cancel reaches every invitee and a
// reschedule sends everyone one update (no second invitation) and moves every invitation item to
// the new version; a version is never handed out twice; a change whose event failed every retry
// is applied by the fan-out check when the local clock reaches it.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, countBy, type ReceivedMail, receivedMail, startDemo, synthDemo, workDir } from './helpers.js';
import { seedLocalCloudPeople } from '../support/seed-people.js';

const SEEDED = 600;
const work = workDir('e2e-fan-out');
let cloud: LocalCloud;
let doc: DynamoDBDocumentClient;
let table: string;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Math.ceil((Date.now() + 30 * DAY) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const meeting = (title: string) => ({
  title,
  agenda: ['Velkomst'],
  startsAt: iso(start),
  endsAt: iso(start + 3 * HOUR),
  place: 'Aalborg Rådhus',
  hostMunicipality: 'Aalborg',
  audience: { municipalities: ['Aalborg'] },
  inspirers: [],
});

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);

async function schedule(title: string): Promise<string> {
  const r = await api('/api/meetings', { method: 'POST', body: meeting(title) });
  expect(r.status).toBe(202);
  const { meetingId } = (await r.json()) as { meetingId: string };
  // As the app does: the meeting page answers once the meetings function stored it.
  for (let i = 0; i < 600 && (await api(`/api/meetings/${meetingId}`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 20));
  return meetingId;
}

/** Sends the change again and again until it is accepted; the 409s' messages on the way. */
async function untilAccepted(send: () => Promise<Response>): Promise<{ accepted: Response; refusals: string[] }> {
  const refusals: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const r = await send();
    if (r.status !== 409) return { accepted: r, refusals };
    refusals.push(((await r.json()) as { message: string }).message);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never accepted: ${refusals.at(-1)}`);
}

const vevent = (m: ReceivedMail) => m.calendar.getFirstSubcomponent('vevent')!;
const sequence = (m: ReceivedMail) => Number(vevent(m).getFirstPropertyValue('sequence'));
const method = (m: ReceivedMail) => String(m.calendar.getFirstPropertyValue('method'));

async function mailOf(meetingId: string): Promise<Map<string, ReceivedMail[]>> {
  const uid = (m: ReceivedMail) => String(vevent(m).getFirstPropertyValue('uid'));
  const byPerson = new Map<string, ReceivedMail[]>();
  for (const m of await receivedMail(cloud)) {
    if (!uid(m).includes(meetingId)) continue;
    const mine = byPerson.get(m.to.toLowerCase()) ?? [];
    mine.push(m);
    byPerson.set(m.to.toLowerCase(), mine);
  }
  return byPerson;
}

async function invitationItems(meetingId: string) {
  const out = await doc.send(new QueryCommand({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inv)',
    FilterExpression: '#t = :t',
    ExpressionAttributeNames: { '#t': 'type' },
    ExpressionAttributeValues: { ':pk': `MEETING#${meetingId}`, ':inv': 'INVITATION#', ':t': 'invitation' },
  }));
  return out.Items ?? [];
}

const PROGRESS = /^Invitations are still going out( \([\d,]+ of [\d,]+\))?; try again when they have all been sent\.$/;

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`);
  const client = new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  doc = DynamoDBDocumentClient.from(client);
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  table = TableNames.find((t) => t.startsWith('Samskab-demo-'))!;
  const people = Array.from({ length: SEEDED }, (_, i) => ({
    id: `fan-${i}`, name: `Deltager ${i}`, email: `fan.${i}@example.org`, role: 'citizen', municipality: 'Aalborg', language: 'da',
  }));
  await seedLocalCloudPeople(cloud.urls.dynamodb, cloud.network, people);
}, 240_000);
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

describe('changes that overlap a fan-out', () => {
  it('refuses a cancel while invitations go out, saying how far; then every invitee newest calendar object is a CANCEL (finding 1)', async () => {
    await cloud.clearMail();
    const id = await schedule('Aflyses straks');
    const { accepted, refusals } = await untilAccepted(() => api(`/api/meetings/${id}/cancel`, { method: 'POST', body: { reason: 'Sygdom' } }));
    expect(accepted.status).toBe(202);
    expect(refusals.length).toBeGreaterThan(0);
    for (const m of refusals) expect(m).toMatch(PROGRESS);
    await cloud.waitForIdle(240_000);

    const mail = await mailOf(id);
    const invitees = (await invitationItems(id)).length;
    expect(invitees).toBeGreaterThanOrEqual(SEEDED);
    expect(mail.size).toBe(invitees);
    const notCancelled = [...mail].filter(([, ms]) => {
      const newest = ms.reduce((a, b) => (sequence(b) > sequence(a) ? b : a));
      return method(newest) !== 'CANCEL';
    });
    expect(notCancelled.map(([to]) => to)).toEqual([]);
    for (const [to, ms] of mail) expect(ms.filter((m) => method(m) === 'CANCEL'), to).toHaveLength(1);
  }, 300_000);

  it('reschedules right after the schedule: one update each, no second invitation, every invitation item at version 2 (finding 2)', async () => {
    await cloud.clearMail();
    const id = await schedule('Flyttes straks');
    const { accepted, refusals } = await untilAccepted(() => api(`/api/meetings/${id}`, { method: 'PATCH', body: { place: 'Aalborg Bibliotek' } }));
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ version: 2 });
    for (const m of refusals) expect(m).toMatch(PROGRESS);
    await cloud.waitForIdle(240_000);

    const mail = await mailOf(id);
    const items = await invitationItems(id);
    expect(mail.size).toBe(items.length);
    // Each gets the update exactly once; the invitation at most once: one still queued when version 2
    // was applied is dropped at send time as stale (the update carries every detail and the higher SEQUENCE).
    const wrong = [...mail].filter(([, ms]) => ms.length > 2 || ms.filter((m) => sequence(m) === 0).length > 1 || ms.filter((m) => sequence(m) === 1).length !== 1);
    expect(wrong.map(([to, ms]) => `${to}: ${ms.map(sequence).join(',')}`)).toEqual([]);
    expect(countBy(items, (i) => String(i.invitedVersion))).toEqual(new Map([['2', items.length]]));
  }, 300_000);

  it('hands out each version once: of concurrent PATCHes one is accepted, the rest wait (finding 3)', async () => {
    const id = await schedule('Mange ændringer');
    await cloud.waitForIdle(240_000);
    await cloud.clearMail();
    const versions: number[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([0, 1, 2, 3].map((k) => api(`/api/meetings/${id}`, { method: 'PATCH', body: { place: `Sal ${round}-${k}` } })));
      const ok = answers.filter((r) => r.status === 202);
      expect(ok).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(3);
      versions.push(((await ok[0]!.json()) as { version: number }).version);
      // The next one waits for this one's fan-out.
      const next = await api(`/api/meetings/${id}`, { method: 'PATCH', body: { place: 'Midt imellem' } });
      if (next.status === 202) versions.push(((await next.json()) as { version: number }).version);
      else expect(((await next.json()) as { message: string }).message).toMatch(/still being applied|still going out/);
      await cloud.waitForIdle(240_000);
    }
    expect(new Set(versions).size).toBe(versions.length);
    const final = (await (await api(`/api/meetings/${id}`)).json()) as { version: number; place: string };
    // Every accepted change was applied: the meeting is at the last version handed out.
    expect(final.version).toBe(Math.max(...versions));
    expect(final.version).toBe(versions.length + 1);
  }, 300_000);

  it('applies a change whose event failed every retry when the fan-out check fires, and hands its version to nobody else (findings 3 and 5)', async () => {
    const id = await schedule('Hænger');
    await cloud.waitForIdle(240_000);
    await cloud.clearMail();
    cloud.faults.set({ failEveryInvocation: ['MeetingsFunction'] });
    try {
      const r = await api(`/api/meetings/${id}`, { method: 'PATCH', body: { place: 'Nyt sted' } });
      expect(r.status).toBe(202);
      expect(await r.json()).toMatchObject({ version: 2 });
      // Lambda's retries fail too; the event ends in the on-failure queue.
      await cloud.waitForIdle(240_000);
      // Past the old two-minute lease: the version is still taken.
      await cloud.setClock({ advanceMs: 3 * 60_000 });
      const second = await api(`/api/meetings/${id}`, { method: 'PATCH', body: { place: 'Andet sted' } });
      expect(second.status).toBe(409);
      expect(((await second.json()) as { message: string }).message).toMatch(/still being applied/);
    } finally {
      cloud.faults.set({ failEveryInvocation: [] });
    }
    // The api armed a check when it accepted the change; it fires five minutes on.
    await cloud.setClock({ advanceMs: 3 * 60_000 });
    await cloud.waitForIdle(240_000);
    const page = (await (await api(`/api/meetings/${id}`)).json()) as { version: number; place: string; fanOutVersion: number };
    expect(page).toMatchObject({ version: 2, place: 'Nyt sted', fanOutVersion: 2 });
    const mail = await mailOf(id);
    const items = await invitationItems(id);
    expect(mail.size).toBe(items.length);
    for (const [to, ms] of mail) expect(ms.map(sequence), to).toEqual([1]);
  }, 300_000);
});
