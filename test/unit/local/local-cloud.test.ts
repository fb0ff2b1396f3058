// The local cloud on a small hand-written assembly: routing, queues, retries, DLQs, the API
// mapping, secrets, seeds and the accounting, independent of the real functions.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient, SendMessageCommand, ReceiveMessageCommand, GetQueueUrlCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SchedulerClient, CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startLocalCloud, type LocalCloud } from '../../../local/cloud.js';
import { writeFixtureAssembly } from './fixture-assembly.js';

const root = join(projectRoot, '.samskab', 'test', `fixture-${randomUUID().slice(0, 8)}`);
let cloud: LocalCloud;
let db: DynamoDBClient;
const creds = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

const countJobItems = async (job: string) => {
  const out = await db.send(new ScanCommand({ TableName: 'Samskab-fixture-TableCD117FA1', FilterExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: `JOB#${job}` } } }));
  return out.Count ?? 0;
};
const postJob = (detail: unknown) => fetch(`${cloud.urls.api}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(detail) });

beforeAll(async () => {
  writeFixtureAssembly(join(root, 'assembly'));
  cloud = await startLocalCloud({
    assemblyDir: join(root, 'assembly'), stackName: 'Samskab-fixture', network: 'fixture',
    dataDir: join(root, 'data'), fresh: true, ports: { api: 0, aws: 0, mail: 0 }, timeScale: 0.001,
  });
  db = new DynamoDBClient({ ...creds, endpoint: cloud.urls.dynamodb });
});

afterAll(async () => {
  await cloud?.stop();
  db?.destroy();
  rmSync(root, { recursive: true, force: true });
});

describe('local cloud on a fixture assembly', () => {
  it('runs the seed custom resource and creates the table with its index', async () => {
    const got = await db.send(new GetItemCommand({ TableName: 'Samskab-fixture-TableCD117FA1', Key: { pk: { S: 'PEOPLE' }, sk: { S: 'PERSON#1' } } }));
    expect(got.Item?.['name']?.S).toBe('Ada');
  });

  it('maps API responses: string result, cookies and headers, base64 bodies, errors, 404', async () => {
    const hello = await fetch(`${cloud.urls.api}/hello/Ada%20L`);
    expect(hello.status).toBe(200);
    expect(await hello.text()).toBe('hello Ada L');
    const cookies = await fetch(`${cloud.urls.api}/api/cookies`);
    expect(cookies.status).toBe(201);
    expect(cookies.headers.get('x-test')).toBe('yes');
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(await cookies.text()).toBe('plain text');
    const bin = await fetch(`${cloud.urls.api}/api/binary`);
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([0, 1, 2, 255]);
    expect((await fetch(`${cloud.urls.api}/api/boom`)).status).toBe(500);
    expect((await fetch(`${cloud.urls.api}/nothing`)).status).toBe(404);
  });

  it('sends payload format 2.0 events with the template environment resolved locally', async () => {
    const r = await fetch(`${cloud.urls.api}/api/echo?a=1&a=2&b=x`, { headers: { cookie: 'c1=v1; c2=v2', 'x-multi': 'one' } });
    const { event, env } = await r.json() as { event: Record<string, any>; env: Record<string, string> };
    expect(event['version']).toBe('2.0');
    expect(event['routeKey']).toBe('ANY /api/{proxy+}');
    expect(event['rawPath']).toBe('/api/echo');
    expect(event['rawQueryString']).toBe('a=1&a=2&b=x');
    expect(event['queryStringParameters']).toEqual({ a: '1,2', b: 'x' });
    expect(event['pathParameters']).toEqual({ proxy: 'echo' });
    expect(event['cookies']).toEqual(['c1=v1', 'c2=v2']);
    expect(event['headers']['x-multi']).toBe('one');
    expect(event['requestContext']['http']['method']).toBe('GET');
    expect(env['PUBLIC_URL']).toBe(`${cloud.urls.api}/`);
    expect(env['AWS_LAMBDA_FUNCTION_NAME']).toBe('Samskab-fixture-ApiFnDF082D58');
    // LoggingConfig reaches the runtime as Lambda hands it over (the other functions set none: no variables).
    expect(env).toMatchObject({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'WARN' });
  });

  it("reads a function's direct writes to fd 1 and 2 as its log, as Lambda reads each function's own", async () => {
    expect(await (await fetch(`${cloud.urls.api}/api/log`)).text()).toBe('logged');
    await expect.poll(() => cloud.logs()).toEqual(expect.arrayContaining([
      '[ApiFn] {"message":"written to fd 1"}',
      '[ApiFn] to fd 2',
    ]));
  });

  it('serves the generated secret and keeps it as the API token', async () => {
    const r = await fetch(`${cloud.urls.api}/api/secret`);
    expect(await r.json()).toEqual({ length: 40 });
    expect(cloud.apiToken).toMatch(/^[A-Za-z0-9]{40}$/);
  });

  it('routes an event by the rule to the fan-out, through the queue to the consumer', async () => {
    cloud.resetStats();
    const r = await postJob({ job: 'a', count: 25 });
    expect(r.status).toBe(202);
    await cloud.waitForIdle(20_000);
    expect(await countJobItems('a')).toBe(25);
    const s = cloud.stats();
    expect(s.requests['SQS']?.['SendMessageBatch']).toBe(3);
    expect(s.requests['EventBridge']?.['PutEvents']).toBe(1);
    expect(s.requests['DynamoDB']?.['PutItem']).toBe(25);
    expect(s.requests['DynamoDB']?.['Scan']).toBeUndefined();
    expect(s.functions['Samskab-fixture-ConsumerFn11223344']?.invocations).toBeGreaterThanOrEqual(3);
  });

  it('retries reported batch item failures and redrives to the DLQ after maxReceiveCount', async () => {
    await postJob({ job: 'b', count: 3, fail: 'once' });
    await cloud.waitForIdle(20_000);
    expect(await countJobItems('b')).toBe(3);
    expect(cloud.stats().deadLetterQueues['Samskab-fixture-Dlq4103D6ED']).toBe(0);
    await postJob({ job: 'c', count: 2, fail: 'always' });
    await cloud.waitForIdle(20_000);
    expect(cloud.stats().deadLetterQueues['Samskab-fixture-Dlq4103D6ED']).toBe(2);
  });

  it('retries a function error as Lambda does (EventInvokeConfig: 3 attempts), then sends the invocation record to the on-failure queue; the rule DLQ stays empty', async () => {
    cloud.resetStats();
    await postJob({ job: 'd', fail: 'fanout' });
    await cloud.waitForIdle(20_000);
    const s = cloud.stats();
    expect(s.functions['Samskab-fixture-FanoutFn30915986']?.invocations).toBe(3); // 1 + MaximumRetryAttempts 2
    expect(s.lambdaAsync).toMatchObject({ accepted: 1, retries: 2, toOnFailure: 1, dropped: 0 });
    expect(s.events).toMatchObject({ deliveries: 1, failedAttempts: 0, sentToDlq: 0 });
    expect(s.deadLetterQueues['Samskab-fixture-RuleDlq82192938']).toBe(0);
    const sqs = new SQSClient({ ...creds, endpoint: cloud.urls.aws });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'Samskab-fixture-FanoutFailures5E6F7A8B' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    const record = JSON.parse(got.Messages?.[0]?.Body ?? '{}') as Record<string, any>;
    expect(record['requestContext']).toMatchObject({
      functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:Samskab-fixture-FanoutFn30915986:$LATEST',
      condition: 'RetriesExhausted', approximateInvokeCount: 3,
    });
    expect(record['requestPayload']).toMatchObject({ source: 'fixture', 'detail-type': 'job-requested', detail: { job: 'd', fail: 'fanout' } });
    expect(record['responseContext']).toMatchObject({ functionError: 'Unhandled' });
    expect(record['responsePayload']['errorMessage']).toContain('fan-out refuses');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages?.[0]?.ReceiptHandle }));
    sqs.destroy();
  });

  it('retries an event it cannot deliver (no such function) per the rule\'s retry policy, then dead-letters it', async () => {
    cloud.resetStats();
    await postJob({ job: 'lost', count: 0, fail: 'undeliverable' });
    await cloud.waitForIdle(20_000);
    const s = cloud.stats();
    expect(s.events.failedAttempts).toBe(2); // 1 + MaximumRetryAttempts 1
    expect(s.deadLetterQueues['Samskab-fixture-RuleDlq82192938']).toBe(1);
    const sqs = new SQSClient({ ...creds, endpoint: cloud.urls.aws });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'Samskab-fixture-RuleDlq82192938' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'] }));
    const m = got.Messages?.[0];
    expect(JSON.parse(m?.Body ?? '{}')['detail']).toMatchObject({ job: 'lost' });
    expect(m?.MessageAttributes?.['ERROR_MESSAGE']?.StringValue).toContain('Function not found');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m?.ReceiptHandle }));
    sqs.destroy();
  });

  it('delivers every event and message twice with duplicateDeliveries, idempotent consumer still writes once', async () => {
    cloud.faults.set({ duplicateDeliveries: true });
    cloud.resetStats();
    await postJob({ job: 'e', count: 10 });
    await cloud.waitForIdle(20_000);
    cloud.faults.set({ duplicateDeliveries: false });
    const s = cloud.stats();
    expect(s.functions['Samskab-fixture-FanoutFn30915986']?.invocations).toBe(2);
    expect(s.faults.duplicatedMessages).toBe(20);
    expect(await countJobItems('e')).toBe(10);
    expect(s.requests['DynamoDB']?.['PutItem']).toBe(40);
  });

  it('crashes a function on its first invocation when asked, and the retry succeeds', async () => {
    cloud.faults.set({ crashFirstInvocation: ['FanoutFn'] });
    cloud.resetStats();
    await postJob({ job: 'f', count: 1 });
    await cloud.waitForIdle(20_000);
    const s = cloud.stats();
    expect(s.faults.crashes).toBe(1);
    expect(s.functions['Samskab-fixture-FanoutFn30915986']).toMatchObject({ invocations: 2, errors: 1 });
    expect(await countJobItems('f')).toBe(1);
  });

  it('speaks SQS to SDK clients: MD5 checked, attributes, GetQueueUrl', async () => {
    const sqs = new SQSClient({ ...creds, endpoint: cloud.urls.aws });
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'Samskab-fixture-Dlq4103D6ED' }));
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hæ ✓', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    expect(sent.MessageId).toBeDefined();
    sqs.destroy();
  });

  it('runs one-time schedules through the Scheduler REST API (universal EventBridge target)', async () => {
    const scheduler = new SchedulerClient({ ...creds, endpoint: cloud.urls.aws });
    const target = {
      Arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/FixtureBus', RoleArn: 'arn:aws:iam::000000000000:role/fixture-scheduler',
      EventBridgeParameters: { Source: 'fixture', DetailType: 'job-requested' }, Input: JSON.stringify({ job: 'sched', count: 2 }),
    };
    await scheduler.send(new CreateScheduleCommand({ Name: 'later', ScheduleExpression: 'at(2099-01-01T10:00:00)', ScheduleExpressionTimezone: 'Europe/Copenhagen', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target }));
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'later' }));
    expect(got.ScheduleExpression).toBe('at(2099-01-01T10:00:00)');
    await scheduler.send(new DeleteScheduleCommand({ Name: 'later' }));
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'later' }))).rejects.toThrow();
    await scheduler.send(new CreateScheduleCommand({ Name: 'due', ScheduleExpression: 'at(2099-01-01T10:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target, ActionAfterCompletion: 'DELETE' }));
    const fired = await fetch(`${cloud.urls.api}/_local/schedules/run`, { method: 'POST' });
    expect(await fired.json()).toEqual({ fired: 1 });
    await cloud.waitForIdle(20_000);
    expect(await countJobItems('sched')).toBe(2);
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'due' }))).rejects.toThrow();
    scheduler.destroy();
  });

  it('speaks SES v2 to SDK clients: a raw mail is accepted, kept for tests and shown in the mail viewer; a bad one is refused', async () => {
    const ses = new SESv2Client({ ...creds, endpoint: cloud.urls.aws });
    await cloud.clearMail();
    cloud.resetStats();
    const raw = 'From: Samskab <noreply@example.org>\r\nTo: ada@example.org\r\nSubject: Hej\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej Ada\r\n';
    const sent = await ses.send(new SendEmailCommand({ Destination: { ToAddresses: ['ada@example.org'] }, Content: { Raw: { Data: Buffer.from(raw) } } }));
    expect(sent.MessageId).toBeTruthy();
    expect(cloud.mail()).toMatchObject([{ messageId: sent.MessageId, to: ['ada@example.org'] }]);
    expect(Buffer.from(cloud.mail()[0]!.raw!, 'base64').toString('utf8')).toBe(raw);
    const viewer = await (await fetch(`${cloud.urls.mail}/store`)).json() as { emails: Array<{ messageId: string; subject: string }> };
    expect(viewer.emails).toMatchObject([{ messageId: sent.MessageId, subject: 'Hej' }]);
    // Neither Raw nor Simple content: the emulator's own validation answers 400, and nothing is kept.
    await expect(ses.send(new SendEmailCommand({ Destination: { ToAddresses: ['ada@example.org'] }, Content: {} }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(cloud.mail()).toHaveLength(1);
    expect(cloud.stats().requests['SESv2']).toEqual({ SendEmail: 2 });
    ses.destroy();
  });

  it('answers the admin endpoints', async () => {
    const stats = await (await fetch(`${cloud.urls.api}/_local/stats`)).json() as Record<string, unknown>;
    expect(stats).toHaveProperty('requests');
    expect(stats).toHaveProperty('deadLetterQueues');
    const bad = await fetch(`${cloud.urls.api}/_local/faults`, { method: 'POST', body: JSON.stringify({ sesThrottleRate: 2 }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('sesThrottleRate');
    const ok = await fetch(`${cloud.urls.api}/_local/faults`, { method: 'POST', body: JSON.stringify({ sesThrottleRate: 0.5 }) });
    expect(await ok.json()).toMatchObject({ sesThrottleRate: 0.5 });
    cloud.faults.set({ sesThrottleRate: 0 });
    const idle = await fetch(`${cloud.urls.api}/_local/idle?timeoutMs=5000`);
    expect(idle.status).toBe(200);
  });
});

// SQS errors as AWS sends them over the JSON protocol: the code in __type and, because SQS is
// awsQueryCompatible, the query protocol's code in x-amzn-query-error, which botocore (the AWS CLI)
// reports instead (AWS.SimpleQueueService.NonExistentQueue, not QueueDoesNotExist): on every SQS
// error, also one raised before the queue is looked at (a body that is not JSON).
describe("the local AWS endpoint's errors", () => {
  const call = (target: string, body: string) =>
    fetch(cloud.urls.aws, { method: 'POST', headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.0' }, body });

  it('names a missing queue QueueDoesNotExist in __type and AWS.SimpleQueueService.NonExistentQueue in x-amzn-query-error', async () => {
    const res = await call('AmazonSQS.GetQueueUrl', JSON.stringify({ QueueName: 'no-such-queue' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
    expect(res.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
  });

  it('carries the same code in x-amzn-query-error where the two protocols agree, also for an error raised before SQS sees the call', async () => {
    const missing = await call('AmazonSQS.SendMessage', '{}');
    expect(missing.headers.get('x-amzn-query-error')).toBe('MissingParameter;Sender');
    const notJson = await call('AmazonSQS.SendMessage', 'not json');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-amzn-query-error')).toBe('SerializationException;Sender');
  });

  it('adds no x-amzn-query-error for the services without the trait', async () => {
    const res = await call('secretsmanager.GetSecretValue', JSON.stringify({ SecretId: 'no-such-secret' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBeNull();
  });
});
