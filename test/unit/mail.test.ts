import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MeetingMailJob as MailJob } from '../../functions/contract/mail-job.js';
import { NetworkSettings } from '../../functions/contract/network.js';
import { composeMail, escapeHtml } from '../../functions/mail/index.js';
import { IncompleteMailJobError } from '../../functions/mail/render.js';
import { foldLine, vtimezone } from '../../functions/mail/calendar.js';
import { headerText, sanitizeHeaderText } from '../../functions/mail/mime.js';
import { english, meetingMailJob, now, settings, type JobOverrides } from '../support/mail-fixtures.js';

/** The shared fixture with this file's longer title and agenda. */
const job = ({ meeting, ...rest }: JobOverrides = {}): MailJob =>
  meetingMailJob({
    ...rest,
    meeting: {
      title: 'Netværksmøde i Kolding: små forsøg og store spørgsmål',
      agenda: ['Velkomst og tjek-ind', 'Erfaringer fra forsøget i Varde', 'Næste skridt i Ikast-Brande'],
      ...meeting,
    },
  });

async function compose(j: MailJob) {
  const mail = await composeMail(j, settings, { now });
  const source = Buffer.from(mail.raw).toString('utf8');
  const parsed = await simpleParser(Buffer.from(mail.raw));
  return { mail, source, parsed, ics: calendarText(parsed) };
}

function calendarText(parsed: ParsedMail): string | undefined {
  return parsed.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8');
}

function vevent(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const event = root.getFirstSubcomponent('vevent')!;
  const tz = new ICAL.Timezone(root.getFirstSubcomponent('vtimezone')!);
  return { root, event, tz };
}

/** The header block of the top-level message, unfolded into one entry per header. */
function topHeaders(source: string): string[] {
  const block = source.slice(0, source.indexOf('\r\n\r\n'));
  return block.split('\r\n').reduce<string[]>((acc, line) => {
    if (/^[ \t]/.test(line)) acc[acc.length - 1] += line;
    else acc.push(line);
    return acc;
  }, []);
}

