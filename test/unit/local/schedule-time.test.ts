// The local Scheduler's recurring schedules: the template's daily digest fires at its local hour,
// every day, across summer time, as EventBridge Scheduler's cron() in a time zone does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Activity } from '../../../local/activity.js';
import { LocalClock } from '../../../local/clock.js';
import { QueueRegistry } from '../../../local/queues.js';
import { nextRecurrence } from '../../../local/schedule-time.js';
import { LocalScheduler, type Schedule } from '../../../local/scheduler.js';
import { Stats } from '../../../local/stats.js';

const CPH = 'Europe/Copenhagen';

describe('nextRecurrence', () => {
  it('fires a daily cron at 07:00 local time, in winter and in summer', () => {
    // 1 December, 08:00 Copenhagen (07:00 UTC): the next is tomorrow 07:00 local = 06:00 UTC.
    expect(new Date(nextRecurrence('cron(0 7 * * ? *)', CPH, Date.parse('2026-12-01T07:00:00Z'))!).toISOString()).toBe('2026-12-02T06:00:00.000Z');
    // Before 07:00 local it is today.
    expect(new Date(nextRecurrence('cron(0 7 * * ? *)', CPH, Date.parse('2026-12-01T05:30:00Z'))!).toISOString()).toBe('2026-12-01T06:00:00.000Z');
    // Summer time: 07:00 local is 05:00 UTC; across the change in March the local hour stays.
    expect(new Date(nextRecurrence('cron(0 7 * * ? *)', CPH, Date.parse('2027-03-27T12:00:00Z'))!).toISOString()).toBe('2027-03-28T05:00:00.000Z');
  });

  it('takes lists, ranges, steps and weekdays (1 = Sunday), and rate()', () => {
    // Weekdays Monday-Friday (2-6) at 09:30 UTC; 5 December 2026 is a Saturday.
    expect(new Date(nextRecurrence('cron(30 9 ? * 2-6 *)', 'UTC', Date.parse('2026-12-05T10:00:00Z'))!).toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(new Date(nextRecurrence('cron(0/15 * * * ? *)', 'UTC', Date.parse('2026-12-05T10:01:00Z'))!).toISOString()).toBe('2026-12-05T10:15:00.000Z');
    expect(new Date(nextRecurrence('cron(0 8 1,15 * ? *)', 'UTC', Date.parse('2026-12-02T00:00:00Z'))!).toISOString()).toBe('2026-12-15T08:00:00.000Z');
    expect(nextRecurrence('rate(5 minutes)', 'UTC', 1_000_000, 0)).toBe(1_200_000);
    expect(nextRecurrence('at(2026-12-01T10:00:00)', 'UTC', 0)).toBeUndefined();
  });

  it('refuses what it cannot run with a message naming the field, never skipping silently', () => {
    expect(() => nextRecurrence('cron(0 7 ? * MON-FRI *)', 'UTC', 0)).toThrow(/day-of-week "MON-FRI"/);
    expect(() => nextRecurrence('cron(0 7 * *)', 'UTC', 0)).toThrow(/expected 6 fields/);
    expect(() => nextRecurrence('cron(0 25 * * ? *)', 'UTC', 0)).toThrow(/hours "25": out of range/);
  });
});

describe('LocalScheduler with a recurring schedule', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('fires a daily schedule once per day as the clock passes 07:00, not once per re-arm', async () => {
    dir = mkdtempSync(join(tmpdir(), 'samskab-sched-'));
    const clock = new LocalClock();
    clock.set({ now: '2026-12-01T05:59:00Z' }); // 06:59 in Copenhagen
    const fired: number[] = [];
    const scheduler = new LocalScheduler(dir, {
      region: 'eu-north-1', accountId: '000000000000', queues: new QueueRegistry(), stats: new Stats(), activity: new Activity(),
      timeScale: 1, clock, log: () => {},
      invoke: async () => {
        fired.push(clock.now());
      },
    });
    scheduler.start();
    const digest: Schedule = {
      Name: 'digest', GroupName: 'default', Arn: scheduler.arnOf('default', 'digest'),
      ScheduleExpression: 'cron(0 7 * * ? *)', ScheduleExpressionTimezone: CPH, State: 'ENABLED',
      Target: { Arn: 'arn:aws:lambda:eu-north-1:000000000000:function:digest' },
      CreationDate: Date.now(), LastModificationDate: Date.now(),
    };
    scheduler.put(digest);
    const settle = () => new Promise((r) => setTimeout(r, 50));
    await settle();
    expect(fired).toEqual([]);
    clock.set({ advanceMs: 2 * 60_000 }); // 07:01: due
    await settle();
    clock.set({ advanceMs: 60_000 }); // a second move the same morning fires nothing more
    await settle();
    expect(fired).toHaveLength(1);
    clock.set({ advanceMs: 24 * 3_600_000 }); // the next morning
    await settle();
    expect(fired).toHaveLength(2);
    expect(scheduler.get('default', 'digest')?.nextDueAt).toBe(Date.parse('2026-12-03T06:00:00Z'));
    scheduler.stop();
  });
});
