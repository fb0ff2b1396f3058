// The reflections left through the follow-up's link, in the meeting's partition of the network's
// table (one item per person). Implements ReflectionStore (functions/domain/meeting/store.ts).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { byPersonSortKey, key, sortKeyPrefix, TableKeys } from '../contract/table.js';
import type { ReflectionRecord } from '../domain/meeting/model.js';
import type { ReflectionStore } from '../domain/meeting/store.js';
import { doc, table, queryAll } from './dynamo.js';
import { retentionAttribute } from './retention.js';

/** One reflection per person and meeting; a new one replaces the old. */
export async function saveReflection(meetingId: string, r: ReflectionRecord, endsAt?: string): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...key.reflection(meetingId, r.personId),
        type: 'reflection',
        [TableKeys.byPerson.partitionKey]: key.personRef(r.personId),
        [TableKeys.byPerson.sortKey]: byPersonSortKey.reflection(meetingId),
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
    ExpressionAttributeValues: { ':pk': key.meeting(meetingId).pk, ':r': sortKeyPrefix.reflection },
  });
  return items.map(reflectionFrom);
}

const reflectionFrom = (i: Record<string, unknown>): ReflectionRecord => ({
  personId: i.personId as string,
  name: i.name as string,
  text: i.text as string,
  submittedAt: i.submittedAt as string,
  ...(typeof i.shareName === 'boolean' ? { shareName: i.shareName } : {}),
});

export const reflectionStore: ReflectionStore = { saveReflection, getReflection, listReflections };
