// A received mail as the inbound workflow reads it (functions/inbound/message.ts), from real mail
// bytes: the charsets and transfer encodings mail clients send, calendar parts inline and attached.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../functions/inbound/message.js';
import { acceptIcs, calendarReplyMail, rfc5322 } from '../support/received-mail.js';

describe('parseMessage', () => {
  it('decodes a Windows-1252 quoted-printable reply and its encoded-word headers (€ and – are not Latin-1)', async () => {
    const message = await parseMessage(rfc5322([
      'From: =?iso-8859-1?Q?S=F8ren_=D8stergaard?= <soren@example.dk>',
      'To: svar@example.org',
      'Subject: =?windows-1252?Q?Sp=F8rgsm=E5l_om_m=F8det_=96_torsdag?=',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=windows-1252',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Kan jeg tage en kollega med til m=F8det p=E5 torsdag? Hun hedder =C6se og =',
      'kommer fra =D8lstykke. Prisen var 20 =80 =96 er det stadig rigtigt?',
      '',
    ]));
    expect(message).toEqual({
      from: { name: 'Søren Østergaard', address: 'soren@example.dk' },
      subject: 'Spørgsmål om mødet – torsdag',
      text: expect.stringMatching(/^Kan jeg tage en kollega med til mødet på torsdag\? Hun hedder Æse og kommer fra Ølstykke\. Prisen var 20 € – er det stadig rigtigt\?\s*$/),
      autoSubmitted: 'no',
      calendars: [],
      attachments: 0,
    });
  });

  it('decodes an 8bit ISO-8859-1 body', async () => {
    const message = await parseMessage(rfc5322([
      'From: aksel@example.com', 'Subject: Tilmelding', 'Content-Type: text/plain; charset=ISO-8859-1', 'Content-Transfer-Encoding: 8bit', '',
      'Jeg kommer gerne. Hilsen Åse fra Næstved', '',
    ]));
    expect(message.text.trim()).toBe('Jeg kommer gerne. Hilsen Åse fra Næstved');
  });

  it('makes the text of an html-only mail from its html, entities decoded', async () => {
    const html = '<p>Tak for invitationen &amp; dagsordenen.</p><p>Vi ses p&aring; torsdag &ndash; Søren</p>';
    const message = await parseMessage(rfc5322([
      'From: soren@example.dk', 'Subject: Tak', 'MIME-Version: 1.0', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '',
      Buffer.from(html, 'utf8').toString('base64'), '',
    ]));
    expect(message.text).toContain('Tak for invitationen & dagsordenen.');
    expect(message.text).toContain('Vi ses på torsdag – Søren');
  });

  it('gives every calendar part, base64 inline (text/calendar) and attached (invite.ics), decoded', async () => {
    const ics = acceptIcs('3f2a9c1e-0b7d-4f1a-9e2b-5c8d7a6b4e10@samskab', 'soren@example.dk', 1);
    const raw = await calendarReplyMail(ics);
    expect(raw.toString('latin1')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REPLY\r\nContent-Transfer-Encoding: base64/);
    const message = await parseMessage(raw);
    expect(message.calendars).toHaveLength(2);
    for (const part of message.calendars) expect(part.replace(/\r?\n/g, '\r\n')).toBe(ics);
    expect(message.text.trim()).toBe('Søren Østergaard har accepteret.');
    expect(message.subject).toBe('Accepteret: Netværksmøde i Kolding');
    expect(message.attachments).toBe(2);
  });

  it("reads Auto-Submitted's keyword without its parameters; a missing or group-only From gives no sender", async () => {
    const auto = await parseMessage(rfc5322(['From: undisclosed-recipients:;', 'Auto-Submitted: Auto-Replied; owner-email="a@example.com"', 'Subject: Out of office', '', 'Away', '']));
    expect(auto).toMatchObject({ autoSubmitted: 'auto-replied', subject: 'Out of office' });
    expect(auto.from).toBeUndefined();
    const none = await parseMessage(rfc5322(['Subject: hej', '', 'body', '']));
    expect(none).toMatchObject({ autoSubmitted: 'no', subject: 'hej' });
    expect(none.from).toBeUndefined();
  });
});
