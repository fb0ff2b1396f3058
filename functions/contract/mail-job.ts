// The message the meetings function puts on the mail queue and the mailer consumes.
// It carries everything needed to render, so the mailer reads nothing per mail.
import * as z from 'zod/mini';
import './zod-locale.js';
import { Email, Language, PersonName, Role } from './network.js';
import { MeetingScheduled } from './events.js';

export const MAIL_KINDS = ['invitation', 'update', 'cancellation', 'reminder', 'follow-up'] as const;
export const MailKind = z.enum(MAIL_KINDS);
export type MailKind = z.infer<typeof MailKind>;

export const Recipient = z.object({
  personId: z.string().check(z.minLength(1)),
  name: PersonName,
  email: Email,
  role: Role,
  municipality: z.optional(z.string()),
  language: Language,
  /** Set for inspirers: why they are invited. */
  topic: z.optional(z.string()),
});
export type Recipient = z.infer<typeof Recipient>;

/** The meeting as the mail needs it (same fields as the scheduled event, any version). */
export const MeetingSnapshot = z.extend(z.omit(MeetingScheduled, { schemaVersion: true, version: true }), {
  version: z.number().check(z.int(), z.minimum(1)),
});
export type MeetingSnapshot = z.infer<typeof MeetingSnapshot>;

export const MailJob = z.object({
  kind: MailKind,
  meeting: MeetingSnapshot,
  recipient: Recipient,
});
export type MailJob = z.infer<typeof MailJob>;

/** The idempotency key: one mail per (meeting, version, person, kind). */
export const mailKey = (job: Pick<MailJob, 'kind' | 'meeting' | 'recipient'>) =>
  `${job.meeting.meetingId}#${job.meeting.version}#${job.kind}#${job.recipient.personId}`;
