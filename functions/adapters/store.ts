// The network's table (single-table design from functions/contract/table.ts). Every access is a
// key lookup or a Query; no Scan, no transactions (dynalite has none; one conditional write per
// mail is the idempotency guard instead).
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Env, requireEnv } from '../contract/environment.js';
import { mailKindKey, mailRecordKey, mailSubject, type MailJob, type MeetingSnapshot, type Recipient } from '../contract/mail-job.js';
import type { Language, Role } from '../contract/network.js';
import { key, TableKeys } from '../contract/table.js';
import type { NetworkPerson } from '../domain/audience.js';
import { backoffMs, chunk, MAX_BATCH_ATTEMPTS, sleep } from './retry.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const table = () => requireEnv(Env.TableName);

/**
 * How long a mail claim ("sending") blocks other deliveries of the same job. It must outlast one
 * mailer invocation (its function timeout); after it, a redelivered job may take the claim over,
 * so a mailer that crashed between claim and send does not lose the mail.
 */
export const MAIL_CLAIM_LEASE_MS = 5 * 60_000;

async function queryAll(input: QueryCommandInput): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Puts items with BatchWriteItem, 25 per call, retrying UnprocessedItems with backoff. */
async function putAll(items: readonly Record<string, unknown>[]): Promise<void> {
  const tableName = table();
  for (const group of chunk(items, 25)) {
    let requests = group.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed`);
      if (attempt > 0) await sleep(backoffMs(attempt));
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}

const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';

// ---- people ----

export async function listPeople(): Promise<NetworkPerson[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)',
    // The people partition key comes from the contract's key design (one partition for all people).
    ExpressionAttributeValues: { ':pk': key.person('').pk, ':person': 'PERSON#' },
  });
  return items.map((i) => ({
    personId: i.personId as string,
    name: i.name as string,
    email: i.email as string,
    role: i.role as Role,
    ...(typeof i.municipality === 'string' ? { municipality: i.municipality } : {}),
    language: i.language as Language,
  }));
}

// ---- meetings ----

export interface MeetingRecord extends MeetingSnapshot {
  createdAt: string;
  /** The highest version whose invitations have all been stored and enqueued. */
  fanOutVersion?: number;
}

export type MeetingSummary = Pick<
  MeetingRecord,
  'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'place' | 'onlineUrl' | 'hostMunicipality'
>;

const MEETING_FIELDS = [
  'meetingId',
  'version',
  'title',
  'agenda',
  'startsAt',
  'endsAt',
  'timeZone',
  'place',
  'onlineUrl',
  'hostMunicipality',
  'audience',
  'inspirers',
  'createdAt',
  'fanOutVersion',
] as const;

function meetingFrom(item: Record<string, unknown>): MeetingRecord {
  const out: Record<string, unknown> = {};
  for (const f of MEETING_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as MeetingRecord;
}

/**
 * Stores the meeting unless it is already there (a duplicate event must not clobber it).
 * Returns whether it was created and whether this version's fan-out already finished.
 */
export async function saveMeeting(meeting: MeetingSnapshot, now = new Date()): Promise<{ created: boolean; fanOutDone: boolean }> {
  try {
    await doc.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key.meeting(meeting.meetingId),
          type: 'meeting',
          [TableKeys.byCollection.partitionKey]: key.meetingsCollection,
          // UTC, so meetings sort by instant whatever their offsets.
          [TableKeys.byCollection.sortKey]: `${new Date(meeting.startsAt).toISOString()}#${meeting.meetingId}`,
          ...meeting,
          createdAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { created: true, fanOutDone: false };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const existing = await getMeeting(meeting.meetingId);
    return { created: false, fanOutDone: (existing?.fanOutVersion ?? 0) >= meeting.version };
  }
}

export async function getMeeting(meetingId: string): Promise<MeetingRecord | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.meeting(meetingId), ConsistentRead: true }));
  return out.Item ? meetingFrom(out.Item) : undefined;
}

export async function markFanOutDone(meetingId: string, version: number): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: key.meeting(meetingId),
      UpdateExpression: 'SET fanOutVersion = :v, fanOutAt = :at',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(fanOutVersion) OR fanOutVersion < :v)',
      ExpressionAttributeValues: { ':v': version, ':at': new Date().toISOString() },
    }),
  ).catch((err: unknown) => {
    // Already marked by a duplicate delivery: fine.
    if (!isConditionFailure(err)) throw err;
  });
}

/** Meetings ordered by start time (GSI byCollection). */
export async function listMeetings(): Promise<MeetingSummary[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: TableKeys.byCollection.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TableKeys.byCollection.partitionKey },
    ExpressionAttributeValues: { ':pk': key.meetingsCollection },
  });
  return items.map((i) => {
    const m = meetingFrom(i);
    return {
      meetingId: m.meetingId,
      version: m.version,
      title: m.title,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      timeZone: m.timeZone,
      ...(m.place !== undefined ? { place: m.place } : {}),
      ...(m.onlineUrl !== undefined ? { onlineUrl: m.onlineUrl } : {}),
      hostMunicipality: m.hostMunicipality,
    };
  });
}

