// The mailer workflow: one SQS batch of mail jobs -> SES, exactly one mail per
// (meeting, version, kind, person). Per job: claim (the one conditional write), compose, send.
// Throttling gives the claim back and reports the item as failed, so the queue redelivers it;
// a permanent rejection is recorded and not retried; sent mails are recorded in one batch write
// at the end.
import { MailJob, mailKey, mailKindKey, mailSubject } from '../contract/mail-job.js';
import type { ComposedMail } from '../mail/index.js';
import type { SendFailureKind, SentMail } from '../domain/mail/model.js';
import type { Suppression } from '../domain/mail/preferences.js';
import type { MailRecordStore } from '../domain/mail/store.js';
import { log as writeLog, type LogEntry } from '../adapters/logger.js';

export interface MailerPorts extends MailRecordStore {
  compose(job: MailJob): ComposedMail;
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
export type JobOutcome = 'sent' | 'skipped' | 'rejected' | 'retry' | 'throttled';

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
  const sent: SentMail[] = [];

  // Parse, and keep one message per mail key: a duplicate in the same batch would only find the
  // first one's fresh claim and be retried for nothing; one copy is enough.
  const jobs = new Map<string, { message: QueueMessage; job: MailJob }>();
  for (const message of messages) {
    let job: MailJob;
    try {
      job = MailJob.parse(JSON.parse(message.body));
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

  const suppressed = ports.suppressions ? await ports.suppressions([...jobs.values()].map((j) => j.job)) : new Map<MailJob, Suppression>();
  await Promise.all(
    [...jobs.values()].map(async ({ message, job }) => {
      outcomes[message.messageId] = await deliver(job);
    }),
  );

  async function deliver(job: MailJob): Promise<JobOutcome> {
    const subject = mailSubject(job);
    const ref = { [`${subject.type}Id`]: subject.id, version: subject.version, kind: mailKindKey(job), personId: job.recipient.personId };
    const suppression = suppressed.get(job);
    if (suppression) {
      log({ level: 'info', msg: `mail suppressed (${suppression.reason})`, ...ref });
      if (suppression.reason !== 'erased') await ports.recordMailSuppressed?.(job, suppression.detail);
      return 'skipped';
    }
    const claim = await ports.claimMail(job);
    if (claim === 'done') return 'skipped';
    if (claim === 'in-progress') {
      log({ level: 'info', msg: 'mail claimed by another delivery; retry later', ...ref });
      return 'retry';
    }
    let composed: ComposedMail;
    try {
      composed = ports.compose(job);
    } catch (err) {
      // A rendering bug is not the invitee's fault: give the claim back and let the job reach the DLQ.
      log({ level: 'error', msg: 'mail could not be composed', ...ref, error: errorText(err) });
      await ports.releaseMail(job, errorText(err));
      return 'retry';
    }
    if (ports.acquireSendSlot && !(await ports.acquireSendSlot())) {
      await ports.releaseMail(job, 'waiting for a slot of the SES sending rate');
      return 'throttled';
    }
    try {
      const sesMessageId = await ports.send(composed, job);
      sent.push({ job, sesMessageId, sentAt: now() });
      return 'sent';
    } catch (err) {
      const kind = ports.classifySendError(err);
      log({ level: kind === 'permanent' ? 'warn' : 'info', msg: `send failed (${kind})`, ...ref, error: errorText(err) });
      if (kind === 'permanent') {
        await ports.recordMailRejected(job, errorText(err));
        return 'rejected';
      }
      await ports.releaseMail(job, errorText(err));
      return kind === 'throttled' ? 'throttled' : 'retry';
    }
  }

  if (sent.length > 0) {
    try {
      await ports.markMailsSent(sent);
    } catch (err) {
      // The mails went out; failing the items would resend them once the claims' lease expires.
      // Their records stay "sending" instead, which the meeting page shows.
      log({ level: 'error', msg: 'could not record sent mails', count: sent.length, error: errorText(err) });
    }
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
