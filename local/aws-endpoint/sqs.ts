// SQS over the JSON protocol (AmazonSQS.<Operation>, x-amz-json-1.0) against the local queues.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { FaultState } from '../faults.js';
import type { LocalQueue, QueueMessage, QueueRegistry } from '../queues.js';
import { md5OfBody, md5OfMessageAttributes, type MessageAttributeValue } from '../sqs-checksums.js';
import type { Stats } from '../stats.js';
import { AwsError } from './wire.js';

const NS = 'com.amazonaws.sqs';
const MAX_BATCH_BYTES = 1024 * 1024; // SQS raised the message and batch size limit to 1 MiB in 2025
/** A queue's MaximumMessageSize when the template sets none (ours set none): 256 KiB, body and attributes. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export interface SqsDeps {
  queues: QueueRegistry;
  faults: FaultState;
  stats: Stats;
}

/** The query protocol's codes where they differ from the JSON protocol's (SQS is awsQueryCompatible). */
const QUERY_CODES: Record<string, string> = { QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue' };
/** An SQS error's code as its query protocol gives it (and x-amzn-query-error with the JSON protocol). */
export const sqsQueryCode = (code: string) => QUERY_CODES[code] ?? code;
const fail = (code: string, message: string, status = 400) => new AwsError(status, code, message, NS);

export async function handleSqs(op: string, input: Record<string, unknown>, deps: SqsDeps): Promise<unknown> {
  const { queues } = deps;
  const queueOf = (): LocalQueue => {
    const url = input['QueueUrl'];
    if (typeof url !== 'string') throw fail('MissingParameter', 'The request must contain the parameter QueueUrl.');
    const q = queues.byUrl(url);
    if (q === undefined) throw fail('QueueDoesNotExist', 'The specified queue does not exist.');
    return q;
  };

  switch (op) {
    case 'SendMessage': {
      const q = queueOf();
      if (messageSize(input) > MAX_MESSAGE_BYTES) throw fail('InvalidParameterValue', tooLongMessage);
      const entry = sendEntry(q, input, deps);
      return {
        MessageId: entry.messageId,
        MD5OfMessageBody: md5OfBody(entry.body),
        ...attrsMd5(entry.attributes),
      };
    }
    case 'SendMessageBatch': {
      const q = queueOf();
      const entries = batchEntries(input);
      const bytes = entries.reduce((n, e) => n + messageSize(e), 0);
      if (bytes > MAX_BATCH_BYTES) throw fail('BatchRequestTooLong', `Batch requests cannot be longer than ${MAX_BATCH_BYTES} bytes. You have sent ${bytes} bytes.`);
      deps.stats.countItems('SQS', 'SendMessageBatch', entries.length);
      // An entry over the message size fails on its own; the others are sent.
      const tooLong = entries.filter((e) => messageSize(e) > MAX_MESSAGE_BYTES);
      const Successful = entries.filter((e) => !tooLong.includes(e)).map((e) => {
        const m = sendEntry(q, e, deps);
        return { Id: e['Id'], MessageId: m.messageId, MD5OfMessageBody: md5OfBody(m.body), ...attrsMd5(m.attributes) };
      });
      const Failed = tooLong.map((e) => ({ Id: e['Id'], SenderFault: true, Code: 'InvalidParameterValue', Message: tooLongMessage }));
      return { Successful, Failed };
    }
    case 'ReceiveMessage': {
      const q = queueOf();
      const max = intIn(input['MaxNumberOfMessages'], 1, 10, 1, 'MaxNumberOfMessages');
      const vis = input['VisibilityTimeout'] === undefined ? undefined : intIn(input['VisibilityTimeout'], 0, 43200, 30, 'VisibilityTimeout');
      const wait = intIn(input['WaitTimeSeconds'], 0, 20, 0, 'WaitTimeSeconds');
      const deadline = Date.now() + wait * 1000;
      for (;;) {
        const got = q.receive(max, vis);
        if (got.length > 0 || Date.now() >= deadline) {
          return got.length === 0 ? {} : { Messages: got.map((r) => wireMessage(r.message, r.receiptHandle)) };
        }
        const until = Math.min(deadline - Date.now(), q.nextVisibleIn() ?? Infinity);
        const ac = new AbortController();
        const timer = setTimeout(() => ac.abort(), Math.max(1, until));
        try {
          await once(q, 'changed', { signal: ac.signal });
        } catch {
          // timeout: loop and try once more
        } finally {
          clearTimeout(timer);
        }
      }
    }
    case 'DeleteMessage': {
      const q = queueOf();
      q.delete(receiptHandle(input['ReceiptHandle']));
      return {};
    }
    case 'DeleteMessageBatch': {
      const q = queueOf();
      const entries = batchEntries(input);
      for (const e of entries) q.delete(receiptHandle(e['ReceiptHandle']));
      return { Successful: entries.map((e) => ({ Id: e['Id'] })), Failed: [] };
    }
    case 'ChangeMessageVisibility': {
      const q = queueOf();
      const seconds = intIn(input['VisibilityTimeout'], 0, 43200, 30, 'VisibilityTimeout');
      if (!q.changeVisibility(receiptHandle(input['ReceiptHandle']), seconds)) {
        throw fail('MessageNotInflight', 'The message referred to is not in flight.');
      }
      return {};
    }
    case 'ChangeMessageVisibilityBatch': {
      const q = queueOf();
      const entries = batchEntries(input);
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const e of entries) {
        const ok = q.changeVisibility(receiptHandle(e['ReceiptHandle']), intIn(e['VisibilityTimeout'], 0, 43200, 30, 'VisibilityTimeout'));
        if (ok) Successful.push({ Id: e['Id'] });
        else Failed.push({ Id: e['Id'], Code: 'MessageNotInflight', Message: 'The message referred to is not in flight.', SenderFault: true });
      }
      return { Successful, Failed };
    }
    case 'GetQueueUrl': {
      const q = queues.byName(String(input['QueueName'] ?? ''));
      if (q === undefined) throw fail('QueueDoesNotExist', 'The specified queue does not exist.');
      return { QueueUrl: q.config.url };
    }
    case 'GetQueueAttributes': {
      const q = queueOf();
      const names = Array.isArray(input['AttributeNames']) ? (input['AttributeNames'] as string[]) : ['All'];
      const all = queueAttributes(q);
      const pick = names.includes('All') ? all : Object.fromEntries(Object.entries(all).filter(([k]) => names.includes(k)));
      return { Attributes: pick };
    }
    case 'ListQueues': {
      const prefix = typeof input['QueueNamePrefix'] === 'string' ? input['QueueNamePrefix'] : '';
      return { QueueUrls: queues.all().filter((q) => q.config.name.startsWith(prefix)).map((q) => q.config.url) };
    }
    case 'ListDeadLetterSourceQueues': {
      const q = queueOf();
      return { queueUrls: queues.all().filter((s) => s.config.redrive?.deadLetterTargetArn === q.config.arn).map((s) => s.config.url) };
    }
    case 'PurgeQueue': {
      queueOf().purge();
      return {};
    }
    case 'StartMessageMoveTask': {
      // Redrive from a DLQ: every message goes back to the queue it was first sent to
      // (or to DestinationArn). Done at once; the task is reported as completed.
      const source = queues.byArn(String(input['SourceArn'] ?? ''));
      if (source === undefined) throw fail('ResourceNotFoundException', 'The resource that you specified for the SourceArn parameter doesn\'t exist.');
      const dest = typeof input['DestinationArn'] === 'string' ? queues.byArn(input['DestinationArn']) : undefined;
      if (typeof input['DestinationArn'] === 'string' && dest === undefined) throw fail('ResourceNotFoundException', 'DestinationArn does not exist.');
      let moved = 0;
      for (const m of source.drain()) {
        const target = dest ?? queues.byArn(m.sourceArn);
        if (target === undefined || target === source) {
          source.adopt(m);
          continue;
        }
        target.adopt(m);
        moved++;
      }
      const TaskHandle = Buffer.from(JSON.stringify({ id: randomUUID(), source: source.config.arn })).toString('base64');
      lastMoveTasks.set(source.config.arn, { TaskHandle, Status: 'COMPLETED', SourceArn: source.config.arn, ApproximateNumberOfMessagesMoved: moved, ApproximateNumberOfMessagesToMove: moved, StartedTimestamp: Date.now() });
      return { TaskHandle };
    }
    case 'ListMessageMoveTasks': {
      const t = lastMoveTasks.get(String(input['SourceArn'] ?? ''));
      return { Results: t === undefined ? [] : [t] };
    }
    default:
      throw new AwsError(400, 'UnsupportedOperation', `SQS ${op} is not supported by the local cloud`, NS);
  }
}

