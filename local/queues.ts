// SQS queue semantics: delay, visibility timeout, receive count, redrive to a DLQ after
// maxReceiveCount, purge, message move (DLQ redrive). Every message change is journaled
// (journal.ts), so the messages, in flight or delayed, survive a restart as they do on SQS. The
// wire protocol lives in aws-endpoint/sqs.ts; the event source mappings poll these queues directly.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Journal, JournalSection } from './journal.js';
import type { MessageAttributeValue } from './sqs-checksums.js';

export interface QueueMessage {
  messageId: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  sentAt: number;
  /** When the message is next visible (delay or visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  /** When it was last received (the start of its visibility timeout). */
  receivedAt?: number;
  receiptHandle?: string;
  /** True while received and not yet visible again. */
  inFlight: boolean;
  /** ARN of the queue the message was first sent to (kept when redriven to a DLQ). */
  sourceArn: string;
  groupId?: string;
}

export interface ReceivedMessage {
  message: QueueMessage;
  receiptHandle: string;
}

export interface QueueConfig {
  name: string;
  arn: string;
  url: string;
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  retentionSeconds: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
}

export type Clock = () => number;

export interface QueueStore {
  journal?: Journal;
  /**
   * Scales what is left of the visibility timeout of the messages a consumer held when the local
   * cloud stopped (1 = as on SQS; tests use small values, as for a failed message's timeout).
   */
  timeScale?: number;
}

const keyPrefix = randomUUID().slice(0, 8);
let keySeq = 0;

export class LocalQueue extends EventEmitter {
  private messages: QueueMessage[] = [];
  /** The journal key of each message (two copies of one message id are two messages). */
  private readonly keys = new WeakMap<QueueMessage, string>();
  private readonly store: JournalSection<QueueMessage> | undefined;
  /** ARNs of the queues and rule targets this queue is the DLQ of. */
  readonly sources = new Set<string>();

  constructor(readonly config: QueueConfig, private readonly registry: QueueRegistry, private readonly now: Clock, store: QueueStore = {}) {
    super();
    this.setMaxListeners(0);
    this.store = store.journal?.section<QueueMessage>(`sqs:${config.arn}`);
    const scale = store.timeScale ?? 1;
    for (const [key, m] of this.store?.restored ?? []) {
      // Held by a consumer that is gone: visible again once its visibility timeout ends.
      if (m.inFlight && m.receivedAt !== undefined && m.visibleAt > m.receivedAt) {
        m.visibleAt = Math.round(m.receivedAt + (m.visibleAt - m.receivedAt) * scale);
      }
      this.keys.set(m, key);
      this.messages.push(m);
    }
  }

  send(body: string, attributes: Record<string, MessageAttributeValue> = {}, delaySeconds?: number, messageId: string = randomUUID()): QueueMessage {
    const now = this.now();
    const m: QueueMessage = {
      messageId, body, attributes, sentAt: now,
      visibleAt: now + 1000 * (delaySeconds ?? this.config.delaySeconds),
      receiveCount: 0, inFlight: false, sourceArn: this.config.arn,
    };
    this.push(m);
    this.changed();
    return m;
  }

  /** Takes an existing message (DLQ redrive, message move) keeping its id and body. */
  adopt(m: QueueMessage): void {
    const { receiptHandle: _drop, firstReceivedAt: _first, ...rest } = m;
    this.push({ ...rest, visibleAt: this.now(), receiveCount: 0, inFlight: false });
    this.changed();
  }

  /**
   * Receives up to `max` visible messages and hides them for the visibility timeout. A message
   * already received maxReceiveCount times moves to the DLQ instead, as SQS does.
   * `skip` lets a caller avoid two copies of one message id in the same batch.
   */
  receive(max: number, visibilityTimeoutSeconds = this.config.visibilityTimeoutSeconds, skip?: (m: QueueMessage) => boolean): ReceivedMessage[] {
    const now = this.now();
    this.expire(now);
    const out: ReceivedMessage[] = [];
    for (const m of [...this.messages]) {
      if (out.length >= max) break;
      if (m.visibleAt > now) continue;
      const redrive = this.config.redrive;
      if (redrive !== undefined && m.receiveCount >= redrive.maxReceiveCount) {
        const dlq = this.registry.byArn(redrive.deadLetterTargetArn);
        if (dlq !== undefined) {
          this.remove(m);
          dlq.adopt(m);
          continue;
        }
      }
      if (skip?.(m) === true) continue;
      m.receiveCount += 1;
      m.firstReceivedAt ??= now;
      m.receivedAt = now;
      m.receiptHandle = `${m.messageId}#${randomUUID()}`;
      m.visibleAt = now + 1000 * visibilityTimeoutSeconds;
      m.inFlight = true;
      this.save(m);
      out.push({ message: m, receiptHandle: m.receiptHandle });
    }
    if (out.length > 0) this.changed();
    return out;
  }

