// The network's table (single-table design from functions/contract/table.ts). Every access is a
// key lookup or a Query; no Scan, no transactions (dynalite has none; one conditional write per
// mail is the idempotency guard instead).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mailKindKey, mailRecordKey, mailSubject, mailSubjectEndsAt, meetingSnapshotOf, type MailJob, type MeetingSnapshot, type Recipient } from '../contract/mail-job.js';
import type { RsvpAnswer } from '../contract/events.js';
import type { Language, Role } from '../contract/network.js';
import { key, TableKeys } from '../contract/table.js';
import type { NetworkPerson } from '../domain/audience.js';
import type { MeetingStatus } from '../domain/meeting-state.js';
import { deliveryOverlay } from '../domain/mail-preferences.js';
import { retentionAttribute } from './retention.js';
import { conditionHeld, doc, table, isConditionFailure, queryAll, putAll } from './dynamo.js';

/**
 * How long a mail claim ("sending") blocks other deliveries of the same job. It must outlast one
 * mailer invocation (its function timeout); after it, a redelivered job may take the claim over,
 * so a mailer that crashed between claim and send does not lose the mail.
 */
export const MAIL_CLAIM_LEASE_MS = 5 * 60_000;

// ---- people ----

export async function listPeople(): Promise<NetworkPerson[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)',
    // The people partition key comes from the contract's key design (one partition for all people).
    ExpressionAttributeValues: { ':pk': key.person('').pk, ':person': 'PERSON#' },
  });
  return items.map(personFrom);
}

/** A person's fields as stored on a person or an invitation item. */
function personFrom(i: Record<string, unknown>): NetworkPerson {
  return {
    personId: i.personId as string,
    name: i.name as string,
    email: i.email as string,
    role: i.role as Role,
    ...(typeof i.municipality === 'string' ? { municipality: i.municipality } : {}),
    language: i.language as Language,
  };
}

// ---- meetings ----

/** The time and place of the version before the current one (what a reschedule's update mail compares with). */
export interface PreviousDetails {
  version: number;
  title: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineUrl?: string;
}

export interface FollowUpRecord {
  summary: string;
  decisions: string[];
  nextSteps: string[];
}

export interface MeetingRecord extends MeetingSnapshot {
  createdAt: string;
  /** Items written before the lifecycle existed have none: meetingFrom reads them as 'scheduled'. */
  status: MeetingStatus;
  /** The highest version whose invitations have all been stored and enqueued. */
  fanOutVersion?: number;
  /** Set by the api when it accepted a reschedule (version) or a cancel/follow-up (status) not yet applied. */
  pendingVersion?: number;
  pendingStatus?: 'cancelled' | 'held';
  pendingAt?: number;
  previous?: PreviousDetails;
  cancelReason?: string;
  cancelledAt?: string;
  followUp?: FollowUpRecord;
  heldAt?: string;
  /** The cancellation or follow-up mails have all been enqueued. */
  closeFanOutDone?: boolean;
}

export type MeetingSummary = Pick<
  MeetingRecord,
  'meetingId' | 'version' | 'title' | 'startsAt' | 'endsAt' | 'timeZone' | 'place' | 'onlineUrl' | 'hostMunicipality' | 'status'
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
  'status',
  'fanOutVersion',
  'pendingVersion',
  'pendingStatus',
  'pendingAt',
  'previous',
  'cancelReason',
  'cancelledAt',
  'followUp',
  'heldAt',
  'closeFanOutDone',
] as const;

