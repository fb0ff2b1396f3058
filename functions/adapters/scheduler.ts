// EventBridge Scheduler: one-time schedules that put reminder-due or fan-out-check on the network's
// bus. Reminder names are derived from (meeting, version, offset), so a reschedule or cancel can
// delete them without a lookup; fan-out checks are never deleted (a check that finds nothing to do
// does nothing). A schedule's detail is checked when it is made (contract/scheduled-check.ts, loaded
// on the first schedule: the api schedules for some requests only and does not compile it at init).
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { Env, requireEnv } from '../contract/environment.js';
import { DetailType, EVENT_SOURCE } from '../contract/event-names.js';
import type { DetailInput } from '../contract/events.js';
import type { ScheduledDetailType } from '../contract/scheduled-events.js';
import type { FanOutCheck } from '../domain/meeting/fan-out.js';
import type { ReminderSchedule } from '../domain/meeting/model.js';
import type { FanOutCheckScheduler, ReminderScheduler } from '../domain/meeting/store.js';
import type { ReviewSchedule } from '../domain/experiment/review.js';
import type { ReviewScheduler } from '../domain/experiment/store.js';
import { loadOnce } from '../shared/lazy-ports.js';

const client = new SchedulerClient({});
const scheduledCheck = loadOnce(() => import('../contract/scheduled-check.js'));

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC (the expression has no offset; its time zone is given apart). */
export const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

const is = (err: unknown, ctor: { name: string }, name: string) =>
  err instanceof (ctor as never) || (err as { name?: string })?.name === name;

interface OneTimeSchedule<T extends ScheduledDetailType> {
  name: string;
  at: Date;
  detailType: T;
  detail: DetailInput<T>;
  description: string;
}

/**
 * Creates a one-time schedule that puts the event on the bus; an existing one of that name (a
 * duplicate) is fine, or, with `replace`, is updated to this time and detail.
 */
async function createOneTimeSchedule<T extends ScheduledDetailType>(s: OneTimeSchedule<T>, replace = false): Promise<'created' | 'exists' | 'updated'> {
  // Checked by the contract now, so a bad detail fails here and not when it fires.
  const detail = await (await scheduledCheck()).scheduledDetailOf(s.detailType, s.detail);
  const input = {
    Name: s.name,
    GroupName: requireEnv(Env.ScheduleGroupName),
    ScheduleExpression: atExpression(s.at),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    Description: s.description,
    Target: {
      Arn: requireEnv(Env.EventBusArn),
      RoleArn: requireEnv(Env.SchedulerRoleArn),
      Input: JSON.stringify(detail),
      EventBridgeParameters: { DetailType: s.detailType, Source: EVENT_SOURCE },
      RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 },
      ...(process.env[Env.ReminderDeadLetterQueueArn]
        ? { DeadLetterConfig: { Arn: process.env[Env.ReminderDeadLetterQueueArn] } }
        : {}),
    },
  } as const;
  try {
    await client.send(new CreateScheduleCommand(input));
    return 'created';
  } catch (err) {
    if (!is(err, ConflictException, 'ConflictException')) throw err;
    if (!replace) return 'exists';
  }
  // UpdateSchedule replaces every field, so it takes the whole definition again.
  await client.send(new UpdateScheduleCommand(input));
  return 'updated';
}

/** Creates the reminder's schedule; an existing one of that name (a duplicate event) is fine. */
export const createReminder = (r: ReminderSchedule) =>
  createOneTimeSchedule({
    name: r.name,
    at: r.at,
    detailType: DetailType.ReminderDue,
    detail: r.detail,
    description: `reminder-due ${r.detail.meetingId} v${r.detail.version} ${r.detail.offsetHours}h`,
  });

/** Arms a fan-out check; an existing one of that name (a duplicate arming) is fine. */
export const armFanOutCheck = (c: FanOutCheck) =>
  createOneTimeSchedule({
    name: c.name,
    at: c.at,
    detailType: DetailType.FanOutCheck,
    detail: c.detail,
    description: `fan-out-check ${c.detail.meetingId} v${c.detail.version} #${c.detail.attempt}`,
  });

/** Deletes the schedule; one that is gone already (fired, or deleted by a duplicate) is fine. */
export async function deleteReminder(name: string): Promise<'deleted' | 'absent'> {
  try {
    await client.send(new DeleteScheduleCommand({ Name: name, GroupName: requireEnv(Env.ScheduleGroupName) }));
    return 'deleted';
  } catch (err) {
    if (is(err, ResourceNotFoundException, 'ResourceNotFoundException')) return 'absent';
    throw err;
  }
}

export const reminderScheduler: ReminderScheduler = { createReminder, deleteReminder };
export const fanOutCheckScheduler: FanOutCheckScheduler = { armFanOutCheck };

/** An experiment's review schedule: created, or moved to the new date (one per experiment). */
const putReviewSchedule = (r: ReviewSchedule) =>
  createOneTimeSchedule(
    { name: r.name, at: r.at, detailType: DetailType.ExperimentReviewDue, detail: r.detail, description: `experiment-review-due ${r.detail.experimentId} ${r.detail.reviewOn}` },
    true,
  );

export const reviewScheduler: ReviewScheduler = { putReviewSchedule, deleteReviewSchedule: deleteReminder };
