// End to end in the local cloud: calendar answers by mail. A REPLY (as Outlook or Gmail sends it
// when "Accept" is pressed, without ORGANIZER) goes over SMTP to the network's reply address,
// through the template's SES receipt rule (S3 action, then Lambda action) to the inbound function,
// onto the bus as rsvp-received, and becomes the answer in GET /api/meetings/{id}. A REPLY to the
// version before a move does not count for the new time; plain replies reach the facilitators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { simpleParser } from 'mailparser';
import type { LocalCloud } from '../../local/cloud.js';
import { apiFetch, demoNetwork, receivedMail, scheduleMeeting, startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-calendar-replies');
let cloud: LocalCloud;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

const METTE = 'mette.kjaer@kolding.example.com';
const JONAS = 'jonas.bech@kolding.example.com';
const FACILITATORS = ['camilla.norby@example.org', 'thomas.berg@example.org'];

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  cloud = await startDemo(assembly, `${work.dir}/data`, { faults: { duplicateDeliveries: true } });
}, 600_000);

afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

const api = (path: string, init: Parameters<typeof apiFetch>[2] = {}) => apiFetch(cloud, path, init);

async function invitations(meetingId: string): Promise<Record<string, { answer: string | null; answeredAt: string | null; reconfirmation?: string }>> {
  const m = (await (await api(`/api/meetings/${meetingId}`)).json()) as { invitations: Array<{ email: string; answer: string | null; answeredAt: string | null; reconfirmation?: string }> };
  return Object.fromEntries(m.invitations.map((i) => [i.email, { answer: i.answer, answeredAt: i.answeredAt, ...(i.reconfirmation !== undefined ? { reconfirmation: i.reconfirmation } : {}) }]));
}

/** What a calendar client sends back: METHOD:REPLY, the invitation's UID and SEQUENCE, one ATTENDEE, no ORGANIZER. */
function replyIcs(uid: string, sequence: number, attendee: string, partstat: string, dtstamp: Date): string {
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test client//EN', 'METHOD:REPLY', 'BEGIN:VEVENT',
    `UID:${uid}`, `SEQUENCE:${sequence}`, `DTSTAMP:${stamp(dtstamp)}`,
    `ATTENDEE;PARTSTAT=${partstat}:mailto:${attendee.toUpperCase()}`,
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

async function sendMail(message: SendMailOptions): Promise<void> {
  const url = new URL(cloud.urls.smtp);
  const transport = nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false, ignoreTLS: true });
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}

const sendReply = (from: string, ics: string) =>
  sendMail({ from, to: demoNetwork.replyAddress, subject: 'Accepted: Netværksmøde', text: 'Accepted', icalEvent: { method: 'REPLY', content: ics } });

describe('calendar replies to the reply address', () => {
  let meetingId: string;
  let uid: string;

  it('invites with the reply address as ORGANIZER', async () => {
    const r = await scheduleMeeting(cloud, {
      title: 'Netværksmøde om kalendersvar', agenda: ['Velkomst'], startsAt: iso(start), endsAt: iso(start + 3 * HOUR),
      place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'] }, inspirers: [],
    });
    expect(r.status, await r.clone().text()).toBe(202);
    meetingId = ((await r.json()) as { meetingId: string }).meetingId;
    await cloud.waitForIdle(120_000);
    const mette = (await receivedMail(cloud)).find((m) => m.to === METTE)!;
    const event = mette.calendar.getFirstSubcomponent('vevent')!;
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${demoNetwork.replyAddress}`);
    uid = String(event.getFirstPropertyValue('uid'));
    expect(Number(event.getFirstPropertyValue('sequence'))).toBe(0);
  });

  it('records a REPLY with PARTSTAT=ACCEPTED as the answer "accept", once however often the mail arrives', async () => {
    const ics = replyIcs(uid, 0, METTE, 'ACCEPTED', new Date(Date.now() - 60_000));
    await sendReply(METTE, ics);
    await cloud.waitForIdle(60_000);
    const first = (await invitations(meetingId))[METTE]!;
    expect(first.answer).toBe('accept');
    // The same mail delivered again (a second SES message with the same REPLY): nothing more changes.
    await cloud.clearMail();
    await sendReply(METTE, ics);
    await cloud.waitForIdle(60_000);
    expect((await invitations(meetingId))[METTE]).toEqual(first);
    expect(cloud.mail(), 'an answered REPLY is not forwarded').toEqual([]);
  });

  it('does not count a REPLY to the version before a move as confirming the new time', async () => {
    const moved = await api(`/api/meetings/${meetingId}`, { method: 'PATCH', body: { startsAt: iso(start + DAY), endsAt: iso(start + DAY + 3 * HOUR) } });
    expect(moved.status, await moved.clone().text()).toBe(202);
    await cloud.waitForIdle(120_000);
    // Jonas's client answers the old invitation (SEQUENCE 0) after the update went out.
    await sendReply(JONAS, replyIcs(uid, 0, JONAS, 'ACCEPTED', new Date(Date.now() - 1000)));
    await cloud.waitForIdle(60_000);
    expect((await invitations(meetingId))[JONAS]!.answer).toBeNull();
    // Answering the update (SEQUENCE 1) counts.
    await sendReply(JONAS, replyIcs(uid, 1, JONAS, 'DECLINED', new Date()));
    await cloud.waitForIdle(60_000);
    expect((await invitations(meetingId))[JONAS]!.answer).toBe('decline');
    // Mette accepted the first time: after the move she is asked again. Her client re-sending the old
    // acceptance (SEQUENCE 0) is no reconfirmation; accepting the update (SEQUENCE 1) is.
    expect((await invitations(meetingId))[METTE]!.reconfirmation).toBe('awaiting');
    await sendReply(METTE, replyIcs(uid, 0, METTE, 'ACCEPTED', new Date()));
    await cloud.waitForIdle(60_000);
    expect((await invitations(meetingId))[METTE]!.reconfirmation).toBe('awaiting');
    await sendReply(METTE, replyIcs(uid, 1, METTE, 'ACCEPTED', new Date()));
    await cloud.waitForIdle(60_000);
    expect((await invitations(meetingId))[METTE]).toMatchObject({ answer: 'accept', reconfirmation: 'confirmed' });
  });

  it('forwards a plain reply to the facilitators, with Reply-To the sender', async () => {
    await cloud.clearMail();
    await sendMail({ from: `Aksel Holm <aksel.holm@kolding.example.com>`, to: demoNetwork.replyAddress, subject: 'Spørgsmål om mødet', text: 'Kan jeg tage en kollega med?' });
    await cloud.waitForIdle(60_000);
    const forwarded = cloud.mail();
    expect(forwarded.flatMap((m) => m.to).sort()).toEqual(FACILITATORS);
    const parsed = await simpleParser(Buffer.from(forwarded[0]!.raw!, 'base64'));
    expect(parsed.subject).toBe('Fwd: Spørgsmål om mødet');
    expect(parsed.replyTo?.value).toEqual([{ name: 'Aksel Holm', address: 'aksel.holm@kolding.example.com' }]);
    expect(parsed.text).toContain('Kan jeg tage en kollega med?');
  });

  it('refuses mail to an address no receipt rule names, as SES does', async () => {
    await expect(sendMail({ from: METTE, to: 'someone-else@example.org', subject: 'x', text: 'x' })).rejects.toThrow(/550/);
  });
});
