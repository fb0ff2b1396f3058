// Sign-in tokens, sign-in rate limits and sessions of the facilitator app, in the network's table.
// Only hashes of tokens and session ids are stored; every item carries the TTL attribute, and the
// code checks validity itself (DynamoDB deletes expired items only eventually). Tokens and
// sessions are on the byPerson index like every personal item, so erasing a person ends their
// sessions (and an export shows them, without the CSRF token). The keys are built in
// functions/contract/table.ts; docs/architecture.md lists them.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { key, TableKeys } from '../contract/table.js';
import type { AuthStore, SessionRecord, SignInTokenRecord } from '../auth/sessions.js';
import { conditionHeld, doc, isConditionFailure, table } from './dynamo.js';

const ttlSeconds = (ms: number) => Math.ceil(ms / 1000);

/** A new token or session item (never overwrites one): expires with the record, found by its person. */
async function putNew(itemKey: { pk: string; sk: string }, type: string, record: { personId: string; validUntil: number }): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...itemKey,
        type,
        ...record,
        [TableKeys.byPerson.partitionKey]: key.personRef(record.personId),
        [TableKeys.byPerson.sortKey]: itemKey.pk,
        [TableKeys.ttl]: ttlSeconds(record.validUntil),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export const sessionsStore: AuthStore = {
  countSignInAttempt(emailHash, windowStartMs, limit, windowEndMs) {
    return conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: table(),
          Key: key.signInRate(emailHash, windowStartMs),
          UpdateExpression: 'SET attempts = if_not_exists(attempts, :zero) + :one, #ttl = :ttl, #type = :type',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
          ExpressionAttributeNames: { '#ttl': TableKeys.ttl, '#type': 'type' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit, ':ttl': ttlSeconds(windowEndMs), ':type': 'sign-in-rate' },
        }),
      ),
    );
  },

  putSignInToken: (tokenHash, record) => putNew(key.signInToken(tokenHash), 'sign-in-token', record),

  async consumeSignInToken(tokenHash) {
    // One conditional delete: of two concurrent uses, only one gets the item back.
    try {
      const out = await doc.send(
        new DeleteCommand({
          TableName: table(),
          Key: key.signInToken(tokenHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = out.Attributes;
      if (!item) return undefined;
      return { personId: item.personId as string, validUntil: Number(item.validUntil) } satisfies SignInTokenRecord;
    } catch (err) {
      if (isConditionFailure(err)) return undefined;
      throw err;
    }
  },

  putSession: (idHash, record) => putNew(key.session(idHash), 'session', record),

  async getSession(idHash) {
    const out = await doc.send(new GetCommand({ TableName: table(), Key: key.session(idHash) }));
    const i = out.Item;
    if (!i) return undefined;
    return {
      personId: i.personId as string,
      name: i.name as string,
      email: i.email as string,
      role: i.role as SessionRecord['role'],
      ...(typeof i.municipality === 'string' ? { municipality: i.municipality } : {}),
      language: i.language as SessionRecord['language'],
      csrfToken: i.csrfToken as string,
      createdAt: Number(i.createdAt),
      validUntil: Number(i.validUntil),
    };
  },

  async deleteSession(idHash) {
    await doc.send(new DeleteCommand({ TableName: table(), Key: key.session(idHash) }));
  },
};
