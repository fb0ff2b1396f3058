// The event buses of the template: PutEvents entries become events, the rules' patterns pick
// targets, and each target gets the event with its retry policy and dead-letter queue. For a
// Lambda target, delivery is Lambda accepting the event (async-invocations.ts): the retry policy
// and the DLQ only see what could not be delivered. Pending deliveries are journaled.
import { randomUUID } from 'node:crypto';
import type { Activity } from './activity.js';
import type { FaultState } from './faults.js';
import type { Journal, JournalSection } from './journal.js';
import type { QueueRegistry } from './queues.js';
import type { Stats } from './stats.js';

export interface RuleTarget {
  id: string;
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  deadLetterArn?: string;
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
}

export interface LocalRule {
  logicalId: string;
  name: string;
  arn: string;
  busName: string;
  /** The rule's event pattern, compiled (and validated) once at start. */
  matches: (event: unknown) => boolean;
  enabled: boolean;
  targets: RuleTarget[];
}

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | number;
}

export type PutEventsResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** Delivers to a target: Lambda accepting an asynchronous invocation, a queue send, a bus; throws when delivery fails. */
export type TargetInvoker = (arn: string, payload: unknown) => Promise<void>;

export interface EventBusDeps {
  buses: Set<string>;
  rules: LocalRule[];
  invokeTarget: TargetInvoker;
  queues: QueueRegistry;
  faults: FaultState;
  stats: Stats;
  activity: Activity;
  region: string;
  accountId: string;
  /** Scales retry backoff (1 = real time; tests use small values). */
  timeScale: number;
  journal?: Journal;
  log: (line: string) => void;
}

interface PendingDelivery {
  id: string;
  ruleArn: string;
  targetId: string;
  event: EventEnvelope;
  /** Failed attempts so far. */
  attempt: number;
  firstAttempt: number;
  dueAt: number;
}

export class EventBus {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly store: JournalSection<PendingDelivery> | undefined;
  private stopped = false;

  constructor(private readonly deps: EventBusDeps) {
    this.store = deps.journal?.section<PendingDelivery>('eventbridge');
  }

  /** Resumes the deliveries (and their retries) a previous run left pending. */
  start(): void {
    for (const d of this.store?.restored.values() ?? []) {
      const rule = this.deps.rules.find((r) => r.arn === d.ruleArn);
      const target = rule?.targets.find((t) => t.id === d.targetId);
      if (rule === undefined || target === undefined) {
        this.deps.log(`pending delivery of event ${d.event.id} to ${d.ruleArn} (${d.targetId}) dropped: the rule or target is gone`);
        this.store?.del(d.id);
        continue;
      }
      void this.deliver(rule, target, d.event, d);
    }
  }

  putEvents(entries: PutEventsEntry[]): PutEventsResult[] {
    return entries.map((e) => {
      const result = this.toEvent(e);
      if ('ErrorCode' in result) return result;
      this.deps.stats.events.put++;
      this.route(result.busName, result.event);
      return { EventId: result.event.id };
    });
  }

