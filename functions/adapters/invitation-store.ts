// The invitations of a meeting and their answers in the network's table: one invitation item per
// person (written by the meetings workflow's fan-out) and one answer item per person (written only
// by the answer link), sharing the INVITATION# prefix so one Query reads both. Implements
// InvitationStore (functions/domain/meeting/store.ts).
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RsvpAnswer } from '../contract/events.js';
import type { Recipient } from '../contract/mail-job.js';
import { byPersonSortKey, key, sortKeyPrefix, TableKeys } from '../contract/table.js';
import type { AnswerExtras, InvitationRecord, InvitationWriteOptions } from '../domain/meeting/model.js';
import type { InvitationStore } from '../domain/meeting/store.js';
import { conditionHeld, doc, table, queryAll, putAll } from './dynamo.js';
import { personFrom } from './people-store.js';
import { retentionAttribute } from './retention.js';

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
    [TableKeys.byPerson.sortKey]: byPersonSortKey.invitation(meetingId),
    meetingId,
    invitedVersion: version,
    firstVersion: options.firstVersion?.get(r.personId) ?? version,
    ...retention,
    ...r,
    ...extra,
  });
  await putAll([...recipients.map((r) => item(r, {})), ...removed.map((r) => item(r, { removedVersion: version }))]);
}

function recipientFrom(i: Record<string, unknown>): Recipient {
  return { ...personFrom(i), ...(typeof i.topic === 'string' ? { topic: i.topic } : {}) };
}

/** Every invitation of a meeting with its answer: one Query (invitations and answers share the prefix). */
export async function listInvitations(meetingId: string): Promise<InvitationRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :inv)',
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk, ':inv': sortKeyPrefix.invitation },
  });
  return joinAnswers(items);
}

/** Invitations joined with their answers, from items of a meeting's partition. */
export function joinAnswers(items: readonly Record<string, unknown>[]): InvitationRecord[] {
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
        ...(a && typeof a.answeredVersion === 'number' ? { answeredVersion: a.answeredVersion } : {}),
        ...(a && typeof a.comment === 'string' && a.comment !== '' ? { comment: a.comment } : {}),
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
 * Writes an answer given at `at` (its own item, beside the invitation): the latest answer wins,
 * so an older one arriving later (a retried request) leaves the newer in place ('older').
 */
export async function saveAnswer(meetingId: string, personId: string, answer: RsvpAnswer, at: Date, endsAt?: string, extras: AnswerExtras = {}): Promise<'recorded' | 'older'> {
  const ttl = retentionAttribute(endsAt)[TableKeys.ttl];
  // The version answered and the comment go with the answer, in the same conditional write.
  const optional = [
    ...(ttl !== undefined ? [`${TableKeys.ttl} = :ttl`] : []),
    ...(extras.version !== undefined ? ['answeredVersion = :v'] : []),
    ...(extras.comment !== undefined ? ['#comment = :c'] : []),
  ];
  const ok = await conditionHeld(doc.send(new UpdateCommand({
    TableName: table(),
    Key: key.answer(meetingId, personId),
    UpdateExpression: `SET #type = :type, meetingId = :m, personId = :p, answer = :a, answeredAt = :at, #g2pk = :g2pk, #g2sk = :g2sk${optional.map((o) => `, ${o}`).join('')}`,
    ConditionExpression: 'attribute_not_exists(answeredAt) OR answeredAt <= :at',
    ExpressionAttributeNames: {
      '#type': 'type',
      '#g2pk': TableKeys.byPerson.partitionKey,
      '#g2sk': TableKeys.byPerson.sortKey,
      ...(extras.comment !== undefined ? { '#comment': 'comment' } : {}),
    },
    ExpressionAttributeValues: {
      ':type': 'answer',
      ...(extras.version !== undefined ? { ':v': extras.version } : {}),
      ...(extras.comment !== undefined ? { ':c': extras.comment } : {}),
      ':m': meetingId,
      ':p': personId,
      ':a': answer,
      ':at': at.toISOString(),
      ...(ttl !== undefined ? { ':ttl': ttl } : {}),
      ':g2pk': key.personRef(personId),
      ':g2sk': byPersonSortKey.answer(meetingId),
    },
  })));
  return ok ? 'recorded' : 'older';
}

export const invitationStore: InvitationStore = { putInvitations, listInvitations, getInvitation, saveAnswer };
