// End to end in the local cloud, with every event and queue message delivered twice: a meeting's
// whole life through the HTTP API and the links in its mails. Answer by following a link taken
// from the mail (GET shows, only POST records), move the clock past reminders (non-decliners only,
// once each), reschedule (updates with METHOD:REQUEST, same UID, SEQUENCE raised; no reminder of
// the old version fires), cancel another meeting (METHOD:CANCEL, higher SEQUENCE; its reminders
// never fire), follow up after the end, leave a reflection; bad tokens and forbidden transitions
// change nothing. Each step clears the captured mail and checks exactly who got what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, countBy, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-lifecycle');
let cloud: LocalCloud;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const startA = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
const startB = startA + 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const KOLDING = ['mette.kjaer@kolding.example.com', 'jonas.bech@kolding.example.com', 'birgitte.lund@kolding.example.com', 'aksel.holm@kolding.example.com'];
const JANE = 'jane.doe@example.com';
const INVITEES_A = [...KOLDING, JANE].sort();
const DECLINER = 'jonas.bech@kolding.example.com';
const NON_DECLINERS_A = INVITEES_A.filter((e) => e !== DECLINER);
const INVITEES_B = ['anne.marie.friis@varde.example.com', 'rasmus.krogh@varde.example.com', 'ida.soendergaard@varde.example.com', 'oliver.smith@varde.example.com'].sort();

const meetingA = {
  title: 'Netværksmøde: politiske paradokser',
  agenda: ['Velkomst', 'Oplæg'],
  startsAt: iso(startA),
  endsAt: iso(startA + 3 * HOUR),
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding'] },
  inspirers: [{ name: 'Jane Doe', email: JANE, topic: 'Co-creation across borders', language: 'en' }],
};
const meetingB = { ...meetingA, title: 'Netværksmøde i Varde', startsAt: iso(startB), endsAt: iso(startB + 3 * HOUR), place: 'Varde Rådhus', hostMunicipality: 'Varde', audience: { municipalities: ['Varde'] }, inspirers: [] };

interface Mail { to: string; parsed: ParsedMail; text: string; calendar?: ICAL.Component }

async function mails(): Promise<Mail[]> {
  return Promise.all(cloud.mail().map(async (m) => {
    const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
    const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const calendar = part ? new ICAL.Component(ICAL.parse(part.content.toString('utf8')) as unknown[]) : undefined;
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
    return { to: to[0] ?? '', parsed, text: `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}`, ...(calendar ? { calendar } : {}) };
  }));
}

/** Runs a step and returns the mail it caused, after checking each recipient got exactly one. */
async function step(action: () => Promise<unknown>): Promise<Mail[]> {
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  await action();
  await cloud.waitForIdle(120_000);
  const got = await mails();
  const twice = [...countBy(got, (m) => m.to)].filter(([, n]) => n > 1);
  expect(twice, 'recipients mailed more than once in this step').toEqual([]);
  return got;
}

const recipients = (ms: Mail[]) => ms.map((m) => m.to).sort();
const method = (m: Mail) => m.calendar?.getFirstPropertyValue('method');
const vevent = (m: Mail) => m.calendar!.getFirstSubcomponent('vevent')!;
const uid = (m: Mail) => String(vevent(m).getFirstPropertyValue('uid'));
const sequence = (m: Mail) => Number(vevent(m).getFirstPropertyValue('sequence'));

function link(m: Mail, path: RegExp): string {
  const re = new RegExp(`https?://[^\\s"'<>]+${path.source}\\?t=[A-Za-z0-9._%-]+`);
  const found = re.exec(m.text.replace(/&amp;/g, '&'))?.[0];
  if (!found) throw new Error(`no ${path.source} link in the mail to ${m.to}`);
  return found;
}

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);
const post = (url: string, form = '') => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });

async function answers(meetingId: string): Promise<Record<string, string | null>> {
  const m = (await (await api(`/api/meetings/${meetingId}`)).json()) as { invitations: Array<{ email: string; answer: string | null; answeredAt: string | null }> };
  return Object.fromEntries(m.invitations.map((i) => [i.email, i.answer]));
}

let idA: string;
let idB: string;
let invitationsA: Mail[];
let uidA: string;
let uidB: string;

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { duplicateDeliveries: true } });
}, 240_000);
afterAll(async () => {
  if (process.env.SAMSKAB_E2E_LOGS) (await import('node:fs')).writeFileSync(process.env.SAMSKAB_E2E_LOGS, cloud?.logs().join('\n') ?? '');
  await cloud?.stop();
  work.cleanup();
});

