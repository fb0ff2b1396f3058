// Who asked for the daily digest: one item per facilitator in one partition (key.digestSubscriber),
// on the person's byPerson list so export and erasure find it. Implements DigestSubscriptionStore
// (functions/domain/meeting/store.ts).
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import type { DigestSubscriptionStore } from '../domain/meeting/store.js';
import { doc, queryAll, table } from './dynamo.js';

/** Turning it on writes the item, off deletes it: both are the same on a repeat. */
export async function setDigestSubscription(personId: string, enabled: boolean, at: Date): Promise<void> {
  const k = key.digestSubscriber(personId);
  if (!enabled) {
    await doc.send(new DeleteCommand({ TableName: table(), Key: k }));
    return;
  }
  await doc.send(new PutCommand({
    TableName: table(),
    Item: {
      ...k,
      type: 'digest-subscription',
      personId,
      since: at.toISOString(),
      [TableKeys.byPerson.partitionKey]: key.personRef(personId),
      [TableKeys.byPerson.sortKey]: byPersonSortKey.digestSubscription,
    },
  }));
}

export async function isDigestSubscriber(personId: string): Promise<boolean> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.digestSubscriber(personId), ConsistentRead: true }));
  return out.Item !== undefined;
}

export async function listDigestSubscribers(): Promise<string[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.digestSubscriber('').pk },
  });
  return items.map((i) => i.personId as string);
}

export const digestStore: DigestSubscriptionStore = { setDigestSubscription, isDigestSubscriber, listDigestSubscribers };
