// The meetings function: EventBridge events from the network bus (rule built from
// subscriptions.meetings). Thin: parse with the contract, hand over to the workflow.
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType } from '../contract/events.js';
import { listExperiments } from '../adapters/experiments-store.js';
import { invitationStore } from '../adapters/invitation-store.js';
import { log, logContext, logger, parseEventLogged } from '../adapters/logger.js';
import { meetingStore } from '../adapters/meeting-store.js';
import { listPeople } from '../adapters/people-store.js';
import { enqueue } from '../adapters/queue.js';
import { fanOutCheckScheduler, reminderScheduler } from '../adapters/scheduler.js';
import { networkSettings } from '../adapters/settings.js';
import { cancelMeeting, followUpMeeting, rescheduleMeeting, scheduleReminders, sendReminders, type LifecyclePorts } from './lifecycle.js';
import { checkFanOut } from './fan-out-check.js';
import { scheduleMeeting, type ScheduleMeetingPorts } from './schedule.js';

export type MeetingPorts = ScheduleMeetingPorts & LifecyclePorts;

const reminderPorts = {
  ...reminderScheduler,
  reminderOffsetsHours: () => networkSettings().reminderOffsetsHours,
  now: () => new Date(),
};

export const meetingPorts: MeetingPorts = {
  ...reminderPorts,
  ...fanOutCheckScheduler,
  ...meetingStore,
  ...invitationStore,
  listPeople,
  enqueue,
  scheduleReminders: (m) => scheduleReminders(m, reminderPorts),
  runningExperiments: () => listExperiments({ status: 'running' }),
};

/** Handles one event; `overrides` replace single ports (tests). */
export async function handleMeetingEvent(event: EventBridgeEvent<string, unknown>, overrides: Partial<MeetingPorts> = {}) {
  const deps: MeetingPorts = { ...meetingPorts, ...overrides };
  const parsed = parseEventLogged(event);
  if ('meetingId' in parsed.detail) logger.setCorrelationId(parsed.detail.meetingId);
  const outcome = await (() => {
    switch (parsed.detailType) {
      case DetailType.MeetingScheduled:
        return scheduleMeeting(parsed.detail, deps);
      case DetailType.MeetingRescheduled:
        return rescheduleMeeting(parsed.detail, deps);
      case DetailType.MeetingCancelled:
        return cancelMeeting(parsed.detail, deps);
      case DetailType.MeetingHeld:
        return followUpMeeting(parsed.detail, deps);
      case DetailType.ReminderDue:
        return sendReminders(parsed.detail, deps);
      case DetailType.FanOutCheck:
        return checkFanOut(parsed.detail, deps);
      default:
        // Not subscribed (the rule does not send it): logged, not retried.
        return Promise.resolve({ status: 'ignored' as const });
    }
  })();
  const detail = parsed.detail as { meetingId?: string; version?: number };
  log({ msg: `${parsed.detailType} handled`, meetingId: detail.meetingId, version: detail.version, ...outcome });
  return outcome;
}

export const handler = middy<EventBridgeEvent<string, unknown>>()
  .use(logContext())
  .handler((event) => handleMeetingEvent(event));
