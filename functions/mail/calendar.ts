// The calendar part (RFC 5545): one VEVENT written in the network's time zone with its VTIMEZONE,
// so a meeting at 13:00 stays at 13:00 in every client across summer time.
import type { MeetingSnapshot, Recipient } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { replyAddressOf } from '../contract/reply-address.js';
import { offsetMinutesAt } from '../domain/zoned-time.js';
import { httpUrl } from './escape.js';

export type CalendarMethod = 'REQUEST' | 'CANCEL';
export type PartStat = 'NEEDS-ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

/** The iCalendar PARTSTAT of an answer given through the answer links. */
export const partstatOf = (answer: 'accept' | 'decline' | 'maybe' | undefined): PartStat =>
  answer === 'accept' ? 'ACCEPTED' : answer === 'decline' ? 'DECLINED' : answer === 'maybe' ? 'TENTATIVE' : 'NEEDS-ACTION';

export const PRODID = '-//Samskab//Samskab mail//DA';

const UID_DOMAIN = '@samskab';

/** Stable per meeting, so updates and cancellations replace the same calendar entry. */
export const calendarUid = (meetingId: string) => `${meetingId}${UID_DOMAIN}`;

/** The meeting a UID names (the inverse of calendarUid); undefined for any other UID. */
export function meetingIdOfUid(uid: string): string | undefined {
  if (!uid.endsWith(UID_DOMAIN)) return undefined;
  const meetingId = uid.slice(0, -UID_DOMAIN.length);
  return /^[A-Za-z0-9-]{1,64}$/.test(meetingId) ? meetingId : undefined;
}

/**
 * Version 1 is SEQUENCE 0 and every reschedule adds one. A cancellation of version n gets n,
 * strictly above the n - 1 of the last request, whether or not the cancel bumped the version.
 *
 * The SEQUENCE comes from the meeting version alone, never from the mail kind, so every REQUEST
 * of one version (its invitations, updates and reminders) carries the same SEQUENCE. Sending that
 * REQUEST again, as a reminder does, is harmless (RFC 5546 2.1.5): same UID, same SEQUENCE, same
 * content and a later DTSTAMP is the same revision of the event, which clients apply in place
 * without a new entry or a reset answer; a reminder for an older version has a lower SEQUENCE than
 * the update the person already has, so clients ignore it as out of date.
 */
export const sequenceFor = (method: CalendarMethod, version: number) => (method === 'REQUEST' ? version - 1 : version);

/** The version whose REQUEST carried this SEQUENCE: a REPLY repeats the SEQUENCE it answers. */
export const versionOfRequestSequence = (sequence: number) => sequence + 1;

export interface CalendarInput {
  method: CalendarMethod;
  meeting: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl'>;
  recipient: Pick<Recipient, 'name' | 'email'>;
  settings: Pick<NetworkSettings, 'name' | 'timeZone' | 'replyAddress' | 'senderAddress'>;
  /** Short plain text; the mail body carries the full details. */
  description: string;
  /**
   * The attendee's status as the organizer knows it (RFC 5546 2.1.3): NEEDS-ACTION until they
   * answer, and again after a change of time; a reminder repeats their answer, so it resets nothing.
   */
  partstat?: PartStat;
  now: Date;
}

