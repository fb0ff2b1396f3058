// The mail records in the network's table: one per (subject, version, kind, person) in the
// subject's partition, the idempotency guard of every mail (one conditional write claims it) and
// its delivery record. Implements MailRecordStore (functions/domain/mail/store.ts).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mailKindKey, mailRecordKey, mailSubject, mailSubjectEndsAt, type MailJob } from '../contract/mail-job.js';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import type { ClaimResult, SentMail } from '../domain/mail/model.js';
import type { MailRecordStore } from '../domain/mail/store.js';
import { conditionHeld, doc, table, isConditionFailure, putAll } from './dynamo.js';
import { retentionAttribute } from './retention.js';

/**
 * How long a mail claim ("sending") blocks other deliveries of the same job. It must outlast one
 * mailer invocation (its function timeout); after it, a redelivered job may take the claim over,
 * so a mailer that crashed between claim and send does not lose the mail.
 */
export const MAIL_CLAIM_LEASE_MS = 5 * 60_000;

/**
 * A mail record item: its key, its byPerson index entry, what it is about, its retention, and
 * `fields` (the status and its details). Shared with functions/adapters/mail-status-store.ts.
 */
export function mailRecordItem(job: MailJob, fields: Record<string, unknown>) {
  const subject = mailSubject(job);
  return {
    ...mailRecordKey(job),
    type: 'mail',
    [TableKeys.byPerson.partitionKey]: key.personRef(job.recipient.personId),
    [TableKeys.byPerson.sortKey]: byPersonSortKey.mail(subject, mailKindKey(job)),
    subjectType: subject.type,
    [subject.type === 'meeting' ? 'meetingId' : 'experimentId']: subject.id,
    version: subject.version,
    kind: job.kind,
    personId: job.recipient.personId,
    // Retention: the meeting's end (an experiment's planned end) + the network's retentionMonths.
    ...retentionAttribute(mailSubjectEndsAt(job)),
    ...fields,
  };
}

/** The record of a mail this function claims or sends (with the address it went to). */
const mailItem = (job: MailJob, fields: Record<string, unknown>) => mailRecordItem(job, { email: job.recipient.email, ...fields });

/**
 * The one conditional write per mail: succeeds when no delivery has claimed this
 * (meeting, version, kind, person) yet, when a previous attempt released it, or when a claim's
 * lease has run out (its holder crashed).
 */
export async function claimMail(job: MailJob, now = new Date()): Promise<ClaimResult> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table(),
        Item: mailItem(job, { status: 'sending', claimedAt: now.getTime() }),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :released OR (#status = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending', ':stale': now.getTime() - MAIL_CLAIM_LEASE_MS },
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    // dynalite returns no item on a failed condition, so read it (only on this rare path).
    const out = await doc.send(new GetCommand({ TableName: table(), Key: mailRecordKey(job), ConsistentRead: true }));
    return out.Item?.status === 'sending' ? 'in-progress' : 'done';
  }
}

/** Gives the claim back after a retryable failure, so the queue's redelivery can send it. */
export async function releaseMail(job: MailJob, reason: string): Promise<void> {
  // A failed condition: no longer 'sending' (sent or taken over), so there is nothing to give back.
  await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: mailRecordKey(job),
        UpdateExpression: 'SET #status = :released, lastError = :reason ADD attempts :one',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending', ':reason': reason.slice(0, 500), ':one': 1 },
      }),
    ),
  );
}

/** Records sent mails with batch writes: one request per 25 mails. */
export async function markMailsSent(sent: readonly SentMail[]): Promise<void> {
  await putAll(
    sent.map(({ job, sesMessageId, sentAt }) => mailItem(job, { status: 'sent', sentAt: sentAt.toISOString(), sesMessageId })),
  );
}

/** A permanent rejection: recorded on the mail, shown as the invitee's delivery status, never retried. */
export async function recordMailRejected(job: MailJob, reason: string, now = new Date()): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: mailItem(job, { status: 'rejected', rejectedAt: now.toISOString(), reason: reason.slice(0, 500) }),
    }),
  );
}

export const mailRecordStore: MailRecordStore = { claimMail, releaseMail, markMailsSent, recordMailRejected };
