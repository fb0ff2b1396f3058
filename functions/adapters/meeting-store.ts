// The meetings in the network's table (key design in functions/contract/table.ts): the meeting
// item of each meeting (its version, status and the changes the api reserved) and the meeting
// page's one Query over the meeting's partition. Implements MeetingStore
// (functions/domain/meeting/store.ts). Every access is a key lookup or a Query; no Scan, no
// transactions (dynalite has none).
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MeetingSnapshot } from '../contract/mail-job.js';
import { meetingSnapshotOf } from '../contract/mail-job-subject.js';
import { key, TableKeys } from '../contract/table.js';
import { deliveryOverlay } from '../domain/mail/preferences.js';
import type { DeliveryStatus, FanOutProgress, InvitationView, MeetingClose, MeetingRecord, MeetingSummary, MeetingWithInvitations, PendingChange, PreviousDetails, SentReminder } from '../domain/meeting/model.js';
import type { MeetingStore } from '../domain/meeting/store.js';
import { conditionHeld, doc, getAll, table, queryAll } from './dynamo.js';
import { joinAnswers } from './invitation-store.js';

// ---- the meeting item ----

/** The meeting item's attributes that make its MeetingRecord (keys and index attributes left out). */
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
  'fanOut',
  'pendingVersion',
  'pendingStatus',
  'pendingAt',
  'pendingChange',
  'changed',
  'previous',
  'cancelReason',
  'cancelledAt',
  'followUp',
  'heldAt',
  'closeFanOutDone',
  'description',
  'practicalInfo',
  'attendanceGuidelines',
  'reminders',
  'reconfirmSince',
  'remindersSent',
  'attendance',
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

/** The meetings of these ids that exist, read as getMeeting reads one (consistent), with BatchGetItem. */
export async function getMeetings(meetingIds: readonly string[]): Promise<MeetingRecord[]> {
  const items = await getAll([...new Set(meetingIds)].map(key.meeting), { consistent: true });
  return items.map(meetingFrom);
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

/**
 * How far the current fan-out got: one UpdateItem at its start and every PROGRESS_EVERY recipients.
 * A progress report of an older fan-out (a late retry) does not overwrite a newer one's.
 */
export async function recordFanOutProgress(meetingId: string, progress: Omit<FanOutProgress, 'at'>, now = new Date()): Promise<void> {
  await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET fanOut = :p',
    ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(fanOut) OR fanOut.version <= :v)',
    ExpressionAttributeValues: { ':p': { ...progress, at: now.getTime() }, ':v': progress.version },
  })));
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
    const { agenda: _a, audience: _au, inspirers: _i, description: _d, practicalInfo: _p, attendanceGuidelines: _g, reminders: _r, reconfirmSince: _rs, ...summary } = meetingSnapshotOf(m);
    return { ...summary, status: m.status };
  });
}

// ---- lifecycle changes of a meeting ----

const SCHEDULED_OR_LEGACY = '(attribute_not_exists(#status) OR #status = :scheduled)';
/** No change waits to be applied, and every invitation and mail job of version :cur is out. */
const READY_FOR_CHANGE =
  '#version = :cur AND fanOutVersion >= :cur AND (attribute_not_exists(pendingVersion) OR pendingVersion <= :cur) AND attribute_not_exists(pendingStatus)';

/**
 * Reserves version `current + 1` for a reschedule and stores the change beside it: one conditional
 * UpdateItem, so of two concurrent PATCHes only one becomes the next version (the other gets a
 * 409). It fails while another change is pending (however long ago it was accepted: a version is
 * never handed out twice; the fan-out check applies a change whose event never arrived), while the
 * current version's fan-out is still running, and once the meeting is not scheduled.
 */
export async function reserveReschedule(meetingId: string, currentVersion: number, change: PendingChange, now = new Date()): Promise<boolean> {
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET pendingVersion = :next, pendingAt = :now, pendingChange = :change',
    ConditionExpression: `attribute_exists(pk) AND ${SCHEDULED_OR_LEGACY} AND ${READY_FOR_CHANGE}`,
    ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
    ExpressionAttributeValues: { ':next': currentVersion + 1, ':cur': currentVersion, ':now': now.getTime(), ':change': change, ':scheduled': 'scheduled' },
  })));
}

