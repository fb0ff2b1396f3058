// The fan-out check (detail-type fan-out-check, a one-time EventBridge Scheduler schedule armed when
// a fan-out or an accepted change starts): it finishes a fan-out that stopped half-way and applies a
// change whose event never reached this function, and re-arms itself while anything is unfinished.
// Both are done by the workflows that would have done them, which are idempotent.
import { eventDetailOf } from '../contract/event-entry.js';
import { DetailType, meetingsEventSchemas, type DetailInput, type DetailOf } from '../contract/events.js';
import { meetingSnapshotOf } from '../contract/mail-job-subject.js';
import { fanOutCheckAction, MAX_FAN_OUT_CHECKS, plannedFanOutCheck } from '../domain/meeting/fan-out.js';
import type { MeetingRecord, PendingChange } from '../domain/meeting/model.js';
import { cancelMeeting, followUpMeeting, rescheduleMeeting, type LifecycleOutcome, type LifecyclePorts } from './lifecycle.js';
import { scheduleMeeting, type ScheduleMeetingOutcome, type ScheduleMeetingPorts } from './schedule.js';

// With this function's schemas only (cold start: see meetingsEventSchemas).
const eventDetail = <T extends keyof typeof meetingsEventSchemas>(detailType: T, detail: DetailInput<T>) => eventDetailOf(meetingsEventSchemas, detailType, detail);

export type FanOutCheckPorts = LifecyclePorts & ScheduleMeetingPorts;

export type FanOutCheckOutcome =
  | { status: 'complete' }
  | { status: 'waiting'; reason: string; nextCheck: number }
  | { status: 'skipped'; reason: string }
  | { status: 'applied-pending' | 'resumed'; nextCheck: number; result: LifecycleOutcome | ScheduleMeetingOutcome };

/** Thrown after MAX_FAN_OUT_CHECKS: the event ends in the function's on-failure queue (alarmed, redrivable). */
export class FanOutStuckError extends Error {
  constructor(meetingId: string, attempt: number, reason: string) {
    super(`fan-out of meeting ${meetingId} is still unfinished after ${attempt} checks (${reason})`);
    this.name = 'FanOutStuckError';
  }
}

export async function checkFanOut(detail: DetailOf<'fan-out-check'>, ports: FanOutCheckPorts): Promise<FanOutCheckOutcome> {
  const meeting = await ports.getMeeting(detail.meetingId);
  if (!meeting) return { status: 'skipped', reason: 'no such meeting' };
  const action = fanOutCheckAction(meeting, ports.now());
  if (action.do === 'nothing') return { status: 'complete' };
  const reason = action.do === 'apply-pending' ? `${action.change.detailType} was never applied` : action.reason;
  if (detail.attempt >= MAX_FAN_OUT_CHECKS) throw new FanOutStuckError(detail.meetingId, detail.attempt, reason);
  // The next check first: if this one fails half-way too, that one tries again.
  const nextCheck = detail.attempt + 1;
  await ports.armFanOutCheck(plannedFanOutCheck(detail.meetingId, detail.version, nextCheck, ports.now()));
  if (action.do === 'wait') return { status: 'waiting', reason, nextCheck };
  // The workflows arm a first check of their own; this chain already has the next one.
  const quiet: FanOutCheckPorts = { ...ports, armFanOutCheck: async () => undefined };
  if (action.do === 'apply-pending') return { status: 'applied-pending', nextCheck, result: await applyChange(action.change, quiet) };
  return { status: 'resumed', nextCheck, result: await resumeFanOut(meeting, quiet) };
}

/** Applies a stored change as its event would have (the workflows apply by version and status, so twice is once). */
function applyChange(change: PendingChange, ports: FanOutCheckPorts): Promise<LifecycleOutcome> {
  switch (change.detailType) {
    case DetailType.MeetingRescheduled:
      return rescheduleMeeting(eventDetail(change.detailType, change.detail), ports);
    case DetailType.MeetingCancelled:
      return cancelMeeting(eventDetail(change.detailType, change.detail), ports);
    case DetailType.MeetingHeld:
      return followUpMeeting(eventDetail(change.detailType, change.detail), ports);
  }
}

/** Does the meeting's current fan-out again from what the meeting item holds. */
function resumeFanOut(m: MeetingRecord, ports: FanOutCheckPorts): Promise<LifecycleOutcome | ScheduleMeetingOutcome> {
  if (m.status === 'cancelled') {
    return cancelMeeting(eventDetail(DetailType.MeetingCancelled, { meetingId: m.meetingId, version: m.version, reason: m.cancelReason ?? '-' }), ports);
  }
  if (m.status === 'held') {
    const followUp = m.followUp ?? { summary: '-', decisions: [], nextSteps: [] };
    return followUpMeeting(eventDetail(DetailType.MeetingHeld, { meetingId: m.meetingId, ...followUp }), ports);
  }
  const snapshot = meetingSnapshotOf(m);
  if (m.version === 1) return scheduleMeeting(eventDetail(DetailType.MeetingScheduled, { ...snapshot, version: 1 }), ports);
  return rescheduleMeeting(eventDetail(DetailType.MeetingRescheduled, { ...snapshot, changed: m.changed ?? ['time'] }), ports);
}