  /** Routes one event on a bus (also used by the scheduler's universal EventBridge target). */
  route(busName: string, event: EventEnvelope): void {
    for (const rule of this.deps.rules) {
      if (!rule.enabled || rule.busName !== busName || !rule.matches(event)) continue;
      this.deps.stats.events.matched++;
      for (const target of rule.targets) {
        const copies = this.deps.faults.current.duplicateDeliveries ? 2 : 1;
        if (copies === 2) this.deps.stats.faults.duplicatedEvents++;
        for (let i = 0; i < copies; i++) void this.deliver(rule, target, event);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private toEvent(e: PutEventsEntry): { busName: string; event: EventEnvelope } | { ErrorCode: string; ErrorMessage: string } {
    const busRef = e.EventBusName ?? 'default';
    const busName = busRef.startsWith('arn:') ? busRef.slice(busRef.lastIndexOf('/') + 1) : busRef;
    if (!this.deps.buses.has(busName) && busName !== 'default') {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    if (typeof e.Source !== 'string' || e.Source === '') return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Source is not valid.' };
    if (typeof e.DetailType !== 'string' || e.DetailType === '') return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter DetailType is not valid.' };
    let detail: unknown;
    try {
      detail = JSON.parse(e.Detail ?? '');
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const time = e.Time === undefined ? new Date() : new Date(typeof e.Time === 'number' ? e.Time * 1000 : e.Time);
    return {
      busName,
      event: {
        version: '0',
        id: randomUUID(),
        'detail-type': e.DetailType,
        source: e.Source,
        account: this.deps.accountId,
        time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: this.deps.region,
        resources: e.Resources ?? [],
        detail,
      },
    };
  }

  private async deliver(rule: LocalRule, target: RuleTarget, event: EventEnvelope, resumed?: PendingDelivery): Promise<void> {
    const end = this.deps.activity.begin();
    const now = Date.now();
    const pending: PendingDelivery = resumed ?? { id: randomUUID(), ruleArn: rule.arn, targetId: target.id, event, attempt: 0, firstAttempt: now, dueAt: now };
    if (resumed === undefined) this.store?.put(pending.id, pending);
    try {
      if (pending.dueAt > now) await this.sleep(pending.dueAt - now);
      if (this.stopped) return;
      const payload = targetInput(target, event);
      for (;;) {
        try {
          this.deps.stats.events.deliveries++;
          await this.deps.invokeTarget(target.arn, payload);
          this.store?.del(pending.id);
          return;
        } catch (err) {
          this.deps.stats.events.failedAttempts++;
          const error = err as Error;
          const delay = backoffMs(pending.attempt) * this.deps.timeScale;
          const expired = Date.now() + delay - pending.firstAttempt > target.maximumEventAgeSeconds * 1000;
          if (this.stopped) return;
          if (pending.attempt >= target.maximumRetryAttempts || expired) {
            this.store?.del(pending.id);
            this.deadLetter(rule, target, event, error, pending.attempt + 1);
            return;
          }
          pending.attempt++;
          pending.dueAt = Date.now() + delay;
          this.store?.put(pending.id, pending);
          await this.sleep(delay);
          if (this.stopped) return;
        }
      }
    } finally {
      end();
    }
  }

  private deadLetter(rule: LocalRule, target: RuleTarget, event: EventEnvelope, error: Error, attempts: number): void {
    const dlq = target.deadLetterArn === undefined ? undefined : this.deps.queues.byArn(target.deadLetterArn);
    const reason = `${error.name}: ${error.message}`;
    if (dlq === undefined) {
      this.deps.stats.events.dropped++;
      this.deps.log(`event ${event.id} (${event['detail-type']}) dropped after ${attempts} attempts to ${target.arn}: ${reason}`);
      return;
    }
    // The attributes EventBridge puts on a dead-lettered event.
    const str = (v: string) => ({ DataType: 'String', StringValue: v });
    dlq.send(JSON.stringify(event), {
      RULE_ARN: str(rule.arn),
      TARGET_ARN: str(target.arn),
      ERROR_CODE: str('INVOCATION_FAILED'),
      ERROR_MESSAGE: str(reason.slice(0, 1000)),
    });
    this.deps.stats.events.sentToDlq++;
    this.deps.log(`event ${event.id} (${event['detail-type']}) sent to DLQ ${dlq.config.name} after ${attempts} attempts: ${reason}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }
}

/** Exponential backoff like EventBridge's: 1 s, 2 s, 4 s, ... capped at 5 minutes. */
const backoffMs = (attempt: number) => Math.min(1000 * 2 ** attempt, 300_000);

/** The payload a target receives: the event, a constant Input, an InputPath or an InputTransformer. */
export function targetInput(target: RuleTarget, event: EventEnvelope): unknown {
  if (target.input !== undefined) return JSON.parse(target.input) as unknown;
  if (target.inputPath !== undefined) return jsonPath(event, target.inputPath);
  const t = target.inputTransformer;
  if (t !== undefined) {
    const values = Object.fromEntries(Object.entries(t.InputPathsMap ?? {}).map(([k, p]) => [k, jsonPath(event, p)]));
    const text = t.InputTemplate.replace(/<([A-Za-z0-9_.-]+)>/g, (m, name: string) => {
      if (name === 'aws.events.event.json') return JSON.stringify(event);
      if (!(name in values)) return m;
      const v = values[name];
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return event;
}

/** The JSONPath subset EventBridge input paths use: $, $.a.b, $.a[0]. */
function jsonPath(root: unknown, path: string): unknown {
  if (path === '$') return root;
  const parts = path.replace(/^\$\.?/, '').split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let cur: unknown = root;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
