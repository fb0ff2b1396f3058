// Lambda's asynchronous invocation, as EventBridge rules and Scheduler use it: Lambda accepts the
// event into its own queue (that is the whole delivery), then runs the function; a function error
// is retried as the function's EventInvokeConfig says (AWS's defaults: 2 retries, about 1 and then
// 2 minutes apart, events up to 6 hours old), and then goes to its on-failure destination as an
// invocation record, or is dropped. Pending invocations are journaled, so a restart resumes them.
import { randomUUID } from 'node:crypto';
import type { Activity } from './activity.js';
import type { FunctionRegistry } from './functions.js';
import type { Journal, JournalSection } from './journal.js';
import type { QueueRegistry } from './queues.js';
import type { Stats } from './stats.js';

export interface EventInvokeConfig {
  maximumRetryAttempts: number;
  maximumEventAgeSeconds: number;
  /** DestinationConfig.OnFailure.Destination (an SQS queue locally). */
  onFailureArn?: string;
}

/** What Lambda does for a function without an EventInvokeConfig. */
export const ASYNC_DEFAULTS: EventInvokeConfig = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 6 * 3600 };

/** Lambda waits about 1 minute before the first retry and 2 before the second. */
export const asyncRetryDelayMs = (retry: number) => 60_000 * 2 ** retry;

interface PendingInvocation {
  requestId: string;
  functionArn: string;
  payload: unknown;
  /** Attempts made so far. */
  attempts: number;
  acceptedAt: number;
  /** When the next attempt is due (real time, already scaled). */
  dueAt: number;
}

export interface AsyncInvokerDeps {
  functions: FunctionRegistry;
  /** By function ARN (unqualified). */
  configs: Map<string, EventInvokeConfig>;
  queues: QueueRegistry;
  stats: Stats;
  activity: Activity;
  /** Scales the retry waits and the maximum event age (1 = as on AWS). */
  timeScale: number;
  journal?: Journal;
  log: (line: string) => void;
}

export class AsyncInvoker {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly store: JournalSection<PendingInvocation> | undefined;
  private stopped = false;

  constructor(private readonly deps: AsyncInvokerDeps) {
    this.store = deps.journal?.section<PendingInvocation>('lambda-async');
  }

  /** Resumes the invocations a previous run left pending (in flight ones run again, as Lambda retries them). */
  start(): void {
    for (const p of this.store?.restored.values() ?? []) {
      this.deps.stats.lambdaAsync.resumed++;
      this.schedule(p, Math.max(0, p.dueAt - Date.now()));
    }
  }

  /**
   * InvokeAsync: throws (delivery failed: the caller's retry policy applies) only when the function
   * does not exist or the caller may not invoke it (`authorize`, checked after existence as Lambda
   * does); resolves once the event is queued.
   */
  async invoke(functionRef: string, payload: unknown, authorize?: () => Promise<void>): Promise<void> {
    const fn = this.deps.functions.find(functionRef);
    if (fn === undefined) throw new Error(`ResourceNotFoundException: Function not found: ${functionRef}`);
    await authorize?.();
    const now = Date.now();
    const p: PendingInvocation = { requestId: randomUUID(), functionArn: fn.spec.arn, payload, attempts: 0, acceptedAt: now, dueAt: now };
    this.deps.stats.lambdaAsync.accepted++;
    this.store?.put(p.requestId, p);
    this.schedule(p, 0);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(p: PendingInvocation, delayMs: number): void {
    // Waiting for a retry is work in progress: waitForIdle waits for it, as before for rule retries.
    const end = this.deps.activity.begin();
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(p).finally(end);
    }, delayMs);
    this.timers.add(t);
  }

  private async attempt(p: PendingInvocation): Promise<void> {
    if (this.stopped) return;
    const fn = this.deps.functions.find(p.functionArn);
    const config = this.deps.configs.get(p.functionArn) ?? ASYNC_DEFAULTS;
    p.attempts++;
    try {
      if (fn === undefined) throw Object.assign(new Error(`function ${p.functionArn} is gone`), { name: 'ResourceNotFoundException' });
      await fn.invoke(p.payload);
      this.store?.del(p.requestId);
      return;
    } catch (err) {
      if (this.stopped) return;
      const error = err as Error;
      const scale = this.deps.timeScale;
      const retry = p.attempts - 1;
      const dueAt = Date.now() + asyncRetryDelayMs(retry) * scale;
      const tooOld = dueAt - p.acceptedAt > config.maximumEventAgeSeconds * 1000 * scale;
      if (retry >= config.maximumRetryAttempts || tooOld) {
        this.failed(p, config, error, tooOld && retry < config.maximumRetryAttempts ? 'EventAgeExceeded' : 'RetriesExhausted');
        return;
      }
      this.deps.stats.lambdaAsync.retries++;
      p.dueAt = dueAt;
      this.store?.put(p.requestId, p);
      this.schedule(p, dueAt - Date.now());
    }
  }

  private failed(p: PendingInvocation, config: EventInvokeConfig, error: Error, condition: 'RetriesExhausted' | 'EventAgeExceeded'): void {
    this.store?.del(p.requestId);
    const reason = `${error.name}: ${error.message}`;
    const destination = config.onFailureArn === undefined ? undefined : this.deps.queues.byArn(config.onFailureArn);
    if (destination === undefined) {
      this.deps.stats.lambdaAsync.dropped++;
      this.deps.log(`DROPPED: asynchronous invocation ${p.requestId} of ${p.functionArn} failed ${p.attempts} time(s) (${condition}) and the function has no on-failure destination; the event is lost: ${reason}`);
      return;
    }
    destination.send(JSON.stringify(invocationRecord(p, error, condition)));
    this.deps.stats.lambdaAsync.toOnFailure++;
    this.deps.log(`asynchronous invocation ${p.requestId} of ${p.functionArn} failed ${p.attempts} time(s) (${condition}); sent to ${destination.config.name}: ${reason}`);
  }
}

/** The record Lambda sends to an on-failure destination. */
export function invocationRecord(p: Pick<PendingInvocation, 'requestId' | 'functionArn' | 'payload' | 'attempts'>, error: Error, condition: string): unknown {
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: p.requestId,
      functionArn: `${p.functionArn}:$LATEST`,
      condition,
      approximateInvokeCount: p.attempts,
    },
    requestPayload: p.payload,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: error.name, errorMessage: error.message },
  };
}
