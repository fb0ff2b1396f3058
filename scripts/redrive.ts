// npm run redrive -- --network <slug> [--queue mail|<consumer>|<queue name>] [--local [--endpoint <url>]] [--dry-run]
//
// Moves what failed back into the workflow once its cause is fixed:
// - a queue's dead-letter queue (the mail DLQ): the messages go back to the queue whose
//   RedrivePolicy names the DLQ, with SQS's own message move task (StartMessageMoveTask);
// - a rule target's dead-letter queue (e.g. the meetings rule's): the messages are EventBridge
//   events that did not reach the function; they are put on the network's bus again, with their
//   original source, detail-type, detail and time, and deleted from the DLQ once the bus took them;
// - the reminder schedules' dead-letter queue: reminder-due details the bus did not take; they
//   are put on the bus as reminder-due events;
// - a function's on-failure queue (e.g. the meetings function's): Lambda's invocation records of
//   events the function accepted but failed on after Lambda's retries; each record's
//   requestPayload is the original event, put on the network's bus again.
//
// The queues are found with SQS alone (ListQueues by the stack's name prefix, then each queue's
// RedrivePolicy): CloudFormation names the queues `Samskab-<slug>-<LogicalId>-<suffix>`, the local
// cloud `Samskab-<slug>-<LogicalId>`, and every DLQ's logical id contains "DeadLetterQueue"
// (test/infra/alarms.test.ts holds the template to that).
//
// No duplicate mail: the consumers are idempotent (one conditional write per meeting, version,
// person and mail kind guards every mail), so a job or event that was in fact half done, or that
// reaches a consumer twice, sends nothing twice.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DetailType, EVENT_SOURCE, eventSchemas } from '../functions/contract/events.js';

export interface RedriveOptions {
  network: string;
  /** `mail`, a consumer (`meetings`, `experiments`), its on-failure queue (`meetingsOnFailure`), or a queue name; all DLQs when absent. */
  queue?: string;
  /** Against the local cloud's AWS endpoint instead of AWS. */
  local?: boolean;
  /** The local AWS endpoint (default http://127.0.0.1:3001, or the port in SAMSKAB_AWS_PORT). */
  endpoint?: string;
  dryRun?: boolean;
  /** Defaults to the SDK's (AWS_REGION, profile); locally eu-west-1. */
  region?: string;
  log?: (line: string) => void;
}

export interface QueueRedrive {
  label: string;
  queueName: string;
  /** Where the messages go: a queue name, or `bus <name>`. */
  destination: string;
  /** Messages in the DLQ when the run started. */
  found: number;
  moved: number;
  /** Messages left in the DLQ because they could not be put back (see the log lines). */
  failed: number;
}

export interface RedriveResult {
  dryRun: boolean;
  queues: QueueRedrive[];
  moved: number;
  failed: number;
}

interface DeadLetterQueue {
  url: string;
  name: string;
  arn: string;
  label: string;
  /** The queues whose RedrivePolicy names this DLQ (none for a rule target's DLQ). */
  sources: Array<{ name: string; arn: string }>;
  visible: number;
}

export const stackName = (network: string) => `Samskab-${network}`;
/** The bus NetworkEventBus creates (used when a dead-lettered event carries no RULE_ARN). */
export const busName = (network: string) => `samskab-${network}`;