  /** Deletes by receipt handle; a stale handle succeeds without deleting, as in SQS. */
  delete(receiptHandle: string): boolean {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle);
    if (m === undefined) return false;
    this.remove(m);
    this.changed();
    return true;
  }

  changeVisibility(receiptHandle: string, seconds: number): boolean {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle && x.inFlight);
    if (m === undefined) return false;
    m.visibleAt = this.now() + 1000 * seconds;
    if (seconds === 0) m.inFlight = false;
    this.save(m);
    this.changed();
    return true;
  }

  purge(): number {
    const n = this.messages.length;
    this.messages = [];
    this.store?.clear();
    this.changed();
    return n;
  }

  /** Takes every message out (message move tasks). */
  drain(): QueueMessage[] {
    const all = this.messages;
    this.messages = [];
    this.store?.clear();
    this.changed();
    return all;
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = this.now();
    let visible = 0, inFlight = 0, delayed = 0;
    for (const m of this.messages) {
      if (m.visibleAt <= now) visible++;
      else if (m.inFlight) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  get depth(): number {
    return this.messages.length;
  }

  /** Milliseconds until the next hidden message becomes visible, if any. */
  nextVisibleIn(): number | undefined {
    const now = this.now();
    let next: number | undefined;
    for (const m of this.messages) if (m.visibleAt > now && (next === undefined || m.visibleAt < next)) next = m.visibleAt;
    return next === undefined ? undefined : next - now;
  }

  private expire(now: number): void {
    const limit = now - 1000 * this.config.retentionSeconds;
    if (!this.messages.some((m) => m.sentAt < limit)) return;
    for (const m of this.messages) if (m.sentAt < limit) this.unsave(m);
    this.messages = this.messages.filter((m) => m.sentAt >= limit);
  }

  private push(m: QueueMessage): void {
    this.keys.set(m, `${keyPrefix}-${(keySeq++).toString(36)}`);
    this.messages.push(m);
    this.save(m);
  }

  private remove(m: QueueMessage): void {
    const i = this.messages.indexOf(m);
    if (i >= 0) this.messages.splice(i, 1);
    this.unsave(m);
  }

  private save(m: QueueMessage): void {
    const key = this.keys.get(m);
    if (key !== undefined) this.store?.put(key, m);
  }

  private unsave(m: QueueMessage): void {
    const key = this.keys.get(m);
    if (key !== undefined) this.store?.del(key);
  }

  private changed(): void {
    this.emit('changed');
  }
}

export class QueueRegistry {
  private readonly queues = new Map<string, LocalQueue>();

  constructor(private readonly now: Clock = Date.now, private readonly store: QueueStore = {}) {}

  add(config: QueueConfig): LocalQueue {
    const q = new LocalQueue(config, this, this.now, this.store);
    this.queues.set(config.name, q);
    return q;
  }

  /** Links DLQs to their sources once every queue exists. */
  link(): void {
    for (const q of this.queues.values()) {
      const target = q.config.redrive?.deadLetterTargetArn;
      if (target !== undefined) this.byArn(target)?.sources.add(q.config.arn);
    }
  }

  byName(name: string): LocalQueue | undefined {
    return this.queues.get(name);
  }

  byArn(arn: string): LocalQueue | undefined {
    for (const q of this.queues.values()) if (q.config.arn === arn) return q;
    return undefined;
  }

  /** Accepts a queue URL of any host (the SDK may rewrite it) or a bare name. */
  byUrl(url: string): LocalQueue | undefined {
    return this.byName(url.split('/').filter(Boolean).pop() ?? '');
  }

  all(): LocalQueue[] {
    return [...this.queues.values()];
  }

  isDeadLetterQueue(q: LocalQueue): boolean {
    return q.sources.size > 0;
  }
}
