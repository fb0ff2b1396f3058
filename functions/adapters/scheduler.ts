// EventBridge Scheduler: one-time schedules that put reminder-due on the network's bus. Names are
// derived from (meeting, version, offset), so a reschedule or cancel can delete them without a lookup.
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { Env, requireEnv } from '../contract/environment.js';
import { DetailType, EVENT_SOURCE, eventDetail } from '../contract/events.js';
import type { ReminderSchedule } from '../domain/meeting/model.js';
import type { ReminderScheduler } from '../domain/meeting/store.js';

const client = new SchedulerClient({});

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC (the expression has no offset; its time zone is given apart). */
export const atExpression = (at: Date) => `at(${at.toISOString().slice(0, 19)})`;

const is = (err: unknown, ctor: { name: string }, name: string) =>
  err instanceof (ctor as never) || (err as { name?: string })?.name === name;

/** Creates the schedule; an existing one of that name (a duplicate event) is fine. */
export async function createReminder(s: ReminderSchedule): Promise<'created' | 'exists'> {
  try {
    await client.send(
      new CreateScheduleCommand({
        Name: s.name,
        GroupName: requireEnv(Env.ScheduleGroupName),
        ScheduleExpression: atExpression(s.at),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Description: `reminder-due ${s.detail.meetingId} v${s.detail.version} ${s.detail.offsetHours}h`,
        Target: {
          Arn: requireEnv(Env.EventBusArn),
          RoleArn: requireEnv(Env.SchedulerRoleArn),
          // Validated by the contract now, so a bad reminder fails here and not when it fires.
          Input: JSON.stringify(eventDetail(DetailType.ReminderDue, s.detail)),
          EventBridgeParameters: { DetailType: DetailType.ReminderDue, Source: EVENT_SOURCE },
          RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 },
          ...(process.env[Env.ReminderDeadLetterQueueArn]
            ? { DeadLetterConfig: { Arn: process.env[Env.ReminderDeadLetterQueueArn] } }
            : {}),
        },
      }),
    );
    return 'created';
  } catch (err) {
    if (is(err, ConflictException, 'ConflictException')) return 'exists';
    throw err;
  }
}

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
