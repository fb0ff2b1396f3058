// The meeting lifecycle's mails: invitation, update, reminder, cancellation and follow-up, parsed
// as a mail client would (mailparser) with their calendar parts read by ical.js.
import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import type { MeetingMailJob } from '../../functions/contract/mail-job.js';
import { composeMail, escapeHtml, type ComposeOptions, type MailLinks } from '../../functions/mail/index.js';
import { buildMessage, extraHeader, listUnsubscribeHeaders } from '../../functions/mail/mime.js';
import { english, meetingMailJob, now, settings, type JobOverrides } from '../support/mail-fixtures.js';

const job = meetingMailJob;

const app = 'https://app.example.org';
const rsvp = {
  accept: `${app}/rsvp/accept?t=tok.accept&x=1`,
  decline: `${app}/rsvp/decline?t=tok.decline`,
  maybe: `${app}/rsvp/maybe?t=tok.maybe`,
};
const links: MailLinks = { rsvp, reflection: `${app}/reflection?t=tok.reflect`, unsubscribe: `${app}/unsubscribe?t=tok.unsub` };

/** The moved meeting of version 2: a day later, at Vejle instead of Kolding. */
const moved = { version: 2, startsAt: '2027-03-05T09:00:00+01:00', endsAt: '2027-03-05T12:00:00+01:00', place: 'Vejle Rådhus' };
const previous = {
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  place: 'Kolding Rådhus, Akseltorv 1, 6000 Kolding',
  onlineUrl: 'https://meet.example.org/samskab-marts',
};

const followUp = {
  summary: 'Vi delte erfaringer fra tre forsøg.\n\nDet stærkeste indtryk var, hvor meget borgerne selv bar.',
  decisions: ['Varde deler deres skabelon til borgermøder', 'Næste møde holdes i Aalborg'],
  nextSteps: ['Camilla sender skabelonen rundt inden 1. april', 'Alle kommuner melder et forsøg ind til maj'],
};

async function compose(j: MeetingMailJob, options: ComposeOptions = {}) {
  const mail = await composeMail(j, settings, { now, ...options });
  const source = Buffer.from(mail.raw).toString('utf8');
  const parsed = await simpleParser(Buffer.from(mail.raw));
  const ics = calendarText(parsed);
  return { mail, source, parsed, text: parsed.text ?? '', html: String(parsed.html), ics, event: ics ? vevent(ics) : undefined };
}

function calendarText(parsed: ParsedMail): string | undefined {
  return parsed.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString('utf8');
}

