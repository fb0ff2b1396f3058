// AWS's size limits on the local write paths, answered as AWS answers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { entrySize, handleEventBridge } from '../../../local/aws-endpoint/eventbridge.js';
import { handleSqs, messageSize } from '../../../local/aws-endpoint/sqs.js';
import { AwsError } from '../../../local/aws-endpoint/wire.js';
import type { EventBus, PutEventsEntry } from '../../../local/event-bus.js';
import { startDynalite, type DynamoDbEmulator } from '../../../local/dynamodb.js';
import { FaultState } from '../../../local/faults.js';
import { QueueRegistry } from '../../../local/queues.js';
import { Stats } from '../../../local/stats.js';

const KB = 1024;
/** 'æ' is two bytes in UTF-8: a limit in bytes is reached at half as many characters. */
const text = (bytes: number) => 'æ'.repeat(Math.floor(bytes / 2));

describe('EventBridge PutEvents: entries under 256 KB as EventBridge counts them', () => {
  const accepted: PutEventsEntry[][] = [];
  const bus = { putEvents: (e: PutEventsEntry[]) => (accepted.push(e), e.map(() => ({ EventId: 'id' }))) } as unknown as EventBus;
  const entry = (detailBytes: number): PutEventsEntry => ({ Source: 'samskab', DetailType: 'meeting-scheduled', Detail: JSON.stringify({ t: text(detailBytes) }) });

  it('counts Time as 14 bytes and Source, DetailType, Detail and Resources in UTF-8 bytes', () => {
    expect(entrySize({ Source: 'ø', DetailType: 'ab', Detail: '{"a":"æ"}', Resources: ['å', 'x'], Time: new Date() } as never)).toBe(14 + 2 + 2 + 10 + 3);
  });

  it('refuses a request over 256 KB with ValidationException, and puts nothing', () => {
    accepted.length = 0;
    const call = () => handleEventBridge('PutEvents', { Entries: [entry(200 * KB), entry(60 * KB)] }, bus, {} as never);
    expect(call).toThrow(AwsError);
    expect(call).toThrow('Total size of the entries in the request is over the limit.');
    expect(accepted).toHaveLength(0);
    expect(handleEventBridge('PutEvents', { Entries: [entry(200 * KB), entry(50 * KB)] }, bus, {} as never)).toMatchObject({ FailedEntryCount: 0 });
  });
});

describe('SQS: a message over 256 KiB (body and attributes), a batch over 1 MiB', () => {
  const deps = () => {
    const queues = new QueueRegistry();
    const q = queues.add({ name: 'q', arn: 'arn:aws:sqs:eu-west-1:0:q', url: 'http://local/0/q', visibilityTimeoutSeconds: 30, delaySeconds: 0, retentionSeconds: 3600 });
    queues.link();
    return { q, deps: { queues, faults: new FaultState(), stats: new Stats() } };
  };

  it('counts the body and each attribute\'s name, type and value', () => {
    expect(messageSize({ MessageBody: 'æ', MessageAttributes: { k: { DataType: 'String', StringValue: 'ø' } } })).toBe(2 + 1 + 6 + 2);
  });

  it('refuses SendMessage over 256 KiB with InvalidParameterValue, and queues nothing', async () => {
    const { q, deps: d } = deps();
    const err = await handleSqs('SendMessage', { QueueUrl: q.config.url, MessageBody: text(256 * KB + 2) }, d).catch((e: AwsError) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect((err as AwsError).code).toBe('InvalidParameterValue');
    expect((err as AwsError).message).toBe('One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.');
    expect(q.depth).toBe(0);
    // An attribute pushes a body just under the limit over it.
    const withAttribute = { QueueUrl: q.config.url, MessageBody: 'x'.repeat(256 * KB - 4), MessageAttributes: { kind: { DataType: 'String', StringValue: 'x' } } };
    await expect(handleSqs('SendMessage', withAttribute, d)).rejects.toThrow(/shorter than 262144 bytes/);
  });

  it('fails the one entry over 256 KiB in a batch, sends the others', async () => {
    const { q, deps: d } = deps();
    const out = (await handleSqs('SendMessageBatch', {
      QueueUrl: q.config.url,
      Entries: [{ Id: 'small', MessageBody: 'hello' }, { Id: 'big', MessageBody: text(300 * KB) }],
    }, d)) as { Successful: Array<{ Id: string }>; Failed: Array<{ Id: string; Code: string; SenderFault: boolean }> };
    expect(out.Successful.map((s) => s.Id)).toEqual(['small']);
    expect(out.Failed).toEqual([expect.objectContaining({ Id: 'big', Code: 'InvalidParameterValue', SenderFault: true })]);
    expect(q.depth).toBe(1);
  });

  it('refuses a batch over 1 MiB in total with BatchRequestTooLong', async () => {
    const { q, deps: d } = deps();
    const Entries = Array.from({ length: 5 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x'.repeat(250 * KB) }));
    await expect(handleSqs('SendMessageBatch', { QueueUrl: q.config.url, Entries }, d)).rejects.toMatchObject({ code: 'BatchRequestTooLong' });
    expect(q.depth).toBe(0);
  });
});

describe('DynamoDB: an item over 400 KB, strings counted in UTF-8 bytes', () => {
  let dir: string;
  let dynamo: DynamoDbEmulator;
  let client: DynamoDBClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samskab-limits-'));
    dynamo = await startDynalite(dir, 0, '127.0.0.1');
    // The functions' port: what the functions reach.
    client = new DynamoDBClient({ endpoint: dynamo.functionsEndpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await client.send(new CreateTableCommand({
      TableName: 'limits', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }));
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tooLarge = { name: 'ValidationException', message: 'Item size has exceeded the maximum allowed size' };

  it('refuses PutItem and BatchWriteItem over 400 KB of Danish text with ValidationException, and takes one under it', async () => {
    const item = (bytes: number) => ({ pk: { S: 'a' }, v: { S: text(bytes) } });
    await expect(client.send(new PutItemCommand({ TableName: 'limits', Item: item(401 * KB) }))).rejects.toMatchObject(tooLarge);
    await expect(client.send(new BatchWriteItemCommand({ RequestItems: { limits: [{ PutRequest: { Item: item(401 * KB) } }] } }))).rejects.toMatchObject(tooLarge);
    // Nested in a map and a list, too.
    const nested = { pk: { S: 'b' }, m: { M: { k: { L: [{ S: text(401 * KB) }] } } } };
    await expect(client.send(new PutItemCommand({ TableName: 'limits', Item: nested }))).rejects.toMatchObject(tooLarge);
    await expect(client.send(new PutItemCommand({ TableName: 'limits', Item: item(390 * KB) }))).resolves.toBeDefined();
  });
});