function meetingFrom(item: Record<string, unknown>): MeetingRecord {
  const out: Record<string, unknown> = {};
  for (const f of MEETING_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  out.status ??= 'scheduled';
  return out as unknown as MeetingRecord;
}

/**
 * Stores the meeting unless it is already there (a duplicate event must not clobber it).
 * Returns whether it was created and whether this version's fan-out already finished.
 */
export async function saveMeeting(meeting: MeetingSnapshot, now = new Date()): Promise<{ created: boolean; fanOutDone: boolean }> {
  const created = await conditionHeld(
    doc.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...key.meeting(meeting.meetingId),
          type: 'meeting',
          [TableKeys.byCollection.partitionKey]: key.meetingsCollection,
          // UTC, so meetings sort by instant whatever their offsets.
          [TableKeys.byCollection.sortKey]: `${new Date(meeting.startsAt).toISOString()}#${meeting.meetingId}`,
          ...meeting,
          status: 'scheduled',
          createdAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (created) return { created, fanOutDone: false };
  const existing = await getMeeting(meeting.meetingId);
  return { created, fanOutDone: (existing?.fanOutVersion ?? 0) >= meeting.version };
}

export async function getMeeting(meetingId: string): Promise<MeetingRecord | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.meeting(meetingId), ConsistentRead: true }));
  return out.Item ? meetingFrom(out.Item) : undefined;
}

export async function markFanOutDone(meetingId: string, version: number): Promise<void> {
  // A failed condition: a duplicate delivery marked it already, which is fine.
  await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.meeting(meetingId),
        UpdateExpression: 'SET fanOutVersion = :v, fanOutAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(fanOutVersion) OR fanOutVersion < :v)',
        ExpressionAttributeValues: { ':v': version, ':at': new Date().toISOString() },
      }),
    ),
  );
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
    const { agenda: _a, audience: _au, inspirers: _i, ...summary } = meetingSnapshotOf(m);
    return { ...summary, status: m.status };
  });
}

// ---- lifecycle changes of a meeting ----

/**
 * How long an accepted change blocks the next one while its event is on the way. It only matters
 * when the api crashed between reserving and publishing (publish failures release at once).
 */
export const PENDING_CHANGE_LEASE_MS = 2 * 60_000;

const SCHEDULED_OR_LEGACY = '(attribute_not_exists(#status) OR #status = :scheduled)';

/**
 * Reserves version `current + 1` for a reschedule: one conditional UpdateItem, so of two
 * concurrent PATCHes only one becomes the next version (the other gets a 409). It fails while
 * another change is pending (until its lease runs out) and once the meeting is not scheduled.
 */
export async function reserveReschedule(meetingId: string, currentVersion: number, now = new Date()): Promise<boolean> {
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET pendingVersion = :next, pendingAt = :now',
    ConditionExpression:
      `attribute_exists(pk) AND #version = :cur AND ${SCHEDULED_OR_LEGACY} AND ` +
      '(((attribute_not_exists(pendingVersion) OR pendingVersion <= :cur) AND attribute_not_exists(pendingStatus)) OR pendingAt < :stale)',
    ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
    ExpressionAttributeValues: {
      ':next': currentVersion + 1,
      ':cur': currentVersion,
      ':now': now.getTime(),
      ':stale': now.getTime() - PENDING_CHANGE_LEASE_MS,
      ':scheduled': 'scheduled',
    },
  })));
}

/** Reserves the end of a meeting (cancel or follow-up): only one of them, once. */
export async function reserveClose(meetingId: string, status: 'cancelled' | 'held', now = new Date()): Promise<boolean> {
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET pendingStatus = :s, pendingAt = :now',
    ConditionExpression: `attribute_exists(pk) AND ${SCHEDULED_OR_LEGACY} AND (attribute_not_exists(pendingStatus) OR pendingAt < :stale)`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':s': status, ':now': now.getTime(), ':stale': now.getTime() - PENDING_CHANGE_LEASE_MS, ':scheduled': 'scheduled' },
  })));
}

/** Gives a reservation back when its event could not be published (only the one made at `at`). */
export async function releaseReservation(meetingId: string, at: Date): Promise<void> {
  await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'REMOVE pendingVersion, pendingStatus, pendingAt',
    ConditionExpression: 'pendingAt = :at',
    ExpressionAttributeValues: { ':at': at.getTime() },
  })));
}