function vevent(ics: string) {
  const root = new ICAL.Component(ICAL.parse(ics));
  const event = root.getFirstSubcomponent('vevent')!;
  return {
    method: root.getFirstPropertyValue('method') as string,
    uid: event.getFirstPropertyValue('uid') as string,
    sequence: Number(event.getFirstPropertyValue('sequence')),
    dtstamp: (event.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate(),
    status: event.getFirstPropertyValue('status'),
    partstat: event.getFirstProperty('attendee')!.getParameter('partstat'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toString(),
    location: event.getFirstPropertyValue('location'),
  };
}

const headerLines = (parsed: ParsedMail) => parsed.headerLines.map((h) => h.line);
const listUnsubscribe = (parsed: ParsedMail) => headerLines(parsed).filter((l) => /^List-Unsubscribe/i.test(l));

describe('calendar parts across one meeting’s life', () => {
  it('keeps one UID, gives each kind its METHOD, and raises SEQUENCE: v1 = 0, v2 = 1, cancel above the last request', async () => {
    const invitation = await compose(job({ kind: 'invitation' }), { links });
    const update = await compose(job({ kind: 'update', meeting: moved, changed: ['time', 'place'], previous }), { links });
    const reminder = await compose(job({ kind: 'reminder', meeting: moved, reminderOffsetHours: 24 }), {
      links,
      now: new Date('2027-03-04T09:00:00+01:00'),
    });
    const cancel = await compose(job({ kind: 'cancellation', meeting: moved, reason: 'For få kunne deltage.' }));
    const cancelBumped = await compose(job({ kind: 'cancellation', meeting: { ...moved, version: 3 }, reason: 'Aflyst.' }));
    const followUpMail = await compose(job({ kind: 'follow-up', followUp }), { links });

    const events = [invitation, update, reminder, cancel, cancelBumped].map((m) => m.event!);
    expect(new Set(events.map((e) => e.uid))).toEqual(new Set(['m-2027-03-kolding@samskab']));
    expect(events.map((e) => e.method)).toEqual(['REQUEST', 'REQUEST', 'REQUEST', 'CANCEL', 'CANCEL']);
    expect(events.map((e) => e.sequence)).toEqual([0, 1, 1, 2, 3]);
    expect(events.map((e) => e.status)).toEqual(['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED', 'CANCELLED']);

    // The MIME part's method parameter always matches METHOD inside.
    expect(invitation.source).toContain('text/calendar; charset=UTF-8; method=REQUEST');
    expect(reminder.source).toContain('text/calendar; charset=UTF-8; method=REQUEST');
    expect(cancel.source).toContain('text/calendar; charset=UTF-8; method=CANCEL');
    expect(cancel.source).not.toContain('method=REQUEST');

    // Follow-up: no calendar at all.
    expect(followUpMail.ics).toBeUndefined();
    expect(followUpMail.source).not.toMatch(/text\/calendar|invite\.ics|application\/ics/);
  });

  it('a reminder re-sends the same revision: same UID and SEQUENCE as the update, same times, a later DTSTAMP', async () => {
    const update = await compose(job({ kind: 'update', meeting: moved, changed: ['place'], previous, answer: 'accept' }));
    const later = new Date('2027-02-26T09:00:00+01:00');
    const reminder = await compose(job({ kind: 'reminder', meeting: moved, reminderOffsetHours: 168, answer: 'accept' }), { now: later });
    const [u, r] = [update.event!, reminder.event!];
    expect(r.uid).toBe(u.uid);
    expect(r.sequence).toBe(u.sequence);
    expect(r.start).toBe(u.start);
    expect(r.location).toBe(u.location);
    expect(r.dtstamp.getTime()).toBeGreaterThan(u.dtstamp.getTime());
    // The answer the person gave is repeated, so re-applying the REQUEST resets nothing.
    expect(r.partstat).toBe('ACCEPTED');
    // A reminder for an older version is below the update and so ignored by clients.
    const stale = await compose(job({ kind: 'reminder', meeting: { version: 1 }, reminderOffsetHours: 24 }), { now: later });
    expect(stale.event!.sequence).toBeLessThan(u.sequence);
  });

  it('PARTSTAT: NEEDS-ACTION in invitations and after a new time, the known answer otherwise', async () => {
    const partstat = async (o: JobOverrides) => (await compose(job(o))).event!.partstat;
    expect(await partstat({ kind: 'invitation' })).toBe('NEEDS-ACTION');
    expect(await partstat({ kind: 'update', meeting: moved, changed: ['time'], previous, answer: 'accept' })).toBe('NEEDS-ACTION');
    expect(await partstat({ kind: 'update', meeting: moved, changed: ['place'], previous, answer: 'accept' })).toBe('ACCEPTED');
    expect(await partstat({ kind: 'reminder', answer: 'maybe' })).toBe('TENTATIVE');
    expect(await partstat({ kind: 'reminder' })).toBe('NEEDS-ACTION');
  });
});

describe('answer links', () => {
  it.each(['invitation', 'update', 'reminder'] as const)('%s: all three as absolute URLs in text and as buttons in HTML', async (kind) => {
    const { text, html } = await compose(job({ kind, meeting: { version: kind === 'invitation' ? 1 : 2 } }), { links });
    expect(text).toContain(`Svar: Ja, jeg kommer: ${rsvp.accept}`);
    expect(text).toContain(`Svar: Måske: ${rsvp.maybe}`);
    expect(text).toContain(`Svar: Nej, jeg kan ikke komme: ${rsvp.decline}`);
    expect(text).toContain('Svar på invitationen');
    for (const href of Object.values(rsvp)) expect(html).toContain(`href="${escapeHtml(href)}"`);
    expect(html).toContain('>Ja, jeg kommer</a>');
  });

  it('English labels', async () => {
    const { text } = await compose(job({ recipient: english }), { links });
    expect(text).toContain(`Answer: Yes, I will come: ${rsvp.accept}`);
    expect(text).toContain(`Answer: No, I cannot come: ${rsvp.decline}`);
  });

  it('a cancellation has none, even when the caller passes them', async () => {
    const { text, html } = await compose(job({ kind: 'cancellation', reason: 'Sygdom.' }), { links: { rsvp } });
    for (const href of Object.values(rsvp)) {
      expect(text).not.toContain(href);
      expect(html).not.toContain(escapeHtml(href));
    }
    expect(text).not.toContain('Svar på invitationen');
  });

  it('without links the invitation asks for an answer through the calendar', async () => {
    const { text } = await compose(job());
    expect(text).toContain('Svar gerne via din kalender');
    expect(text).not.toContain('Svar på invitationen');
  });
});

describe('update', () => {
  it('names what changed, shows previous and new time and place, and all details again', async () => {
    const { text, html, parsed } = await compose(job({ kind: 'update', meeting: moved, changed: ['time', 'place'], previous }), { links });
    expect(parsed.subject).toBe('Ændret: Netværksmøde i Kolding – 5. marts 2027');
    expect(text).toContain('Det er tidspunktet og stedet, der er ændret.');
    expect(text).toContain('Tidligere tidspunkt: torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)');
    expect(text).toContain('Nyt tidspunkt: fredag den 5. marts 2027 kl. 09.00–12.00 (dansk tid)');
    expect(text).toContain('Tidligere sted: Kolding Rådhus, Akseltorv 1, 6000 Kolding');
    expect(text).toContain('Nyt sted: Vejle Rådhus');
    // The full details again.
    for (const expected of ['Hvornår: fredag den 5. marts 2027', 'Hvor: Vejle Rådhus', 'Online: https://meet.example.org/samskab-marts', 'Dagsorden', '2. Erfaringer fra forsøget i Varde', 'Praktiske oplysninger']) {
      expect(text).toContain(expected);
    }
    expect(html).toContain('Tidligere tidspunkt');
    expect(html).toContain('Det er ændret');
  });

  it('asks people who accepted to confirm when the time changed', async () => {
    const { text, html } = await compose(job({ kind: 'update', meeting: moved, changed: ['time'], previous, answer: 'accept' }), { links });
    expect(text).toContain('Tidspunktet er ændret. Du havde sagt ja; bekræft venligst, at du stadig kan komme.');
    expect(text).toContain(`Ja, jeg kan stadig komme: ${rsvp.accept}`);
    expect(html).toContain('Tidspunktet er ændret. Du havde sagt ja; bekræft venligst, at du stadig kan komme.');
    expect(html).toMatch(new RegExp(`<a href="${escapeRegExp(escapeHtml(rsvp.accept))}"[^>]*>Ja, jeg kan stadig komme</a>`));
    const en = await compose(job({ kind: 'update', meeting: moved, changed: ['time'], previous, answer: 'accept', recipient: english }), { links });
    expect(en.text).toContain('The time has changed. You had said yes; please confirm that you can still come.');
  });

  it('does not ask for confirmation when only the place changed, or when they had not accepted', async () => {
    const placeOnly = await compose(job({ kind: 'update', meeting: { ...moved, startsAt: previous.startsAt, endsAt: previous.endsAt }, changed: ['place'], previous, answer: 'accept' }), { links });
    expect(placeOnly.text).toContain('Det er stedet, der er ændret.');
    expect(placeOnly.text).not.toContain('bekræft venligst');
    expect(placeOnly.text).not.toContain('Tidligere tidspunkt');
    const noAnswer = await compose(job({ kind: 'update', meeting: moved, changed: ['time'], previous }), { links });
    expect(noAnswer.text).not.toContain('bekræft venligst');
    const declined = await compose(job({ kind: 'update', meeting: moved, changed: ['time'], previous, answer: 'decline' }), { links });
    expect(declined.text).not.toContain('bekræft venligst');
    expect(declined.text).toContain('Du havde meldt afbud.');
  });

  it('names other changes too (agenda, online link, title) in both languages', async () => {
    const da = await compose(job({ kind: 'update', meeting: { version: 2, onlineUrl: 'https://meet.example.org/ny' }, changed: ['agenda', 'onlineUrl', 'title'], previous }));
    expect(da.text).toContain('Det er dagsordenen, onlinelinket og mødets titel, der er ændret.');
    expect(da.text).toContain('Tidligere onlinelink: https://meet.example.org/samskab-marts');
    expect(da.text).toContain('Nyt onlinelink: https://meet.example.org/ny');
    const en = await compose(job({ kind: 'update', meeting: { version: 2 }, changed: ['agenda'], recipient: english }));
    expect(en.text).toContain('What has changed: the agenda.');
    expect(en.parsed.subject).toMatch(/^Updated: /);
  });
});

describe('cancellation', () => {
  it('gives the reason, escaped in HTML, and no agenda or answer links', async () => {
    const reason = 'Oplægsholderen er blevet syg <script>alert(1)</script>';
    const { text, html, parsed } = await compose(job({ kind: 'cancellation', reason }));
    expect(parsed.subject).toBe('Aflyst: Netværksmøde i Kolding – 4. marts 2027');
    expect(text).toContain(`Årsag: ${reason}`);
    expect(html).toContain('Årsag: Oplægsholderen er blevet syg &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(text).not.toContain('Dagsorden');
  });

  it('for someone taken off the audience: says the invitation is withdrawn, still a CANCEL', async () => {
    const { text, parsed, event } = await compose(job({ kind: 'cancellation', meeting: { version: 2 }, changed: ['audience'], removedFromAudience: true }));
    expect(parsed.subject).toMatch(/^Invitation trukket tilbage: /);
    expect(text).toContain('du er ikke længere blandt de inviterede');
    expect(text).not.toContain('Vi må desværre aflyse');
    expect(event!.method).toBe('CANCEL');
    expect(event!.sequence).toBe(2);
  });
});

describe('reminder', () => {
  it('says when: "om 7 dage" and "i morgen", with the answer links and all details', async () => {
    const week = await compose(job({ kind: 'reminder', reminderOffsetHours: 168 }), { links });
    expect(week.parsed.subject).toBe('Påmindelse: Netværksmøde i Kolding – om 7 dage (4. marts 2027)');
    expect(week.text).toContain('Mødet »Netværksmøde i Kolding« er om 7 dage');
    expect(week.text).toContain('Hvornår: torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)');
    expect(week.text).toContain('Dagsorden');
    expect(week.text).toContain(`Svar: Ja, jeg kommer: ${rsvp.accept}`);
    expect(week.text).toContain('Kalenderinvitationen er vedhæftet igen');
    const day = await compose(job({ kind: 'reminder', reminderOffsetHours: 24 }));
    expect(day.parsed.subject).toBe('Påmindelse: Netværksmøde i Kolding – i morgen (4. marts 2027)');
    const en = await compose(job({ kind: 'reminder', reminderOffsetHours: 24, recipient: english }));
    expect(en.parsed.subject).toBe('Reminder: Netværksmøde i Kolding – tomorrow (4 March 2027)');
    const enWeek = await compose(job({ kind: 'reminder', reminderOffsetHours: 168, recipient: english }));
    expect(enWeek.text).toContain('is in 7 days');
  });

  it('speaks to the answer given so far', async () => {
    const none = await compose(job({ kind: 'reminder', reminderOffsetHours: 24 }), { links });
    expect(none.text).toContain('Vi har endnu ikke fået dit svar.');
    const accepted = await compose(job({ kind: 'reminder', reminderOffsetHours: 24, answer: 'accept' }), { links });
    expect(accepted.text).toContain('Du har sagt ja til at komme.');
  });
});

describe('follow-up', () => {
  it('has the summary, decisions, next steps and the reflection link; no answer links, no calendar', async () => {
    const { text, html, parsed, source } = await compose(job({ kind: 'follow-up', followUp }), { links });
    expect(parsed.subject).toBe('Opfølgning: Netværksmøde i Kolding – 4. marts 2027');
    expect(text).toContain('Her er en opfølgning på mødet »Netværksmøde i Kolding« den 4. marts 2027');
    expect(text).toContain('Opsummering\nVi delte erfaringer fra tre forsøg.\n\nDet stærkeste indtryk var');
    expect(text).toContain('Beslutninger\n- Varde deler deres skabelon til borgermøder\n- Næste møde holdes i Aalborg');
    expect(text).toContain('Næste skridt\n- Camilla sender skabelonen rundt inden 1. april');
    expect(text).toContain(`Del din refleksion: ${links.reflection}`);
    expect(html).toContain('<li>Varde deler deres skabelon til borgermøder</li>');
    expect(html).toMatch(new RegExp(`<a href="${escapeRegExp(escapeHtml(links.reflection!))}"[^>]*>Del din refleksion</a>`));
    expect(text).not.toContain(rsvp.accept);
    expect(source).not.toContain('text/calendar');
    expect(text).not.toContain('status på');
  });

  it('asks for a short status on the listed experiments, by title, when statusRequest is set', async () => {
    const statusRequest = [
      { experimentId: 'x-1', title: 'Borgerpanel om ældremad' },
      { experimentId: 'x-2', title: 'Frivillige <b>læsevenner</b>' },
    ];
    const { text, html } = await compose(job({ kind: 'follow-up', followUp: { ...followUp, statusRequest } }), { links });
    expect(text).toContain('En kort status på jeres forsøg');
    expect(text).toContain('Vi vil gerne bede dig om en kort status på forsøgene i Kolding:\n- Borgerpanel om ældremad\n- Frivillige <b>læsevenner</b>');
    expect(text).toContain('Svar blot på denne mail');
    expect(html).toContain('<li>Frivillige &lt;b&gt;læsevenner&lt;/b&gt;</li>');
    const en = await compose(job({ kind: 'follow-up', followUp: { ...followUp, statusRequest }, recipient: { ...english, municipality: 'Varde' } }));
    expect(en.text).toContain('Could you give us a short status on the experiments in Varde:');
    expect(en.text).toContain('Summary');
    expect(en.text).toContain('Next steps');
  });

  it('escapes user text in summary, decisions and next steps', async () => {
    const evil = '<script>alert("x")</script>';
    const { html } = await compose(job({ kind: 'follow-up', followUp: { summary: `Resumé ${evil}\nlinje 2`, decisions: [evil], nextSteps: [evil] } }));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Resumé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>linje 2');
  });

  it('carries RFC 8058 List-Unsubscribe headers and a footer link when an unsubscribe link is given', async () => {
    const { parsed, text, html } = await compose(job({ kind: 'follow-up', followUp }), { links });
    expect(listUnsubscribe(parsed)).toEqual([
      `List-Unsubscribe: <${links.unsubscribe}>`,
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    ]);
    expect(text).toContain(`Afmeld opfølgninger og nyhedsmails: ${links.unsubscribe}`);
    expect(text).toContain('Invitationer til møder får du stadig.');
    expect(html).toContain(`href="${escapeHtml(links.unsubscribe!)}"`);
    const without = await compose(job({ kind: 'follow-up', followUp }), { links: { reflection: links.reflection } });
    expect(listUnsubscribe(without.parsed)).toEqual([]);
    expect(without.text).not.toContain('Afmeld');
  });
});

describe('List-Unsubscribe on any kind, only when given', () => {
  it.each(['invitation', 'update', 'cancellation', 'reminder'] as const)('%s: none without an unsubscribe link', async (kind) => {
    const { parsed } = await compose(job({ kind, meeting: { version: 2 } }), { links: { rsvp } });
    expect(listUnsubscribe(parsed)).toEqual([]);
  });

  it('any kind gets them when the caller passes the link; http is dropped except to localhost', async () => {
    const invitation = await compose(job(), { links: { unsubscribe: links.unsubscribe } });
    expect(listUnsubscribe(invitation.parsed)).toHaveLength(2);
    const plain = await compose(job(), { links: { unsubscribe: 'http://app.example.org/unsubscribe?t=x' } });
    expect(listUnsubscribe(plain.parsed)).toEqual([]);
    const local = await compose(job(), { links: { unsubscribe: 'http://localhost:4566/unsubscribe?t=x' } });
    expect(listUnsubscribe(local.parsed)).toContain('List-Unsubscribe: <http://localhost:4566/unsubscribe?t=x>');
  });

  it('extra headers are CR/LF-safe: bad names are refused, values cannot start a header', async () => {
    expect(() => extraHeader({ name: 'X-Test\r\nBcc', value: 'x' })).toThrow(/header not allowed/);
    expect(() => extraHeader({ name: 'Bcc', value: 'spy@evil.example' })).toThrow(/header not allowed/);
    expect(() => extraHeader({ name: 'Content-Type', value: 'text/plain' })).toThrow(/header not allowed/);
    expect(extraHeader({ name: 'X-Note', value: 'a\r\nBcc: spy@evil.example' })).toBe('X-Note: a Bcc: spy@evil.example');
    expect(extraHeader({ name: 'X-Note', value: 'Møde' })).toMatch(/^X-Note: =\?UTF-8\?B\?/);
    const long = extraHeader({ name: 'X-Note', value: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') });
    expect(long.split('\r\n').every((l, i) => l.length <= 78 && (i === 0 || l.startsWith(' ')))).toBe(true);
    expect(() => listUnsubscribeHeaders('javascript:alert(1)')).toThrow(/https/);

    const raw = buildMessage({
      from: { email: 'a@example.org' },
      to: { email: 'b@example.org' },
      subject: 's',
      date: now,
      text: 't',
      html: 'h',
      headers: [{ name: 'X-Note', value: 'x\r\n\r\n<html>injected' }, ...listUnsubscribeHeaders('https://app.example.org/u?t=a"b<c>')],
    });
    const parsed = await simpleParser(Buffer.from(raw));
    expect(parsed.headers.has('bcc')).toBe(false);
    expect(parsed.text?.trim()).toBe('t');
    expect(parsed.html).toBe('h');
    expect(headerLines(parsed)).toContain('List-Unsubscribe: <https://app.example.org/u?t=a%22b%3Cc%3E>');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