describe('a meeting lifecycle through the API and the links in its mails', () => {
  it('schedules two meetings: one invitation per invitee with answer links', async () => {
    invitationsA = await step(async () => {
      const a = await api('/api/meetings', { method: 'POST', body: meetingA });
      expect(a.status).toBe(202);
      idA = ((await a.json()) as { meetingId: string }).meetingId;
    });
    expect(recipients(invitationsA)).toEqual(INVITEES_A);
    for (const m of invitationsA) {
      expect(method(m)).toBe('REQUEST');
      expect(sequence(m)).toBe(0);
      link(m, /\/rsvp\/accept/);
      link(m, /\/rsvp\/decline/);
      link(m, /\/rsvp\/maybe/);
    }
    uidA = uid(invitationsA[0]!);

    const invitationsB = await step(async () => {
      const b = await api('/api/meetings', { method: 'POST', body: meetingB });
      idB = ((await b.json()) as { meetingId: string }).meetingId;
    });
    expect(recipients(invitationsB)).toEqual(INVITEES_B);
    uidB = uid(invitationsB[0]!);
    expect(uidB).not.toBe(uidA);
  });

  it('records an answer only on POST from the link page, keeps the latest, and shows it to the facilitator', async () => {
    const mette = invitationsA.find((m) => m.to === 'mette.kjaer@kolding.example.com')!;
    const accept = link(mette, /\/rsvp\/accept/);
    const got = await step(async () => {
      const page = await fetch(accept);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<form');
      expect((await answers(idA))['mette.kjaer@kolding.example.com']).toBeNull();
      expect((await post(link(mette, /\/rsvp\/maybe/))).status).toBe(200);
      expect((await post(accept)).status).toBe(200);
      const jonas = invitationsA.find((m) => m.to === DECLINER)!;
      expect((await post(link(jonas, /\/rsvp\/decline/))).status).toBe(200);
    });
    expect(got).toEqual([]);
    const a = await answers(idA);
    expect(a['mette.kjaer@kolding.example.com']).toBe('accept');
    expect(a[DECLINER]).toBe('decline');
    expect(a[JANE]).toBeNull();
  });

  it('changes nothing for a tampered, foreign or garbage token', async () => {
    const jane = invitationsA.find((m) => m.to === JANE)!;
    const accept = link(jane, /\/rsvp\/accept/);
    const tampered = accept.replace(/t=([A-Za-z0-9_-])/, (_, c: string) => `t=${c === 'A' ? 'B' : 'A'}`);
    expect((await post(tampered)).status).toBe(400);
    expect((await post(accept.replace('/rsvp/accept', '/rsvp/decline'))).status).toBe(400);
    expect((await fetch(`${cloud.urls.api}/rsvp/accept?t=garbage`)).status).toBe(400);
    expect((await post(`${cloud.urls.api}/reflect?t=${accept.split('t=')[1]}`, 'reflection=hej')).status).toBe(400);
    expect((await answers(idA))[JANE]).toBeNull();
  });

  it('cancels the other meeting: METHOD:CANCEL with the same UID and a higher SEQUENCE to every invitee', async () => {
    const got = await step(async () => {
      const r = await api(`/api/meetings/${idB}/cancel`, { method: 'POST', body: { reason: 'Rådhuset er lukket' } });
      expect(r.status).toBe(202);
    });
    expect(recipients(got)).toEqual(INVITEES_B);
    for (const m of got) {
      expect(method(m)).toBe('CANCEL');
      expect(uid(m)).toBe(uidB);
      expect(sequence(m)).toBeGreaterThan(0);
    }
  });

  it('sends the 7-day reminder to everyone who has not declined, once each', async () => {
    const got = await step(() => cloud.setClock({ now: iso(startA - 168 * HOUR + HOUR) }));
    expect(recipients(got)).toEqual(NON_DECLINERS_A);
    for (const m of got) expect(uid(m)).toBe(uidA);
  });

  it('reschedules: an update to every invitee (same UID, SEQUENCE 1), and no reminder of the old version fires', async () => {
    const got = await step(async () => {
      const r = await api(`/api/meetings/${idA}`, {
        method: 'PATCH',
        body: { startsAt: iso(startA + 2 * DAY), endsAt: iso(startA + 2 * DAY + 3 * HOUR), place: 'Kolding Bibliotek' },
      });
      expect(r.status, await r.clone().text()).toBe(202);
      expect(await r.json()).toMatchObject({ version: 2, changed: ['time', 'place'] });
    });
    expect(recipients(got)).toEqual(INVITEES_A);
    for (const m of got) {
      expect(method(m)).toBe('REQUEST');
      expect(uid(m)).toBe(uidA);
      expect(sequence(m)).toBe(1);
      expect(m.text).toContain('Kolding Bibliotek');
    }
    // Past the old version's 1-day reminder (deleted) and the new version's 7-day one (due): only the latter.
    const reminders = await step(() => cloud.setClock({ now: iso(startA - 23 * HOUR) }));
    expect(recipients(reminders)).toEqual(NON_DECLINERS_A);
    for (const m of reminders) expect(sequence(m)).toBe(1);
    // The answers were kept.
    expect((await answers(idA))['mette.kjaer@kolding.example.com']).toBe('accept');
  });

  it('refuses forbidden transitions with 409 and emits nothing', async () => {
    const got = await step(async () => {
      expect((await api(`/api/meetings/${idB}`, { method: 'PATCH', body: { place: 'Andetsteds' } })).status).toBe(409);
      expect((await api(`/api/meetings/${idB}/cancel`, { method: 'POST', body: { reason: 'igen' } })).status).toBe(409);
      expect((await api(`/api/meetings/${idB}/follow-up`, { method: 'POST', body: { summary: 'x' } })).status).toBe(409);
      const early = await api(`/api/meetings/${idA}/follow-up`, { method: 'POST', body: { summary: 'x' } });
      expect(early.status).toBe(409);
      expect(((await early.json()) as { message: string }).message).toMatch(/not ended/);
      expect((await api(`/api/meetings/nope/cancel`, { method: 'POST', body: { reason: 'x' } })).status).toBe(404);
    });
    expect(got).toEqual([]);
  });

  it('follows up after the end: to every invitee who did not decline, with a reflection link; reflections are listed', async () => {
    // Past the end: the new version's 1-day reminder fires on the way but finds the meeting started.
    const passed = await step(() => cloud.setClock({ now: iso(startA + 2 * DAY + 4 * HOUR) }));
    expect(passed).toEqual([]);
    const got = await step(async () => {
      const r = await api(`/api/meetings/${idA}/follow-up`, { method: 'POST', body: { summary: 'Et godt møde', decisions: ['Vi mødes igen'], nextSteps: ['Del erfaringer'] } });
      expect(r.status).toBe(202);
    });
    expect(recipients(got)).toEqual(NON_DECLINERS_A);
    for (const m of got) expect(m.calendar).toBeUndefined();

    const mette = got.find((m) => m.to === 'mette.kjaer@kolding.example.com')!;
    const reflect = link(mette, /\/reflect/);
    const form = await fetch(reflect);
    expect(form.status).toBe(200);
    // Post what the page's own form posts: its textarea's name.
    const field = /<textarea[^>]*\bname="([^"]+)"/.exec(await form.text())?.[1];
    expect(field).toBeDefined();
    expect((await post(reflect, `${field}=`)).status).toBe(400);
    expect((await post(reflect, `${field}=${encodeURIComponent('Lærerigt <b>møde</b>')}`)).status).toBe(200);
    const list = (await (await api(`/api/meetings/${idA}/reflections`)).json()) as { reflections: Array<{ personId: string; text: string }> };
    expect(list.reflections).toEqual([expect.objectContaining({ personId: 'mette-kjaer', text: 'Lærerigt <b>møde</b>' })]);

    // Held: no more changes or answers.
    const after = await step(async () => {
      expect((await api(`/api/meetings/${idA}/follow-up`, { method: 'POST', body: { summary: 'igen' } })).status).toBe(409);
      expect((await api(`/api/meetings/${idA}/cancel`, { method: 'POST', body: { reason: 'x' } })).status).toBe(409);
      expect((await post(link(invitationsA.find((m) => m.to === JANE)!, /\/rsvp\/accept/))).status).toBeGreaterThanOrEqual(400);
    });
    expect(after).toEqual([]);
    expect((await answers(idA))[JANE]).toBeNull();

    const s = cloud.stats();
    expect(s.faults.duplicatedEvents).toBeGreaterThan(0);
    for (const [name, depth] of Object.entries(s.deadLetterQueues)) expect(depth, `DLQ ${name}`).toBe(0);
    expect(s.requests['DynamoDB']?.['Scan']).toBeUndefined();
  });
});