describe('invitation: MIME structure and headers', () => {
  it('nests text, HTML and a text/calendar REQUEST in multipart/alternative, plus invite.ics', async () => {
    const { source, parsed } = await compose(job());
    const contentTypes = [...source.matchAll(/^Content-Type: ([^\r\n]+)/gm)].map((m) => m[1]!.replace(/; boundary=.*/, ''));
    expect(contentTypes).toEqual([
      'multipart/mixed',
      'multipart/alternative',
      'text/plain; charset=UTF-8',
      'text/html; charset=UTF-8',
      'text/calendar; charset=UTF-8; method=REQUEST',
      'application/ics; name="invite.ics"',
    ]);
    expect(source).toContain('Content-Disposition: attachment; filename="invite.ics"');
    expect(parsed.attachments.find((a) => a.filename === 'invite.ics')?.content.toString()).toBe(calendarText(parsed));
    // Every line of the message is short: base64 at 76, headers folded.
    for (const line of source.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    for (const line of source.split('\r\n').filter((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l))) expect(line.length).toBeLessThanOrEqual(76);
    expect(source).not.toMatch(/[^\r]\n/); // CRLF only
  });

  it('sets From, To, Reply-To, Subject, Date, Message-ID, MIME-Version and no Bcc', async () => {
    const { parsed, source, mail } = await compose(job());
    expect(parsed.from?.value).toEqual([{ name: 'Samskabelsesnetværket (demo)', address: 'netvaerk@example.org' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Mette Kjær', address: 'mette.kjaer@kolding.example.com' }] });
    expect(parsed.replyTo?.value).toEqual([{ name: 'Camilla Nørby', address: 'camilla.norby@example.org' }]);
    expect(parsed.subject).toBe('Invitation: Netværksmøde i Kolding: små forsøg og store spørgsmål – 4. marts 2027');
    expect(mail.subject).toBe(parsed.subject);
    expect(mail.to).toBe('mette.kjaer@kolding.example.com');
    expect(parsed.date?.toISOString()).toBe(now.toISOString());
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]+@example\.org>$/);
    expect(parsed.headers.get('mime-version')).toBe('1.0');
    expect(parsed.headers.has('bcc')).toBe(false);
    // Non-ASCII header text travels as RFC 2047 B words of at most 75 characters.
    const subject = topHeaders(source).find((h) => h.startsWith('Subject:'))!;
    expect(subject).toMatch(/^Subject: =\?UTF-8\?B\?/);
    for (const word of subject.match(/=\?UTF-8\?B\?[^?]*\?=/g)!) expect(word.length).toBeLessThanOrEqual(75);
  });
});

describe('invitation: calendar part', () => {
  it('is a REQUEST with a stable UID, ORGANIZER, one ATTENDEE with RSVP, SEQUENCE 0 for version 1', async () => {
    const { ics } = await compose(job());
    const { root, event } = vevent(ics!);
    expect(root.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(root.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(root.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(event.getFirstPropertyValue('uid')).toBe('m-2027-03-kolding@samskab');
    expect(event.getFirstPropertyValue('sequence')).toBe(0);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(event.getFirstPropertyValue('summary')).toBe('Netværksmøde i Kolding: små forsøg og store spørgsmål');
    expect(event.getFirstPropertyValue('location')).toBe('Kolding Rådhus, Akseltorv 1, 6000 Kolding');
    expect(event.getFirstPropertyValue('url')).toBe('https://meet.example.org/samskab-marts');
    expect(event.getFirstPropertyValue('dtstamp')!.toString()).toBe('2027-02-01T09:30:00Z');
    expect(String(event.getFirstPropertyValue('description'))).toContain('2. Erfaringer fra forsøget i Varde');

    const organizer = event.getFirstProperty('organizer')!;
    // The reply address SES receiving hands to the inbound function (networks/demo.json replyAddress).
    expect(organizer.getFirstValue()).toBe('mailto:svar@example.org');
    expect(organizer.getParameter('cn')).toBe('Samskabelsesnetværket (demo)');

    const attendees = event.getAllProperties('attendee');
    expect(attendees).toHaveLength(1);
    expect(attendees[0]!.getFirstValue()).toBe('mailto:mette.kjaer@kolding.example.com');
    expect(attendees[0]!.getParameter('cn')).toBe('Mette Kjær');
    expect(attendees[0]!.getParameter('rsvp')).toBe('TRUE');
    expect(attendees[0]!.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(attendees[0]!.getParameter('role')).toBe('REQ-PARTICIPANT');
  });

  it.each([
    ['winter', '2027-03-04T13:00:00+01:00', '2027-03-04T16:00:00+01:00', '2027-03-04T12:00:00.000Z'],
    ['summer', '2027-06-10T13:00:00+02:00', '2027-06-10T16:00:00+02:00', '2027-06-10T11:00:00.000Z'],
  ])('keeps 13:00 in Europe/Copenhagen in %s, and its VTIMEZONE gives the right instant', async (_, startsAt, endsAt, utc) => {
    const { ics } = await compose(job({ meeting: { startsAt, endsAt } }));
    expect(ics).toMatch(/\r\nDTSTART;TZID=Europe\/Copenhagen:\d{8}T130000\r\n/);
    expect(ics).toMatch(/\r\nDTEND;TZID=Europe\/Copenhagen:\d{8}T160000\r\n/);
    const { event, tz } = vevent(ics!);
    expect(tz.tzid).toBe('Europe/Copenhagen');
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.hour).toBe(13);
    expect(event.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Copenhagen');
    start.zone = tz; // resolve with the calendar's own VTIMEZONE, not a zone ical.js knows already
    expect(start.toJSDate().toISOString()).toBe(utc);
    const end = event.getFirstPropertyValue('dtend') as ICAL.Time;
    end.zone = tz;
    expect(end.toJSDate().getTime() - start.toJSDate().getTime()).toBe(3 * 3600_000);
  });

  it('folds lines at 75 octets without splitting characters, and unfolds to the original text', async () => {
    const title = 'Æblegrød og østers på ålejet: '.repeat(6).trim();
    const { ics } = await compose(job({ meeting: { title }, recipient: { name: 'Åse Øberg-Ærøskøbing' } }));
    for (const line of ics!.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(vevent(ics!).event.getFirstPropertyValue('summary')).toBe(title);
  });

  it('escapes TEXT values (backslash, comma, semicolon, newline)', async () => {
    const { ics } = await compose(job({ meeting: { title: 'A; B, C\\D', agenda: ['linje 1\nlinje 2'] } }));
    expect(ics).toContain('SUMMARY:A\\; B\\, C\\\\D');
    const { event } = vevent(ics!);
    expect(event.getFirstPropertyValue('summary')).toBe('A; B, C\\D');
    expect(String(event.getFirstPropertyValue('description'))).toContain('1. linje 1\nlinje 2');
  });
});

describe('VTIMEZONE built from Intl', () => {
  const zoneAt = (tzid: string, year: number) =>
    new ICAL.Timezone(new ICAL.Component(ICAL.parse(['BEGIN:VCALENDAR', ...vtimezone(tzid, year), 'END:VCALENDAR'].join('\r\n'))).getFirstSubcomponent('vtimezone')!);
  const offsetHours = (tz: ICAL.Timezone, local: string) => tz.utcOffset(ICAL.Time.fromDateTimeString(local)) / 3600;

  it('has the Copenhagen transitions of 2026-2028 as explicit observances', () => {
    const lines = vtimezone('Europe/Copenhagen', 2027);
    const text = lines.join('\n');
    expect(text).toContain('BEGIN:DAYLIGHT\nDTSTART:20270328T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nEND:DAYLIGHT');
    expect(text).toContain('BEGIN:STANDARD\nDTSTART:20271031T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD');
    expect(lines.filter((l) => l === 'BEGIN:DAYLIGHT')).toHaveLength(3); // 2026, 2027, 2028
    const tz = zoneAt('Europe/Copenhagen', 2027);
    expect(offsetHours(tz, '2027-03-28T01:30:00')).toBe(1);
    expect(offsetHours(tz, '2027-03-28T03:30:00')).toBe(2);
    expect(offsetHours(tz, '2027-10-31T04:00:00')).toBe(1);
    expect(offsetHours(tz, '2026-01-15T12:00:00')).toBe(1);
  });

  it('works for other zones: southern hemisphere, America, and a zone without summer time', () => {
    expect(offsetHours(zoneAt('Australia/Sydney', 2027), '2027-01-15T12:00:00')).toBe(11);
    expect(offsetHours(zoneAt('Australia/Sydney', 2027), '2027-07-15T12:00:00')).toBe(10);
    expect(offsetHours(zoneAt('America/New_York', 2027), '2027-03-04T13:00:00')).toBe(-5);
    expect(offsetHours(zoneAt('America/New_York', 2027), '2027-06-10T13:00:00')).toBe(-4);
    const kolkata = vtimezone('Asia/Kolkata', 2027);
    expect(kolkata.filter((l) => l.startsWith('BEGIN:'))).toEqual(['BEGIN:VTIMEZONE', 'BEGIN:STANDARD']);
    expect(kolkata).toContain('TZOFFSETTO:+0530');
  });
});

describe('body per language', () => {
  it('Danish: every detail in the text part, in polite Danish', async () => {
    const { parsed } = await compose(job());
    const text = parsed.text!;
    for (const expected of [
      'Kære Mette Kjær',
      'Vi vil gerne invitere dig til mødet »Netværksmøde i Kolding: små forsøg og store spørgsmål«.',
      'Hvornår: torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)',
      'Hvor: Kolding Rådhus, Akseltorv 1, 6000 Kolding',
      'Online: https://meet.example.org/samskab-marts',
      'Værtskommune: Kolding',
      'Dagsorden',
      '1. Velkomst og tjek-ind',
      '3. Næste skridt i Ikast-Brande',
      'Praktiske oplysninger',
      settings.practicalInfo.text!.da,
      'https://example.org/netvaerk/praktisk',
      'Retningslinjer for deltagelse',
      settings.attendanceGuidelines!.text!.da,
      'Camilla Nørby',
      '+45 70 10 20 30',
      'camilla.norby@example.org',
      'Kalenderinvitationen er vedhæftet',
      'Venlig hilsen',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('inspirator');
    const html = parsed.html as string;
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)');
    expect(html).toContain('<a href="https://meet.example.org/samskab-marts">');
    expect(html).toContain('<li>Erfaringer fra forsøget i Varde</li>');
    expect(html).toContain('<a href="https://example.org/netvaerk/praktisk">');
  });

  it('English: English words, English practical information and date format', async () => {
    const { parsed } = await compose(job({ recipient: english }));
    const text = parsed.text!;
    expect(parsed.subject).toBe('Invitation: Netværksmøde i Kolding: små forsøg og store spørgsmål – 4 March 2027');
    for (const expected of [
      'Dear Oliver Smith',
      'We would like to invite you',
      'When: Thursday 4 March 2027, 13:00–16:00 (Danish time)',
      'Where: Kolding Rådhus',
      'Host municipality: Kolding',
      'Agenda',
      settings.practicalInfo.text!.en!,
      settings.attendanceGuidelines!.text!.en!,
      'Camilla Nørby',
      'Kind regards',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Hvornår');
    expect(text).not.toContain(settings.practicalInfo.text!.da);
    expect(parsed.html).toContain('<html lang="en">');
  });

  it('falls back to Danish practical information when there is no English text', async () => {
    const danishOnly = NetworkSettings.parse({ ...settings, practicalInfo: { text: { da: 'Kun på dansk.' } } });
    const mail = await composeMail(job({ recipient: english }), danishOnly, { now });
    expect((await simpleParser(Buffer.from(mail.raw))).text).toContain('Practical information\nKun på dansk.');
  });

  it('names the inspirer topic and why they are invited', async () => {
    const topic = 'Politiske paradokser i samskabelse';
    const da = await compose(job({ recipient: { role: 'inspirer', topic, name: 'Birgitte Lund' } }));
    expect(da.parsed.text).toContain(`Du er inviteret som inspirator med oplægget »${topic}«.`);
    expect(da.parsed.html).toContain(`Du er inviteret som inspirator med oplægget »${topic}«.`);
    const en = await compose(job({ recipient: { ...english, role: 'volunteer-consultant', topic } }));
    expect(en.parsed.text).toContain(`You are invited as an inspirer, to give a talk on “${topic}”.`);
  });

  it('leaves out a place when the meeting is online only, and puts the link in LOCATION', async () => {
    const { parsed, ics } = await compose(job({ meeting: { place: undefined } }));
    expect(parsed.text).not.toContain('Hvor:');
    expect(vevent(ics!).event.getFirstPropertyValue('location')).toBe('https://meet.example.org/samskab-marts');
  });
});

describe('user text is never markup or a header', () => {
  it('escapes <script> in title, agenda, place and names in the HTML part', async () => {
    const evil = '<script>alert("x")</script>';
    const { parsed, source } = await compose(
      job({
        meeting: { title: `Møde ${evil}`, agenda: [`Punkt ${evil}`], place: `Sal ${evil}`, hostMunicipality: `Vejle ${evil}` },
        recipient: { name: `Mette ${evil}`, role: 'inspirer', topic: `Emne ${evil}` },
      }),
    );
    const html = parsed.html as string;
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/g)!.length).toBeGreaterThanOrEqual(6);
    // The text part keeps the text as written.
    expect(parsed.text).toContain(`Punkt ${evil}`);
  });

  it('only links http(s) URLs and escapes them in href', async () => {
    const { parsed } = await compose(job({ meeting: { onlineUrl: 'javascript:alert(1)' } }));
    expect(parsed.html).not.toContain('javascript:');
    const quoted = await compose(job({ meeting: { onlineUrl: 'https://meet.example.org/a"onmouseover="x' } }));
    expect(quoted.parsed.html).not.toContain('"onmouseover');
    expect(quoted.parsed.html).toMatch(/href="https:\/\/meet\.example\.org\/a(%22|&quot;)onmouseover=(%22|&quot;)x"/);
  });

  it('CR/LF in a recipient name or title never produces an extra header', async () => {
    const { parsed, source, ics } = await compose(
      job({
        meeting: { title: 'Møde\r\nBcc: spy@evil.example\r\n\r\nbody' },
        recipient: { name: 'Mette\r\nBcc: spy@evil.example' },
      }),
    );
    const headerNames = topHeaders(source).map((h) => h.slice(0, h.indexOf(':')).toLowerCase());
    expect(headerNames).toEqual(['from', 'to', 'reply-to', 'subject', 'date', 'message-id', 'content-language', 'mime-version', 'content-type']);
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.to).toMatchObject({ value: [{ address: 'mette.kjaer@kolding.example.com' }] });
    expect(parsed.subject).not.toMatch(/[\r\n]/);
    expect(parsed.subject).toContain('Bcc: spy@evil.example');
    // The calendar is not split into extra properties either.
    const { event } = vevent(ics!);
    expect(event.getAllProperties().map((p) => p.name)).not.toContain('bcc');
    expect(event.getAllProperties('attendee')).toHaveLength(1);
  });

  it('keeps bidi controls (RLO and the like) out of the Subject and display names of the raw MIME', async () => {
    const RLO = '\u202E';
    const { parsed, source } = await compose(
      job({ meeting: { title: `Møde ${RLO}fdp.exe\u2066 i Kolding\u200F` }, recipient: { name: `${RLO}Mette\u2067 Kjær` } }),
    );
    const headerBlock = source.slice(0, source.indexOf('\r\n\r\n'));
    const bidi = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
    // Neither in the header bytes nor in what a mail client decodes from them.
    expect(headerBlock).not.toMatch(bidi);
    expect(parsed.subject).toContain('Møde fdp.exe i Kolding');
    expect(parsed.subject).not.toMatch(bidi);
    const to = parsed.to as { value: { name: string }[] };
    expect(to.value[0]!.name).toBe('Mette Kjær');
    expect(sanitizeHeaderText(`a${RLO}b\u202Dc\u2068d`)).toBe('abcd');
  });

  it('rejects an invalid address instead of writing it into a header', async () => {
    await expect(composeMail(job({ recipient: { email: 'a@example.org>\r\nBcc: spy@evil.example' } }), settings)).rejects.toThrow(/invalid email address/);
    await expect(composeMail(job({ recipient: { email: 'not-an-address' } }), settings)).rejects.toThrow(/invalid email address/);
  });

  it('quotes an ASCII display name and encodes non-ASCII text', () => {
    expect(headerText('Plain subject')).toBe('Plain subject');
    expect(headerText('Møde')).toBe(`=?UTF-8?B?${Buffer.from('Møde').toString('base64')}?=`);
    expect(headerText('looks =?like?= a word')).toMatch(/^=\?UTF-8\?B\?/);
    expect(sanitizeHeaderText('a\u0000b\u0085c\u2028d\r\n e')).toBe('a b c d e');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('keeps æøå intact in subject, names and body after parsing', async () => {
    const { parsed } = await compose(job({ meeting: { title: 'Ærø, Øster Hurup og Åbenrå' }, recipient: { name: 'Søren Østergaard' } }));
    expect(parsed.subject).toContain('Ærø, Øster Hurup og Åbenrå');
    expect(parsed.to).toMatchObject({ value: [{ name: 'Søren Østergaard' }] });
    expect(parsed.text).toContain('Kære Søren Østergaard');
    expect(parsed.html).toContain('Ærø, Øster Hurup og Åbenrå');
  });
});

describe('other mail kinds', () => {
  it('update: a REQUEST with the same UID and SEQUENCE = version - 1', async () => {
    const { parsed, ics, source } = await compose(job({ kind: 'update', meeting: { version: 3 } }));
    expect(parsed.subject).toMatch(/^Ændret: /);
    expect(parsed.text).toContain('er blevet ændret');
    expect(source).toContain('Content-Type: text/calendar; charset=UTF-8; method=REQUEST');
    const { root, event } = vevent(ics!);
    expect(root.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe('m-2027-03-kolding@samskab');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
  });

  it('cancellation: METHOD:CANCEL in the part and the file, same UID, higher SEQUENCE, STATUS:CANCELLED', async () => {
    const request = await compose(job({ kind: 'update', meeting: { version: 2 } }));
    const cancel = await compose(job({ kind: 'cancellation', meeting: { version: 2 } }));
    expect(cancel.source).toContain('Content-Type: text/calendar; charset=UTF-8; method=CANCEL');
    expect(cancel.source).not.toContain('method=REQUEST');
    const before = vevent(request.ics!).event;
    const { root, event } = vevent(cancel.ics!);
    expect(root.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(Number(event.getFirstPropertyValue('sequence'))).toBeGreaterThan(Number(before.getFirstPropertyValue('sequence')));
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancel.parsed.subject).toMatch(/^Aflyst: /);
    expect(cancel.parsed.text).toContain('Vi må desværre aflyse mødet');
    expect(cancel.parsed.text).toContain('torsdag den 4. marts 2027 kl. 13.00–16.00');
    expect(cancel.parsed.text).not.toContain('Dagsorden');
  });

  it('reminder: every detail again, and the REQUEST of the current version again', async () => {
    const { parsed, source, ics } = await compose(job({ kind: 'reminder', recipient: english, meeting: { version: 2 } }));
    expect(parsed.subject).toMatch(/^Reminder: /);
    expect(parsed.text).toContain('When: Thursday 4 March 2027, 13:00–16:00 (Danish time)');
    expect(source).toContain('Content-Type: text/calendar; charset=UTF-8; method=REQUEST');
    expect(vevent(ics!).event.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('follow-up is refused while the job lacks the meeting summary', async () => {
    await expect(composeMail(job({ kind: 'follow-up' }), settings)).rejects.toThrow(IncompleteMailJobError);
  });

  it('renders one-click answer links when the caller provides them, and leaves out non-http ones', async () => {
    const links = { rsvp: { accept: 'https://app.example.org/r/yes?t=a&b', decline: 'javascript:x', maybe: 'https://app.example.org/r/maybe?t=c' } };
    const mail = await composeMail(job(), settings, { now, links });
    const parsed = await simpleParser(Buffer.from(mail.raw));
    expect(parsed.text).toContain('Svar: Ja, jeg kommer: https://app.example.org/r/yes?t=a&b');
    expect(parsed.html).toContain('href="https://app.example.org/r/yes?t=a&amp;b"');
    expect(parsed.text).not.toContain('Nej, jeg kan ikke komme');
    expect(parsed.html).not.toContain('javascript:');
  });
});

describe('foldLine', () => {
  it('keeps short lines and folds long ones with CRLF + space', () => {
    expect(foldLine('SUMMARY:kort')).toBe('SUMMARY:kort');
    const folded = foldLine(`SUMMARY:${'ø'.repeat(100)}`);
    expect(folded.split('\r\n').every((l, i) => i === 0 || l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'ø'.repeat(100)}`);
  });

  it('counts octets, not characters: 75 octets stay on one line, a short line of multi-byte letters folds', () => {
    const ascii = `SUMMARY:${'a'.repeat(67)}`;
    expect(foldLine(ascii)).toBe(ascii);
    expect(foldLine(`${ascii}b`)).toBe(`${ascii}\r\n b`);
    const danish = `SUMMARY:${'æ'.repeat(40)}`; // 48 characters, 88 octets
    const lines = foldLine(danish).split('\r\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(foldLine(`SUMMARY:${'🙂'.repeat(20)}`).split('\r\n').every((l) => Buffer.byteLength(l, 'utf8') <= 75 && !l.includes('\uFFFD'))).toBe(true);
  });
});
