// The experiment register in the network's table (key design in functions/contract/table.ts):
//   experiment   pk EXPERIMENT#<id>  sk EXPERIMENT              gsi1 EXPERIMENTS / <startsOn>#<id>
//   note         pk EXPERIMENT#<id>  sk NOTE#<date>#<nnnn>
//   mail record  pk EXPERIMENT#<id>  sk MAIL#1#<kind>#<personId>  (written by the mailer)
//   proposal     pk MEETING#<mid>    sk PROPOSAL#EXPERIMENT#<id>  (the next meeting's agenda proposal)
// Key lookups and Queries only (no Scan, no transactions). Every state change is one
// conditional write on the experiment item, so two concurrent requests cannot both win.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExperimentSnapshot } from '../contract/mail-job.js';
import { byPersonSortKey, key, sortKeyPrefix, TableKeys } from '../contract/table.js';
import { involvedPersonId } from '../domain/person/audience.js';
import type { AgendaProposal, Completion, ExperimentDetails, ExperimentFilter, ExperimentNote, ExperimentRecord, ExperimentSummary, StateWrite, UpcomingMeeting } from '../domain/experiment/model.js';
import type { ExperimentStatus } from '../domain/experiment/rules.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { DeliveryStatus } from '../domain/meeting/model.js';
import { conditionHeld, doc, table, isConditionFailure, putAll, queryAll } from './dynamo.js';
import { involvementItem, setInvolved, updateExperiment } from './experiment-edit-store.js';


// ---- records ----

const RECORD_FIELDS = [
  'experimentId', 'municipality', 'title', 'challenge', 'plan', 'startsOn', 'plannedEndOn', 'involved',
  'status', 'registeredAt', 'noteCount', 'abandonedReason', 'abandonedAt',
  'outcome', 'learnings', 'reusable', 'doDifferently', 'completedAt', 'completionEvent',
  'invitationsSentAt', 'learningsSharedAt', 'agendaMeetingId',
  'themes', 'kind', 'reviewOn', 'plannedAtMeetingId', 'presentedAtMeetingId', 'owner', 'result', 'involvedRev', 'updatedAt',
] as const;

export function recordFrom(item: Record<string, unknown>): ExperimentRecord {
  const out: Record<string, unknown> = {};
  for (const f of RECORD_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as ExperimentRecord;
}

function summaryFrom(item: Record<string, unknown>): ExperimentSummary {
  const { involved, ...rest } = recordFrom(item);
  return { ...rest, involvedCount: involved?.length ?? 0 };
}

const noteFrom = (i: Record<string, unknown>): ExperimentNote => ({
  date: i.date as string,
  text: i.text as string,
  n: i.n as number,
  createdAt: i.createdAt as string,
  ...(i.author !== undefined ? { author: i.author as ExperimentNote['author'] & object } : {}),
});

// ---- registration (experiments function) ----

/**
 * Stores a newly registered experiment unless it is there already: a redelivered
 * experiment-registered must not overwrite notes or a state the api has written since.
 */
export async function saveExperiment(
  experiment: ExperimentSnapshot,
  now = new Date(),
): Promise<{ created: boolean; record: ExperimentRecord }> {
  const item = {
    ...key.experiment(experiment.experimentId),
    type: 'experiment',
    [TableKeys.byCollection.partitionKey]: key.experimentsCollection,
    [TableKeys.byCollection.sortKey]: `${experiment.startsOn}#${experiment.experimentId}`,
    ...experiment,
    status: 'planned' satisfies ExperimentStatus,
    registeredAt: now.toISOString(),
  };
  const created = await conditionHeld(doc.send(new PutCommand({ TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
  const record = created ? recordFrom(item) : await getExperiment(experiment.experimentId);
  if (!record) throw new Error(`experiment ${experiment.experimentId} exists and cannot be read`);
  // Written on every delivery (the same items again), so a crash in between leaves none missing.
  await putAll((record.involved ?? []).map((p) => involvementItem(record.experimentId, involvedPersonId(p))));
  return { created, record };
}

export async function getExperiment(experimentId: string): Promise<ExperimentRecord | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.experiment(experimentId), ConsistentRead: true }));
  return out.Item ? recordFrom(out.Item) : undefined;
}

/** Sets a fan-out marker once (a duplicate delivery finds it set and keeps the first time). */
async function setMarker(experimentId: string, field: 'invitationsSentAt' | 'learningsSharedAt', now: Date): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: key.experiment(experimentId),
      UpdateExpression: 'SET #f = if_not_exists(#f, :now)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#f': field },
      ExpressionAttributeValues: { ':now': now.toISOString() },
    }),
  );
}

