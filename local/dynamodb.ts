// dynalite with the template's tables, data kept in the data folder between runs, and the
// template's custom resources that write to them run the way CloudFormation would: Create once,
// Update when the properties changed, nothing when they are unchanged. The people seed
// (Custom::PeopleSeed) reads its items from the seed function's bundle in the cloud assembly.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import * as ddb from '@aws-sdk/client-dynamodb';
import { DynamoDbCounters } from './dynamodb-counters.js';
import { startEmulatorThread } from './emulator-thread.js';
import { localUrl } from './ports.js';
import type { LocalResources } from './resources.js';

export interface DynamoDbEmulator {
  /** For the local cloud itself, tests and tools: requests here are not counted. */
  endpoint: string;
  port: number;
  /** The functions' endpoint (the same database): every request is counted in `counters`. */
  functionsEndpoint: string;
  counters: DynamoDbCounters;
  client: ddb.DynamoDBClient;
  /** Checks the functions' requests against their roles from now on (decide.mjs's config). */
  setIam(config: unknown): void;
  close(): Promise<void>;
}

/** dynalite in its own worker thread: the functions' requests go straight to it, off the main thread. */
export async function startDynalite(dataDir: string, port: number, host: string): Promise<DynamoDbEmulator> {
  const dir = join(dataDir, 'dynamodb');
  mkdirSync(dir, { recursive: true });
  const counters = new DynamoDbCounters();
  const thread = await startEmulatorThread({ host, port, path: dir, counters: counters.layout, label: 'DynamoDB (dynalite)' });
  const endpoint = localUrl(host, thread.port);
  const client = new ddb.DynamoDBClient({
    endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint, port: thread.port, functionsEndpoint: localUrl(host, thread.countedPort), counters, setIam: thread.setIam, client,
    close: async () => {
      client.destroy();
      await thread.close();
    },
  };
}

/** The template resource types the local cloud runs as dynalite tables. */
export const TABLE_TYPES = new Set(['AWS::DynamoDB::GlobalTable', 'AWS::DynamoDB::Table']);

/** Creates the template's tables that do not exist yet; returns the names created now. */
export async function createTables(client: ddb.DynamoDBClient, resources: LocalResources, log: (l: string) => void): Promise<string[]> {
  const created: string[] = [];
  for (const [id, r] of Object.entries(resources.stack.template.Resources)) {
    if (!TABLE_TYPES.has(r.Type)) continue;
    const p = resources.properties(id);
    const name = resources.name(id);
    const gsis = (p['GlobalSecondaryIndexes'] as Array<Record<string, unknown>> | undefined) ?? [];
    const existing = await client.send(new ddb.DescribeTableCommand({ TableName: name })).catch((e: Error) => {
      if (e.name === 'ResourceNotFoundException') return undefined;
      throw e;
    });
    if (existing !== undefined) {
      const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
      const missing = gsis.map((g) => String(g['IndexName'])).filter((n) => !have.has(n));
      if (missing.length > 0) log(`table ${name} lacks index ${missing.join(', ')} from the template: start with --fresh to recreate it`);
      continue;
    }
    const provisioned = p['BillingMode'] === 'PROVISIONED';
    const throughput = (t: unknown) => provisioned ? { ProvisionedThroughput: (t as ddb.ProvisionedThroughput | undefined) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } } : {};
    await client.send(new ddb.CreateTableCommand({
      TableName: name,
      AttributeDefinitions: p['AttributeDefinitions'] as ddb.AttributeDefinition[],
      KeySchema: p['KeySchema'] as ddb.KeySchemaElement[],
      BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
      ...throughput(p['ProvisionedThroughput']),
      ...(gsis.length > 0 ? {
        GlobalSecondaryIndexes: gsis.map((g) => ({
          IndexName: g['IndexName'] as string,
          KeySchema: g['KeySchema'] as ddb.KeySchemaElement[],
          Projection: g['Projection'] as ddb.Projection,
          ...throughput(g['ProvisionedThroughput']),
        })),
      } : {}),
      ...(Array.isArray(p['LocalSecondaryIndexes']) ? { LocalSecondaryIndexes: p['LocalSecondaryIndexes'] as ddb.LocalSecondaryIndex[] } : {}),
    }));
    created.push(name);
  }
  // dynalite flips a new table to ACTIVE on a timer; writes before that fail as "not found".
  for (const name of created) await waitActive(client, name);
  return created;
}

