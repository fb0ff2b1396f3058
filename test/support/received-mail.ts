// Mail as it reaches the network's reply address, in real bytes: for the inbound tests
// (test/unit/inbound-message.test.ts, inbound-workflow.test.ts).
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/** Literal RFC 5322 text; `latin1` keeps every char below 256 as one byte (8bit bodies). */
export const rfc5322 = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

/** What a calendar client sends on "Accept": METHOD:REPLY, one ATTENDEE with a non-ASCII CN. */
export const acceptIcs = (uid: string, attendee: string, sequence: number) =>
  [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN', 'METHOD:REPLY', 'BEGIN:VEVENT',
    `UID:${uid}`, `SEQUENCE:${sequence}`, 'DTSTAMP:20270301T101500Z',
    `ATTENDEE;PARTSTAT=ACCEPTED;CN="Søren Østergaard":mailto:${attendee}`, 'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');

/** As Outlook sends it: text and calendar as alternatives, the same object again as invite.ics, all base64. */
export const calendarReplyMail = (ics: string) =>
  new MailComposer({
    from: 'Søren Østergaard <soren@example.dk>',
    to: 'svar@example.org',
    subject: 'Accepteret: Netværksmøde i Kolding',
    text: 'Søren Østergaard har accepteret.',
    icalEvent: { method: 'REPLY', content: ics },
    textEncoding: 'base64',
  })
    .compile()
    .build();
