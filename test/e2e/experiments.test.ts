// End to end on the real template and bundles: an experiment registered through the HTTP API
// invites its involved people (an outside politician, a person from another municipality) once
// each in their language; completed, it sends every person of the network and the outside
// politician one learnings mail —
// also when every delivery is doubled — and shows up in the register, its exports and the next
// meeting's agenda proposal. Bad input is a 400 per field; a forbidden transition a 409.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { LocalCloud } from '../../local/cloud.js';
import { parseCsv, parseCsvRecords } from '../../functions/domain/csv.js';
import { countBy, demoNetwork, scheduleMeeting, synthDemo, useDemoCloud, workDir } from './helpers.js';

const work = workDir('e2e-experiments');
let assembly: string;

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
});
afterAll(() => work.cleanup());

const OUTSIDER = 'pia.politiker@byraad.example.org';
const registration = {
  municipality: 'Kolding',
  title: 'Ældre, frivillige og »fællesskab på tværs«',
  challenge: 'Hvordan får vi frivillige med i ældreplejen, uden at de bliver gratis arbejdskraft? Et politisk paradoks, vi står i.',
  plan: 'Tre værksteder med borgere, en frivillig konsulent og en politiker; Varde er med for at spejle.',
  startsOn: '2026-11-01',
  plannedEndOn: '2027-06-30',
  involved: [
    { personId: 'oliver-smith' },
    { name: 'Pia Politiker', email: OUTSIDER, role: 'politician', language: 'da' },
  ],
};
const completion = {
  outcome: 'Værkstederne gav tre ideer; én afprøves nu i både Kolding og Varde.',
  learnings: ['Start i borgernes hverdag, ikke i ydelsen', 'Giv de frivillige en klar og afgrænset rolle', 'Politikerne skal med fra første værksted'],
  reusable: 'Værkstedsformatet, invitationsteksten og spørgeguiden (på dansk og engelsk).',
  doDifferently: 'Vi ville tage Ærø-gruppen med tidligere.',
};

const call = (cloud: LocalCloud, method: string, path: string, body?: unknown) =>
  fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${cloud.apiToken}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

interface Mail { to: string; parsed: ParsedMail }

async function mails(cloud: LocalCloud): Promise<Mail[]> {
  return Promise.all(
    cloud.mail().map(async (m) => {
      const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
      const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
      return { to: (to[0] ?? '').toLowerCase(), parsed };
    }),
  );
}

async function expectNoDeadLetters(cloud: LocalCloud) {
  const s = cloud.stats();
  // The experiments rule's and the mail queue's DLQs (the meeting path has its own end-to-end tests).
  const ours = Object.entries(s.deadLetterQueues).filter(([name]) => /Experiments|Mail/.test(name));
  expect(ours.length).toBeGreaterThanOrEqual(2);
  for (const [name, depth] of ours) expect(depth, `DLQ ${name}: ${cloud.logs().filter((l) => /error/i.test(l)).slice(-5).join('\n')}`).toBe(0);
  expect(s.events.dropped).toBe(0);
  expect(s.requests['DynamoDB']?.['Scan']).toBeUndefined();
}

/** Schedules the network's next meeting with a one-person audience and forgets its mail. */
async function scheduleNextMeeting(cloud: LocalCloud): Promise<string> {
  const r = await scheduleMeeting(cloud, {
    title: 'Netværksmøde i Varde',
    agenda: ['Velkomst'],
    startsAt: '2027-03-04T13:00',
    endsAt: '2027-03-04T16:00',
    place: 'Varde Rådhus',
    hostMunicipality: 'Varde',
    audience: { municipalities: ['Kolding'], roles: ['citizen'] },
  });
  expect(r.status).toBe(202);
  const { meetingId } = (await r.json()) as { meetingId: string };
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  return meetingId;
}

async function registerAndComplete(cloud: LocalCloud) {
  const r = await call(cloud, 'POST', '/api/experiments', registration);
  expect(r.status).toBe(202);
  const { experimentId } = (await r.json()) as { experimentId: string };
  await cloud.waitForIdle(60_000);
  const invitations = await mails(cloud);
  await cloud.clearMail();

  const c = await call(cloud, 'POST', `/api/experiments/${experimentId}/complete`, completion);
  expect(c.status).toBe(202);
  await cloud.waitForIdle(120_000);
  const learnings = await mails(cloud);
  return { experimentId, invitations, learnings };
}

function expectInvitations(invitations: Mail[]) {
  const per = countBy(invitations, (m) => m.to);
  expect(Object.fromEntries(per)).toEqual({ 'oliver.smith@varde.example.com': 1, [OUTSIDER]: 1 });
  const oliver = invitations.find((m) => m.to === 'oliver.smith@varde.example.com')!.parsed;
  expect(oliver.subject).toBe(`Invitation to an experiment: ${registration.title}`);
  expect(oliver.text).toContain('you are from Varde, and the experiment takes place in Kolding');
  expect(oliver.text).toContain('please contact Mette Kjær');
  const pia = invitations.find((m) => m.to === OUTSIDER)!.parsed;
  expect(pia.subject).toBe(`Invitation til eksperiment: ${registration.title}`);
  expect(pia.text).toContain('Du er med som politiker.');
  expect(pia.text).toContain('gratis arbejdskraft');
  expect(pia.attachments.some((a) => a.contentType === 'text/calendar')).toBe(false);
}

