// The mailer workflow: one SQS batch of mail jobs -> SES, exactly one mail per
// (meeting, version, kind, person), never one the meeting has moved past. Per batch: one read of
// the recipients' mail statuses (suppressions) and one of the meetings (staleness.ts). Per job:
// compose, claim (the one conditional write), send, record 'sent' (one write), in that order and
// one job at a time, so only the SES call sits between claim and record and a crash leaves at most
// one claim whose outcome is unknown; such an abandoned claim is recorded 'unconfirmed', never sent
// again (docs/architecture.md, "Mail"). Sends are paced to the account's SES rate (a slot before
// the claim); throttling gives the claim back and reports the item as failed, so the queue
// redelivers it within seconds; a permanent rejection is recorded and not retried.
import type { MailJob, MeetingMailJob } from '../contract/mail-job.js';
import { isMeetingMail, mailKey, mailKindKey, mailSubject } from '../contract/mail-job-subject.js';
import { parseMailJob } from '../contract/mail-job-check.js';
import type { ComposedMail } from '../mail/index.js';
import type { SendFailureKind } from '../domain/mail/model.js';
import { sendFailedLogMessage } from '../contract/ses-events.js';
import type { Suppression } from '../domain/mail/preferences.js';
import { staleReason } from '../domain/mail/staleness.js';
import type { MailRecordStore } from '../domain/mail/store.js';
import { log as writeLog, type LogEntry } from '../adapters/logger.js';

export interface MailerPorts extends MailRecordStore {
  /** Loads the kind's composing code on the first job of that kind (functions/mail/index.ts). */
  compose(job: MailJob): ComposedMail | Promise<ComposedMail>;
  /** Sends and resolves to the provider's message id. */
  send(mail: ComposedMail, job: MailJob): Promise<string>;
  classifySendError(err: unknown): SendFailureKind;
  /**
   * Bounces, complaints, unsubscribes and erasures (functions/domain/mail/preferences.ts): one read
   * for the whole batch. A suppressed mail is not sent; unless the person was erased it is recorded
   * ('suppressed', with the reason) so the meeting page shows it.
   */
  suppressions?(jobs: readonly MailJob[]): Promise<Map<MailJob, Suppression>>;
  recordMailSuppressed?(job: MailJob, reason: string): Promise<void>;
  /**
   * Waits for a slot of the account's SES sending rate (functions/domain/mail/send-rate.ts); false
   * when none came in time: the mail goes back to the queue for a few seconds ('throttled').
   */
  acquireSendSlot?(): Promise<boolean>;
  now?: () => Date;
  log?: (entry: LogEntry) => void;
}

export interface QueueMessage {
  messageId: string;
  body: string;
}

/** 'throttled': over the SES sending rate; back in the queue within seconds, never to the DLQ. */
export type JobOutcome = 'sent' | 'skipped' | 'stale' | 'unconfirmed' | 'rejected' | 'retry' | 'throttled';

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
  outcomes: Record<string, JobOutcome>;
}

const errorText = (err: unknown) => {
  const e = err as { name?: string; message?: string };
  // SES messages may quote addresses; logs and records keep only that there was one.
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>');
};

