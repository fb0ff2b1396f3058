// The mail side of the lifecycle model (test/support/lifecycle-model.ts): every mail the local SES
// accepted, parsed down to what the invariant of issue 13 talks about, and the invariant itself.
//
// For every invitee, the calendar object that wins in their calendar (the highest SEQUENCE; at an
// equal SEQUENCE the later DTSTAMP, as iTIP clients decide, RFC 5546 2.1.5) is the meeting's final
// state: METHOD:CANCEL after a cancel, else a REQUEST with the final version's SEQUENCE, DTSTART,
// DTEND and LOCATION. Nobody gets the same (meeting, version, kind, person) twice.
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import type { CapturedMail } from '../../local/aws-endpoint/ses-proxy.js';

export interface CalendarObject {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  /** UTC, as written (yyyymmddThhmmssZ after ical.js: 2027-09-02T13:00:00Z). */
  dtstamp: string;
  /** Local wall-clock time in the meeting's zone, e.g. 2027-09-02T13:00:00. */
  dtstart: string;
  dtend: string;
  location: string;
}

export interface ModelMail {
  to: string;
  subject: string;
  text: string;
  calendar?: CalendarObject;
}

/** The mails of one run (their subject carries the run's meeting title), parsed. */
export async function mailsAbout(captured: readonly CapturedMail[], title: string): Promise<ModelMail[]> {
  const out: ModelMail[] = [];
  for (const m of captured) {
    if (m.raw === undefined) throw new Error(`mail ${m.messageId} has no raw MIME`);
    const parsed = await simpleParser(Buffer.from(m.raw, 'base64'));
    const subject = parsed.subject ?? '';
    if (!subject.includes(title)) continue;
    const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
    const part = parsed.attachments.find((a) => a.contentType === 'text/calendar');
    const text = `${parsed.text ?? ''}\n${typeof parsed.html === 'string' ? parsed.html : ''}`;
    out.push({ to: to[0] ?? '', subject, text, ...(part ? { calendar: calendarObject(part.content.toString('utf8')) } : {}) });
  }
  return out;
}

function calendarObject(ics: string): CalendarObject {
  const cal = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const ev = cal.getFirstSubcomponent('vevent');
  if (ev === null) throw new Error('a text/calendar part without a VEVENT');
  const method = String(cal.getFirstPropertyValue('method'));
  if (method !== 'REQUEST' && method !== 'CANCEL') throw new Error(`unexpected METHOD:${method}`);
  const str = (name: string) => {
    const v = ev.getFirstPropertyValue(name);
    return v === null ? '' : String(v);
  };
  return { method, uid: str('uid'), sequence: Number(str('sequence')), dtstamp: str('dtstamp'), dtstart: str('dtstart'), dtend: str('dtend'), location: str('location') };
}

/** An instant as the wall-clock time ical.js reads from DTSTART;TZID=<zone>. */
export function localTime(instantMs: number, timeZone: string): string {
  const f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return f.format(new Date(instantMs)).replace(' ', 'T');
}

/** Which calendar object a client keeps: the higher SEQUENCE, then the later DTSTAMP. */
const newer = (a: CalendarObject, b: CalendarObject) => a.sequence - b.sequence || a.dtstamp.localeCompare(b.dtstamp);

export interface FinalState {
  uid: string;
  status: 'scheduled' | 'cancelled' | 'held';
  version: number;
  /** Local wall-clock times as localTime() writes them. */
  dtstart: string;
  dtend: string;
  location: string;
  /** Who the final audience is (lower-case addresses). */
  audience: ReadonlySet<string>;
  /** Everyone any accepted version invited. */
  everInvited: ReadonlySet<string>;
  /**
   * Whose last mail the meeting page shows as 'unconfirmed': a mailer died holding its claim, and
   * (by the mailer's design: at most once) it is never sent again. Only a missing mail is excused
   * by it, never a wrong one.
   */
  unconfirmed: ReadonlySet<string>;
}

/** The invariant's violations (empty when it holds), at most a few examples of each. */
export function violations(mails: readonly ModelMail[], final: FinalState): string[] {
  const found: string[] = [];
  const add = (what: string, examples: string[]) => {
    if (examples.length > 0) found.push(`${what} (${examples.length}): ${examples.slice(0, 4).join('; ')}`);
  };

  // (meeting, version, kind, person): the subject names the kind (and a reminder's offset), the
  // calendar object the version; a follow-up has no calendar object and is sent once per meeting.
  const keyOf = (m: ModelMail) => `${m.to} | ${m.calendar ? `${m.calendar.uid} ${m.calendar.method} ${m.calendar.sequence}` : 'no calendar'} | ${m.subject}`;
  const counts = new Map<string, number>();
  for (const m of mails) counts.set(keyOf(m), (counts.get(keyOf(m)) ?? 0) + 1);
  add('the same (meeting, version, kind, person) mailed more than once', [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${n}x ${k}`));

  add('mail to someone no accepted version invited', mails.filter((m) => !final.everInvited.has(m.to)).map((m) => `${m.to}: ${m.subject}`));
  const foreign = mails.filter((m) => m.calendar !== undefined && m.calendar.uid !== final.uid);
  add('calendar objects with another UID', foreign.map((m) => `${m.to}: ${m.calendar!.uid}`));

  const latest = new Map<string, CalendarObject>();
  const tied = new Set<string>();
  for (const m of mails) {
    if (m.calendar === undefined || m.calendar.uid !== final.uid) continue;
    const held = latest.get(m.to);
    const order = held ? newer(m.calendar, held) : 1;
    if (order > 0) {
      latest.set(m.to, m.calendar);
      tied.delete(m.to);
    } else if (order === 0 && held && describe(held) !== describe(m.calendar)) {
      tied.add(m.to);
    }
  }
  add('two different calendar objects with the same SEQUENCE and DTSTAMP (a client cannot tell which is current)', [...tied]);

  const cancelled = final.status === 'cancelled';
  const wrong: string[] = [];
  for (const [person, cal] of latest) {
    // Someone taken off the audience holds the cancellation of the version that removed them.
    const ok = !final.audience.has(person)
      ? cal.method === 'CANCEL'
      : cancelled
        ? cal.method === 'CANCEL' && cal.sequence === final.version
        : describe(cal) === `REQUEST seq ${final.version - 1} ${final.dtstart}..${final.dtend} at ${final.location}`;
    if (!ok) wrong.push(`${person} holds ${describe(cal)}, the meeting is ${final.status} at version ${final.version} (${final.dtstart}..${final.dtend} at ${final.location})${final.audience.has(person) ? '' : ', not in the final audience'}`);
  }
  add('invitees whose latest calendar object is not the final state', wrong);

  if (!cancelled) add('people of the final audience without any calendar object', [...final.audience].filter((p) => !latest.has(p) && !final.unconfirmed.has(p)));
  return found;
}

const describe = (c: CalendarObject) =>
  c.method === 'CANCEL' ? `CANCEL seq ${c.sequence}` : `REQUEST seq ${c.sequence} ${c.dtstart}..${c.dtend} at ${c.location}`;
