// The mail record: one per (subject, version, kind, person), the idempotency guard of every mail
// and its delivery record, with what SES later reported about it. Plain data; which mail a person
// still gets is in preferences.ts, and the stores that keep them implement store.ts.
import type { MailJob } from '../../contract/mail-job.js';

/** A mail record's status as the mailer writes it ('released': a retryable failure gave the claim back). */
export type MailRecordStatus = 'sending' | 'released' | 'sent' | 'rejected' | 'suppressed';

export type ClaimResult =
  /** This delivery owns the mail now and should send it. */
  | 'claimed'
  /** Sent or permanently rejected already: nothing to do. */
  | 'done'
  /** Another delivery holds a fresh claim: try again later. */
  | 'in-progress';

export interface SentMail {
  job: MailJob;
  sesMessageId: string;
  sentAt: Date;
}

/** A send that failed: try again later (throttling, a service error), or never (the mail was refused). */
export type SendFailureKind = 'retryable' | 'throttled' | 'permanent';

/** What SES said about one mail, in order of weight: a later, lighter event never hides a heavier one. */
export const DELIVERY_RANK = { delayed: 1, 'soft-bounced': 2, delivered: 3, bounced: 4, complained: 5 } as const;
export type DeliveryEventStatus = keyof typeof DELIVERY_RANK;

export interface DeliveryRecord {
  /** The mail record's key (its subject's partition and sk MAIL#...). */
  mail: { pk: string; sk: string };
  personId: string;
  subject: { type: 'meeting' | 'experiment'; id: string; version: number; kind: string };
  status: DeliveryEventStatus;
  at: string;
  sesMessageId: string;
  /** Bounce or delay diagnostic (may name the address: stored, never logged). */
  diagnostic?: string;
  /** TTL (retention), from the meeting's end when known. */
  expiresAt?: number;
}