/**
 * Moves the meeting to a newer version, keeping the time and place of the one it replaces.
 * Conditional on the version order, so a duplicate or out-of-date event changes nothing (false).
 */
export async function applyReschedule(meeting: MeetingSnapshot, previous: PreviousDetails): Promise<boolean> {
  const fields: Record<string, unknown> = {
    version: meeting.version,
    title: meeting.title,
    agenda: meeting.agenda,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    timeZone: meeting.timeZone,
    hostMunicipality: meeting.hostMunicipality,
    audience: meeting.audience,
    inspirers: meeting.inspirers,
    previous,
    [TableKeys.byCollection.sortKey]: `${new Date(meeting.startsAt).toISOString()}#${meeting.meetingId}`,
  };
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':scheduled': 'scheduled' };
  const sets: string[] = [];
  Object.entries(fields).forEach(([k, v], i) => {
    names[`#f${i}`] = k;
    values[`:f${i}`] = v;
    sets.push(`#f${i} = :f${i}`);
  });
  const removes = ['pendingAt'];
  for (const optional of ['place', 'onlineUrl'] as const) {
    const value = meeting[optional];
    if (value === undefined) removes.push(optional);
    else {
      names[`#${optional}`] = optional;
      values[`:${optional}`] = value;
      sets.push(`#${optional} = :${optional}`);
    }
  }
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meeting.meetingId),
    UpdateExpression: `SET ${sets.join(', ')} REMOVE ${removes.join(', ')}`,
    ConditionExpression: `attribute_exists(pk) AND #f0 < :f0 AND ${SCHEDULED_OR_LEGACY}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  })));
}

/** Marks the meeting cancelled or held (with its follow-up); false when it is no longer scheduled. */
export async function closeMeeting(
  meetingId: string,
  close: { status: 'cancelled'; reason: string } | { status: 'held'; followUp: FollowUpRecord },
  now = new Date(),
): Promise<boolean> {
  const at = now.toISOString();
  const set =
    close.status === 'cancelled'
      ? { expr: 'cancelReason = :detail, cancelledAt = :at', detail: close.reason }
      : { expr: 'followUp = :detail, heldAt = :at', detail: close.followUp };
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: `SET #status = :to, ${set.expr} REMOVE pendingStatus, pendingVersion, pendingAt`,
    ConditionExpression: `attribute_exists(pk) AND ${SCHEDULED_OR_LEGACY}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':to': close.status, ':detail': set.detail, ':at': at, ':scheduled': 'scheduled' },
  })));
}

/** The cancellation or follow-up mails are all enqueued: a duplicate event does nothing. */
export async function markCloseFanOutDone(meetingId: string): Promise<void> {
  await doc.send(
    new UpdateCommand({ TableName: table(), Key: key.meeting(meetingId), UpdateExpression: 'SET closeFanOutDone = :t', ExpressionAttributeValues: { ':t': true } }),
  );
}

// ---- invitations ----

export interface InvitationWriteOptions {
  /** People a reschedule took out of the audience (they keep an item, marked removedVersion). */
  removed?: readonly Recipient[];
  /** The version each person was first invited at, when earlier than `version`. */
  firstVersion?: ReadonlyMap<string, number>;
  /** The meeting's end: the invitations expire `retentionMonths` after it (TTL). */
  endsAt?: string;
}

/**
 * One invitation per recipient, in batches (and the ones a reschedule removed, marked so). A
 * duplicate fan-out rewrites the same items with the same content. Answers live in their own
 * items (key.answer), written only by the answer link, so these batch puts never overwrite one.
 */
export async function putInvitations(
  meetingId: string,
  version: number,
  recipients: readonly Recipient[],
  options: InvitationWriteOptions = {},
): Promise<void> {
  const removed = options.removed ?? [];
  const retention = retentionAttribute(options.endsAt);
  const item = (r: Recipient, extra: Record<string, unknown>) => ({
    ...key.invitation(meetingId, r.personId),
    type: 'invitation',
    [TableKeys.byPerson.partitionKey]: key.personRef(r.personId),
    [TableKeys.byPerson.sortKey]: `MEETING#${meetingId}`,
    meetingId,
    invitedVersion: version,
    firstVersion: options.firstVersion?.get(r.personId) ?? version,
    ...retention,
    ...r,
    ...extra,
  });
  await putAll([...recipients.map((r) => item(r, {})), ...removed.map((r) => item(r, { removedVersion: version }))]);
}

