// A meeting's fan-outs (the invitations or updates of a version, the cancellations, the follow-ups)
// and the changes the api accepted: when a new change may be accepted, how far a fan-out got (the
// api's 409 says it), and what the delayed fan-out check does when it fires. Pure: names, times
// and decisions; the store and the scheduler carry them out.
import type { DetailInput } from '../../contract/events.js';
import type { FanOutProgress, MeetingRecord, PendingChange } from './model.js';
import { meetingScheduleName } from './reminders.js';

/** How long after a fan-out (or an accepted change) starts its check fires. */
export const FAN_OUT_CHECK_DELAY_MS = 5 * 60_000;
/**
 * A fan-out that has written no progress for this long has stopped (the meetings function runs at
 * most 120 s per invocation), so the check finishes it instead of waiting for it.
 */
export const FAN_OUT_STALL_MS = 3 * 60_000;
/**
 * How long an accepted change may take to reach the meetings function before the check applies it
 * itself (the api crashed between storing and publishing it, or the event failed every retry).
 */
export const PENDING_CHANGE_LEASE_MS = 2 * 60_000;
/** Checks of one fan-out (about an hour) after which the check throws FanOutStuckError: the event goes to the on-failure queue. */
export const MAX_FAN_OUT_CHECKS = 12;
/** Progress is written once this many more mails are enqueued (not at the end: fanOutVersion says done): about 1/200 write per invitee. */
export const PROGRESS_EVERY = 200;

export interface FanOutCheck {
  name: string;
  at: Date;
  detail: DetailInput<'fan-out-check'>;
}

/** The check's schedule name: f-<meeting>-v<version>-<attempt>, so a duplicate arming finds it exists. */
export const fanOutCheckName = (meetingId: string, version: number, attempt: number): string =>
  meetingScheduleName('f-', meetingId, `-v${version}-${attempt}`);

export function plannedFanOutCheck(meetingId: string, version: number, attempt: number, now: Date): FanOutCheck {
  return {
    name: fanOutCheckName(meetingId, version, attempt),
    at: new Date(now.getTime() + FAN_OUT_CHECK_DELAY_MS),
    detail: { meetingId, version, attempt },
  };
}

/** The change the api stored with its reservation, as the event it publishes. */
export function pendingChangeOf<T extends PendingChange['detailType']>(detailType: T, detail: DetailInput<T>): PendingChange {
  return { detailType, detail } as PendingChange;
}

type FanOutState = Pick<MeetingRecord, 'status' | 'version' | 'fanOutVersion' | 'fanOut' | 'pendingVersion' | 'pendingStatus' | 'pendingChange' | 'closeFanOutDone'>;

/** A change the api accepted that the meetings function has not applied yet. */
export function hasPendingChange(m: FanOutState): boolean {
  if (m.status !== 'scheduled') return false;
  return m.pendingStatus !== undefined || (m.pendingVersion ?? 0) > m.version;
}

/** Whether every invitation and mail job of the meeting's current state is out. */
export function fanOutComplete(m: FanOutState): boolean {
  if (m.status === 'scheduled') return (m.fanOutVersion ?? 0) >= m.version;
  return m.closeFanOutDone === true;
}

const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

/** "(812 of 2,003)" when the progress belongs to the current fan-out. */
function progressText(p: FanOutProgress | undefined, version: number, kind: FanOutProgress['kind']): string {
  return p && p.version === version && p.kind === kind ? ` (${count(p.enqueued)} of ${count(p.total)})` : '';
}

/**
 * Why no new change may be accepted yet (the api's 409), or undefined. A change waits for the
 * previous one: until it is applied and its fan-out is out, the next one would see only part of the
 * invitations (a cancel would miss people, a reschedule would re-invite them).
 */
export function changeBlockedBy(m: FanOutState): string | undefined {
  if (hasPendingChange(m)) return 'A change to this meeting is still being applied; try again in a moment.';
  if (m.status === 'scheduled' && !fanOutComplete(m)) {
    const kind = m.version === 1 ? 'invitation' : 'update';
    const what = kind === 'invitation' ? 'Invitations' : 'Updates';
    return `${what} are still going out${progressText(m.fanOut, m.version, kind)}; try again when they have all been sent.`;
  }
  return undefined;
}

export type FanOutCheckAction =
  /** Everything is out: nothing to do, no new check. */
  | { do: 'nothing' }
  /** Still running (recent progress) or a change still on its way: check again later. */
  | { do: 'wait'; reason: string }
  /** The accepted change never arrived: apply it from what the api stored. */
  | { do: 'apply-pending'; change: PendingChange }
  /** The current fan-out stopped half-way: do it again (idempotent). */
  | { do: 'resume'; reason: string };

/** What the fan-out check does with the meeting as it finds it at `now`. */
export function fanOutCheckAction(m: FanOutState & { pendingAt?: number }, now: Date): FanOutCheckAction {
  if (hasPendingChange(m)) {
    const age = now.getTime() - (m.pendingAt ?? 0);
    if (m.pendingChange && age >= PENDING_CHANGE_LEASE_MS) return { do: 'apply-pending', change: m.pendingChange };
    // Before applying a change, its predecessor's fan-out must be out (the api only accepted it then).
  }
  if (!fanOutComplete(m)) {
    const since = now.getTime() - (m.fanOut?.at ?? 0);
    if (since < FAN_OUT_STALL_MS) return { do: 'wait', reason: 'the fan-out is still making progress' };
    return { do: 'resume', reason: `no progress for ${Math.round(since / 1000)} s` };
  }
  if (hasPendingChange(m)) return { do: 'wait', reason: 'a change is on its way' };
  return { do: 'nothing' };
}
