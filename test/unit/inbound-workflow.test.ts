// The inbound workflow with in-memory ports: what a received mail turns into (events, forwards)
// and how rsvp-received from a calendar becomes an answer, idempotently.
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { applyCalendarAnswer, receiveMail, type InboundPorts } from '../../functions/inbound/workflow.js';
import type { DetailInput, DetailType } from '../../functions/contract/events.js';
import type { ComposedMail } from '../../functions/mail/mime.js';
import { settings } from '../support/mail-fixtures.js';
import { acceptIcs, calendarReplyMail, rfc5322 } from '../support/received-mail.js';

const meetingId = '3f2a9c1e-0b7d-4f1a-9e2b-5c8d7a6b4e10';
const received = new Date('2027-03-01T11:00:00Z');

function mime(headers: string[], body: string, calendar?: string): Uint8Array {
  if (calendar === undefined) return Buffer.from([...headers, 'Content-Type: text/plain; charset=UTF-8', '', body, ''].join('\r\n'));
  return Buffer.from([
    ...headers, 'MIME-Version: 1.0', 'Content-Type: multipart/alternative; boundary="b"', '',
    '--b', 'Content-Type: text/plain; charset=UTF-8', '', body,
    '--b', 'Content-Type: text/calendar; charset=UTF-8; method=REPLY', '', calendar,
    '--b--', '',
  ].join('\r\n'));
}

const replyIcs = (attendee: string, sequence: number) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//T//EN', 'METHOD:REPLY', 'BEGIN:VEVENT',
  `UID:${meetingId}@samskab`, `SEQUENCE:${sequence}`, 'DTSTAMP:20270301T101500Z', `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${attendee}`, 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

function ports(raw: Uint8Array) {
  const published: Array<DetailInput<typeof DetailType.RsvpReceived>> = [];
  const sent: string[] = [];
  const mails: ComposedMail[] = [];
  const forwarded = new Set<string>();
  const answers = new Map<string, { answer: string; at: string }>();
  const p: InboundPorts = {
    readRawMail: async () => raw,
    personByAddress: async (email) => (email === 'mette.kjaer@kolding.example.com' ? { personId: 'mette-kjaer' } : undefined),
    getMeeting: async () => ({ meetingId, version: 2, status: 'scheduled', startsAt: '2027-03-04T12:00:00Z', endsAt: '2027-03-04T15:00:00Z' }) as never,
    getInvitation: async (_m, personId) => (personId === 'mette-kjaer' ? ({ invitedVersion: 2 } as never) : undefined),
    saveAnswer: async (_m, personId, answer, at) => {
      const before = answers.get(personId);
      if (before && before.at > at.toISOString()) return 'older';
      answers.set(personId, { answer, at: at.toISOString() });
      return 'recorded';
    },
    publish: async (_t, detail) => {
      published.push(detail as never);
      return 'id';
    },
    settings: () => settings,
    facilitators: async () => [{ name: 'Camilla Nørby', email: 'camilla.norby@example.org' }],
    wasForwarded: async (id) => forwarded.has(id),
    markForwarded: async (id) => void forwarded.add(id),
    send: async (mail) => {
      sent.push(mail.to);
      mails.push(mail);
    },
    now: () => received,
  };
  return { p, published, sent, mails, answers };
}

