// The message producers put on the mail queue and the mailer consumes. It carries everything
// needed to render, so the mailer reads nothing per mail. Two families: mails about a meeting
// (with a calendar part where the kind needs one) and mails about an experiment.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import './zod-locale.js';
import { Email, Language, PersonName, Role } from './network.js';
import { ExperimentCompleted, ExperimentRegistered, MeetingHeld, MeetingRescheduled, MeetingScheduled, RsvpAnswer } from './events.js';
import { key } from './table.js';

export const MEETING_MAIL_KINDS = ['invitation', 'update', 'cancellation', 'reminder', 'follow-up'] as const;
export const EXPERIMENT_MAIL_KINDS = ['experiment-invitation', 'experiment-learnings', 'experiment-review'] as const;
/** The one-time sign-in link of the facilitator app (functions/auth). */
export const SIGN_IN_MAIL_KIND = 'sign-in' as const;
/** The daily digest of new answers and reflections to a facilitator who asked for it (functions/digest). */
export const DIGEST_MAIL_KIND = 'digest' as const;
/** A request from outside to join the network or start a similar one (functions/domain/join). */
export const JOIN_REQUEST_MAIL_KIND = 'join-request' as const;
export const MAIL_KINDS = [...MEETING_MAIL_KINDS, ...EXPERIMENT_MAIL_KINDS, SIGN_IN_MAIL_KIND, DIGEST_MAIL_KIND, JOIN_REQUEST_MAIL_KIND] as const;
export const MailKind = /* @__PURE__ */ lazySchema(() => z.enum(MAIL_KINDS));
export type MailKind = z.infer<typeof MailKind>;
export type MeetingMailKind = (typeof MEETING_MAIL_KINDS)[number];

// Built on first use (lazySchema), as the schemas in events.ts: see there.
export const Recipient = /* @__PURE__ */ lazySchema(() =>
  z.object({
    personId: z.string().check(z.minLength(1)),
    name: PersonName,
    email: Email,
    role: Role,
    municipality: z.optional(z.string()),
    language: Language,
    /** Set for inspirers: why they are invited. */
    topic: z.optional(z.string()),
  }),
);
export type Recipient = z.infer<typeof Recipient>;

/** The meeting as the mail needs it (same fields as the scheduled event, any version). */
export const MeetingSnapshot = /* @__PURE__ */ lazySchema(() =>
  z.extend(z.omit(MeetingScheduled._zod.innerType, { schemaVersion: true, version: true }), {
    version: z.number().check(z.int(), z.minimum(1)),
  }),
);
export type MeetingSnapshot = z.infer<typeof MeetingSnapshot>;

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

export const MeetingMailJob = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: z.enum(MEETING_MAIL_KINDS),
    meeting: MeetingSnapshot,
    recipient: Recipient,
    /** update: what changed, and the time and place the recipient was told before. */
    changed: z.optional(MeetingRescheduled._zod.innerType.shape.changed),
    previous: z.optional(
      z.object({
        startsAt: z.string(),
        endsAt: z.string(),
        place: z.optional(z.string()),
        onlineUrl: z.optional(z.string()),
      }),
    ),
    /** The recipient's answer so far (an update asks those who accepted to confirm a new time). */
    answer: z.optional(RsvpAnswer),
    /** cancellation: sent to someone a reschedule took off the audience (the meeting itself goes ahead). */
    removedFromAudience: z.optional(z.literal(true)),
    /** cancellation: why. */
    reason: z.optional(z.string().check(z.maxLength(1000))),
    /** reminder: hours before the start it was scheduled for (7 days and 1 day are two mails). */
    reminderOffsetHours: z.optional(z.number().check(z.int(), z.positive())),
    /** follow-up: what came out of the meeting, and the running experiments whose status is asked for. */
    followUp: z.optional(
      z.object({
        ...z.omit(MeetingHeld._zod.innerType, { schemaVersion: true, meetingId: true, sentBy: true }).shape,
        statusRequest: z.optional(z.array(z.object({ experimentId: z.string(), title: z.string() }))),
        /** Invited, but did not come (attendance was recorded): a shorter note instead of the whole follow-up. */
        absent: z.optional(z.literal(true)),
        /** The copy for the facilitator who sent it (its own mail, apart from any invitation of theirs). */
        copy: z.optional(z.literal(true)),
      }),
    ),
  }),
);
export type MeetingMailJob = z.infer<typeof MeetingMailJob>;

