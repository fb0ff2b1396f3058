// People written straight into a network's table the way the stack's seed writes them (seedItems:
// each person with their address key), for tests that need more people than a network file holds.
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedItems, type StoredPerson } from '../../functions/contract/table.js';

export async function seedPeople(client: DynamoDBClient, tableName: string, people: readonly StoredPerson[]): Promise<void> {
  const doc = DynamoDBDocumentClient.from(client);
  const items = seedItems(people);
  for (let i = 0; i < items.length; i += 25) {
    const requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    if (Object.keys(out.UnprocessedItems ?? {}).length > 0) throw new Error('seeding left unprocessed items');
  }
}

/** Seeds `people` into the table of a running local cloud's network (its uncounted DynamoDB port). */
export async function seedLocalCloudPeople(dynamodbUrl: string, network: string, people: readonly StoredPerson[]): Promise<void> {
  const client = new DynamoDBClient({ endpoint: dynamodbUrl, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    const table = TableNames.find((t) => t.startsWith(`Samskab-${network}-`));
    if (table === undefined) throw new Error(`no ${network} table in ${TableNames.join(', ')}`);
    await seedPeople(client, table, people);
  } finally {
    client.destroy();
  }
}
