// The meetings function: EventBridge events from the network bus (rule built from
// subscriptions.meetings). Thin: parse with the contract, hand over to the workflow.
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType } from '../contract/event-names.js';
import { meetingsEventChecks } from '../contract/schemas.generated.js';
import { listInvitations, putInvitations } from '../adapters/invitation-store.js';
import { log, logContext, logger } from '../adapters/logger.js';
import { parseEventLogged } from '../adapters/event-parsing.js';
import { applyReschedule, closeMeeting, getMeeting, markCloseFanOutDone, markFanOutDone, recordFanOutProgress, recordReminderSent, saveMeeting } from '../adapters/meeting-store.js';
import { listPeople } from '../adapters/people-store.js';
import { enqueue } from '../adapters/queue.js';
import { fanOutCheckScheduler, reminderScheduler } from '../adapters/scheduler.js';
import { networkSettings } from '../adapters/settings.js';
import type { LifecyclePorts } from './lifecycle.js';
import type { ScheduleMeetingPorts } from './schedule.js';

export type MeetingPorts = ScheduleMeetingPorts & LifecyclePorts;

const reminderPorts = {
  ...reminderScheduler,
  reminderOffsetsHours: () => networkSettings().reminderOffsetsHours,
  now: () => new Date(),
};

// Cold start: each event kind's workflow is loaded by the first event of that kind (a meetings
// function that only ever sends reminders never compiles the reschedule fan-out), and the stores
// are wired by the operations this function uses, not the api's as well.
const lifecycle = () => import('./lifecycle.js');

export const meetingPorts: MeetingPorts = {
  ...reminderPorts,
  ...fanOutCheckScheduler,
  saveMeeting,
  getMeeting,
  markFanOutDone,
  recordFanOutProgress,
  applyReschedule,
  closeMeeting,
  markCloseFanOutDone,
  recordReminderSent,
  putInvitations,
  listInvitations,
  listPeople,
  enqueue,
  scheduleReminders: async (m) => (await lifecycle()).scheduleReminders(m, reminderPorts),
  // Only a follow-up (meeting-held) asks for them.
  runningExperiments: async () => (await import('../adapters/experiments-store.js')).listExperiments({ status: 'running' }),
};

/** Its zod schemas, loaded only to explain an event the compiled ones refuse. */
const meetingsSchemas = async () => (await import('../contract/events.js')).meetingsEventSchemas;

/** Handles one event; `overrides` replace single ports (tests). */
export async function handleMeetingEvent(event: EventBridgeEvent<string, unknown>, overrides: Partial<MeetingPorts> = {}) {
  const deps: MeetingPorts = { ...meetingPorts, ...overrides };
  const parsed = await parseEventLogged(event, meetingsEventChecks, meetingsSchemas);
  if ('meetingId' in parsed.detail) logger.setCorrelationId(parsed.detail.meetingId);
  const outcome = await (async () => {
    switch (parsed.detailType) {
      case DetailType.MeetingScheduled:
        return (await import('./schedule.js')).scheduleMeeting(parsed.detail, deps);
      case DetailType.MeetingRescheduled:
        return (await lifecycle()).rescheduleMeeting(parsed.detail, deps);
      case DetailType.MeetingCancelled:
        return (await lifecycle()).cancelMeeting(parsed.detail, deps);
      case DetailType.MeetingHeld:
        return (await lifecycle()).followUpMeeting(parsed.detail, deps);
      case DetailType.ReminderDue:
        return (await lifecycle()).sendReminders(parsed.detail, deps);
      case DetailType.FanOutCheck:
        return (await import('./fan-out-check.js')).checkFanOut(parsed.detail, deps);
    }
  })();
  const detail = parsed.detail as { meetingId?: string; version?: number };
  log({ msg: `${parsed.detailType} handled`, meetingId: detail.meetingId, version: detail.version, ...outcome });
  return outcome;
}

export const handler = middy<EventBridgeEvent<string, unknown>>()
  .use(logContext())
  .handler((event) => handleMeetingEvent(event));
