// The calendar feed tokens (key.calendarFeedToken, key.calendarFeedOf), both items on the
// person's byPerson list so export and erasure find them. No transactions: the token item is
// written first (a fresh random token cannot collide), then the person's side with a condition;
// a lookup checks both, so a token whose person's side moved on is revoked even if its item
// lingers after a failure. Implements CalendarFeedStore (functions/domain/person/calendar-feed.ts).
import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import type { CalendarFeedStore } from '../domain/person/calendar-feed.js';
import { conditionHeld, doc, queryAll, table } from './dynamo.js';
import { getMeetings } from './meeting-store.js';

const hashOf = (token: string) => createHash('sha256').update(`samskab-calendar-feed:${token}`).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const onPersonsList = (personId: string, sortKey: string) => ({
  personId,
  [TableKeys.byPerson.partitionKey]: key.personRef(personId),
  [TableKeys.byPerson.sortKey]: sortKey,
});

async function currentToken(personId: string): Promise<string | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.calendarFeedOf(personId), ConsistentRead: true }));
  return out.Item?.token as string | undefined;
}

const putTokenItem = (personId: string, token: string) =>
  doc.send(new PutCommand({ TableName: table(), Item: { ...key.calendarFeedToken(hashOf(token)), type: 'calendar-feed-token', ...onPersonsList(personId, byPersonSortKey.calendarFeedToken) } }));
const deleteTokenItem = (token: string) => doc.send(new DeleteCommand({ TableName: table(), Key: key.calendarFeedToken(hashOf(token)) }));

/**
 * Moves the person's side from `previous` (undefined: none yet) to a new token; false when
 * another request moved it first (then its token stands and ours is dropped).
 */
async function replaceToken(personId: string, previous: string | undefined): Promise<string> {
  const token = newToken();
  await putTokenItem(personId, token);
  const moved = await conditionHeld(doc.send(new PutCommand({
    TableName: table(),
    Item: { ...key.calendarFeedOf(personId), type: 'calendar-feed', token, ...onPersonsList(personId, byPersonSortKey.calendarFeed) },
    ...(previous === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#token = :previous', ExpressionAttributeNames: { '#token': 'token' }, ExpressionAttributeValues: { ':previous': previous } }),
  })));
  if (!moved) {
    await deleteTokenItem(token);
    return (await currentToken(personId)) ?? replaceToken(personId, undefined);
  }
  if (previous !== undefined) await deleteTokenItem(previous);
  return token;
}

export async function feedTokenOf(personId: string): Promise<string> {
  return (await currentToken(personId)) ?? replaceToken(personId, undefined);
}

export async function revokeFeedToken(personId: string): Promise<string> {
  return replaceToken(personId, await currentToken(personId));
}

export async function personOfFeedToken(token: string): Promise<string | undefined> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.calendarFeedToken(hashOf(token)), ConsistentRead: true }));
  const personId = out.Item?.personId as string | undefined;
  if (personId === undefined) return undefined;
  return (await currentToken(personId)) === token ? personId : undefined;
}

/** The person's invitations and answers from the byPerson index (one Query). */
export async function invitationsOf(personId: string): Promise<{ meetingId: string; answer?: 'accept' | 'decline' | 'maybe' }[]> {
  const items = await queryAll({
    TableName: table(),
    IndexName: TableKeys.byPerson.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TableKeys.byPerson.partitionKey },
    ExpressionAttributeValues: { ':pk': key.personRef(personId) },
  });
  const answers = new Map(items.filter((i) => i.type === 'answer').map((a) => [a.meetingId as string, a.answer as 'accept' | 'decline' | 'maybe']));
  return items
    .filter((i) => i.type === 'invitation' && i.removedVersion === undefined)
    .map((i) => {
      const answer = answers.get(i.meetingId as string);
      return { meetingId: i.meetingId as string, ...(answer ? { answer } : {}) };
    });
}

export const existingFeedToken = currentToken;

/** The store, and the feed's batched read of its meetings (meeting-store.ts). */
export const calendarFeedStore: CalendarFeedStore & { meetingsOf: typeof getMeetings } = { existingFeedToken, feedTokenOf, revokeFeedToken, personOfFeedToken, invitationsOf, meetingsOf: getMeetings };
