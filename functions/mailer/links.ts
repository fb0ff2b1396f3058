// The signed links a mail carries: answers (invitation, update, reminder) and the reflection
// form (follow-up). Tokens name ids only and expire: answers when the meeting ends (answers after
// that are refused anyway), reflections some weeks later.
import type { MailJob } from '../contract/mail-job.js';
import { isMeetingMail } from '../contract/mail-job-subject.js';
import type { RsvpAnswer } from '../contract/events.js';
import { LinkPath, rsvpPath } from '../contract/link-paths.js';
import { signToken } from '../domain/link-token.js';
import type { MailLinks } from '../mail/index.js';
import { isEssential } from '../domain/mail/preferences.js';

/** How long after the meeting its reflection form stays open. */
export const REFLECTION_DAYS = 60;

/** How long an unsubscribe link works (RFC 8058 links should keep working long after the mail). */
export const UNSUBSCRIBE_DAYS = 400;

const withToken = (appUrl: string, path: string, token: string) =>
  `${appUrl.replace(/\/+$/, '')}${path}?t=${encodeURIComponent(token)}`;

export function mailLinks(job: MailJob, secret: string, appUrl: string, now = new Date()): MailLinks {
  // Non-essential kinds carry a one-click unsubscribe link (List-Unsubscribe); `l` only picks the page's language.
  const unsubscribe = isEssential(job.kind)
    ? {}
    : { unsubscribe: `${withToken(appUrl, LinkPath.unsubscribe, signToken(secret, { purpose: 'unsubscribe', personId: job.recipient.personId }, new Date(now.getTime() + UNSUBSCRIBE_DAYS * 86_400_000)))}&l=${job.recipient.language}` };
  // The app's own page: the app's sign-in is the credential, so the link carries no token.
  if (job.kind === 'experiment-review' && !isMeetingMail(job)) return { experiment: `${appUrl.replace(/\/+$/, '')}/app/experiments/${encodeURIComponent(job.experiment.experimentId)}` };
  if (!isMeetingMail(job)) return unsubscribe;
  const { meeting, recipient } = job;
  const ids = { meetingId: meeting.meetingId, personId: recipient.personId };
  const ends = new Date(meeting.endsAt);
  switch (job.kind) {
    case 'invitation':
    case 'update':
    case 'reminder': {
      const token = (answer: RsvpAnswer) => signToken(secret, { purpose: 'rsvp', ...ids, answer, version: meeting.version }, ends);
      const link = (answer: RsvpAnswer) => withToken(appUrl, rsvpPath(answer), token(answer));
      // The calendar feed page takes the answer token as its credential (it names the person).
      return { rsvp: { accept: link('accept'), decline: link('decline'), maybe: link('maybe') }, calendarFeed: withToken(appUrl, LinkPath.calendarFeed, token('accept')) };
    }
    case 'follow-up': {
      const expires = new Date(ends.getTime() + REFLECTION_DAYS * 86_400_000);
      return { ...unsubscribe, reflection: withToken(appUrl, LinkPath.reflection, signToken(secret, { purpose: 'reflection', ...ids }, expires)) };
    }
    default:
      return {};
  }
}