export function buildCalendar(input: CalendarInput): string {
  const { method, meeting, settings } = input;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    ...vtimezone(settings.timeZone, new Date(meeting.startsAt).getUTCFullYear(), new Date(meeting.endsAt).getUTCFullYear()),
    ...vevent(input),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/**
 * One meeting's VEVENT (unfolded lines): the invitations' calendar part and the personal feed
 * (functions/mail/calendar-feed.ts) share it, so a feed entry and a mailed one are the same event.
 */
export function vevent(input: CalendarInput): string[] {
  const { method, meeting, recipient, settings, now } = input;
  const tz = settings.timeZone;
  const start = new Date(meeting.startsAt);
  const end = new Date(meeting.endsAt);
  const onlineUrl = httpUrl(meeting.onlineUrl);
  const location = meeting.place || onlineUrl;
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(calendarUid(meeting.meetingId))}`,
    `SEQUENCE:${sequenceFor(method, meeting.version)}`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${tzParam(tz)}:${localStamp(start, tz)}`,
    `DTEND;TZID=${tzParam(tz)}:${localStamp(end, tz)}`,
    `SUMMARY:${escapeText(meeting.title)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    ...(onlineUrl ? [`URL:${onlineUrl}`] : []),
    `DESCRIPTION:${escapeText(input.description)}`,
    // The reply address, which SES receiving hands to the inbound function: an attendee's
    // "Accept" in Outlook or Gmail (an iTIP REPLY) becomes their answer (functions/inbound).
    `ORGANIZER;CN=${paramValue(settings.name)}:mailto:${replyAddressOf(settings)}`,
    `ATTENDEE;CN=${paramValue(recipient.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${input.partstat ?? 'NEEDS-ACTION'};RSVP=TRUE:mailto:${recipient.email}`,
    `STATUS:${method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** TEXT value escaping (RFC 5545 3.3.11); other control characters are dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/\p{Cc}/gu, '');
}

/** A parameter value is always quoted; DQUOTE and control characters cannot appear in one. */
const paramValue = (text: string) => `"${text.replace(/["\p{Cc}]/gu, '')}"`;

/** IANA names are safe as they are (letters, digits, / _ - +), but quote anything else. */
const tzParam = (tz: string) => (/^[A-Za-z0-9/_+-]+$/.test(tz) ? tz : paramValue(tz));

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1). */
export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line, 'utf8') <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > 75) {
      out.push(current);
      current = ' '; // a continuation line starts with one space, which counts towards its 75
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const utcStamp = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;

/** Wall-clock time of an instant in the zone, as YYYYMMDDTHHMMSS. */
function localStamp(instant: Date, tz: string): string {
  return utcStamp(new Date(instant.getTime() + offsetMinutesAt(instant.getTime(), tz) * 60_000)).slice(0, -1);
}

export interface Transition {
  /** UTC instant of the change. */
  at: number;
  from: number;
  to: number;
}

const DAY = 86_400_000;

/** The offset changes between two instants: a daily scan, then a binary search to the minute. */
export function transitions(tz: string, fromMs: number, toMs: number): Transition[] {
  const found: Transition[] = [];
  let previous = offsetMinutesAt(fromMs, tz);
  for (let t = fromMs + DAY; t <= toMs; t += DAY) {
    const offset = offsetMinutesAt(t, tz);
    if (offset === previous) continue;
    let lo = t - DAY; // offset here is `previous`
    let hi = t; // offset here is `offset`
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutesAt(mid, tz) === previous) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: previous, to: offset });
    previous = offset;
  }
  return found;
}

const cachedZones = new Map<string, string[]>();

/**
 * A VTIMEZONE built from Intl for the years around the event (first year - 1 .. last year + 1):
 * one observance for the offset in force at the start of that window, then one per transition
 * with explicit DTSTART/TZOFFSETFROM/TZOFFSETTO. A zone without transitions gets one STANDARD.
 */
export function vtimezone(tz: string, firstYear: number, lastYear = firstYear): string[] {
  const key = `${tz}|${firstYear}|${lastYear}`;
  const cached = cachedZones.get(key);
  if (cached) return cached;

  const windowStart = Date.UTC(firstYear - 1, 0, 1);
  const windowEnd = Date.UTC(lastYear + 2, 0, 1);
  const initial = offsetMinutesAt(windowStart, tz);
  const observances = [
    { at: windowStart, from: initial, to: initial },
    ...transitions(tz, windowStart, windowEnd),
  ];

  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  for (const o of observances) {
    const kind = isDaylight(tz, o.at, o.to) ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      // DTSTART is the local time just before the change, in the offset that was in force.
      `DTSTART:${utcStamp(new Date(o.at + o.from * 60_000)).slice(0, -1)}`,
      `TZOFFSETFROM:${formatOffset(o.from)}`,
      `TZOFFSETTO:${formatOffset(o.to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  cachedZones.set(key, lines);
  return lines;
}

/** Daylight time is an offset above the lower of the zone's January and July offsets that year. */
function isDaylight(tz: string, at: number, offset: number): boolean {
  const year = new Date(at).getUTCFullYear();
  const standard = Math.min(offsetMinutesAt(Date.UTC(year, 0, 1), tz), offsetMinutesAt(Date.UTC(year, 6, 1), tz));
  return offset > standard;
}

const formatOffset = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
};