const lastMoveTasks = new Map<string, Record<string, unknown>>();

function sendEntry(q: LocalQueue, e: Record<string, unknown>, deps: SqsDeps): QueueMessage {
  const body = e['MessageBody'];
  if (typeof body !== 'string' || body.length === 0) throw fail('MissingParameter', 'The request must contain the parameter MessageBody.');
  const attributes = (e['MessageAttributes'] ?? {}) as Record<string, MessageAttributeValue>;
  const delay = e['DelaySeconds'] === undefined ? undefined : intIn(e['DelaySeconds'], 0, 900, 0, 'DelaySeconds');
  deps.stats.countItems('SQS', 'messagesSent', 1);
  const m = q.send(body, attributes, delay);
  if (deps.faults.current.duplicateDeliveries) {
    // At-least-once delivery: the same message (same id) arrives a second time.
    q.send(body, attributes, delay, m.messageId);
    deps.stats.faults.duplicatedMessages++;
  }
  return m;
}

const tooLongMessage = `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`;

/** What counts towards a message's size: the body and each attribute's name, type and value (UTF-8). */
export function messageSize(e: Record<string, unknown>): number {
  const utf8 = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const attributes = (e['MessageAttributes'] ?? {}) as Record<string, MessageAttributeValue & { BinaryValue?: unknown }>;
  return utf8(e['MessageBody']) + Object.entries(attributes).reduce((n, [name, a]) => {
    const binary = typeof a.BinaryValue === 'string' ? Buffer.from(a.BinaryValue, 'base64').length : 0;
    return n + utf8(name) + utf8(a.DataType) + utf8(a.StringValue) + binary;
  }, 0);
}

