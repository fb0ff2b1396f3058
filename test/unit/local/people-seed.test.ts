// The people seed locally, as its function does it on AWS: every group of 25 on first start, then
// only the groups whose hash changed (a changed group is written whole, the others are left alone).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsToWrite } from '../../../functions/seed-people/handler.js';
import { createTables, runCustomResources, startDynalite, type DynamoDbEmulator } from '../../../local/dynamodb.js';
import { LocalResources } from '../../../local/resources.js';
import type { CfnTemplate } from '../../../local/template.js';

let dir: string;
let dynamo: DynamoDbEmulator;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'samskab-seed-'));
  dynamo = await startDynalite(join(dir, 'data'), 0, '127.0.0.1');
});
afterAll(async () => {
  await dynamo.close();
  rmSync(dir, { recursive: true, force: true });
});

const person = (i: number, name = `Person ${i}`) => ({ pk: { S: 'PEOPLE' }, sk: { S: `PERSON#${i}` }, name: { S: name } });

/** An assembly whose seed function's bundle holds these items, with one hash per group of 25. */
function deploy(items: ReturnType<typeof person>[], hashes: string[]) {
  const assemblyDir = join(dir, 'assembly');
  mkdirSync(join(assemblyDir, 'asset.seed'), { recursive: true });
  writeFileSync(join(assemblyDir, 'asset.seed', 'people.json'), JSON.stringify(items));
  const template: CfnTemplate = { Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: {
      TableName: 'seeded', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    } },
    SeedFn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' }, Metadata: { 'aws:asset:path': 'asset.seed' } },
    PeopleSeed: { Type: 'Custom::PeopleSeed', Properties: {
      ServiceToken: { 'Fn::GetAtt': ['SeedFn', 'Arn'] }, TableName: { Ref: 'Table' }, ItemsFile: 'people.json', GroupHashes: hashes,
    } },
  } };
  return new LocalResources({ stackName: 'Samskab-seed', assemblyDir, template }, { region: 'eu-west-1', accountId: '000000000000', awsEndpointUrl: 'http://x', apiUrl: 'http://x' });
}

const nameOf = async (i: number) =>
  (await dynamo.client.send(new GetItemCommand({ TableName: 'seeded', Key: { pk: { S: 'PEOPLE' }, sk: { S: `PERSON#${i}` } } }))).Item?.['name']?.S;

describe('the people seed (Custom::PeopleSeed)', () => {
  it('writes every group on first start, then only the groups whose hash changed', async () => {
    const items = Array.from({ length: 60 }, (_, i) => person(i));
    const first = deploy(items, ['a', 'b', 'c']);
    const created = await createTables(dynamo.client, first, () => undefined);
    await runCustomResources(dynamo.client, first, dir, { tablesCreated: created.length > 0, log: () => undefined });
    expect(await nameOf(0)).toBe('Person 0');
    expect(await nameOf(59)).toBe('Person 59');

    // Edited in the app since: person 1 (group 0) and person 30 (group 1).
    for (const i of [1, 30]) await dynamo.client.send(new PutItemCommand({ TableName: 'seeded', Item: person(i, `Edited ${i}`) }));
    // The config changes person 31 (group 1) only: group 1 is rewritten whole, group 0 is left alone.
    items[31] = person(31, 'Renamed 31');
    const second = deploy(items, ['a', 'b2', 'c']);
    await runCustomResources(dynamo.client, second, dir, { tablesCreated: false, log: () => undefined });
    expect(await nameOf(31)).toBe('Renamed 31');
    expect(await nameOf(30)).toBe('Person 30');
    expect(await nameOf(1)).toBe('Edited 1');
  });

  it('decides the groups as the seed function on AWS decides them', () => {
    const props = (GroupHashes: string[], TableName = 't') => ({ ServiceToken: 'x', TableName, ItemsFile: 'people.json', GroupHashes });
    expect(groupsToWrite({ RequestType: 'Create', ResourceProperties: props(['a', 'b']) })).toEqual([0, 1]);
    expect(groupsToWrite({ RequestType: 'Update', ResourceProperties: props(['a', 'b2', 'c']), OldResourceProperties: props(['a', 'b']) })).toEqual([1, 2]);
    expect(groupsToWrite({ RequestType: 'Update', ResourceProperties: props(['a'], 'new'), OldResourceProperties: props(['a']) })).toEqual([0]);
    expect(groupsToWrite({ RequestType: 'Delete', ResourceProperties: props(['a']) })).toEqual([]);
  });
});
