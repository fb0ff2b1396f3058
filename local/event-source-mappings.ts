// Lambda event source mappings for SQS: poll the queue in batches, invoke the function with an
// SQS event, delete what succeeded (all, or all but the reported batchItemFailures), and leave
// failures to come back after the visibility timeout, until the queue redrives them to its DLQ.
import type { Activity } from './activity.js';
import type { LocalFunction } from './functions.js';
import type { LocalQueue, ReceivedMessage } from './queues.js';
import { md5OfBody, md5OfMessageAttributes } from './sqs-checksums.js';

export interface MappingSpec {
  logicalId: string;
  queueArn: string;
  batchSize: number;
  /** ScalingConfig.MaximumConcurrency; Lambda's own default scaling is capped locally. */
  maxConcurrency: number;
  reportBatchItemFailures: boolean;
  enabled: boolean;
}

export interface PollerDeps {
  activity: Activity;
  region: string;
  /** Scales how long a failed message stays hidden (1 = the real visibility timeout). */
  timeScale: number;
  log: (line: string) => void;
}

export class QueuePoller {
  private inFlight = 0;
  private stopped = true;
  private wakeTimer: NodeJS.Timeout | undefined;
  private scheduled = false;
  private readonly onChange = () => this.schedule();

  constructor(readonly spec: MappingSpec, private readonly queue: LocalQueue, private readonly fn: LocalFunction, private readonly deps: PollerDeps) {}

  get functionArn(): string {
    return this.fn.spec.arn;
  }

  start(): void {
    if (!this.spec.enabled) return;
    this.stopped = false;
    this.queue.on('changed', this.onChange);
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.queue.off('changed', this.onChange);
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
  }

  // Coalesces the change notifications of one tick, so a SendMessageBatch of ten is one batch.
  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.stopped && this.inFlight < this.spec.maxConcurrency) {
      const ids = new Set<string>();
      // Two copies of one message (duplicate delivery) never share a batch: their
      // batchItemFailures identifiers would be ambiguous.
      const batch = this.queue.receive(this.spec.batchSize, undefined, (m) => {
        if (ids.has(m.messageId)) return true;
        ids.add(m.messageId);
        return false;
      });
      if (batch.length === 0) break;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
    this.armWakeTimer();
  }

  // Messages hidden by a visibility timeout or delay wake the poller when they reappear.
  private armWakeTimer(): void {
    if (this.wakeTimer !== undefined) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const next = this.queue.nextVisibleIn();
    if (next === undefined || this.stopped) return;
    this.wakeTimer = setTimeout(() => this.schedule(), next + 5);
    this.wakeTimer.unref();
  }

  private async run(batch: ReceivedMessage[]): Promise<void> {
    const end = this.deps.activity.begin();
    try {
      let failed: Set<string>;
      try {
        const result = await this.fn.invoke(this.event(batch));
        failed = this.failures(result, batch);
      } catch (err) {
        this.deps.log(`${this.fn.spec.name} failed a batch of ${batch.length} from ${this.queue.config.name}: ${(err as Error).message}`);
        failed = new Set(batch.map((r) => r.message.messageId));
      }
      for (const r of batch) {
        if (!failed.has(r.message.messageId)) {
          this.queue.delete(r.receiptHandle);
        } else if (this.deps.timeScale !== 1) {
          // Only the wait is shortened: the message still counts a receive and redrives as usual.
          const remaining = Math.max(0, r.message.visibleAt - Date.now()) / 1000;
          this.queue.changeVisibility(r.receiptHandle, Math.round(remaining * this.deps.timeScale * 1000) / 1000);
        }
      }
    } finally {
      end();
    }
  }

  /** Message ids to keep: none on success, the reported ones with ReportBatchItemFailures. */
  private failures(result: unknown, batch: ReceivedMessage[]): Set<string> {
    if (!this.spec.reportBatchItemFailures || result === null || result === undefined) return new Set();
    const items = (result as { batchItemFailures?: unknown }).batchItemFailures;
    if (items === undefined || items === null) return new Set();
    const all = new Set(batch.map((r) => r.message.messageId));
    if (!Array.isArray(items)) return all;
    const out = new Set<string>();
    for (const item of items) {
      const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      // Lambda treats an empty or unknown identifier as a failure of the whole batch.
      if (typeof id !== 'string' || !all.has(id)) return all;
      out.add(id);
    }
    return out;
  }

  private event(batch: ReceivedMessage[]) {
    return {
      Records: batch.map(({ message: m, receiptHandle }) => ({
        messageId: m.messageId,
        receiptHandle,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: 'AIDALOCALSENDER',
          ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
        },
        messageAttributes: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, {
          dataType: v.DataType,
          ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}),
          ...(v.BinaryValue !== undefined ? { binaryValue: v.BinaryValue } : {}),
          stringListValues: [],
          binaryListValues: [],
        }])),
        md5OfBody: md5OfBody(m.body),
        ...(Object.keys(m.attributes).length > 0 ? { md5OfMessageAttributes: md5OfMessageAttributes(m.attributes) } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN: this.queue.config.arn,
        awsRegion: this.deps.region,
      })),
    };
  }
}
