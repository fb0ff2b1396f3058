// EventBridge Scheduler, one-time schedules: `at(...)` expressions in a time zone fire their
// target (a function, a queue, or an event bus through EventBridgeParameters) with the target's
// retry policy and DLQ. Schedules are kept in the data folder so reminders survive a restart.
// Recurring schedules (rate()/cron(), e.g. the template's daily digest) fire at each due time on the
// local clock; a time missed while the cloud was down is not made up, as Scheduler does not either.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Activity } from './activity.js';
import type { LocalClock } from './clock.js';
import type { QueueRegistry } from './queues.js';
import type { Stats } from './stats.js';
import { nextRecurrence, zonedToEpoch } from './schedule-time.js';

export interface ScheduleTarget {
  Arn: string;
  RoleArn?: string;
  Input?: string;
  DeadLetterConfig?: { Arn?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  EventBridgeParameters?: { DetailType: string; Source: string };
}

export interface Schedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  State?: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion?: 'NONE' | 'DELETE';
  Target: ScheduleTarget;
  FlexibleTimeWindow?: { Mode: string; MaximumWindowInMinutes?: number };
  Description?: string;
  CreationDate: number;
  LastModificationDate: number;
  /** Local bookkeeping: when a one-time schedule fired. */
  firedAt?: number;
  /** Local bookkeeping: a recurring schedule's next due time (epoch ms on the local clock). */
  nextDueAt?: number;
}

export type ScheduleInvoker = (target: ScheduleTarget, schedule: Schedule) => Promise<void>;

const MAX_TIMER_MS = 2 ** 31 - 1;

export class LocalScheduler {
  private readonly schedules = new Map<string, Schedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly file: string;
  private stopped = false;

  constructor(dataDir: string, private readonly deps: {
    region: string; accountId: string; invoke: ScheduleInvoker; queues: QueueRegistry; stats: Stats; activity: Activity;
    timeScale: number; log: (line: string) => void;
    /** Throws when the schedule's role may not write to its DLQ (Scheduler uses the same role for both). */
    authorizeDeadLetter?: (schedule: Schedule, deadLetterArn: string) => Promise<void>;
    /** The shifted clock schedules fire on (default: real time). */
    clock?: LocalClock;
  }) {
    this.file = join(dataDir, 'schedules.json');
    if (existsSync(this.file)) {
      for (const s of JSON.parse(readFileSync(this.file, 'utf8')) as Schedule[]) this.schedules.set(key(s.GroupName, s.Name), s);
    }
  }

  start(): void {
    for (const s of this.schedules.values()) this.arm(s);
    // Moving the clock fires what is due on the new time and re-arms the rest.
    this.deps.clock?.onChange(() => {
      if (this.stopped) return;
      for (const s of this.schedules.values()) this.arm(s);
    });
  }