export const ExperimentSnapshot = /* @__PURE__ */ lazySchema(() => z.omit(ExperimentRegistered._zod.innerType, { schemaVersion: true }));
export type ExperimentSnapshot = z.infer<typeof ExperimentSnapshot>;

export const ExperimentMailJob = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: z.enum(EXPERIMENT_MAIL_KINDS),
    experiment: ExperimentSnapshot,
    /** experiment-learnings: the completion. */
    completion: z.optional(z.omit(ExperimentCompleted._zod.innerType, { schemaVersion: true, experimentId: true })),
    recipient: Recipient,
    /** experiment-invitation: whom to ask (the municipality's coordinator); else the network's contact. */
    contact: z.optional(z.object({ name: PersonName, email: Email })),
  }),
);
export type ExperimentMailJob = z.infer<typeof ExperimentMailJob>;

/** A sign-in link (functions/auth): single use, short-lived; the job carries the link itself. */
export const SignInMailJob = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: z.literal(SIGN_IN_MAIL_KIND),
    /** Random id of this sign-in request: the mail's idempotency key (never the token). */
    requestId: z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/)),
    recipient: Recipient,
    link: z.url({ protocol: /^https?$/ }),
    /** When the link stops working (ISO 8601). */
    expiresAt: z.iso.datetime({ offset: true }),
  }),
);
export type SignInMailJob = z.infer<typeof SignInMailJob>;

/** One meeting's news in a digest (capped: `more` says how many were left out). */
export const DigestMeeting = /* @__PURE__ */ lazySchema(() =>
  z.object({
    meetingId: z.string(),
    title: z.string(),
    startsAt: z.string(),
    answers: z.array(z.object({ name: PersonName, answer: RsvpAnswer })),
    reflections: z.array(z.object({ name: PersonName, text: z.string().check(z.maxLength(600)) })),
    more: z.number().check(z.int(), z.minimum(0)),
  }),
);
export type DigestMeeting = z.infer<typeof DigestMeeting>;

/** The daily digest: what came in on `date` (the network's local day before the digest went out). */
export const DigestMailJob = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: z.literal(DIGEST_MAIL_KIND),
    date: z.iso.date(),
    recipient: Recipient,
    meetings: z.array(DigestMeeting).check(z.minLength(1)),
  }),
);
export type DigestMailJob = z.infer<typeof DigestMailJob>;

/** A join request, to the network's contact person and each facilitator; the job carries the request. */
export const JoinRequestMailJob = /* @__PURE__ */ lazySchema(() =>
  z.object({
    kind: z.literal(JOIN_REQUEST_MAIL_KIND),
    requestId: z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/)),
    recipient: Recipient,
    request: z.object({
      wish: z.enum(['join', 'start-similar']),
      name: PersonName,
      email: Email,
      municipality: z.string().check(z.maxLength(100)),
      organisation: z.optional(z.string().check(z.maxLength(200))),
      message: z.string().check(z.maxLength(3000)),
      language: Language,
      receivedAt: z.iso.datetime({ offset: true }),
    }),
  }),
);
export type JoinRequestMailJob = z.infer<typeof JoinRequestMailJob>;


export const MailJob = /* @__PURE__ */ lazySchema(() => z.discriminatedUnion('kind', [MeetingMailJob, ExperimentMailJob, SignInMailJob, DigestMailJob, JoinRequestMailJob]));
export type MailJob = z.infer<typeof MailJob>;

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
