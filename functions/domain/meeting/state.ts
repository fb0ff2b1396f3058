// The state model of a meeting and of one person's invitation to it. Every transition answers
// ok with the next state, or a conflict with an English message the API returns with a 409.
// The functions are generic over the stored record, so extra fields pass through unchanged.
import type { RsvpAnswer } from '../../contract/events.js';
import type { Transition } from '../transition.js';
import type { DeliveryStatus, MeetingStatus } from './model.js';

export interface MeetingState {
  status: MeetingStatus;
  /** 1 when scheduled, raised by every reschedule; the calendar SEQUENCE follows it. */
  version: number;
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
}

export type AnswerStatus = 'none' | RsvpAnswer;

export interface InvitationState {
  delivery: DeliveryStatus;
  answer: AnswerStatus;
  /** ISO 8601 instant of the answer kept; absent while the answer is 'none'. */
  answeredAt?: string;
}

const conflict = (message: string) => ({ ok: false, conflict: message }) as const;
const ms = (iso: string) => Date.parse(iso);

/** Why a meeting that is not scheduled cannot change any more. */
function closed(m: MeetingState, action: string): string | undefined {
  if (m.status === 'cancelled') return `The meeting was cancelled, so it cannot be ${action}.`;
  if (m.status === 'held') return `The meeting has been held and followed up, so it cannot be ${action}.`;
  return undefined;
}

/**
 * A new version of a scheduled meeting, with new times if they changed. Decided at `now` (a
 * facilitator's request), a meeting that has started can no longer be rescheduled.
 */
export function reschedule<M extends MeetingState>(
  m: M,
  times: Partial<Pick<MeetingState, 'startsAt' | 'endsAt'>> = {},
  now?: Date,
): Transition<M> {
  const why = closed(m, 'rescheduled');
  if (why) return conflict(why);
  if (now && now.getTime() >= ms(m.startsAt)) return conflict('The meeting has already started, so it cannot be rescheduled.');
  return { ok: true, next: { ...m, ...times, version: m.version + 1 } };
}

/** Cancelling keeps the version: the cancellation refers to the version people last saw. */
export function cancel<M extends MeetingState>(m: M): Transition<M> {
  if (m.status === 'cancelled') return conflict('The meeting is already cancelled.');
  const why = closed(m, 'cancelled');
  if (why) return conflict(why);
  return { ok: true, next: { ...m, status: 'cancelled' } };
}

/** A meeting has ended from its end time on: from then it can be followed up and no longer answered. */
export const hasEnded = (m: Pick<MeetingState, 'endsAt'>, now: Date): boolean => now.getTime() >= ms(m.endsAt);

/** The follow-up records the meeting as held, which is only true once it has ended. */
export function recordHeld<M extends MeetingState>(m: M, now: Date): Transition<M> {
  if (m.status === 'held') return conflict('The meeting has already been followed up.');
  if (m.status === 'cancelled') return conflict('The meeting was cancelled, so it cannot be followed up.');
  if (!hasEnded(m, now)) {
    return conflict(`The meeting has not ended yet (it ends ${m.endsAt}); follow it up afterwards.`);
  }
  return { ok: true, next: { ...m, status: 'held' } };
}

export type ReminderCheck = { send: true } | { send: false; reason: string };

/**
 * Checked when a reminder fires, not only by deleting schedules: a schedule that was not
 * deleted (or a duplicate delivery of one) for a cancelled or outdated version sends nothing.
 */
export function checkReminder(m: MeetingState, version: number, now: Date): ReminderCheck {
  if (m.status !== 'scheduled') return { send: false, reason: `meeting is ${m.status}` };
  if (m.version !== version) return { send: false, reason: `reminder is for version ${version}, meeting is at ${m.version}` };
  if (now.getTime() >= ms(m.startsAt)) return { send: false, reason: 'meeting has already started' };
  return { send: true };
}

/**
 * Which delivery states may follow which. Anything else is a conflict, and so is every move from
 * a state not listed here (the mailer's in-flight states and SES's milder reports: this model
 * follows the settled outcomes only).
 */
const deliveryMoves: Partial<Record<DeliveryStatus, readonly DeliveryStatus[]>> = {
  // SES events can overtake the mailer's own 'sent' record (or a crash can lose it).
  pending: ['sent', 'delivered', 'bounced', 'rejected'],
  sent: ['delivered', 'bounced', 'rejected'],
  // A receiving server can accept a message and bounce it later (asynchronous bounce).
  delivered: ['bounced'],
  bounced: [],
  rejected: [],
};

/** Records what happened to the mail. The same status again is a duplicate event: ok, unchanged. */
export function recordDelivery<I extends InvitationState>(inv: I, to: DeliveryStatus): Transition<I> {
  if (inv.delivery === to) return { ok: true, next: inv };
  // `?? []`: the five states listed keep their moves as before the one DeliveryStatus; a state this
  // model never listed (sending, retrying, delayed, ...) moves nowhere. Only the tests call this.
  if (!(deliveryMoves[inv.delivery] ?? []).includes(to)) {
    return conflict(`The invitation is already ${inv.delivery}; it cannot become ${to}.`);
  }
  return { ok: true, next: { ...inv, delivery: to } };
}

/**
 * Records an answer given at `at` (the time the person answered, which a consumer takes from the
 * event, so a late or doubled delivery is judged by when the answer was given). The latest answer
 * wins; an older one arriving late leaves the invitation unchanged.
 */
export function recordAnswer<I extends InvitationState>(
  inv: I,
  meeting: MeetingState,
  answer: RsvpAnswer,
  at: Date,
): Transition<I> {
  if (meeting.status === 'cancelled') return conflict('The meeting was cancelled, so it can no longer be answered.');
  if (meeting.status === 'held') return conflict('The meeting has taken place, so it can no longer be answered.');
  if (hasEnded(meeting, at)) return conflict('The meeting has ended, so it can no longer be answered.');
  if (inv.answeredAt !== undefined && ms(inv.answeredAt) > at.getTime()) return { ok: true, next: inv };
  return { ok: true, next: { ...inv, answer, answeredAt: at.toISOString() } };
}