  private now(): number {
    return this.deps.clock?.now() ?? Date.now();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  arnOf(group: string, name: string): string {
    return `arn:aws:scheduler:${this.deps.region}:${this.deps.accountId}:schedule/${group}/${name}`;
  }

  get(group: string, name: string): Schedule | undefined {
    return this.schedules.get(key(group, name));
  }

  list(group?: string): Schedule[] {
    return [...this.schedules.values()].filter((s) => group === undefined || s.GroupName === group);
  }

  put(s: Schedule): void {
    this.schedules.set(key(s.GroupName, s.Name), s);
    this.save();
    this.arm(s);
  }

  delete(group: string, name: string): boolean {
    const k = key(group, name);
    const t = this.timers.get(k);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(k);
    const existed = this.schedules.delete(k);
    if (existed) this.save();
    return existed;
  }

  /** Fires every pending one-time schedule due before `before` (default: all), for tests. */
  async runDue(before = Infinity): Promise<number> {
    const due = this.list().filter((s) => s.firedAt === undefined && s.State !== 'DISABLED' && (dueAt(s) ?? Infinity) <= before);
    await Promise.all(due.map((s) => this.fire(s)));
    return due.length;
  }

  private arm(s: Schedule): void {
    const k = key(s.GroupName, s.Name);
    const old = this.timers.get(k);
    if (old !== undefined) clearTimeout(old);
    this.timers.delete(k);
    if (this.stopped || s.firedAt !== undefined || s.State === 'DISABLED') return;
    if (isRecurring(s)) s.nextDueAt ??= dueAt(s, this.now());
    const at = isRecurring(s) ? s.nextDueAt : dueAt(s);
    if (at === undefined) return;
    const wait = Math.max(0, at - this.now());
    const t = setTimeout(() => {
      this.timers.delete(k);
      if (wait > MAX_TIMER_MS) this.arm(s);
      else void this.fire(s);
    }, Math.min(wait, MAX_TIMER_MS));
    t.unref();
    this.timers.set(k, t);
  }

  private async fire(s: Schedule): Promise<void> {
    // A timer and runDue (after the clock moved) can both reach a schedule: it fires once.
    if (s.firedAt !== undefined) return;
    const recurring = isRecurring(s);
    if (recurring) {
      // The next time is set before the target runs, so a slow target never makes it fire twice.
      s.nextDueAt = dueAt(s, Math.max(s.nextDueAt ?? 0, this.now()));
      this.save();
      this.arm(s);
    }
    const end = this.deps.activity.begin();
    const firedAt = Date.now();
    try {
      if (!recurring) s.firedAt = firedAt;
      this.deps.stats.count('Scheduler', 'fired');
      const retries = s.Target.RetryPolicy?.MaximumRetryAttempts ?? 185;
      const maxAgeMs = (s.Target.RetryPolicy?.MaximumEventAgeInSeconds ?? 86400) * 1000;
      for (let attempt = 0; ; attempt++) {
        try {
          await this.deps.invoke(s.Target, s);
          break;
        } catch (err) {
          const delay = Math.min(1000 * 2 ** attempt, 300_000) * this.deps.timeScale;
          if (this.stopped) return;
          if (attempt >= retries || Date.now() + delay - firedAt > maxAgeMs) {
            const dlqArn = s.Target.DeadLetterConfig?.Arn;
            const denied = dlqArn === undefined ? undefined : await this.deps.authorizeDeadLetter?.(s, dlqArn).then(() => undefined, (e: Error) => e);
            if (denied !== undefined) {
              this.deps.log(`schedule ${s.GroupName}/${s.Name} failed: ${(err as Error).message}; its DLQ write failed too: ${denied.message}`);
              break;
            }
            const dlq = dlqArn === undefined ? undefined : this.deps.queues.byArn(dlqArn);
            this.deps.log(`schedule ${s.GroupName}/${s.Name} failed: ${(err as Error).message}${dlq ? `; sent to ${dlq.config.name}` : ''}`);
            dlq?.send(s.Target.Input ?? '{}', {
              ERROR_CODE: { DataType: 'String', StringValue: 'INVOCATION_FAILED' },
              ERROR_MESSAGE: { DataType: 'String', StringValue: (err as Error).message.slice(0, 1000) },
              EXECUTION_ID: { DataType: 'String', StringValue: crypto.randomUUID() },
            });
            break;
          }
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      if (recurring) return;
      if (s.ActionAfterCompletion === 'DELETE') this.delete(s.GroupName, s.Name);
      else this.save();
    } finally {
      end();
    }
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify([...this.schedules.values()], null, 2));
  }
}

const key = (group: string, name: string) => `${group}/${name}`;

const isRecurring = (s: Pick<Schedule, 'ScheduleExpression'>) => !s.ScheduleExpression.trim().startsWith('at(');

/** Epoch ms of an `at(yyyy-mm-ddThh:mm:ss)` expression in its time zone; a recurring one's next firing after `after`. */
export function dueAt(s: Pick<Schedule, 'ScheduleExpression' | 'ScheduleExpressionTimezone' | 'CreationDate'>, after?: number): number | undefined {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(s.ScheduleExpression.trim());
  if (m !== null) return zonedToEpoch(m[1]!, s.ScheduleExpressionTimezone ?? 'UTC');
  return after === undefined ? undefined : nextRecurrence(s.ScheduleExpression, s.ScheduleExpressionTimezone ?? 'UTC', after, s.CreationDate);
}