// ---- invitations ----

/**
 * One invitation per recipient, in batches. A duplicate fan-out rewrites the same items with the
 * same content (the meeting's fan-out marker makes a finished fan-out skip this entirely).
 */
export async function putInvitations(meetingId: string, version: number, recipients: readonly Recipient[]): Promise<void> {
  await putAll(
    recipients.map((r) => ({
      ...key.invitation(meetingId, r.personId),
      type: 'invitation',
      [TableKeys.byPerson.partitionKey]: key.personRef(r.personId),
      [TableKeys.byPerson.sortKey]: `MEETING#${meetingId}`,
      meetingId,
      invitedVersion: version,
      ...r,
    })),
  );
}

// ---- mail records (the idempotency guard and the delivery record of each mail) ----

export type MailStatus = 'sending' | 'released' | 'sent' | 'rejected';


function mailItem(job: MailJob, fields: Record<string, unknown>) {
  const subject = mailSubject(job);
  return {
    ...mailRecordKey(job),
    type: 'mail',
    [TableKeys.byPerson.partitionKey]: key.personRef(job.recipient.personId),
    [TableKeys.byPerson.sortKey]: `MAIL#${subject.type}#${subject.id}#${subject.version}#${mailKindKey(job)}`,
    subjectType: subject.type,
    [subject.type === 'meeting' ? 'meetingId' : 'experimentId']: subject.id,
    version: subject.version,
    kind: job.kind,
    personId: job.recipient.personId,
    email: job.recipient.email,
    ...fields,
  };
}

export type ClaimResult =
  /** This delivery owns the mail now and should send it. */
  | 'claimed'
  /** Sent or permanently rejected already: nothing to do. */
  | 'done'
  /** Another delivery holds a fresh claim: try again later. */
  | 'in-progress';

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
  await doc
    .send(
      new UpdateCommand({
        TableName: table(),
        Key: mailRecordKey(job),
        UpdateExpression: 'SET #status = :released, lastError = :reason ADD attempts :one',
        ConditionExpression: '#status = :sending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released', ':sending': 'sending', ':reason': reason.slice(0, 500), ':one': 1 },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionFailure(err)) throw err;
    });
}

export interface SentMail {
  job: MailJob;
  sesMessageId: string;
  sentAt: Date;
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

// ---- the meeting page ----

/** Delivery of an invitee's latest mail for the meeting; "pending" before any attempt. */
export type DeliveryStatus = 'pending' | 'sending' | 'retrying' | 'sent' | 'rejected' | (string & {});

export interface InvitationView {
  personId: string;
  name: string;
  email: string;
  role: Role;
  municipality: string | null;
  language: Language;
  topic?: string;
  answer: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryDetail?: string;
}

export interface MeetingWithInvitations extends MeetingRecord {
  invitations: InvitationView[];
}

const deliveryStatusOf = (status: unknown): DeliveryStatus =>
  status === 'released' ? 'retrying' : typeof status === 'string' ? status : 'pending';

/** The meeting, its invitations and their mail records: one Query on the meeting's partition. */
export async function getMeetingWithInvitations(meetingId: string): Promise<MeetingWithInvitations | undefined> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk },
  });
  const meetingItem = items.find((i) => i.type === 'meeting');
  if (!meetingItem) return undefined;

  // The mail that tells an invitee's delivery: the invitation (or update) of the latest version.
  const latestMail = new Map<string, Record<string, unknown>>();
  for (const m of items) {
    if (m.type !== 'mail' || (m.kind !== 'invitation' && m.kind !== 'update')) continue;
    const prev = latestMail.get(m.personId as string);
    if (!prev || (m.version as number) > (prev.version as number)) latestMail.set(m.personId as string, m);
  }

  const invitations = items
    .filter((i) => i.type === 'invitation')
    .map((i): InvitationView => {
      const mail = latestMail.get(i.personId as string);
      const detail = mail?.reason ?? mail?.lastError;
      return {
        personId: i.personId as string,
        name: i.name as string,
        email: i.email as string,
        role: i.role as Role,
        municipality: (i.municipality as string | undefined) ?? null,
        language: i.language as Language,
        ...(typeof i.topic === 'string' ? { topic: i.topic } : {}),
        answer: (i.answer as string | undefined) ?? null,
        deliveryStatus: deliveryStatusOf(mail?.status),
        ...(typeof detail === 'string' ? { deliveryDetail: detail } : {}),
      };
    });
  return { ...meetingFrom(meetingItem), invitations };
}
