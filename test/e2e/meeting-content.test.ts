// End to end in the local cloud, with every event and queue message delivered twice (issue 16): a
// meeting with its own practical text, description and reminders sends those (not the network's);
// an answer carries a comment the facilitator sees; the nudge reaches only those without an answer,
// once however often it is asked for; after a move, people who had accepted show as awaiting
// reconfirmation until they answer for the new version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import type { MeetingDetail, MeetingNudgeAnswer } from '../../functions/contract/api-types.js';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, countBy, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-meeting-content');
let cloud: LocalCloud;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const METTE = 'mette.kjaer@kolding.example.com';
const JONAS = 'jonas.bech@kolding.example.com';
const BIRGITTE = 'birgitte.lund@kolding.example.com';
const AKSEL = 'aksel.holm@kolding.example.com';
const JANE = 'jane.doe@example.com';
const INVITEES = [METTE, JONAS, BIRGITTE, AKSEL, JANE].sort();
const OWN_PRACTICAL = 'Kaffe og rundstykker fra kl. 9.30 i kantinen.';

const meeting = {
  title: 'Netværksmøde i Kolding',
  agenda: ['Velkomst', 'Oplæg'],
  startsAt: iso(start),
  endsAt: iso(start + 4 * HOUR),
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding'] },
  inspirers: [{ name: 'Jane Doe', email: JANE, topic: 'Samskabelse på tværs', language: 'da' }],
  description: 'Vi ser på, hvordan borgerbudgetter virker i praksis.',
  practicalInfo: { text: { da: OWN_PRACTICAL } },
  reminders: { enabled: true, offsetsHours: [48] },
};

interface Mail { to: string; text: string }

async function mails(): Promise<Mail[]> {
  return Promise.all(cloud.mail().map(async (m) => {
    const parsed = await simpleParser(Buffer.from(m.raw!, 'base64'));
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
    return { to: to[0] ?? '', text: `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}` };
  }));
}

async function step(action: () => Promise<unknown>): Promise<Mail[]> {
  await cloud.waitForIdle(60_000);
  await cloud.clearMail();
  await action();
  await cloud.waitForIdle(120_000);
  const got = await mails();
  expect([...countBy(got, (m) => m.to)].filter(([, n]) => n > 1), 'recipients mailed more than once in this step').toEqual([]);
  return got;
}

const recipients = (ms: Mail[]) => ms.map((m) => m.to).sort();
const mailTo = (ms: Mail[], to: string) => ms.find((m) => m.to === to)!;

function link(m: Mail, path: RegExp): string {
  const re = new RegExp(`https?://[^\\s"'<>]+${path.source}\\?t=[A-Za-z0-9._%-]+`);
  const found = re.exec(m.text.replace(/&amp;/g, '&'))?.[0];
  if (!found) throw new Error(`no ${path.source} link in the mail to ${m.to}`);
  return found;
}

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);
const post = (url: string, form = '') => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
const detail = async (id: string) => (await (await api(`/api/meetings/${id}`)).json()) as MeetingDetail;
const invitee = (m: MeetingDetail, email: string) => m.invitations.find((i) => i.email === email)!;

let id: string;
let invitations: Mail[];

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { duplicateDeliveries: true } });
}, 240_000);
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

