// Stand-ins for EventBridge and SQS in the integration tests: they keep what was published or
// enqueued and turn it into the events Lambda would deliver. (The local cloud replaces them with
// real endpoints for the end-to-end tests.)
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { eventEntryOf } from '../../functions/contract/event-entry.js';
import { eventSchemas, type DetailInput, type DetailType } from '../../functions/contract/events.js';
import type { MailJob } from '../../functions/contract/mail-job.js';

export class RecordingBus {
  readonly events: EventBridgeEvent<string, unknown>[] = [];

  /** Same signature as the publisher adapter; validates through the contract like it does. */
  publish = async <T extends DetailType>(detailType: T, detail: DetailInput<T>): Promise<string> => {
    const entry = eventEntryOf(eventSchemas, 'samskab-test', detailType, detail);
    const id = randomUUID();
    this.events.push({
      version: '0',
      id,
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: new Date().toISOString(),
      region: process.env.AWS_REGION ?? 'eu-north-1',
      resources: [],
      detail: JSON.parse(entry.Detail) as unknown,
    });
    return id;
  };
}

export class RecordingQueue {
  readonly jobs: MailJob[] = [];
  calls = 0;

  enqueue = async (jobs: readonly MailJob[]): Promise<void> => {
    this.calls += 1;
    this.jobs.push(...structuredClone(jobs));
  };
}

export function sqsRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-north-1:000000000000:samskab-test-mail',
    awsRegion: 'eu-north-1',
  };
}

/** SQS delivers at most 10 records per batch (the event source mapping's batch size here). */
export function sqsBatches(records: readonly SQSRecord[], size = 10): SQSEvent[] {
  const batches: SQSEvent[] = [];
  for (let i = 0; i < records.length; i += size) batches.push({ Records: records.slice(i, i + size) });
  return batches;
}

/** A minimal Lambda context for calling middy handlers directly. */
export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-north-1:000000000000:function:test',
  memoryLimitInMB: '256',
  awsRequestId: 'test',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

export function httpEvent(
  method: string,
  path: string,
  options: { body?: string; token?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'api.example.org',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
    ...(options.body !== undefined ? { body: options.body } : {}),
  };
}