function expectLearnings(learnings: Mail[]) {
  const per = countBy(learnings, (m) => m.to);
  expect([...per].filter(([, n]) => n > 1), 'people mailed more than once').toEqual([]);
  // Everyone of the network, and the outside politician who took part.
  expect(new Set(per.keys())).toEqual(new Set([...demoNetwork.people.map((p) => p.email.toLowerCase()), OUTSIDER]));
  for (const { to, parsed } of learnings) {
    const person = demoNetwork.people.find((p) => p.email.toLowerCase() === to) ?? { language: 'da' };
    expect(parsed.subject).toBe(person.language === 'en'
      ? `What we learned: ${registration.title} (Kolding)`
      : `Det lærte vi: ${registration.title} (Kolding)`);
    for (const learning of completion.learnings) expect(parsed.text).toContain(learning);
  }
}

describe('an experiment from registration to shared learnings', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/plain`);

  it('refuses bad input field by field and stores, publishes and mails nothing', async () => {
    const r = await call(cloud(), 'POST', '/api/experiments', {
      ...registration,
      municipality: 'Odense',
      plannedEndOn: '2026-10-01',
      involved: [{ personId: 'ghost' }, { name: 'Pia', email: 'not-an-email', role: 'mayor', language: 'da' }],
    });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { errors: { field: string }[] };
    expect(body.errors.map((e) => e.field).sort()).toEqual(['involved.0.personId', 'involved.1.email', 'involved.1.role', 'municipality', 'plannedEndOn']);
    await cloud().waitForIdle(30_000);
    expect(((await (await call(cloud(), 'GET', '/api/experiments')).json()) as { experiments: unknown[] }).experiments).toEqual([]);
    expect(cloud().stats().events.put).toBe(0);
    expect(cloud().mail()).toHaveLength(0);
  });

  it('invites the involved, shares the learnings with everyone, and keeps the register', async () => {
    const meetingId = await scheduleNextMeeting(cloud());
    const { experimentId, invitations, learnings } = await registerAndComplete(cloud());
    expectInvitations(invitations);
    expectLearnings(learnings);
    expect(learnings.filter((m) => m.to === OUTSIDER)).toHaveLength(1);

    // The register: the list (with a filter), the experiment itself, both exports.
    const list = (await (await call(cloud(), 'GET', '/api/experiments?state=completed&municipality=Kolding')).json()) as { experiments: Array<Record<string, unknown>> };
    expect(list.experiments).toEqual([expect.objectContaining({ experimentId, status: 'completed', learnings: completion.learnings })]);
    const page = (await (await call(cloud(), 'GET', `/api/experiments/${experimentId}`)).json()) as { involved: Array<{ email: string; invitationStatus: string }> };
    expect(page.involved.map((p) => [p.email, p.invitationStatus])).toEqual([['oliver.smith@varde.example.com', 'sent'], [OUTSIDER, 'sent']]);

    const csvResponse = await call(cloud(), 'GET', '/api/experiments/export.csv');
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvResponse.headers.get('content-disposition')).toMatch(/^attachment; filename="experiments-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = Buffer.from(await csvResponse.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(parseCsv(csv, { delimiter: ';' })[0]).toContain('Læringer');
    const [row] = parseCsvRecords(csv, { delimiter: ';' });
    expect(row).toMatchObject({
      'Eksperiment-id': experimentId,
      Titel: registration.title,
      Udfordring: registration.challenge,
      Resultat: completion.outcome,
      Læringer: completion.learnings.join('\n'),
      'Det kan andre genbruge': completion.reusable,
      'Det ville vi gøre anderledes': completion.doDifferently,
    });
    const json = await call(cloud(), 'GET', '/api/experiments/export.json');
    expect(json.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.json"$/);
    const exported = (await json.json()) as { experiments: Array<Record<string, unknown>> };
    expect(exported.experiments[0]).toMatchObject({ title: registration.title, outcome: completion.outcome, learnings: completion.learnings });

    // The next meeting's agenda proposal.
    const proposals = (await (await call(cloud(), 'GET', `/api/meetings/${meetingId}/agenda-proposals`)).json()) as { experiments: Array<Record<string, unknown>> };
    expect(proposals.experiments).toEqual([expect.objectContaining({ experimentId, title: registration.title, learnings: completion.learnings })]);

    // Forbidden transitions: 409, and no more mail.
    await cloud().clearMail();
    for (const [path, body] of [['complete', completion], ['abandon', { reason: 'for sent' }], ['notes', { date: '2026-11-20', text: 'for sent' }]] as const) {
      const r = await call(cloud(), 'POST', `/api/experiments/${experimentId}/${path}`, body);
      expect(r.status, path).toBe(409);
      expect(((await r.json()) as { message: string }).message).toMatch(/completed/);
    }
    await cloud().waitForIdle(30_000);
    expect(cloud().mail()).toHaveLength(0);
    await expectNoDeadLetters(cloud());
  });
});

describe('with every delivery doubled', () => {
  const cloud = useDemoCloud(() => assembly, `${work.dir}/doubled`, { faults: { duplicateDeliveries: true } });

  it('still sends each involved person one invitation and each person of the network one learnings mail', async () => {
    const meetingId = await scheduleNextMeeting(cloud());
    const { experimentId, invitations, learnings } = await registerAndComplete(cloud());
    expectInvitations(invitations);
    expectLearnings(learnings);
    const proposals = (await (await call(cloud(), 'GET', `/api/meetings/${meetingId}/agenda-proposals`)).json()) as { experiments: Array<{ experimentId: string }> };
    expect(proposals.experiments.map((e) => e.experimentId)).toEqual([experimentId]);
    const s = cloud().stats();
    expect(s.faults.duplicatedEvents).toBeGreaterThan(0);
    expect(s.faults.duplicatedMessages).toBeGreaterThan(0);
    await expectNoDeadLetters(cloud());
  });
});
