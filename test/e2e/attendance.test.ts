// End to end in the local cloud, every event and queue message delivered twice: the check-in list's
// attendance, recorded through the API on the meeting's day, decides who gets the whole follow-up
// (those who came) and who a shorter note (those invited who did not), as the local SES store
// shows; bad attendance (an id nobody invited) is a 400 naming it and changes nothing; the
// participant list downloads as a Danish spreadsheet file with the attendance in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, countBy, sentMails, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-attendance');
let cloud: LocalCloud;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 10:00 UTC on a day ten days ahead: 11:00 or 12:00 in Copenhagen, the same local day.
const startA = Math.ceil((Date.now() + 10 * DAY) / DAY) * DAY + 10 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const JANE = 'jane.doe@example.com';
const INVITEES = ['mette.kjaer@kolding.example.com', 'jonas.bech@kolding.example.com', 'birgitte.lund@kolding.example.com', 'aksel.holm@kolding.example.com', JANE].sort();
const CAME = ['mette-kjaer', 'aksel-holm'];
const CAME_EMAILS = ['aksel.holm@kolding.example.com', 'mette.kjaer@kolding.example.com'];

const meeting = {
  title: 'Netværksmøde: fremmøde',
  agenda: ['Velkomst'],
  startsAt: iso(startA),
  endsAt: iso(startA + 3 * HOUR),
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding'] },
  inspirers: [{ name: 'Jane Doe', email: JANE, topic: 'Co-creation across borders', language: 'en' }],
};

interface Mail { to: string; subject: string; text: string }

const mails = (): Promise<Mail[]> => sentMails(cloud);

async function step(action: () => Promise<unknown>): Promise<Mail[]> {
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  await action();
  await cloud.waitForIdle(120_000);
  const got = await mails();
  expect([...countBy(got, (m) => m.to)].filter(([, n]) => n > 1), 'recipients mailed more than once').toEqual([]);
  return got;
}

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);

interface Detail {
  invitations: Array<{ personId: string; email: string; municipality: string | null; attended: boolean | null }>;
  attendanceSummary: { invited: number; present: number; byMunicipality: Array<{ municipality: string | null; invited: number; present: number }> } | null;
  cancellation?: { status: string; willBeTold?: number };
  followUp?: { summary: string };
}
const detail = async (id: string) => (await (await api(`/api/meetings/${id}`)).json()) as Detail;

let id: string;

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { duplicateDeliveries: true } });
}, 600_000);
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

describe('attendance through the API decides who gets which follow-up', () => {
  it('schedules, and refuses attendance before the meeting day', async () => {
    const got = await step(async () => {
      const r = await api('/api/meetings', { method: 'POST', body: meeting });
      expect(r.status).toBe(202);
      id = ((await r.json()) as { meetingId: string }).meetingId;
    });
    expect(got.map((m) => m.to).sort()).toEqual(INVITEES);
    const m = await detail(id);
    expect(m.attendanceSummary).toBeNull();
    expect(m.invitations.every((i) => i.attended === null)).toBe(true);
    // The number a cancel confirmation shows: everyone invited.
    expect(m.cancellation).toEqual({ status: 'before', willBeTold: 5 });
    const early = await api(`/api/meetings/${id}/attendance`, { method: 'PUT', body: { present: CAME } });
    expect(early.status).toBe(409);
  });

  it('records attendance on the meeting day: a 400 naming an id nobody invited changes nothing; a repeat is the same', async () => {
    await cloud.setClock({ now: iso(startA - 2 * HOUR) });
    await cloud.waitForIdle(60_000);
    const bad = await api(`/api/meetings/${id}/attendance`, { method: 'PUT', body: { present: ['mette-kjaer', 'nobody-here'] } });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Array<{ field: string; message: string }> };
    expect(body.errors).toEqual([{ field: 'present.1', message: expect.stringContaining('"nobody-here"') }]);
    expect((await detail(id)).attendanceSummary).toBeNull();

    for (let i = 0; i < 2; i++) {
      const ok = await api(`/api/meetings/${id}/attendance`, { method: 'PUT', body: { present: [...CAME, 'mette-kjaer'] } });
      expect(ok.status).toBe(200);
    }
    const m = await detail(id);
    expect(m.invitations.filter((i) => i.attended).map((i) => i.personId).sort()).toEqual(CAME.slice().sort());
    expect(m.invitations.filter((i) => i.attended === false)).toHaveLength(3);
    expect(m.attendanceSummary).toEqual({
      invited: 5,
      present: 2,
      byMunicipality: [
        { municipality: 'Kolding', invited: 4, present: 2 },
        { municipality: null, invited: 1, present: 0 },
      ],
    });
    const overview = (await (await api('/api/meetings/overview')).json()) as { upcoming: Array<{ meetingId: string; attendance: unknown }> };
    expect(overview.upcoming.find((o) => o.meetingId === id)?.attendance).toEqual(m.attendanceSummary);
  });

  it('downloads the participant list for Danish Excel', async () => {
    const r = await api(`/api/meetings/${id}/participants.csv?lang=da`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('Navn;E-mail;Kommune;Rolle;Emne;Svar;Svaret;Kommentar;Mødt op');
    expect(lines.find((l) => l.startsWith('Mette'))).toMatch(/;mette.kjaer@kolding.example.com;Kolding;[^;]+;;Intet svar;;;Ja$/);
    expect(lines.find((l) => l.startsWith('Jane Doe'))).toMatch(/;Inspirator;Co-creation across borders;Intet svar;;;Nej$/);
    expect((await api(`/api/meetings/${id}/participants.csv?lang=fr`)).status).toBe(400);
  });

  it('after the end: the whole follow-up to those who came, a shorter note to the rest, and the follow-up stays on the page', async () => {
    await cloud.setClock({ now: iso(startA + 4 * HOUR) });
    const got = await step(async () => {
      const r = await api(`/api/meetings/${id}/follow-up`, { method: 'POST', body: { summary: 'Et godt møde om fremmøde', decisions: ['Vi mødes igen'], nextSteps: ['Del erfaringer'] } });
      expect(r.status).toBe(202);
    });
    expect(got.map((m) => m.to).sort()).toEqual(INVITEES);
    for (const m of got) {
      if (CAME_EMAILS.includes(m.to)) {
        expect(m.subject).toMatch(/^Opfølgning:/);
        expect(m.text).toContain('Et godt møde om fremmøde');
      } else {
        expect(m.subject).toMatch(/^(Fra mødet|From the meeting):/);
        expect(m.text).not.toContain('Et godt møde om fremmøde');
        expect(m.text).toContain('Del erfaringer');
      }
    }
    expect((await detail(id)).followUp).toMatchObject({ summary: 'Et godt møde om fremmøde' });
    for (const [name, depth] of Object.entries(cloud.stats().deadLetterQueues)) expect(depth, `DLQ ${name}`).toBe(0);
  });
});
