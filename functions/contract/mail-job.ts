// The message producers put on the mail queue and the mailer consumes. It carries everything
// needed to render, so the mailer reads nothing per mail. Two families: mails about a meeting
// (with a calendar part where the kind needs one) and mails about an experiment. The schemas and
// types; the kinds are in mail-kinds.ts and what code reads off a job (its subject, its key) in
// mail-job-subject.ts, zod-free, so a function's init that uses those loads no schema.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { Email, Language, PersonName, Role } from './network.js';
import { ExperimentCompleted, ExperimentRegistered, MeetingHeld, MeetingRescheduled, MeetingScheduled, RsvpAnswer } from './events.js';
import { DIGEST_MAIL_KIND, EXPERIMENT_MAIL_KINDS, JOIN_REQUEST_MAIL_KIND, MAIL_KINDS, MEETING_MAIL_KINDS, SIGN_IN_MAIL_KIND } from './mail-kinds.js';

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
