// The mail records in the network's table: one per (subject, version, kind, person) in the
// subject's partition, the idempotency guard of every mail (one conditional write claims it) and
// its delivery record. Implements MailRecordStore (functions/domain/mail/store.ts).
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailJob, MeetingMailJob } from '../contract/mail-job.js';
import { mailKindKey, mailRecordKey, mailSubject, mailSubjectEndsAt } from '../contract/mail-job-subject.js';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import type { ClaimResult, SentMail } from '../domain/mail/model.js';
import { isRemovalCancellation, type CurrentInvitation, type CurrentMeeting } from '../domain/mail/staleness.js';
import type { CurrentMeetingStates, MailRecordStore } from '../domain/mail/store.js';
import { conditionHeld, doc, table, isConditionFailure } from './dynamo.js';
import { retentionAttribute } from './retention.js';
import { chunk, sendUntilProcessed } from './retry.js';

/**
 * How long a mail claim ("sending") blocks other deliveries of the same job. It outlasts one
 * mailer invocation (its function timeout), so once it has run out the holder has stopped, and
 * whether SES took the mail is unknown: the claim is then recorded 'unconfirmed', never taken over.
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
 * (meeting, version, kind, person) yet, or when a previous attempt released it. A claim whose
 * lease has run out is 'abandoned': its holder may have sent the mail, so it is not taken over.
 */
export async function claimMail(job: MailJob, now = new Date()): Promise<ClaimResult> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table(),
        Item: mailItem(job, { status: 'sending', claimedAt: now.getTime() }),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released' },
      }),
    );
    return 'claimed';
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    // dynalite returns no item on a failed condition, so read it (only on this rare path).
    const out = await doc.send(new GetCommand({ TableName: table(), Key: mailRecordKey(job), ConsistentRead: true }));
    if (out.Item?.status !== 'sending') return 'done';
    return Number(out.Item.claimedAt) < now.getTime() - MAIL_CLAIM_LEASE_MS ? 'abandoned' : 'in-progress';
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

/** Records one mail as sent, right after SES accepted it (it may replace a late 'unconfirmed': it went out). */
export async function markMailSent({ job, sesMessageId, sentAt }: SentMail): Promise<void> {
  await doc.send(
    new PutCommand({ TableName: table(), Item: mailItem(job, { status: 'sent', sentAt: sentAt.toISOString(), sesMessageId }) }),
  );
}

/** An abandoned claim: it may or may not have gone out; the meeting page shows it, nothing resends it. */
export async function recordMailUnconfirmed(job: MailJob, reason: string, now = new Date()): Promise<void> {
  await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: mailRecordKey(job),
        UpdateExpression: 'SET #status = :unconfirmed, unconfirmedAt = :at, reason = :reason',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':unconfirmed': 'unconfirmed', ':sending': 'sending', ':at': now.toISOString(), ':reason': reason.slice(0, 500) },
      }),
    ),
  );
}

/** A mail the meeting moved past: recorded 'stale' unless a delivery already claimed or sent it. */
export async function recordMailStale(job: MailJob, reason: string, now = new Date()): Promise<void> {
  await conditionHeld(
    doc.send(
      new PutCommand({
        TableName: table(),
        Item: mailItem(job, { status: 'stale', staleAt: now.toISOString(), reason: reason.slice(0, 500) }),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released' },
      }),
    ),
  );
}

/**
 * The meetings of a batch's meeting mails, and the invitations its removal cancellations need,
 * as stored now: one strongly consistent BatchGetItem (a batch of 10 jobs needs at most 20 keys).
 */
export async function currentMeetingStates(jobs: readonly MeetingMailJob[]): Promise<CurrentMeetingStates> {
  const tableName = table();
  const keys = new Map<string, { pk: string; sk: string }>();
  for (const j of jobs) {
    const meetingKey = key.meeting(j.meeting.meetingId);
    keys.set(`${meetingKey.pk}|${meetingKey.sk}`, meetingKey);
    if (isRemovalCancellation(j)) {
      const inv = key.invitation(j.meeting.meetingId, j.recipient.personId);
      keys.set(`${inv.pk}|${inv.sk}`, inv);
    }
  }
  const out: CurrentMeetingStates = { meetings: new Map(), invitations: new Map() };
  for (const group of chunk([...keys.values()], 100)) {
    await sendUntilProcessed(group, 'BatchGetItem', async (batch) => {
      const res = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...batch],
              ConsistentRead: true,
              ProjectionExpression: 'pk, sk, meetingId, personId, version, #status, startsAt, invitedVersion, removedVersion',
              ExpressionAttributeNames: { '#status': 'status' },
            },
          },
        }),
      );
      for (const item of res.Responses?.[tableName] ?? []) {
        if (item.sk === 'MEETING') {
          // Items from before the lifecycle have no status: scheduled.
          const meeting: CurrentMeeting = { version: Number(item.version), status: (item.status ?? 'scheduled') as CurrentMeeting['status'], startsAt: String(item.startsAt) };
          out.meetings.set(String(item.meetingId), meeting);
        } else {
          const invitation: CurrentInvitation = {
            invitedVersion: Number(item.invitedVersion),
            ...(item.removedVersion !== undefined ? { removedVersion: Number(item.removedVersion) } : {}),
          };
          out.invitations.set(`${String(item.pk).replace(/^MEETING#/, '')}#${String(item.sk).replace(/^INVITATION#/, '')}`, invitation);
        }
      }
      return (res.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
    });
  }
  return out;
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

export const mailRecordStore: MailRecordStore = {
  claimMail,
  releaseMail,
  markMailSent,
  recordMailRejected,
  recordMailUnconfirmed,
  currentMeetingStates,
  recordMailStale,
};