function attrsMd5(attrs: Record<string, MessageAttributeValue>): Record<string, string> {
  return Object.keys(attrs).length === 0 ? {} : { MD5OfMessageAttributes: md5OfMessageAttributes(attrs) };
}

function batchEntries(input: Record<string, unknown>): Array<Record<string, unknown>> {
  const entries = input['Entries'];
  if (!Array.isArray(entries) || entries.length === 0) throw fail('EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
  if (entries.length > 10) throw fail('TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.');
  const ids = new Set(entries.map((e: Record<string, unknown>) => e['Id']));
  if (ids.size !== entries.length) throw fail('BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  return entries as Array<Record<string, unknown>>;
}

function receiptHandle(v: unknown): string {
  if (typeof v !== 'string' || !v.includes('#')) throw fail('ReceiptHandleIsInvalid', 'The input receipt handle is invalid.');
  return v;
}

function intIn(v: unknown, min: number, max: number, dflt: number, name: string): number {
  if (v === undefined || v === null) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw fail('InvalidParameterValue', `Value ${String(v)} for parameter ${name} is invalid.`);
  return n;
}

/** A message as ReceiveMessage returns it (also used for Lambda SQS events). */
export function wireMessage(m: QueueMessage, handle: string) {
  return {
    MessageId: m.messageId,
    ReceiptHandle: handle,
    MD5OfBody: md5OfBody(m.body),
    Body: m.body,
    Attributes: {
      SenderId: 'AIDALOCALSENDER',
      SentTimestamp: String(m.sentAt),
      ApproximateReceiveCount: String(m.receiveCount),
      ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
    },
    ...(Object.keys(m.attributes).length > 0 ? { MessageAttributes: m.attributes, MD5OfMessageAttributes: md5OfMessageAttributes(m.attributes) } : {}),
  };
}

function queueAttributes(q: LocalQueue): Record<string, string> {
  const c = q.counts();
  const cfg = q.config;
  return {
    QueueArn: cfg.arn,
    ApproximateNumberOfMessages: String(c.visible),
    ApproximateNumberOfMessagesNotVisible: String(c.inFlight),
    ApproximateNumberOfMessagesDelayed: String(c.delayed),
    VisibilityTimeout: String(cfg.visibilityTimeoutSeconds),
    DelaySeconds: String(cfg.delaySeconds),
    MessageRetentionPeriod: String(cfg.retentionSeconds),
    MaximumMessageSize: String(MAX_BATCH_BYTES),
    ReceiveMessageWaitTimeSeconds: '0',
    ...(cfg.redrive !== undefined ? { RedrivePolicy: JSON.stringify(cfg.redrive) } : {}),
  };
}
