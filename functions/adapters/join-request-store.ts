// Join requests from the public page, and the public form's rate counters, in the network's table.
// A request is kept until its retention ends (TTL: received + retentionMonths) and listed on the
// byCollection index, newest first. Implements JoinRequestStore (functions/domain/join/store.ts).
import { PutCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { key, TableKeys } from '../contract/table.js';
import type { JoinRequestRecord, JoinRequestStore } from '../domain/join/store.js';
import { retentionExpiresAt } from '../domain/retention.js';
import { conditionHeld, doc, isConditionFailure, queryAll, table } from './dynamo.js';

const FIELDS = ['requestId', 'wish', 'name', 'email', 'municipality', 'organisation', 'message', 'language', 'consentAt', 'receivedAt'] as const;

const recordFrom = (item: Record<string, unknown>): JoinRequestRecord =>
  Object.fromEntries(FIELDS.filter((f) => item[f] !== undefined).map((f) => [f, item[f]])) as unknown as JoinRequestRecord;

export const joinRequestStore: JoinRequestStore = {
  countJoinAttempt(sourceHash, windowStartMs, limit, windowEndMs) {
    return conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: table(),
          Key: key.joinRequestRate(sourceHash, windowStartMs),
          UpdateExpression: 'SET attempts = if_not_exists(attempts, :zero) + :one, #ttl = :ttl, #type = :type',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
          ExpressionAttributeNames: { '#ttl': TableKeys.ttl, '#type': 'type' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit, ':ttl': Math.ceil(windowEndMs / 1000), ':type': 'join-request-rate' },
        }),
      ),
    );
  },

  async saveJoinRequest(record, retentionMonths) {
    const expiresAt = retentionExpiresAt(record.receivedAt, { retentionMonths });
    try {
      await doc.send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...key.joinRequest(record.requestId),
            type: 'join-request',
            [TableKeys.byCollection.partitionKey]: key.joinRequestsCollection,
            [TableKeys.byCollection.sortKey]: `${record.receivedAt}#${record.requestId}`,
            ...(expiresAt !== undefined ? { [TableKeys.ttl]: expiresAt } : {}),
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return record;
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const out = await doc.send(new GetCommand({ TableName: table(), Key: key.joinRequest(record.requestId), ConsistentRead: true }));
      return out.Item ? recordFrom(out.Item) : record;
    }
  },

  async listJoinRequests() {
    const items = await queryAll({
      TableName: table(),
      IndexName: TableKeys.byCollection.indexName,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': TableKeys.byCollection.partitionKey },
      ExpressionAttributeValues: { ':pk': key.joinRequestsCollection },
      ScanIndexForward: false,
    });
    // DynamoDB deletes expired items only eventually: an expired request is no longer shown.
    const now = Math.floor(Date.now() / 1000);
    return items.filter((i) => typeof i[TableKeys.ttl] !== 'number' || (i[TableKeys.ttl] as number) > now).map(recordFrom);
  },
};