export interface InvitationRecord {
  recipient: Recipient;
  /** The version of the last invitation or update sent. */
  invitedVersion: number;
  /** The version of this person's first invitation (absent on items written before reschedules existed). */
  firstVersion?: number;
  /** Set when a reschedule took this person out of the audience. */
  removedVersion?: number;
  answer?: RsvpAnswer;
  answeredAt?: string;
}

function recipientFrom(i: Record<string, unknown>): Recipient {
  return { ...personFrom(i), ...(typeof i.topic === 'string' ? { topic: i.topic } : {}) };
}

/** Every invitation of a meeting with its answer: one Query (invitations and answers share the prefix). */
export async function listInvitations(meetingId: string): Promise<InvitationRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inv)',
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk, ':inv': 'INVITATION#' },
  });
  return joinAnswers(items);
}

function joinAnswers(items: readonly Record<string, unknown>[]): InvitationRecord[] {
  const answers = new Map(items.filter((i) => i.type === 'answer').map((a) => [a.personId as string, a]));
  return items
    .filter((i) => i.type === 'invitation')
    .map((i) => {
      const a = answers.get(i.personId as string);
      return {
        recipient: recipientFrom(i),
        invitedVersion: i.invitedVersion as number,
        ...(typeof i.firstVersion === 'number' ? { firstVersion: i.firstVersion } : {}),
        ...(typeof i.removedVersion === 'number' ? { removedVersion: i.removedVersion } : {}),
        ...(a ? { answer: a.answer as RsvpAnswer, answeredAt: a.answeredAt as string } : {}),
      };
    });
}

/** One invitation (without its answer), for the answer and reflection pages. */
export async function getInvitation(meetingId: string, personId: string): Promise<InvitationRecord | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.invitation(meetingId, personId) }));
  const i = out.Item;
  if (!i) return undefined;
  return {
    recipient: recipientFrom(i),
    invitedVersion: i.invitedVersion as number,
    ...(typeof i.removedVersion === 'number' ? { removedVersion: i.removedVersion } : {}),
  };
}

/**
 * Records an answer given at `at`: the latest answer wins, so an older one arriving later (a
 * retried request) leaves the newer in place ('older').
 */
export async function recordAnswer(meetingId: string, personId: string, answer: RsvpAnswer, at: Date, endsAt?: string): Promise<'recorded' | 'older'> {
  const ttl = retentionAttribute(endsAt)[TableKeys.ttl];
  const ok = await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.answer(meetingId, personId),
    UpdateExpression: `SET #type = :type, meetingId = :m, personId = :p, answer = :a, answeredAt = :at, #g2pk = :g2pk, #g2sk = :g2sk${ttl !== undefined ? `, ${TableKeys.ttl} = :ttl` : ''}`,
    ConditionExpression: 'attribute_not_exists(answeredAt) OR answeredAt <= :at',
    ExpressionAttributeNames: { '#type': 'type', '#g2pk': TableKeys.byPerson.partitionKey, '#g2sk': TableKeys.byPerson.sortKey },
    ExpressionAttributeValues: {
      ':type': 'answer',
      ':m': meetingId,
      ':p': personId,
      ':a': answer,
      ':at': at.toISOString(),
      ...(ttl !== undefined ? { ':ttl': ttl } : {}),
      ':g2pk': key.personRef(personId),
      ':g2sk': `ANSWER#MEETING#${meetingId}`,
    },
  })));
  return ok ? 'recorded' : 'older';
}