async function waitActive(client: ddb.DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const d = await client.send(new ddb.DescribeTableCommand({ TableName: name }));
    const indexes = d.Table?.GlobalSecondaryIndexes ?? [];
    if (d.Table?.TableStatus === 'ACTIVE' && indexes.every((g) => g.IndexStatus === 'ACTIVE')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}

interface SdkCall { service: string; action: string; parameters?: Record<string, unknown>; ignoreErrorCodesMatching?: string }

/**
 * Runs the AwsCustomResource calls (Custom::AWS) against the local DynamoDB. State is kept in
 * deployed.json so a call runs on first start (Create) and again only when it changed (Update).
 */
export async function runCustomResources(
  client: ddb.DynamoDBClient, resources: LocalResources, dataDir: string, opts: { tablesCreated: boolean; log: (l: string) => void },
): Promise<number> {
  const stateFile = join(dataDir, 'deployed.json');
  const state = (existsSync(stateFile) && !opts.tablesCreated
    ? JSON.parse(readFileSync(stateFile, 'utf8'))
    : {}) as Record<string, string | string[]>;
  let ran = 0;
  for (const [id, r] of Object.entries(resources.stack.template.Resources)) {
    if (r.Type === 'Custom::PeopleSeed') {
      const hashes = await runPeopleSeed(client, resources, id, state[id]);
      state[id] = hashes;
      ran++;
      continue;
    }
    if (r.Type !== 'Custom::AWS') continue;
    const p = resources.properties(id);
    const hash = createHash('sha256').update(JSON.stringify(p['Create'] ?? null) + JSON.stringify(p['Update'] ?? null)).digest('hex');
    if (state[id] === hash) continue;
    const raw = state[id] === undefined ? p['Create'] : p['Update'];
    state[id] = hash;
    if (typeof raw !== 'string') continue; // no call for this lifecycle event, as on AWS
    const call = JSON.parse(raw) as SdkCall;
    const service = call.service.replace(/^@aws-sdk\/client-/, '').toLowerCase();
    if (service !== 'dynamodb') {
      opts.log(`custom resource ${id}: ${call.service}.${call.action} is not run locally`);
      continue;
    }
    await runDynamoDbCall(client, call, id);
    ran++;
  }
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  return ran;
}

/** BatchWriteItem's limit, and so the seed's group size (functions/contract/people-seed.ts). */
const SEED_GROUP_SIZE = 25;

/**
 * The people seed as its function does it on AWS: every group on Create, on Update the groups whose
 * hash changed (by position). Resolves to the hashes now deployed.
 */
async function runPeopleSeed(client: ddb.DynamoDBClient, resources: LocalResources, id: string, deployed: string | string[] | undefined): Promise<string[]> {
  const p = resources.properties(id);
  const hashes = p['GroupHashes'] as string[];
  const old = Array.isArray(deployed) ? deployed : [];
  const groups = hashes.flatMap((h, i) => (old[i] === h ? [] : [i]));
  if (groups.length === 0) return hashes;
  // The items travel in the bundle of the function the ServiceToken names.
  const token = resources.stack.template.Resources[id]!.Properties?.['ServiceToken'] as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const fnId = token?.['Fn::GetAtt']?.[0];
  const assetPath = fnId === undefined ? undefined : resources.stack.template.Resources[fnId]?.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') throw new Error(`custom resource ${id}: its function's bundle is not in the cloud assembly`);
  const file = join(resolvePath(resources.stack.assemblyDir, assetPath), String(p['ItemsFile']));
  const items = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ddb.AttributeValue>[];
  const TableName = String(p['TableName']);
  for (const g of groups) {
    const group = items.slice(g * SEED_GROUP_SIZE, (g + 1) * SEED_GROUP_SIZE);
    await runDynamoDbCall(client, {
      service: 'DynamoDB', action: 'batchWriteItem', parameters: { RequestItems: { [TableName]: group.map((Item) => ({ PutRequest: { Item } })) } },
    }, id);
  }
  return hashes;
}

async function runDynamoDbCall(client: ddb.DynamoDBClient, call: SdkCall, id: string): Promise<void> {
  const action = call.action.replace(/Command$/, '');
  const commandName = `${action[0]!.toUpperCase()}${action.slice(1)}Command`;
  const Command = (ddb as unknown as Record<string, new (input: unknown) => ddb.BatchWriteItemCommand>)[commandName];
  if (Command === undefined) throw new Error(`custom resource ${id}: DynamoDB has no ${call.action}`);
  try {
    let input = call.parameters ?? {};
    // BatchWriteItem may leave items unprocessed; retry them like a careful caller.
    for (let attempt = 0; attempt < 10; attempt++) {
      const out = (await client.send(new Command(input))) as { UnprocessedItems?: Record<string, unknown[]> };
      const left = out.UnprocessedItems ?? {};
      if (Object.keys(left).length === 0) return;
      input = { ...input, RequestItems: left };
    }
    throw new Error('items stayed unprocessed');
  } catch (err) {
    const e = err as Error;
    if (call.ignoreErrorCodesMatching !== undefined && new RegExp(call.ignoreErrorCodesMatching).test(e.name)) return;
    throw new Error(`custom resource ${id}: DynamoDB ${call.action} failed: ${e.name}: ${e.message}`);
  }
}