describe('receiveMail', () => {
  it('publishes a calendar answer for the ATTENDEE with the version its SEQUENCE names, and forwards nothing', async () => {
    const { p, published, sent } = ports(mime(['From: mette@private.example', 'To: svar@example.org', 'Subject: Accepted'], 'Accepted', replyIcs('Mette.Kjaer@kolding.example.com', 1)));
    expect(await receiveMail({ messageId: 'm1', receivedAt: received }, p)).toEqual({ status: 'answers', published: 1, unmatched: 0 });
    expect(published).toEqual([{ meetingId, personId: 'mette-kjaer', answer: 'accept', answeredAt: '2027-03-01T10:15:00.000Z', via: 'calendar', version: 2 }]);
    expect(sent).toEqual([]);
  });

  it('forwards a REPLY from an address nobody holds, so a person can judge it', async () => {
    const { p, published, sent } = ports(mime(['From: x@example.com', 'To: svar@example.org', 'Subject: Accepted'], 'Accepted', replyIcs('alias@example.com', 1)));
    expect(await receiveMail({ messageId: 'm2', receivedAt: received }, p)).toMatchObject({ status: 'answers', published: 0, unmatched: 1 });
    expect(published).toEqual([]);
    expect(sent).toEqual(['camilla.norby@example.org']);
  });

  it('forwards a plain reply once per message, and drops automatic answers', async () => {
    const plain = ports(mime(['From: Aksel <aksel@example.com>', 'To: svar@example.org', 'Subject: Spørgsmål'], 'Kan jeg tage en kollega med?'));
    expect(await receiveMail({ messageId: 'm3', receivedAt: received }, plain.p)).toEqual({ status: 'forwarded', to: 1 });
    expect(await receiveMail({ messageId: 'm3', receivedAt: received }, plain.p)).toEqual({ status: 'already-forwarded' });
    expect(plain.sent).toEqual(['camilla.norby@example.org']);
    const auto = ports(mime(['From: a@example.com', 'To: svar@example.org', 'Subject: Out of office', 'Auto-Submitted: auto-replied'], 'Away'));
    expect(await receiveMail({ messageId: 'm4', receivedAt: received }, auto.p)).toMatchObject({ status: 'dropped' });
    expect(auto.sent).toEqual([]);
  });

  it('reads the base64 calendar part Outlook sends inline and again as invite.ics as one answer', async () => {
    const { p, published, sent } = ports(await calendarReplyMail(acceptIcs(`${meetingId}@samskab`, 'mette.kjaer@kolding.example.com', 1)));
    expect(await receiveMail({ messageId: 'm5', receivedAt: received }, p)).toEqual({ status: 'answers', published: 1, unmatched: 0 });
    expect(published).toMatchObject([{ meetingId, personId: 'mette-kjaer', answer: 'accept', version: 2 }]);
    expect(sent).toEqual([]);
  });

  it('forwards a Windows-1252 quoted-printable reply with its text and subject decoded, Reply-To the sender', async () => {
    const { p, mails } = ports(rfc5322([
      'From: =?iso-8859-1?Q?S=F8ren_=D8stergaard?= <soren@example.dk>', 'To: svar@example.org',
      'Subject: =?windows-1252?Q?Sp=F8rgsm=E5l_om_m=F8det_=96_torsdag?=', 'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: quoted-printable', '',
      'Kan jeg tage en kollega med til m=F8det? Prisen var 20 =80 =96 er det stadig rigtigt?', '',
    ]));
    expect(await receiveMail({ messageId: 'm6', receivedAt: received }, p)).toEqual({ status: 'forwarded', to: 1 });
    const forwarded = await simpleParser(Buffer.from(mails[0]!.raw));
    expect(forwarded.subject).toBe('Fwd: Spørgsmål om mødet – torsdag');
    expect(forwarded.replyTo?.value).toEqual([{ name: 'Søren Østergaard', address: 'soren@example.dk' }]);
    expect(forwarded.text).toContain('Kan jeg tage en kollega med til mødet? Prisen var 20 € – er det stadig rigtigt?');
  });
});

describe('applyCalendarAnswer', () => {
  const detail = { schemaVersion: 1 as const, meetingId, personId: 'mette-kjaer', answer: 'accept' as const, answeredAt: '2027-03-01T10:15:00.000Z', via: 'calendar' as const, version: 2 };

  it('records the answer for the current version; the same event again changes nothing', async () => {
    const { p, answers } = ports(new Uint8Array());
    expect(await applyCalendarAnswer(detail, p)).toEqual({ status: 'recorded' });
    const first = answers.get('mette-kjaer');
    expect(await applyCalendarAnswer(detail, p)).toEqual({ status: 'recorded' });
    expect(answers.get('mette-kjaer')).toEqual(first);
  });

  it('ignores an answer to an older version, and link answers (the api recorded those)', async () => {
    const { p, answers } = ports(new Uint8Array());
    expect(await applyCalendarAnswer({ ...detail, version: 1 }, p)).toMatchObject({ status: 'ignored' });
    expect(await applyCalendarAnswer({ ...detail, via: 'link' }, p)).toMatchObject({ status: 'ignored' });
    expect(answers.size).toBe(0);
  });
});