export const markInvitationsSent = (experimentId: string, now = new Date()) => setMarker(experimentId, 'invitationsSentAt', now);
export const markLearningsShared = (experimentId: string, now = new Date()) => setMarker(experimentId, 'learningsSharedAt', now);

// ---- state changes (api function) ----

/**
 * Writes a transition the domain allowed for the status read before: the condition
 * `status = :expected` makes a concurrent change lose with 'conflict' (the caller re-reads
 * and decides again) instead of overwriting.
 */
async function conditionalTransition(
  experimentId: string,
  expected: ExperimentStatus,
  set: Record<string, unknown>,
  extra: { add?: Record<string, number>; returnNew?: boolean } = {},
): Promise<{ result: StateWrite; attributes?: Record<string, unknown> }> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':expected': expected };
  const sets: string[] = [];
  Object.entries(set).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  const adds: string[] = [];
  Object.entries(extra.add ?? {}).forEach(([field, value], i) => {
    names[`#a${i}`] = field;
    values[`:a${i}`] = value;
    adds.push(`#a${i} :a${i}`);
  });
  try {
    const out = await doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.experiment(experimentId),
        UpdateExpression: `SET ${sets.join(', ')}${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND #status = :expected',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(extra.returnNew ? { ReturnValues: 'UPDATED_NEW' as const } : {}),
      }),
    );
    return { result: 'ok', attributes: out.Attributes };
  } catch (err) {
    if (isConditionFailure(err)) return { result: 'conflict' };
    throw err;
  }
}

/**
 * A progress note: moves the state (planned -> running when the domain says so) and counts the
 * note in one conditional update, then stores the note under the number that update handed out.
 */
export async function addExperimentNote(
  experimentId: string,
  expected: ExperimentStatus,
  next: ExperimentStatus,
  note: { date: string; text: string; author?: ExperimentNote['author'] },
  now = new Date(),
): Promise<{ result: 'ok'; note: ExperimentNote } | { result: 'conflict' }> {
  const write = await conditionalTransition(
    experimentId,
    expected,
    { status: next, lastNoteAt: now.toISOString() },
    { add: { noteCount: 1 }, returnNew: true },
  );
  if (write.result === 'conflict') return { result: 'conflict' };
  const n = Number(write.attributes?.noteCount ?? 1);
  const stored: ExperimentNote = { ...note, n, createdAt: now.toISOString() };
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...key.note(experimentId, note.date, n),
        type: 'experiment-note',
        experimentId,
        ...stored,
      },
    }),
  );
  return { result: 'ok', note: stored };
}

export async function abandonExperiment(experimentId: string, expected: ExperimentStatus, reason: string, now = new Date()): Promise<StateWrite> {
  const write = await conditionalTransition(experimentId, expected, {
    status: 'abandoned' satisfies ExperimentStatus,
    abandonedReason: reason,
    abandonedAt: now.toISOString(),
  });
  return write.result;
}

/** The completion as the api records it; the event is published after this write succeeds. */
export async function completeExperiment(
  experimentId: string,
  expected: ExperimentStatus,
  completion: Completion,
  now = new Date(),
): Promise<StateWrite> {
  const write = await conditionalTransition(experimentId, expected, {
    status: 'completed' satisfies ExperimentStatus,
    outcome: completion.outcome,
    learnings: completion.learnings,
    reusable: completion.reusable,
    doDifferently: completion.doDifferently,
    result: completion.result,
    completedAt: now.toISOString(),
    completionEvent: 'pending',
  });
  return write.result;
}

export async function markCompletionPublished(experimentId: string): Promise<void> {
  await doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: key.experiment(experimentId),
      UpdateExpression: 'SET completionEvent = :published',
      ConditionExpression: '#status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':published': 'published', ':completed': 'completed' },
    }),
  );
}

// ---- completion (experiments function) ----

/**
 * Records the completion carried by experiment-completed. The api normally wrote it already (so
 * its 409 is reliable); this keeps whatever is there and fills in what is missing, so a
 * redelivered or redriven event changes nothing. Returns the experiment as stored after the write;
 * 'abandoned' means the event contradicts the register and is not acted on.
 */
export async function recordCompletion(
  experimentId: string,
  completion: Completion,
  now = new Date(),
): Promise<ExperimentRecord | 'abandoned' | 'missing'> {
  const values: Record<string, unknown> = {
    ':completed': 'completed',
    ':abandoned': 'abandoned',
    ':outcome': completion.outcome,
    ':learnings': completion.learnings,
    ':reusable': completion.reusable,
    ':now': now.toISOString(),
  };
  const sets = [
    '#status = :completed',
    'outcome = if_not_exists(outcome, :outcome)',
    'learnings = if_not_exists(learnings, :learnings)',
    'reusable = if_not_exists(reusable, :reusable)',
    'completedAt = if_not_exists(completedAt, :now)',
  ];
  if (completion.doDifferently !== undefined) {
    values[':dd'] = completion.doDifferently;
    sets.push('doDifferently = if_not_exists(doDifferently, :dd)');
  }
  if (completion.result !== undefined) {
    values[':result'] = completion.result;
    sets.push('#result = if_not_exists(#result, :result)');
  }
  try {
    const out = await doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.experiment(experimentId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk) AND #status <> :abandoned',
        ExpressionAttributeNames: { '#status': 'status', ...(completion.result !== undefined ? { '#result': 'result' } : {}) },
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return recordFrom(out.Attributes ?? {});
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const existing = await getExperiment(experimentId);
    return existing ? 'abandoned' : 'missing';
  }
}

// ---- the next meeting's agenda proposal ----

/**
 * The network's next meeting: the first by start time that starts after `now` and is neither
 * cancelled nor held. Meetings sort by UTC start in byCollection, so this reads from `now` on,
 * a page at a time, until one qualifies (usually the first item).
 */
export async function findNextMeeting(now = new Date()): Promise<UpcomingMeeting | undefined> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: table(),
        IndexName: TableKeys.byCollection.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk > :now',
        FilterExpression: '(attribute_not_exists(#status) OR NOT #status IN (:cancelled, :held)) AND attribute_not_exists(cancelledAt)',
        ExpressionAttributeNames: { '#pk': TableKeys.byCollection.partitionKey, '#sk': TableKeys.byCollection.sortKey, '#status': 'status' },
        // Sort keys are `<UTC start>#<meetingId>`: '~' sorts after every id, so a meeting starting
        // exactly now counts as started.
        ExpressionAttributeValues: { ':pk': key.meetingsCollection, ':now': `${now.toISOString()}#~`, ':cancelled': 'cancelled', ':held': 'held' },
        Limit: 10,
        ExclusiveStartKey,
      }),
    );
    const first = out.Items?.find((i) => i.type === 'meeting' || i.meetingId !== undefined);
    if (first) return { meetingId: first.meetingId as string, title: first.title as string, startsAt: first.startsAt as string };
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return undefined;
}