const DONE = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clientConfig = options.local === true
    ? {
      endpoint: options.endpoint ?? `http://127.0.0.1:${process.env['SAMSKAB_AWS_PORT'] ?? '3001'}`,
      region: options.region ?? 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }
    : options.region === undefined ? {} : { region: options.region };
  const sqs = new SQSClient(clientConfig);
  const eventBridge = new EventBridgeClient(clientConfig);
  try {
    const all = await findDeadLetterQueues(sqs, options.network);
    if (all.length === 0) {
      throw new Error(`no dead-letter queues named ${stackName(options.network)}-... ${options.local === true ? 'in the local cloud (is it running for this network?)' : 'in this account and region (deployed? right AWS_REGION/profile?)'}`);
    }
    const wanted = options.queue;
    const selected = wanted === undefined ? all : all.filter((q) => q.label === wanted || q.name === wanted || q.url === wanted);
    if (selected.length === 0) {
      throw new Error(`no dead-letter queue "${wanted}"; this network has: ${all.map((q) => `${q.label} (${q.name})`).join(', ')}`);
    }

    const result: RedriveResult = { dryRun: options.dryRun === true, queues: [], moved: 0, failed: 0 };
    for (const q of selected) {
      const destination = q.sources.length > 0 ? q.sources.map((s) => s.name).join(', ') : `bus ${busName(options.network)} (from each event's rule)`;
      const entry: QueueRedrive = { label: q.label, queueName: q.name, destination, found: q.visible, moved: 0, failed: 0 };
      result.queues.push(entry);
      if (q.visible === 0) {
        log(`${q.label}: ${q.name} is empty`);
        continue;
      }
      if (options.dryRun === true) {
        log(`${q.label}: would move ${q.visible} message(s) from ${q.name} to ${destination}`);
        continue;
      }
      log(`${q.label}: moving ${q.visible} message(s) from ${q.name} to ${destination}...`);
      const done = q.sources.length > 0 ? await moveToSourceQueue(sqs, q, log) : await putEventsBack(sqs, eventBridge, q, options.network, log);
      entry.moved = done.moved;
      entry.failed = done.failed;
      log(`${q.label}: ${done.moved} moved${done.failed > 0 ? `, ${done.failed} left in the DLQ` : ''}`);
    }
    result.moved = result.queues.reduce((n, q) => n + q.moved, 0);
    result.failed = result.queues.reduce((n, q) => n + q.failed, 0);
    return result;
  } finally {
    sqs.destroy();
    eventBridge.destroy();
  }
}

