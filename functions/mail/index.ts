// Composes one mail job into a raw MIME message ready for SES v2 (SendEmail with Content.Raw).
import { isDigestMail, isJoinRequestMail, isMeetingMail, isSignInMail, type MailJob, type MeetingMailJob, type MeetingMailKind } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { isRemoval, mailContent, renderHtml, renderText, type BodyOptions } from './body.js';
import { buildCalendar, partstatOf, type CalendarMethod, type PartStat } from './calendar.js';
import { httpUrl, oneClickUrl } from './escape.js';
import { strings } from './i18n.js';
import { networkMail, listUnsubscribeHeaders, type ComposedMail } from './mime.js';
import { composeExperimentMail } from './experiment-mail.js';
import { composeReviewMail } from './experiment-review-mail.js';
import { composeSignInMail } from './sign-in-mail.js';
import { composeDigestMail } from './digest-mail.js';
import { composeJoinRequestMail } from './join-request-mail.js';

export { escapeHtml } from './escape.js';
export { calendarUid, sequenceFor } from './calendar.js';
export { IncompleteMailJobError, type MailLinks } from './body.js';
export type { ComposedMail } from './mime.js';

export interface ComposeOptions extends BodyOptions {
  /** The clock, for DTSTAMP and Date (tests pin it). */
  now?: Date;
}

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

export function composeMail(job: MailJob, settings: NetworkSettings, options: ComposeOptions = {}): ComposedMail {
  if (isSignInMail(job)) return composeSignInMail(job, settings, options);
  if (isDigestMail(job)) return composeDigestMail(job, settings, options);
  if (isJoinRequestMail(job)) return composeJoinRequestMail(job, settings, options);
  if (!isMeetingMail(job)) {
    const links = options.links?.experiment ? { experiment: options.links.experiment } : {};
    if (job.kind === 'experiment-review') return composeReviewMail(job, settings, { ...(options.now ? { now: options.now } : {}), links });
    return composeExperimentMail(job, settings, options);
  }
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
  const t = strings[recipient.language];
  const lines: string[] = [];
  if (meeting.agenda.length > 0) lines.push(`${t.agenda}:`, ...meeting.agenda.map((item, i) => `${i + 1}. ${item}`), '');
  const online = httpUrl(meeting.onlineUrl);
  if (online) lines.push(`${t.labels.online}: ${online}`, '');
  lines.push(t.seeMail);
  return lines.join('\n');
}
