// The meetings function: EventBridge events from the network bus (rule built from
// subscriptions.meetings). Thin: parse with the contract, hand over to the workflow.
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { DetailType, InvalidEventError, parseEvent } from '../contract/events.js';
import { enqueue } from '../adapters/queue.js';
import { listPeople, markFanOutDone, putInvitations, saveMeeting } from '../adapters/store.js';
import { scheduleMeeting, type ScheduleMeetingPorts } from './schedule.js';

const ports: ScheduleMeetingPorts = { saveMeeting: (m) => saveMeeting(m), listPeople, putInvitations, enqueue, markFanOutDone };

export async function handleMeetingEvent(event: EventBridgeEvent<string, unknown>, deps: ScheduleMeetingPorts = ports) {
  let parsed;
  try {
    parsed = parseEvent(event);
  } catch (err) {
    // Rejected (thrown) so the rule's retries end in its DLQ, where the event can be inspected.
    if (err instanceof InvalidEventError) console.error(JSON.stringify({ msg: 'invalid event', id: event.id, detailType: err.detailType, issues: err.issues }));
    throw err;
  }
  switch (parsed.detailType) {
    case DetailType.MeetingScheduled: {
      const outcome = await scheduleMeeting(parsed.detail, deps);
      console.log(JSON.stringify({ msg: 'meeting-scheduled handled', meetingId: parsed.detail.meetingId, ...outcome }));
      return outcome;
    }
    default:
      // Subscribed, handled by a later issue.
      console.log(JSON.stringify({ msg: 'event type not handled yet', detailType: parsed.detailType, id: event.id }));
      return { status: 'ignored' as const };
  }
}

export const handler = middy<EventBridgeEvent<string, unknown>>().handler((event) => handleMeetingEvent(event));