/**
 * Chooses the meeting for the experiment's agenda proposal once: a redelivery after the next
 * meeting has changed still writes to the meeting chosen first. Returns the meeting id kept.
 */
export async function chooseAgendaMeeting(experimentId: string, meetingId: string): Promise<string> {
  const chosen = await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.experiment(experimentId),
        UpdateExpression: 'SET agendaMeetingId = :m',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(agendaMeetingId)',
        ExpressionAttributeValues: { ':m': meetingId },
      }),
    ),
  );
  if (chosen) return meetingId;
  const existing = await getExperiment(experimentId);
  if (!existing?.agendaMeetingId) throw new Error(`experiment ${experimentId} has no agenda meeting and cannot get one`);
  return existing.agendaMeetingId;
}

/**
 * A separate item in the meeting's partition (the meeting item belongs to the meetings
 * workflow). Written once; a duplicate finds it there.
 */
export async function putAgendaProposal(meetingId: string, proposal: AgendaProposal): Promise<void> {
  await conditionHeld(
    doc.send(
      new PutCommand({
        TableName: table(),
        Item: { ...key.agendaProposal(meetingId, proposal.experimentId), type: 'agenda-proposal', meetingId, ...proposal },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** The experiments proposed for a meeting's agenda, oldest proposal first. */
export async function listAgendaProposals(meetingId: string): Promise<AgendaProposal[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk, ':p': sortKeyPrefix.agendaProposal },
  });
  return items
    .map((i) => ({
      experimentId: i.experimentId as string,
      municipality: i.municipality as string,
      title: i.title as string,
      outcome: i.outcome as string,
      learnings: i.learnings as string[],
      reusable: i.reusable as string,
      ...(typeof i.doDifferently === 'string' ? { doDifferently: i.doDifferently } : {}),
      ...(typeof i.result === 'string' ? { result: i.result as Completion['result'] & string } : {}),
      proposedAt: i.proposedAt as string,
    }))
    .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt));
}

