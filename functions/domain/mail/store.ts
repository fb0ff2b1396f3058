// The ports of the mail aggregate: the mail records (functions/adapters/mail-record-store.ts), the
// per-person mail status and SES's reports (functions/adapters/mail-status-store.ts), and the mail
// queue (functions/adapters/queue.ts).
import type { MailJob, MeetingMailJob } from '../../contract/mail-job.js';
import type { ClaimResult, DeliveryRecord, SentMail } from './model.js';
import type { MailPreference, MailStatus, Suppression } from './preferences.js';
import type { CurrentInvitation, CurrentMeeting } from './staleness.js';

/** What the stale rule (staleness.ts) needs about a batch's meeting mails, read at send time. */
export interface CurrentMeetingStates {
  /** By meeting id; absent: the meeting is gone. */
  meetings: Map<string, CurrentMeeting>;
  /** By `${meetingId}#${personId}`, for removal cancellations only. */
  invitations: Map<string, CurrentInvitation>;
}

export interface MailRecordStore {
  /**
   * The one conditional write per mail: 'claimed' when no delivery has claimed it yet or a
   * previous attempt released it; 'abandoned' when a claim's lease ran out (never taken over).
   */
  claimMail(job: MailJob, now?: Date): Promise<ClaimResult>;
  /** Gives the claim back after a retryable failure, so the queue's redelivery can send it. */
  releaseMail(job: MailJob, reason: string): Promise<void>;
  /** Records one mail as sent, right after SES accepted it. */
  markMailSent(sent: SentMail): Promise<void>;
  /** A permanent rejection: recorded on the mail, never retried. */
  recordMailRejected(job: MailJob, reason: string, now?: Date): Promise<void>;
  /** Records an abandoned claim as 'unconfirmed' (unless a late record of its send got there first). */
  recordMailUnconfirmed(job: MailJob, reason: string, now?: Date): Promise<void>;
  /** The batch's meetings (and the invitations removal cancellations need): one BatchGetItem. */
  currentMeetingStates(jobs: readonly MeetingMailJob[]): Promise<CurrentMeetingStates>;
  /** Records a mail the meeting moved past as 'stale', unless a delivery already claimed or sent it. */
  recordMailStale(job: MailJob, reason: string, now?: Date): Promise<void>;
}

export interface MailStatusStore {
  readMailStatuses(personIds: readonly string[]): Promise<Map<string, MailStatus>>;
  /** Why each job of a batch must not be sent (absent: send it). */
  suppressionsFor(jobs: readonly MailJob[]): Promise<Map<MailJob, Suppression>>;
  /** Records the mail as 'suppressed' unless a delivery already claimed or sent it. */
  recordMailSuppressed(job: MailJob, reason: string, now?: Date): Promise<void>;
  /** A hard bounce: nothing more goes to this address. */
  markUndeliverable(personId: string, email: string, at: string, diagnostic: string | undefined): Promise<void>;
  /** False when the person was erased (nothing written). */
  setMailPreference(personId: string, preference: MailPreference, source: 'complaint' | 'unsubscribe', at: string): Promise<boolean>;
  /** One SES event on the mail's delivery item: idempotent, order-independent. */
  recordDeliveryEvent(record: DeliveryRecord): Promise<void>;
}

export interface MailQueue {
  /** Sends the jobs to the mail queue (batches of 10). */
  enqueue(jobs: readonly MailJob[]): Promise<void>;
}
