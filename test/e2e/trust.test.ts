// End to end on the real template and bundles: SES's mailbox simulator addresses change what is
// sent (a hard bounce stops all mail to the address, a complaint stops the non-essential), a
// one-click unsubscribe POST as a mail client sends it stops digests but not invitations, export
// then erasure of a person leaves no trace of them in the table, and retention (TTL) deletes a
// meeting's personal data once the local clock is past meeting end + retentionMonths.
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { scheduleMeeting, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-trust');
let assembly: string;
let cloud: LocalCloud;

const BOUNCE = 'bounce@simulator.amazonses.com';
const COMPLAINT = 'complaint@simulator.amazonses.com';
const SUCCESS = 'success@simulator.amazonses.com';
const METTE = { id: 'mette-kjaer', name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com' };

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { ttlSweepIntervalMs: 0 });
});
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

interface Mail { to: string; parsed: ParsedMail; kind: string }

async function mails(): Promise<Mail[]> {
  return Promise.all(
    cloud.mail().map(async (m) => {
      const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
      const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
      const kind = parsed.attachments.some((a) => a.contentType === 'text/calendar') ? 'calendar' : 'plain';
      return { to: (to[0] ?? '').toLowerCase(), parsed, kind };
    }),
  );
}

const header = (m: ParsedMail, name: string) =>
  m.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');

async function scanTable(): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  const items: Record<string, unknown>[] = [];
  for (const TableName of TableNames) {
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const out = await client.send(new ScanCommand({ TableName, ExclusiveStartKey }));
      items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
      ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
  }
  client.destroy();
  return items;
}

async function expectHealthy() {
  const s = cloud.stats();
  for (const [name, depth] of Object.entries(s.deadLetterQueues)) {
    expect(depth, `DLQ ${name}: ${cloud.logs().filter((l) => /error/i.test(l)).slice(-5).join('\n')}`).toBe(0);
  }
  expect(s.events.dropped).toBe(0);
  expect(s.requests['DynamoDB']?.['Scan']).toBeUndefined();
}

let m1: string;
let inspirerIds: Record<string, string>;