// ---- reading the register ----

/** The register in start-date order (byCollection `EXPERIMENTS`), optionally filtered. */
export async function listExperiments(filter: ExperimentFilter = {}): Promise<ExperimentSummary[]> {
  const names: Record<string, string> = { '#pk': TableKeys.byCollection.partitionKey };
  const values: Record<string, unknown> = { ':pk': key.experimentsCollection };
  const conditions: string[] = [];
  if (filter.municipality !== undefined) {
    names['#m'] = 'municipality';
    values[':m'] = filter.municipality;
    conditions.push('#m = :m');
  }
  if (filter.status !== undefined) {
    names['#status'] = 'status';
    values[':status'] = filter.status;
    conditions.push('#status = :status');
  }
  const items = await queryAll({
    TableName: table(),
    IndexName: TableKeys.byCollection.indexName,
    KeyConditionExpression: '#pk = :pk',
    ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
  return items.map(summaryFrom);
}

/**
 * One experiment with its notes and the delivery of each involved person's invitation: one
 * Query on the experiment's partition. `personIdOf` gives outsiders the id their mail used.
 */
export async function getExperimentDetails(
  experimentId: string,
  personIdOf: (p: { personId?: string; email: string }) => string,
): Promise<ExperimentDetails | undefined> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.experiment(experimentId).pk },
  });
  const item = items.find((i) => i.sk === key.experiment(experimentId).sk);
  if (!item) return undefined;
  const record = recordFrom(item);
  const invitationMail = new Map<string, Record<string, unknown>>();
  for (const i of items) if (i.type === 'mail' && i.kind === 'experiment-invitation') invitationMail.set(i.personId as string, i);
  const deliveryOf = (status: unknown): DeliveryStatus =>
    status === 'released' ? 'retrying' : typeof status === 'string' ? (status as DeliveryStatus) : 'pending';
  return {
    ...record,
    involved: (record.involved ?? []).map((p) => ({ ...p, involvedId: personIdOf(p), invitationStatus: deliveryOf(invitationMail.get(personIdOf(p))?.status) })),
    notes: items.filter((i) => typeof i.sk === 'string' && i.sk.startsWith(sortKeyPrefix.note)).map(noteFrom),
  };
}

/** An experiment's notes only (not its mail records): one Query on the NOTE# items of its partition. */
export async function listExperimentNotes(experimentId: string): Promise<ExperimentNote[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :note)',
    ExpressionAttributeValues: { ':pk': key.experiment(experimentId).pk, ':note': sortKeyPrefix.note },
  });
  return items.map(noteFrom);
}

export const experimentsStore: ExperimentStore = {
  saveExperiment,
  getExperiment,
  getExperimentDetails,
  listExperiments,
  markInvitationsSent,
  markLearningsShared,
  addExperimentNote,
  abandonExperiment,
  completeExperiment,
  markCompletionPublished,
  recordCompletion,
  findNextMeeting,
  chooseAgendaMeeting,
  putAgendaProposal,
  listAgendaProposals,
  updateExperiment,
  setInvolved,
};
