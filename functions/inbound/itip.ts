// Calendar answers (iTIP REPLY, RFC 5546 3.2.3) to the network's reply address, as plain rules:
// which meeting (UID), who (ATTENDEE), what (PARTSTAT) and for which version (SEQUENCE). ORGANIZER
// is never read: some clients leave it out of a REPLY, and the reply address already says whose it is.
import type { RsvpAnswer } from '../contract/events.js';
import { normalizeAddress } from '../contract/table.js';
import { meetingIdOfUid, versionOfRequestSequence } from '../mail/calendar.js';

/** One person's answer to one meeting, read from a REPLY. */
export interface CalendarReply {
  meetingId: string;
  /** The ATTENDEE's address, normalized as the table keys addresses. */
  attendee: string;
  answer: RsvpAnswer;
  /** The meeting version answered: the REQUEST's SEQUENCE + 1 (functions/mail/calendar.ts). */
  version: number;
  /** DTSTAMP: when the attendee answered; the same on every copy of the mail. */
  answeredAt?: Date;
}

const ANSWERS: Record<string, RsvpAnswer> = { ACCEPTED: 'accept', DECLINED: 'decline', TENTATIVE: 'maybe' };

/**
 * Every answer in an iCalendar object with METHOD:REPLY: one per VEVENT and ATTENDEE whose
 * PARTSTAT is an answer (ACCEPTED, DECLINED, TENTATIVE) and whose UID is one of our meetings.
 * Anything else (another METHOD, an unknown UID, NEEDS-ACTION, DELEGATED, a single occurrence
 * with RECURRENCE-ID, which our meetings never have) gives nothing; text that is not iCalendar throws.
 */
export async function readCalendarReplies(ics: string): Promise<CalendarReply[]> {
  // ical.js is evaluated on the first calendar part, not at cold start (docs/performance.md).
  const { default: ICAL } = await import('ical.js');
  const root = new ICAL.Component(ICAL.parse(ics));
  const calendars = root.name === 'vcalendar' ? [root] : root.getAllSubcomponents('vcalendar');
  const replies: CalendarReply[] = [];
  for (const calendar of calendars) {
    if (String(calendar.getFirstPropertyValue('method') ?? '').toUpperCase() !== 'REPLY') continue;
    for (const event of calendar.getAllSubcomponents('vevent')) {
      if (event.hasProperty('recurrence-id')) continue;
      const meetingId = meetingIdOfUid(String(event.getFirstPropertyValue('uid') ?? ''));
      if (meetingId === undefined) continue;
      const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
      if (!Number.isInteger(sequence) || sequence < 0) continue;
      const stamp = event.getFirstPropertyValue('dtstamp');
      const answeredAt = stamp instanceof ICAL.Time ? stamp.toJSDate() : undefined;
      for (const attendee of event.getAllProperties('attendee')) {
        const answer = ANSWERS[String(attendee.getParameter('partstat') ?? '').toUpperCase()];
        const address = mailtoAddress(String(attendee.getFirstValue() ?? ''));
        if (answer === undefined || address === undefined) continue;
        replies.push({
          meetingId,
          attendee: address,
          answer,
          version: versionOfRequestSequence(sequence),
          ...(answeredAt !== undefined && !Number.isNaN(answeredAt.getTime()) ? { answeredAt } : {}),
        });
      }
    }
  }
  return replies;
}

/** `mailto:Anne@Example.org` (any case of the scheme) -> `anne@example.org`; anything else: undefined. */
function mailtoAddress(value: string): string | undefined {
  const match = /^mailto:(.+)$/i.exec(value.trim());
  if (!match) return undefined;
  const address = normalizeAddress(decodeURIComponent(match[1]!));
  return /^[^@\s]+@[^@\s]+$/.test(address) ? address : undefined;
}

/**
 * When the answer counts: DTSTAMP, unless it lies after the mail arrived (a client's clock ahead),
 * so copies of one mail carry one time and a REPLY can never outrank a later answer by a wrong clock.
 */
export function answerTime(reply: Pick<CalendarReply, 'answeredAt'>, receivedAt: Date): Date {
  const stamp = reply.answeredAt;
  return stamp !== undefined && stamp.getTime() <= receivedAt.getTime() ? stamp : receivedAt;
}

/** Whether a calendar answer counts: the one rule the answer links use too (domain/meeting/answer-rule.ts). */
export { decideAnswer as decideReply } from '../domain/meeting/answer-rule.js';
