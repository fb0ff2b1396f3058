// The people seed (custom resource Custom::PeopleSeed, lib/constructs/data.ts): writes the people
// bundled next to this handler (SEED_ITEMS_FILE, DynamoDB JSON) with BatchWriteItem, 25 to a call.
// The resource lists a hash per group of 25: Create writes every group, Update only the groups whose
// hash changed (a changed group is written whole), Delete writes nothing (the table is retained).
import { readFileSync } from 'node:fs';
import { BatchWriteItemCommand, DynamoDBClient, type AttributeValue, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { SEED_ITEMS_FILE, seedGroups, type PeopleSeedProperties } from '../contract/people-seed.js';
import { sendUntilProcessed } from '../adapters/retry.js';
import { bundleFile } from '../shared/bundle-files.js';
import { forEachLimit } from '../shared/concurrency.js';

interface CustomResourceEvent {
  RequestType: 'Create' | 'Update' | 'Delete';
  ResponseURL: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceProperties: PeopleSeedProperties;
  OldResourceProperties?: Partial<PeopleSeedProperties>;
}

const client = new DynamoDBClient({});

/** The groups to write: all on Create, the changed ones (by position) on Update, none on Delete. */
export function groupsToWrite(event: Pick<CustomResourceEvent, 'RequestType' | 'ResourceProperties' | 'OldResourceProperties'>): number[] {
  if (event.RequestType === 'Delete') return [];
  const hashes = event.ResourceProperties.GroupHashes;
  const old = event.RequestType === 'Update' ? event.OldResourceProperties?.GroupHashes ?? [] : [];
  const sameTable = event.RequestType === 'Create' || event.OldResourceProperties?.TableName === event.ResourceProperties.TableName;
  return hashes.flatMap((h, i) => (sameTable && old[i] === h ? [] : [i]));
}

export async function handler(event: CustomResourceEvent): Promise<void> {
  const physicalId = event.PhysicalResourceId ?? `${event.StackId.split('/')[1] ?? 'samskab'}-people`;
  try {
    const groups = groupsToWrite(event);
    if (groups.length > 0) {
      const items = JSON.parse(readFileSync(bundleFile(event.ResourceProperties.ItemsFile ?? SEED_ITEMS_FILE), 'utf8')) as Record<string, AttributeValue>[];
      const all = seedGroups(items);
      const tableName = event.ResourceProperties.TableName;
      await forEachLimit(groups, 4, async (g) => {
        await sendUntilProcessed(all[g]!.map((Item): WriteRequest => ({ PutRequest: { Item } })), 'BatchWriteItem', async (requests) => {
          const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: [...requests] } }));
          return out.UnprocessedItems?.[tableName] ?? [];
        });
      });
    }
    console.log(JSON.stringify({ msg: 'people seeded', requestType: event.RequestType, groupsWritten: groups.length }));
    await respond(event, 'SUCCESS', physicalId);
  } catch (err) {
    console.error(JSON.stringify({ msg: 'people seed failed', error: (err as Error).message }));
    await respond(event, 'FAILED', physicalId, (err as Error).message);
  }
}

/** CloudFormation waits for the answer at the presigned URL (an empty content type, as it was signed). */
async function respond(event: CustomResourceEvent, status: 'SUCCESS' | 'FAILED', physicalId: string, reason?: string): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: reason ?? 'see the function log',
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const res = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!res.ok) throw new Error(`CloudFormation response failed: ${res.status}`);
}