// ---- reflections (left through the follow-up's link) ----

export interface ReflectionRecord {
  personId: string;
  name: string;
  text: string;
  submittedAt: string;
}

/** One reflection per person and meeting; a new one replaces the old. */
export async function saveReflection(meetingId: string, r: ReflectionRecord, endsAt?: string): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...key.reflection(meetingId, r.personId),
        type: 'reflection',
        [TableKeys.byPerson.partitionKey]: key.personRef(r.personId),
        [TableKeys.byPerson.sortKey]: `REFLECTION#MEETING#${meetingId}`,
        meetingId,
        ...retentionAttribute(endsAt),
        ...r,
      },
    }),
  );
}

export async function getReflection(meetingId: string, personId: string): Promise<ReflectionRecord | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.reflection(meetingId, personId) }));
  return out.Item ? reflectionFrom(out.Item) : undefined;
}

export async function listReflections(meetingId: string): Promise<ReflectionRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk, ':r': 'REFLECTION#' },
  });
  return items.map(reflectionFrom);
}

const reflectionFrom = (i: Record<string, unknown>): ReflectionRecord => ({
  personId: i.personId as string,
  name: i.name as string,
  text: i.text as string,
  submittedAt: i.submittedAt as string,
});

// ---- mail records (the idempotency guard and the delivery record of each mail) ----

export type MailStatus = 'sending' | 'released' | 'sent' | 'rejected';

/**
 * A mail record item: its key, its byPerson index entry, what it is about, its retention, and
 * `fields` (the status and its details). Shared with functions/adapters/suppression.ts.
 */
export function mailRecordItem(job: MailJob, fields: Record<string, unknown>) {
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
    // Retention: the meeting's end (an experiment's planned end) + the network's retentionMonths.
    ...retentionAttribute(mailSubjectEndsAt(job)),
    ...fields,
  };
}

/** The record of a mail this function claims or sends (with the address it went to). */
const mailItem = (job: MailJob, fields: Record<string, unknown>) => mailRecordItem(job, { email: job.recipient.email, ...fields });

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
  answeredAt: string | null;
  deliveryStatus: DeliveryStatus;
  deliveryDetail?: string;
  /** Set when the address bounced: "inspirer unreachable, check the address" (da, en). */
  deliveryHint?: { da: string; en: string };
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

  // SES's reports, by person: one pass over the partition instead of one per invitee.
  const deliveries = new Map<string, Record<string, unknown>[]>();
  for (const d of items) {
    if (d.type !== 'delivery') continue;
    const mine = deliveries.get(d.personId as string);
    if (mine) mine.push(d);
    else deliveries.set(d.personId as string, [d]);
  }

  // People a reschedule removed from the audience are no longer invited (they were sent a cancellation).
  const invitations = joinAnswers(items)
    .filter((i) => i.removedVersion === undefined)
    .map(({ recipient: r, answer, answeredAt }): InvitationView => {
      const mail = latestMail.get(r.personId);
      const reported = deliveryOverlay(deliveries.get(r.personId) ?? [], r.personId, mail, r.role); // bounces, complaints, deliveries (SES events)
      const detail = reported?.detail ?? mail?.reason ?? mail?.lastError;
      return {
        personId: r.personId,
        name: r.name,
        email: r.email,
        role: r.role,
        municipality: r.municipality ?? null,
        language: r.language,
        ...(r.topic !== undefined ? { topic: r.topic } : {}),
        answer: answer ?? null,
        answeredAt: answeredAt ?? null,
        deliveryStatus: reported?.status ?? deliveryStatusOf(mail?.status),
        ...(typeof detail === 'string' ? { deliveryDetail: detail } : {}),
        ...(reported?.hint ? { deliveryHint: reported.hint } : {}),
      };
    });
  return { ...meetingFrom(meetingItem), invitations };
}