describe("a meeting's own texts and reminders, the nudge and reconfirmation", () => {
  it("invites with the meeting's own practical text and description, and tells everyone who the inspirer is", async () => {
    invitations = await step(async () => {
      const r = await api('/api/meetings', { method: 'POST', body: meeting });
      expect(r.status, await r.clone().text()).toBe(202);
      id = ((await r.json()) as { meetingId: string }).meetingId;
    });
    expect(recipients(invitations)).toEqual(INVITEES);
    for (const m of invitations) {
      expect(m.text).toContain(OWN_PRACTICAL);
      expect(m.text).not.toContain('Der er kaffe og frugt');
      expect(m.text).toContain('Vi ser på, hvordan borgerbudgetter virker i praksis.');
      expect(m.text).toContain('Jane Doe: »Samskabelse på tværs«');
      // No online link: nobody is told to join online instead.
      expect(m.text).not.toMatch(/online via linket/);
    }
    expect(mailTo(invitations, JANE).text).toContain('inviteret som inspirator til et møde i');
    const m = await detail(id);
    expect(m.reminderStatus).toMatchObject({ enabled: true, custom: true, offsetsHours: [48], sent: [], next: { offsetHours: 48 } });
  });

  it('keeps the comment given with an answer and shows it to the facilitator', async () => {
    const got = await step(async () => {
      expect((await post(link(mailTo(invitations, METTE), /\/rsvp\/accept/), 'v=1&comment=Vegetar%2C+tak')).status).toBe(200);
      expect((await post(link(mailTo(invitations, JONAS), /\/rsvp\/decline/), 'v=1')).status).toBe(200);
      // Too long a comment: the page says so (400) and nothing is recorded.
      expect((await post(link(mailTo(invitations, AKSEL), /\/rsvp\/accept/), `v=1&comment=${'x'.repeat(501)}`)).status).toBe(400);
    });
    expect(got).toEqual([]);
    const m = await detail(id);
    expect(invitee(m, METTE)).toMatchObject({ answer: 'accept', comment: 'Vegetar, tak', answeredVersion: 1 });
    expect(invitee(m, JONAS).answer).toBe('decline');
    expect(invitee(m, AKSEL).answer).toBeNull();
  });

  it('nudges only those without an answer, once however often it is asked for', async () => {
    const got = await step(async () => {
      const r = await api(`/api/meetings/${id}/nudge`, { method: 'POST' });
      expect(r.status, await r.clone().text()).toBe(202);
      expect((await r.json()) as MeetingNudgeAnswer).toMatchObject({ status: 'sending', unanswered: 3 });
    });
    expect(recipients(got)).toEqual([AKSEL, BIRGITTE, JANE].sort());
    for (const m of got) expect(m.text).not.toMatch(/glæder os til at se dig/);
    const again = await step(async () => {
      const r = await api(`/api/meetings/${id}/nudge`, { method: 'POST' });
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'already-sent' });
    });
    expect(again).toEqual([]);
  });

  it("sends the meeting's own reminder (48 hours), not the network's 7-day one, and shows it went out", async () => {
    const got = await step(() => cloud.setClock({ now: iso(start - 48 * HOUR + HOUR) }));
    expect(recipients(got)).toEqual([METTE, BIRGITTE, AKSEL, JANE].sort());
    expect(mailTo(got, METTE).text).toContain('Vi glæder os til at se dig.');
    expect(mailTo(got, AKSEL).text).not.toMatch(/glæder os til at se dig/);
    const m = await detail(id);
    expect(m.reminderStatus.sent.map((s) => s.nudge ?? s.offsetHours).sort()).toEqual([48, true].sort());
    expect(m.reminderStatus.next).toBeNull();
  });

  it('after a move, shows who accepted as awaiting reconfirmation until they answer for the new time', async () => {
    const got = await step(async () => {
      const r = await api(`/api/meetings/${id}`, { method: 'PATCH', body: { startsAt: iso(start + DAY), endsAt: iso(start + DAY + 4 * HOUR) } });
      expect(r.status, await r.clone().text()).toBe(202);
    });
    expect(recipients(got)).toEqual(INVITEES);
    const update = mailTo(got, METTE);
    // One "yes" (the confirm button), not two.
    expect(update.text.match(/\/rsvp\/accept\?/g)?.length).toBe(2); // once in the text part, once in the HTML part
    let m = await detail(id);
    expect(invitee(m, METTE)).toMatchObject({ answer: 'accept', reconfirmation: 'awaiting' });
    expect(invitee(m, JONAS).reconfirmation).toBeUndefined();
    expect(m.counts.awaitingReconfirmation).toBe(1);
    expect(m.reminderStatus.next?.offsetHours).toBe(48);

    await step(async () => expect((await post(link(update, /\/rsvp\/accept/), 'v=2')).status).toBe(200));
    m = await detail(id);
    expect(invitee(m, METTE)).toMatchObject({ answer: 'accept', reconfirmation: 'confirmed', answeredVersion: 2, comment: 'Vegetar, tak' });
    expect(m.counts.awaitingReconfirmation).toBe(0);
  });
});