describe('trust in the local cloud', () => {
  it('a bounce and a complaint from the simulator addresses change what is sent', async () => {
    const r = await scheduleMeeting(cloud, {
      title: 'Netværksmøde om tillid',
      agenda: ['Velkomst'],
      startsAt: '2027-02-10T13:00',
      endsAt: '2027-02-10T16:00',
      place: 'Kolding Rådhus',
      hostMunicipality: 'Kolding',
      audience: { municipalities: ['Kolding'], roles: ['coordinator'] },
      inspirers: [
        { name: 'Bo Bounce', email: BOUNCE, topic: 'Adresser der ikke findes', language: 'da' },
        { name: 'Carla Complaint', email: COMPLAINT, topic: 'Spam', language: 'en' },
        { name: 'Sune Success', email: SUCCESS, topic: 'Levering', language: 'da' },
      ],
    });
    expect(r.status).toBe(202);
    m1 = ((await r.json()) as { meetingId: string }).meetingId;
    await cloud.waitForIdle(60_000);
    expect((await mails()).map((m) => m.to).sort()).toEqual([BOUNCE, COMPLAINT, METTE.email, SUCCESS].sort());

    // The simulator's events went through the default bus's rule to the deliverability function.
    const view = (await (await call('GET', `/api/meetings/${m1}`)).json()) as {
      invitations: Array<{ personId: string; email: string; deliveryStatus: string; deliveryHint?: { da: string; en: string } }>;
    };
    const by = Object.fromEntries(view.invitations.map((i) => [i.email, i]));
    inspirerIds = { bounce: by[BOUNCE]!.personId, complaint: by[COMPLAINT]!.personId, success: by[SUCCESS]!.personId };
    expect(by[BOUNCE]!.deliveryStatus).toBe('bounced');
    expect(by[BOUNCE]!.deliveryHint?.en).toMatch(/inspirer unreachable, check the address|Inspirer unreachable: check the address/i);
    expect(by[BOUNCE]!.deliveryHint?.da).toMatch(/kan ikke nås/);
    expect(by[COMPLAINT]!.deliveryStatus).toBe('complained');
    expect(by[SUCCESS]!.deliveryStatus).toBe('delivered');
    expect(by[METTE.email]!.deliveryStatus).toBe('sent');

    // After the meeting: reminders (essential) and the follow-up (non-essential).
    await cloud.clearMail();
    await cloud.setClock({ now: '2027-02-10T16:30:00+01:00' });
    const f = await call('POST', `/api/meetings/${m1}/follow-up`, { summary: 'Tak for i dag.', decisions: ['Vi mødes igen'], nextSteps: [] });
    expect(f.status).toBe(202);
    await cloud.waitForIdle(60_000);
    const after = await mails();
    const followUps = after.filter((m) => m.kind === 'plain');
    // Nothing more reaches the bounced address; the complainer gets no follow-up.
    expect(after.filter((m) => m.to === BOUNCE)).toEqual([]);
    expect(followUps.map((m) => m.to).sort()).toEqual([METTE.email, SUCCESS].sort());
    for (const m of followUps) {
      expect(header(m.parsed, 'List-Unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?t=[^>]+>$/);
      expect(header(m.parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    }
    // Essential mail (a reminder, if any fired) carries no List-Unsubscribe.
    for (const m of after.filter((x) => x.kind === 'calendar')) expect(header(m.parsed, 'List-Unsubscribe')).toBeUndefined();
    await expectHealthy();
  });

  it('a one-click unsubscribe POST as a mail client sends it stops digests but not invitations', async () => {
    const followUp = (await mails()).find((m) => m.to === METTE.email && m.kind === 'plain')!;
    const url = /^<([^>]+)>$/.exec(header(followUp.parsed, 'List-Unsubscribe')!)![1]!;
    // What Gmail and others send: no cookie, no CSRF token, just the RFC 8058 body.
    const u = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(u.status).toBe(200);
    expect(u.headers.get('set-cookie')).toBeNull();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('List-Unsubscribe');

    // A digest: the learnings of a completed experiment (that also involves Mette: an essential invitation).
    await cloud.clearMail();
    const reg = await call('POST', '/api/experiments', {
      municipality: 'Kolding',
      title: 'Fællesskab på tværs',
      challenge: 'Hvordan får vi frivillige med?',
      plan: 'Tre værksteder.',
      startsOn: '2026-11-01',
      plannedEndOn: '2027-06-30',
      involved: [{ personId: METTE.id }],
    });
    expect(reg.status).toBe(202);
    const { experimentId } = (await reg.json()) as { experimentId: string };
    await cloud.waitForIdle(60_000);
    expect((await mails()).map((m) => m.to)).toEqual([METTE.email]);
    await cloud.clearMail();
    const done = await call('POST', `/api/experiments/${experimentId}/complete`, { outcome: 'Godt.', learnings: ['Start småt'], reusable: 'Formatet.' });
    expect(done.status).toBe(202);
    await cloud.waitForIdle(60_000);
    const digests = (await mails()).map((m) => m.to);
    expect(digests.length).toBeGreaterThan(5);
    expect(digests).not.toContain(METTE.email);

    // Invitations still reach her.
    await cloud.clearMail();
    const m2 = await scheduleMeeting(cloud, {
      title: 'Næste netværksmøde', agenda: ['Velkomst'], startsAt: '2027-03-04T13:00', endsAt: '2027-03-04T16:00',
      place: 'Varde Rådhus', hostMunicipality: 'Varde', audience: { municipalities: ['Kolding'], roles: ['coordinator'] },
    });
    expect(m2.status).toBe(202);
    await cloud.waitForIdle(60_000);
    expect((await mails()).map((m) => m.to)).toEqual([METTE.email]);
    await expectHealthy();
  });

  it('export then erasure of a person leaves no trace of them in the table', async () => {
    // Give her an answer too (the invitation's accept link, as the page's button posts it).
    const invitation = (await mails()).find((m) => m.to === METTE.email)!;
    const accept = /(http:\/\/127\.0\.0\.1:\d+\/rsvp\/accept\?t=[A-Za-z0-9_.%-]+)/.exec(invitation.parsed.text ?? '')![1]!;
    expect((await fetch(accept, { method: 'POST' })).status).toBe(200);

    // She is signed in to the app (a coordinator): the erasure must end that session.
    const json = { 'content-type': 'application/json' };
    expect((await fetch(`${cloud.urls.api}/auth/sign-in`, { method: 'POST', headers: json, body: JSON.stringify({ email: METTE.email }) })).status).toBe(202);
    await cloud.waitForIdle(30_000);
    const signInMail = (await mails()).find((m) => m.to === METTE.email && /\/auth\/callback\?t=/.test(m.parsed.text ?? ''));
    const link = /https?:\/\/\S+\/auth\/callback\?t=[A-Za-z0-9_%-]+/.exec(signInMail?.parsed.text ?? '')?.[0];
    expect(link, 'sign-in link').toBeDefined();
    const started = await fetch(`${cloud.urls.api}/auth/callback`, { method: 'POST', headers: json, body: JSON.stringify({ t: new URL(link!).searchParams.get('t') }) });
    expect(started.status).toBe(200);
    const cookie = started.headers.getSetCookie().find((c) => c.startsWith('samskab_session='))!.split(';')[0]!;
    const session = () => fetch(`${cloud.urls.api}/api/session`, { headers: { cookie } });
    expect((await session()).status).toBe(200);

    const exported = await call('GET', `/api/people/${METTE.id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    const data = (await exported.json()) as Record<string, any>;
    expect(data.profile).toMatchObject({ name: METTE.name, email: METTE.email });
    expect(data.invitations).toHaveLength(2);
    expect(data.answers).toEqual([expect.objectContaining({ answer: 'accept' })]);
    expect(data.mails.length).toBeGreaterThanOrEqual(3);
    expect(data.mailStatus).toMatchObject({ mailPreference: 'essential-only', preferenceSource: 'unsubscribe' });
    expect(data.experiments).toEqual([expect.objectContaining({ involvement: expect.objectContaining({ personId: METTE.id }) })]);
    // Her session is listed, without its CSRF token.
    expect(data.other).toEqual([expect.objectContaining({ type: 'session', personId: METTE.id })]);
    expect(JSON.stringify(data)).not.toContain('csrfToken');

    expect((await call('POST', `/api/people/${METTE.id}/erase`, {})).status).toBe(400);
    const erased = await call('POST', `/api/people/${METTE.id}/erase`, { confirm: METTE.id });
    expect(erased.status).toBe(200);
    expect(await erased.json()).toMatchObject({ anonymised: 3, experimentsUpdated: 1 });

    // An inspirer (an outsider with a derived id) too.
    const sune = inspirerIds.success!;
    expect((await call('GET', `/api/people/${sune}/export`)).status).toBe(200);
    expect((await call('POST', `/api/people/${sune}/erase`, { confirm: sune })).status).toBe(200);
    await cloud.waitForIdle(30_000);

    const text = JSON.stringify(await scanTable()).toLowerCase();
    for (const trace of [METTE.name, METTE.email, METTE.id, 'Sune Success', SUCCESS]) expect(text, trace).not.toContain(trace.toLowerCase());
    expect((await call('GET', `/api/people/${METTE.id}/export`)).status).toBe(404);
    expect((await session()).status, 'her session after the erasure').toBe(401);
    // The meeting still counts the invitations (anonymised), and shows the rest.
    const view = (await (await call('GET', `/api/meetings/${m1}`)).json()) as { invitations: Array<{ email: string }>; inspirers: Array<{ email: string }> };
    expect(view.invitations.map((i) => i.email).sort()).toEqual([BOUNCE, COMPLAINT].sort());
    expect(view.inspirers.map((i) => i.email).sort()).toEqual([BOUNCE, COMPLAINT].sort());
    // Erasing again is harmless.
    expect((await call('POST', `/api/people/${METTE.id}/erase`, { confirm: METTE.id })).status).toBe(200);
    await expectHealthy();
  });

  it("deletes a meeting's personal data once meeting end + retentionMonths has passed (TTL)", async () => {
    const before = (await scanTable()).filter((i) => i.pk === `MEETING#${m1}`);
    expect(before.some((i) => i.type === 'invitation')).toBe(true);
    expect(before.filter((i) => i.type === 'invitation' || i.type === 'mail').every((i) => typeof i.expiresAt === 'number')).toBe(true);
    await cloud.setClock({ now: '2029-02-09T12:00:00Z' }); // 24 months minus a day after the end
    await cloud.sweepTtl();
    expect((await scanTable()).filter((i) => i.pk === `MEETING#${m1}` && i.type === 'invitation').length).toBeGreaterThan(0);
    await cloud.setClock({ now: '2029-02-11T12:00:00Z' });
    expect(await cloud.sweepTtl()).toBeGreaterThan(0);
    const left = (await scanTable()).filter((i) => i.pk === `MEETING#${m1}`);
    expect(left.filter((i) => ['invitation', 'answer', 'mail', 'delivery', 'reflection'].includes(String(i.type)))).toEqual([]);
    expect(left.some((i) => i.type === 'meeting')).toBe(true);
  });
});