export async function sendMailBatch(messages: readonly QueueMessage[], ports: MailerPorts): Promise<BatchResult> {
  const log = ports.log ?? writeLog;
  const now = ports.now ?? (() => new Date());
  const outcomes: Record<string, JobOutcome> = {};

  // Parse, and keep one message per mail key: a duplicate in the same batch would only find the
  // first one's fresh claim and be retried for nothing; one copy is enough.
  const jobs = new Map<string, { message: QueueMessage; job: MailJob }>();
  for (const message of messages) {
    let job: MailJob;
    try {
      job = await parseMailJob(JSON.parse(message.body));
    } catch (err) {
      // Reported as failed (not dropped): after the queue's retries it lands in the DLQ, where it can be inspected.
      log({ level: 'error', msg: 'malformed mail job', messageId: message.messageId, error: errorText(err).slice(0, 1000) });
      outcomes[message.messageId] = 'retry';
      continue;
    }
    const k = mailKey(job);
    if (jobs.has(k)) {
      outcomes[message.messageId] = 'skipped';
      continue;
    }
    jobs.set(k, { message, job });
  }

  const batch = [...jobs.values()].map((j) => j.job);
  const suppressed = ports.suppressions ? await ports.suppressions(batch) : new Map<MailJob, Suppression>();
  const meetingJobs = batch.filter(isMeetingMail);
  const current = meetingJobs.length > 0 ? await ports.currentMeetingStates(meetingJobs) : undefined;
  const stale = (job: MeetingMailJob) =>
    current && staleReason(job, current.meetings.get(job.meeting.meetingId), current.invitations.get(`${job.meeting.meetingId}#${job.recipient.personId}`), now());

  // One at a time: a crash then leaves at most one claim whose mail may have gone out.
  for (const { message, job } of jobs.values()) outcomes[message.messageId] = await deliver(job);

  async function deliver(job: MailJob): Promise<JobOutcome> {
    const subject = mailSubject(job);
    const ref = { [`${subject.type}Id`]: subject.id, version: subject.version, kind: mailKindKey(job), personId: job.recipient.personId };
    const suppression = suppressed.get(job);
    if (suppression) {
      log({ level: 'info', msg: `mail suppressed (${suppression.reason})`, ...ref });
      if (suppression.reason !== 'erased') await ports.recordMailSuppressed?.(job, suppression.detail);
      return 'skipped';
    }
    const staleBecause = isMeetingMail(job) ? stale(job) : undefined;
    if (staleBecause) {
      log({ level: 'info', msg: `stale mail dropped (${staleBecause})`, ...ref });
      await ports.recordMailStale(job, staleBecause);
      return 'stale';
    }
    // Composed before the claim, so nothing but the SES call sits between claim and send.
    let composed: ComposedMail;
    try {
      composed = await ports.compose(job);
    } catch (err) {
      // A rendering bug is not the invitee's fault: nothing is claimed; the job reaches the DLQ.
      log({ level: 'error', msg: 'mail could not be composed', ...ref, error: errorText(err) });
      return 'retry';
    }
    // The slot is taken before the claim: waiting for it must not hold a claim that a crash
    // would leave 'unconfirmed'. No slot in time: nothing claimed, back to the queue in seconds.
    if (ports.acquireSendSlot && !(await ports.acquireSendSlot())) return 'throttled';
    const claim = await ports.claimMail(job);
    if (claim === 'done') return 'skipped';
    if (claim === 'in-progress') {
      log({ level: 'info', msg: 'mail claimed by another delivery; retry later', ...ref });
      return 'retry';
    }
    if (claim === 'abandoned') {
      // Its holder stopped between claim and record: SES may have taken it. Never resent.
      log({ level: 'error', msg: 'mail claim abandoned: it may or may not have been sent; recorded as unconfirmed', ...ref });
      await ports.recordMailUnconfirmed(job, 'the mailer stopped after claiming this mail; it may or may not have been sent');
      return 'unconfirmed';
    }
    let sesMessageId: string;
    try {
      sesMessageId = await ports.send(composed, job);
    } catch (err) {
      const kind = ports.classifySendError(err);
      log({ level: kind === 'permanent' ? 'warn' : 'info', msg: sendFailedLogMessage(kind), ...ref, error: errorText(err) });
      if (kind === 'permanent') {
        await ports.recordMailRejected(job, errorText(err));
        return 'rejected';
      }
      await ports.releaseMail(job, errorText(err));
      return kind === 'throttled' ? 'throttled' : 'retry';
    }
    try {
      await ports.markMailSent({ job, sesMessageId, sentAt: now() });
    } catch (err) {
      // The mail went out. Failing the item brings it back, and once the claim's lease has run
      // out it is recorded 'unconfirmed' (never resent); until then the page shows 'sending'.
      log({ level: 'error', msg: 'could not record a sent mail', ...ref, sesMessageId, error: errorText(err) });
      return 'retry';
    }
    return 'sent';
  }

  return {
    batchItemFailures: Object.entries(outcomes)
      .filter(([, outcome]) => outcome === 'retry' || outcome === 'throttled')
      .map(([itemIdentifier]) => ({ itemIdentifier })),
    outcomes,
  };
}

/** Message tags for SES events (bounces and complaints find their invitation by these). */
export function mailTags(job: MailJob): Record<string, string> {
  const subject = mailSubject(job);
  return {
    [`${subject.type}Id`]: subject.id,
    personId: job.recipient.personId,
    kind: mailKindKey(job),
    version: String(subject.version),
  };
}