/** The network's DLQs, found by the stack's name prefix and the queues' redrive policies. */
async function findDeadLetterQueues(sqs: SQSClient, network: string): Promise<DeadLetterQueue[]> {
  const prefix = `${stackName(network)}-`;
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 1000, NextToken }));
    urls.push(...(page.QueueUrls ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);

  // A logical id starts with an upper-case letter; network slugs are lower case, so the queues of
  // a network "demo-2" (Samskab-demo-2-...) are not taken for those of "demo".
  const queues = await Promise.all(
    urls
      .map((url) => ({ url, name: decodeURIComponent(url.slice(url.lastIndexOf('/') + 1)) }))
      .filter((q) => /^[A-Z]/.test(q.name.slice(prefix.length)))
      .map(async (q) => {
        const { Attributes: a = {} } = await sqs.send(new GetQueueAttributesCommand({
          QueueUrl: q.url,
          AttributeNames: ['QueueArn', 'RedrivePolicy', 'ApproximateNumberOfMessages'],
        }));
        const redrivePolicy = a.RedrivePolicy === undefined ? undefined : (JSON.parse(a.RedrivePolicy) as { deadLetterTargetArn?: string });
        return { ...q, arn: a.QueueArn ?? '', visible: Number(a.ApproximateNumberOfMessages ?? 0), deadLetterTargetArn: redrivePolicy?.deadLetterTargetArn };
      }),
  );
  return queues
    .map((q) => ({ ...q, sources: queues.filter((s) => s.deadLetterTargetArn === q.arn).map((s) => ({ name: s.name, arn: s.arn })) }))
    .filter((q) => q.sources.length > 0 || q.name.includes('DeadLetterQueue'))
    .map((q) => ({ url: q.url, name: q.name, arn: q.arn, label: labelOf(q.name.slice(prefix.length)), sources: q.sources, visible: q.visible }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * `MailDeadLetterQueueAD8628F2-1a2B3c` -> `mail`, `EventsMeetingsDeadLetterQueue81615085` -> `meetings`:
 * the construct names without CDK's hash and CloudFormation's suffix.
 */
export function labelOf(logicalName: string): string {
  const id = logicalName.replace(/-[A-Za-z0-9]+$/, '').replace(/[0-9A-F]{8}$/, '');
  const core = id.replace(/^Events(?=[A-Z])/, '').replace(/DeadLetterQueue$/, '') || id;
  return core.charAt(0).toLowerCase() + core.slice(1);
}

/** SQS's message move task: every message back to the queue it came from. */
async function moveToSourceQueue(sqs: SQSClient, q: DeadLetterQueue, log: (l: string) => void): Promise<{ moved: number; failed: number }> {
  // One source: name it. Several: SQS returns each message to the queue it was first sent to.
  const destination = q.sources.length === 1 ? { DestinationArn: q.sources[0]!.arn } : {};
  const startedAt = Date.now();
  await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: q.arn, ...destination }));
  for (let waited = 0; ; waited += 2) {
    const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: q.arn, MaxResults: 1 }));
    // The newest task first; an older one (a previous run) does not count, allowing for clock skew.
    const task = Results.find((t) => (t.StartedTimestamp ?? 0) >= startedAt - 60_000);
    const moved = task?.ApproximateNumberOfMessagesMoved ?? 0;
    if (task !== undefined && DONE.has(task.Status ?? '')) {
      if (task.Status !== 'COMPLETED') log(`${q.label}: the move task ended ${task.Status}${task.FailureReason ? `: ${task.FailureReason}` : ''}`);
      return { moved, failed: Math.max(0, q.visible - moved) };
    }
    if (waited > 0 && waited % 10 === 0) log(`${q.label}: ${moved} of ${task?.ApproximateNumberOfMessagesToMove ?? q.visible} moved so far`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Dead-lettered EventBridge events back onto the bus their rule listens on. */
async function putEventsBack(sqs: SQSClient, eventBridge: EventBridgeClient, q: DeadLetterQueue, network: string, log: (l: string) => void): Promise<{ moved: number; failed: number }> {
  let moved = 0;
  const failedIds = new Set<string>();
  const seen = new Set<string>();
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: q.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      // Long enough to put the events back; a message that fails stays hidden for the rest of the run.
      VisibilityTimeout: 300,
      MessageAttributeNames: ['All'],
    }));
    const fresh = Messages.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    fresh.forEach((m) => seen.add(m.MessageId!));

    const entries: Array<{ message: Message; entry: PutEventsRequestEntry }> = [];
    for (const message of fresh) {
      const entry = eventEntry(message, network);
      if (typeof entry === 'string') {
        failedIds.add(message.MessageId!);
        log(`${q.label}: message ${message.MessageId} left in the DLQ: ${entry}`);
      } else {
        entries.push({ message, entry });
      }
    }
    if (entries.length === 0) continue;
    const out = await eventBridge.send(new PutEventsCommand({ Entries: entries.map((e) => e.entry) }));
    const accepted: Message[] = [];
    (out.Entries ?? []).forEach((r, i) => {
      const { message } = entries[i]!;
      if (r.EventId !== undefined && r.ErrorCode === undefined) accepted.push(message);
      else {
        failedIds.add(message.MessageId!);
        log(`${q.label}: message ${message.MessageId} left in the DLQ: PutEvents ${r.ErrorCode ?? 'failed'}: ${r.ErrorMessage ?? ''}`);
      }
    });
    if (accepted.length > 0) {
      const del = await sqs.send(new DeleteMessageBatchCommand({
        QueueUrl: q.url,
        Entries: accepted.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
      }));
      // An event already back on the bus but not deleted would be put again by the next run:
      // harmless (idempotent consumers), but said.
      for (const f of del.Failed ?? []) log(`${q.label}: could not delete message ${accepted[Number(f.Id)]?.MessageId} (${f.Code}); a later run puts it on the bus again`);
      moved += accepted.length;
    }
  }
  return { moved, failed: failedIds.size };
}

/**
 * The PutEvents entry that re-sends a dead-lettered event, or why it cannot be re-sent. Two kinds:
 * - a rule target's DLQ holds whole events (the body is the envelope; RULE_ARN names the rule);
 * - a Scheduler target's DLQ (the reminders) holds the target's Input, i.e. the detail alone, with
 *   EXECUTION_ID/SCHEDULE_ARN attributes. The stack's only schedules put reminder-due on the bus
 *   (functions/adapters/scheduler.ts), so that is what the detail must be.
 */
