// What code reads off a mail job, zod-free: what it is about (its subject), its idempotency key and
// its record's key, and a meeting's snapshot fields (mail-job.ts has the schemas and types).
import type { DigestMailJob, JoinRequestMailJob, MailJob, MeetingMailJob, MeetingSnapshot, SignInMailJob } from './mail-job.js';
import { DIGEST_MAIL_KIND, JOIN_REQUEST_MAIL_KIND, SIGN_IN_MAIL_KIND } from './mail-kinds.js';
import { key } from './table.js';

/**
 * The snapshot fields of anything that carries a meeting (a stored meeting record, an event
 * detail): what mails carry, the base of the meeting list's summaries and of a PATCH's draft.
 */
export function meetingSnapshotOf(m: MeetingSnapshot): MeetingSnapshot {
  return {
    meetingId: m.meetingId,
    version: m.version,
    title: m.title,
    agenda: m.agenda,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    timeZone: m.timeZone,
    ...(m.place !== undefined ? { place: m.place } : {}),
    ...(m.onlineUrl !== undefined ? { onlineUrl: m.onlineUrl } : {}),
    hostMunicipality: m.hostMunicipality,
    audience: m.audience,
    inspirers: m.inspirers,
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.practicalInfo !== undefined ? { practicalInfo: m.practicalInfo } : {}),
    ...(m.attendanceGuidelines !== undefined ? { attendanceGuidelines: m.attendanceGuidelines } : {}),
    ...(m.reminders !== undefined ? { reminders: m.reminders } : {}),
    ...(m.reconfirmSince !== undefined ? { reconfirmSince: m.reconfirmSince } : {}),
  };
}

export const isMeetingMail = (job: MailJob): job is MeetingMailJob => 'meeting' in job;
export const isSignInMail = (job: MailJob): job is SignInMailJob => job.kind === SIGN_IN_MAIL_KIND;
export const isDigestMail = (job: MailJob): job is DigestMailJob => job.kind === DIGEST_MAIL_KIND;
export const isJoinRequestMail = (job: MailJob): job is JoinRequestMailJob => job.kind === JOIN_REQUEST_MAIL_KIND;

/** When a mail's subject ends (the meeting, the experiment's planned end, the sign-in link's expiry, the digest's day, a join request's arrival): retention counts from there. */
export const mailSubjectEndsAt = (job: MailJob): string =>
  isMeetingMail(job) ? job.meeting.endsAt
    : isSignInMail(job) ? job.expiresAt
      : isDigestMail(job) ? `${job.date}T23:59:59Z`
        : isJoinRequestMail(job) ? job.request.receivedAt
          : job.experiment.plannedEndOn;

/** What a mail is about: its record lives in that subject's partition. */
export function mailSubject(job: MailJob): { type: 'meeting' | 'experiment' | 'sign-in' | 'digest' | 'join-request'; id: string; version: number } {
  if (isSignInMail(job)) return { type: 'sign-in', id: job.requestId, version: 1 };
  if (isDigestMail(job)) return { type: 'digest', id: job.date, version: 1 };
  if (isJoinRequestMail(job)) return { type: 'join-request', id: job.requestId, version: 1 };
  return isMeetingMail(job)
    ? { type: 'meeting', id: job.meeting.meetingId, version: job.meeting.version }
    : { type: 'experiment', id: job.experiment.experimentId, version: 1 };
}

/** The kind as the idempotency key sees it: each reminder offset, and each review date, is its own mail. */
export const mailKindKey = (job: MailJob) =>
  job.kind === 'experiment-review' && !isMeetingMail(job)
    ? `experiment-review-${job.experiment.reviewOn ?? 'none'}`
    : job.kind === 'reminder' && isMeetingMail(job) && job.reminderOffsetHours !== undefined
    ? `reminder-${job.reminderOffsetHours}h`
    : job.kind === 'follow-up' && isMeetingMail(job) && job.followUp?.copy
      ? 'follow-up-copy'
      : job.kind;

/** The idempotency key: one mail per (subject, version, kind, person). */
export function mailKey(job: MailJob): string {
  const s = mailSubject(job);
  return `${s.type}#${s.id}#${s.version}#${mailKindKey(job)}#${job.recipient.personId}`;
}

/** The table key of a mail's record (its idempotency guard and delivery record). */
export function mailRecordKey(job: MailJob) {
  const s = mailSubject(job);
  const subjectPk =
    s.type === 'meeting' ? key.meeting(s.id).pk
      : s.type === 'sign-in' ? key.signInMailPartition(s.id)
        : s.type === 'digest' ? key.digestMailPartition(s.id)
          : s.type === 'join-request' ? key.joinRequest(s.id).pk
            : key.experiment(s.id).pk;
  return key.mail(subjectPk, s.version, mailKindKey(job), job.recipient.personId);
}