/** Reserves the end of a meeting (cancel or follow-up) with the change: only one of them, once, on the same terms. */
export async function reserveClose(meetingId: string, currentVersion: number, status: 'cancelled' | 'held', change: PendingChange, now = new Date()): Promise<boolean> {
  return conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET pendingStatus = :s, pendingAt = :now, pendingChange = :change',
    ConditionExpression: `attribute_exists(pk) AND ${SCHEDULED_OR_LEGACY} AND ${READY_FOR_CHANGE}`,
    ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
    ExpressionAttributeValues: { ':s': status, ':cur': currentVersion, ':now': now.getTime(), ':change': change, ':scheduled': 'scheduled' },
  })));
}

/** Gives a reservation back when its event could not be published (only the one made at `at`). */
export async function releaseReservation(meetingId: string, at: Date): Promise<void> {
  await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'REMOVE pendingVersion, pendingStatus, pendingAt, pendingChange',
    ConditionExpression: 'pendingAt = :at',
    ExpressionAttributeValues: { ':at': at.getTime() },
  })));
}

/**
 * Moves the meeting to a newer version, keeping the time and place of the one it replaces.
 * Conditional on the version order, so a duplicate or out-of-date event changes nothing (false).
 */
export async function applyReschedule(meeting: MeetingSnapshot, previous: PreviousDetails, changed?: readonly string[]): Promise<boolean> {
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
    ...(changed ? { changed } : {}),
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
  // The pending change is this one (only one is accepted at a time).
  const removes = ['pendingAt', 'pendingChange'];
  for (const optional of ['place', 'onlineUrl', 'description', 'practicalInfo', 'attendanceGuidelines', 'reminders', 'reconfirmSince'] as const) {
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
  close: MeetingClose,
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
    UpdateExpression: `SET #status = :to, ${set.expr} REMOVE pendingStatus, pendingVersion, pendingAt, pendingChange`,
    ConditionExpression: `attribute_exists(pk) AND ${SCHEDULED_OR_LEGACY}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':to': close.status, ':detail': set.detail, ':at': at, ':scheduled': 'scheduled' },
  })));
}

/**
 * Notes on the meeting that a reminder or nudge went out (appended: a duplicate delivery may add
 * it twice, which the page's reminder status folds into one).
 */
export async function recordReminderSent(meetingId: string, sent: SentReminder): Promise<void> {
  await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.meeting(meetingId),
    UpdateExpression: 'SET remindersSent = list_append(if_not_exists(remindersSent, :none), :one)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':none': [], ':one': [sent] },
  })));
}

/** The cancellation or follow-up mails are all enqueued: a duplicate event does nothing. */
export async function markCloseFanOutDone(meetingId: string): Promise<void> {
  await doc.send(
    new UpdateCommand({ TableName: table(), Key: key.meeting(meetingId), UpdateExpression: 'SET closeFanOutDone = :t', ExpressionAttributeValues: { ':t': true } }),
  );
}

// ---- the meeting page ----

// The table holds what the mailer and SES wrote: a DeliveryStatus, or 'released' (shown as retrying).
const deliveryStatusOf = (status: unknown): DeliveryStatus =>
  status === 'released' ? 'retrying' : typeof status === 'string' ? (status as DeliveryStatus) : 'pending';

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
    .map(({ recipient: r, answer, answeredAt, answeredVersion, comment }): InvitationView => {
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
        ...(answeredVersion !== undefined ? { answeredVersion } : {}),
        ...(comment !== undefined ? { comment } : {}),
        deliveryStatus: reported ? (reported.status as DeliveryStatus) : deliveryStatusOf(mail?.status),
        ...(typeof detail === 'string' ? { deliveryDetail: detail } : {}),
        ...(reported?.hint ? { deliveryHint: reported.hint } : {}),
      };
    });
  const { pendingChange: _c, ...meeting } = meetingFrom(meetingItem);
  return { ...meeting, invitations };
}

export const meetingStore: MeetingStore = {
  saveMeeting,
  getMeeting,
  listMeetings,
  getMeetingWithInvitations,
  markFanOutDone,
  recordFanOutProgress,
  reserveReschedule,
  reserveClose,
  releaseReservation,
  applyReschedule,
  closeMeeting,
  markCloseFanOutDone,
  recordReminderSent,
};
