// The one DynamoDB document client of a function and the helpers every table adapter needs.
// Every access is a key lookup or a Query; no Scan, no transactions (dynalite has none).
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { Env, requireEnv } from '../contract/environment.js';
import { forEachLimit } from '../shared/concurrency.js';
import { chunk, sendUntilProcessed } from './retry.js';

export type Item = Record<string, unknown>;

export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});

export const table = () => requireEnv(Env.TableName);

export const isConditionFailure = (err: unknown) =>
  err instanceof ConditionalCheckFailedException || (err as { name?: string })?.name === 'ConditionalCheckFailedException';

/** Awaits a conditional write: true when it was written, false when its condition failed. */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/** Every page of a Query. */
export async function queryAll(input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** BatchWriteItem calls of one putAll in flight at once. */
const PUT_CONCURRENCY = 4;

/** Puts items with BatchWriteItem, 25 per call (up to 4 calls at once), retrying UnprocessedItems with backoff. */
export async function putAll(items: readonly Item[]): Promise<void> {
  const tableName = table();
  await forEachLimit(chunk(items, 25), PUT_CONCURRENCY, async (group) => {
    await sendUntilProcessed(group.map((Item) => ({ PutRequest: { Item } })), 'BatchWriteItem', async (requests) => {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...requests] } }));
      return (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    });
  });
}

/**
 * The items at `keys` (missing ones left out, in no particular order) with BatchGetItem, 100 keys
 * per call, retrying UnprocessedKeys (also what the 16 MB response limit left) with backoff.
 */
export async function getAll(keys: readonly { pk: string; sk: string }[], options: { consistent?: boolean } = {}): Promise<Item[]> {
  const tableName = table();
  const items: Item[] = [];
  for (const group of chunk(keys, 100)) {
    await sendUntilProcessed(group, 'BatchGetItem', async (batch) => {
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...batch], ConsistentRead: options.consistent === true } } }));
      items.push(...(out.Responses?.[tableName] ?? []));
      return (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
    });
  }
  return items;
}
