// The meeting mails (invitation, update, cancellation, reminder, follow-up): the body (body.ts) and,
// for every kind but the follow-up, an iTIP calendar part (calendar.ts).
import type { MeetingMailJob, MeetingMailKind } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { isRemoval, mailContent, type BodyOptions } from './body.js';
import { buildCalendar, partstatOf, type CalendarMethod, type PartStat } from './calendar.js';
import { httpUrl, oneClickUrl } from './escape.js';
import { meetingStrings } from './meeting-texts.js';
import { networkMail, listUnsubscribeHeaders, type ComposedMail } from './mime.js';
import { renderHtml, renderText } from './render.js';

/**
 * Which iTIP method a kind carries. A reminder sends the current version's REQUEST again (same
 * UID and SEQUENCE, later DTSTAMP), which clients apply as the same revision; a follow-up has none.
 */
const calendarMethod: Record<MeetingMailKind, CalendarMethod | undefined> = {
  invitation: 'REQUEST',
  update: 'REQUEST',
  cancellation: 'CANCEL',
  reminder: 'REQUEST',
  'follow-up': undefined,
};

export function composeMeetingMail(job: MeetingMailJob, settings: NetworkSettings, options: BodyOptions & { now?: Date } = {}): ComposedMail {
  const now = options.now ?? new Date();
  const content = mailContent(job, settings, options);
  const method = calendarMethod[job.kind];
  const unsubscribe = oneClickUrl(options.links?.unsubscribe);

  return networkMail(settings, job.recipient, {
    replyTo: { name: settings.contact.name, email: settings.contact.email },
    subject: content.subject,
    date: now,
    language: content.language,
    text: renderText(content),
    html: renderHtml(content),
    calendar: method && {
      method,
      ics: buildCalendar({
        method,
        meeting: job.meeting,
        recipient: job.recipient,
        settings,
        description: calendarDescription(job),
        partstat: partstat(job),
        now,
      }),
    },
    headers: unsubscribe ? listUnsubscribeHeaders(unsubscribe) : [],
  });
}

/**
 * The attendee's status in a REQUEST: their answer so far, except that a new time asks everyone
 * again (RFC 5546: the organizer resets PARTSTAT when DTSTART changes).
 */
function partstat(job: MeetingMailJob): PartStat {
  if (job.kind === 'invitation' || isRemoval(job)) return 'NEEDS-ACTION';
  if (job.kind === 'update' && job.changed?.includes('time')) return 'NEEDS-ACTION';
  return partstatOf(job.answer);
}

/** A short DESCRIPTION: the agenda and the link; the mail body has everything else. */
function calendarDescription({ meeting, recipient }: MeetingMailJob): string {
  const t = meetingStrings[recipient.language];
  const lines: string[] = [];
  if (meeting.agenda.length > 0) lines.push(`${t.agenda}:`, ...meeting.agenda.map((item, i) => `${i + 1}. ${item}`), '');
  const online = httpUrl(meeting.onlineUrl);
  if (online) lines.push(`${t.labels.online}: ${online}`, '');
  lines.push(t.seeMail);
  return lines.join('\n');
}