export function eventEntry(message: Pick<Message, 'Body' | 'MessageAttributes'>, network: string): PutEventsRequestEntry | string {
  let event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown; time?: unknown; resources?: unknown };
  try {
    event = JSON.parse(message.Body ?? '') as typeof event;
  } catch {
    return 'the body is not JSON';
  }
  const attr = (name: string) => message.MessageAttributes?.[name]?.StringValue;
  if (event === null || typeof event !== 'object') return 'the body is not a JSON object';
  // Lambda's invocation record from a function's on-failure queue: the event is its requestPayload
  // (the function's consumers all listen on the network's bus; there is no RULE_ARN).
  const record = event as { requestContext?: unknown; requestPayload?: unknown };
  if (record.requestContext !== undefined && 'requestPayload' in record) {
    if (record.requestPayload === null || typeof record.requestPayload !== 'object') return 'an invocation record whose requestPayload is not an event';
    event = record.requestPayload as typeof event;
  }
  if (event.source === undefined && (attr('EXECUTION_ID') !== undefined || attr('SCHEDULE_ARN') !== undefined)) {
    const detail = eventSchemas[DetailType.ReminderDue].safeParse(event);
    if (!detail.success) return `a schedule's input that is not a ${DetailType.ReminderDue} detail`;
    // TARGET_ARN is the bus the schedule puts on: arn:aws:events:<region>:<account>:event-bus/<name>.
    const targetBus = /:event-bus\/([^/]+)$/.exec(attr('TARGET_ARN') ?? '')?.[1];
    return { EventBusName: targetBus ?? busName(network), Source: EVENT_SOURCE, DetailType: DetailType.ReminderDue, Detail: JSON.stringify(detail.data) };
  }
  if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string' || event.detail === null || typeof event.detail !== 'object') {
    return 'the body is not an EventBridge event (source, detail-type, detail)';
  }
  // An AWS service's own event (the SES events rule's DLQ on the default bus): PutEvents refuses
  // aws.* sources, and the rule is on the default bus, not the network's; hand it over by hand.
  if (event.source.startsWith('aws.')) return `an event of ${event.source}, which PutEvents does not accept (read it, then delete it from the DLQ by hand)`;
  // EventBridge sets RULE_ARN on what it dead-letters: arn:aws:events:<region>:<account>:rule/<bus>/<rule>
  // for a rule on a custom bus, and .../rule/<rule> for one on the account's default bus.
  const rule = /:rule\/(?:([^/]+)\/)?[^/]+$/.exec(attr('RULE_ARN') ?? '');
  const ruleBus = rule === null ? undefined : (rule[1] ?? 'default');
  const time = typeof event.time === 'string' ? new Date(event.time) : undefined;
  return {
    EventBusName: ruleBus ?? busName(network),
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
    ...(Array.isArray(event.resources) && event.resources.length > 0 ? { Resources: event.resources as string[] } : {}),
    ...(time !== undefined && !Number.isNaN(time.getTime()) ? { Time: time } : {}),
  };
}

const USAGE = `usage: npm run redrive -- --network <slug> [--queue mail|<consumer>|<queue name>] [--local [--endpoint http://127.0.0.1:3001]] [--dry-run]

Moves the messages of the network's dead-letter queues back: the mail DLQ's to the mail queue,
a rule's DLQ's and a function's on-failure queue's events back onto the bus. On AWS it uses the SDK's credentials and
region (AWS_PROFILE, AWS_REGION); --local talks to the running local cloud (npm start).`;

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        network: { type: 'string' },
        queue: { type: 'string' },
        local: { type: 'boolean' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  if (values.network === undefined) {
    console.error(`error: --network is required\n\n${USAGE}`);
    return 2;
  }
  if (values.endpoint !== undefined && values.local !== true) {
    console.error('error: --endpoint only goes with --local');
    return 2;
  }
  try {
    const result = await redrive({
      network: values.network,
      queue: values.queue,
      local: values.local,
      endpoint: values.endpoint,
      region: values.region,
      dryRun: values['dry-run'],
    });
    const lines = result.queues.map((q) => `  ${q.label.padEnd(12)} ${String(q.found).padStart(5)} found ${String(q.moved).padStart(5)} moved ${String(q.failed).padStart(5)} left   ${q.queueName} -> ${q.destination}`);
    console.log(`\n${result.dryRun ? 'dry run, nothing moved' : `${result.moved} message(s) moved, ${result.failed} left`}:\n${lines.join('\n')}`);
    if (!result.dryRun && result.moved > 0) {
      console.log('No duplicate mail: the consumers are idempotent (one conditional write per meeting, version, person and mail kind\n' +
        'guards each mail), so anything that was already done before it failed is skipped, not sent again.');
    }
    return result.failed > 0 ? 1 : 0;
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string } };
    const refused = [e.code, e.cause?.code].includes('ECONNREFUSED');
    console.error(`error: ${e.message}${refused && values.local === true ? ' (is the local cloud running? npm start -- --network ' + values.network + ')' : ''}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
