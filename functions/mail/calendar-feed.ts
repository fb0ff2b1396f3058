// A person's calendar feed (GET /calendar/{token}.ics, functions/api/calendar-feed-routes.ts): the
// meetings they are invited to as they are now, one VEVENT each from the same builder as the
// invitations' calendar part (same UID and SEQUENCE), so a client that has both sees one event.
import type { MeetingSnapshot, Recipient } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { escapeText, foldLine, partstatOf, PRODID, vevent, vtimezone } from './calendar.js';
import { httpUrl } from './escape.js';

export interface FeedMeeting {
  meeting: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl' | 'agenda'>;
  /** A cancelled meeting stays in the feed as STATUS:CANCELLED, so clients remove it. */
  cancelled: boolean;
  answer?: 'accept' | 'decline' | 'maybe';
}

export interface FeedInput {
  person: Pick<Recipient, 'name' | 'email'>;
  settings: Pick<NetworkSettings, 'name' | 'timeZone' | 'replyAddress' | 'senderAddress'>;
  meetings: readonly FeedMeeting[];
  now: Date;
}

/**
 * No METHOD: a subscribed calendar is a published copy, not an iTIP message (RFC 5545 3.7.2), so
 * clients show it read-only and answering stays with the invitation and its links.
 */
export function buildCalendarFeed({ person, settings, meetings, now }: FeedInput): string {
  const years = meetings.flatMap(({ meeting }) => [new Date(meeting.startsAt).getUTCFullYear(), new Date(meeting.endsAt).getUTCFullYear()]);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(settings.name)}`,
    `X-WR-TIMEZONE:${escapeText(settings.timeZone)}`,
    ...(years.length > 0 ? vtimezone(settings.timeZone, Math.min(...years), Math.max(...years)) : []),
    ...meetings.flatMap(({ meeting, cancelled, answer }) =>
      vevent({
        method: cancelled ? 'CANCEL' : 'REQUEST',
        meeting,
        recipient: person,
        settings,
        description: feedDescription(meeting),
        partstat: partstatOf(answer),
        now,
      }),
    ),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The agenda and the online link; the invitation mail has everything else. */
function feedDescription(meeting: FeedMeeting['meeting']): string {
  const lines = meeting.agenda.map((item, i) => `${i + 1}. ${item}`);
  const online = httpUrl(meeting.onlineUrl);
  if (online) lines.push('', online);
  return lines.join('\n');
}
