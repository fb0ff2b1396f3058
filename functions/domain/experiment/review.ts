// An experiment's review date (issue 17): one one-time schedule per experiment fires on the
// morning of `reviewOn` in the network's time zone, and its owner gets one reminder mail. Pure:
// what the schedule should be, whether a firing still sends, and to whom; the experiments
// workflow applies it with the scheduler port and the mail queue.
import { createHash } from 'node:crypto';
import type { DetailInput } from '../../contract/events.js';
import type { Recipient } from '../../contract/mail-job.js';
import { recipientOf, type NetworkPerson } from '../person/audience.js';
import { zonedTimeToInstant } from '../zoned-time.js';
import type { ExperimentStatus } from './rules.js';
import { contactPerson, todayIn } from './rules.js';

/** The local hour the reminder goes out on the review date (the network's time zone). */
export const REVIEW_LOCAL_HOUR = 8;
/** A schedule closer than this to now would fire at once or be refused: it is set this far ahead. */
const MIN_LEAD_MS = 60_000;
/** Scheduler names: [0-9a-zA-Z-_.], at most 64 characters. */
const MAX_NAME = 64;

/** The experiment's one review schedule: rv-<experiment>, derivable from the id alone (no lookup to update or delete it). */
export function reviewScheduleName(experimentId: string): string {
  const plain = `rv-${experimentId}`;
  if (plain.length <= MAX_NAME && /^[0-9A-Za-z._-]+$/.test(experimentId)) return plain;
  return `rv-${createHash('sha256').update(experimentId).digest('hex').slice(0, 32)}`;
}

export interface ReviewSchedule {
  name: string;
  at: Date;
  detail: DetailInput<'experiment-review-due'>;
}

export type ReviewScheduleDecision =
  | { action: 'put'; schedule: ReviewSchedule }
  | { action: 'delete'; name: string; reason: string };

/** Statuses whose review has nothing left to review. */
const CLOSED: readonly ExperimentStatus[] = ['completed', 'abandoned'];

/**
 * What the experiment's schedule should be now: at REVIEW_LOCAL_HOUR on reviewOn (soon, when that
 * is today and the hour has passed); none when the date is cleared or past, or the experiment closed.
 */
export function reviewScheduleDecision(
  experiment: { experimentId: string; status?: ExperimentStatus | undefined; reviewOn?: string | undefined },
  timeZone: string,
  now: Date,
): ReviewScheduleDecision {
  const name = reviewScheduleName(experiment.experimentId);
  const { reviewOn } = experiment;
  if (reviewOn === undefined) return { action: 'delete', name, reason: 'no review date' };
  if (experiment.status !== undefined && CLOSED.includes(experiment.status)) return { action: 'delete', name, reason: `experiment is ${experiment.status}` };
  const today = todayIn(timeZone, now);
  if (reviewOn < today) return { action: 'delete', name, reason: `review date ${reviewOn} has passed` };
  const [year, month, day] = reviewOn.split('-').map(Number) as [number, number, number];
  // 08:00 exists on every date in every zone we use; a gap would fall back to midnight UTC of the date.
  const morning = zonedTimeToInstant({ year, month, day, hour: REVIEW_LOCAL_HOUR, minute: 0, second: 0 }, timeZone) ?? Date.parse(`${reviewOn}T00:00:00Z`);
  const at = new Date(Math.max(morning, now.getTime() + MIN_LEAD_MS));
  return { action: 'put', schedule: { name, at, detail: { experimentId: experiment.experimentId, reviewOn } } };
}

/** Checked when the schedule fires: a date changed or cleared since, or a closed experiment, sends nothing. */
export function reviewStillDue(
  experiment: { status: ExperimentStatus; reviewOn?: string | undefined },
  firedFor: string,
): { send: true } | { send: false; reason: string } {
  if (CLOSED.includes(experiment.status)) return { send: false, reason: `experiment is ${experiment.status}` };
  if (experiment.reviewOn !== firedFor) return { send: false, reason: `review date is now ${experiment.reviewOn ?? 'cleared'}, not ${firedFor}` };
  return { send: true };
}

/**
 * Who gets the review reminder: the owner (who registered it), as the network knows them now
 * (current address and language). Registered with the API token (no owner): the coordinator
 * of its municipality, the contact its invitation named. An owner no longer in the network, or
 * no coordinator: nobody (the workflow logs it).
 */
export function reviewRecipient(
  experiment: { municipality: string; owner?: { personId: string } | undefined },
  people: readonly NetworkPerson[],
): { recipient: Recipient; as: 'owner' | 'contact' } | { recipient: undefined; reason: string } {
  if (experiment.owner) {
    const owner = people.find((p) => p.personId === experiment.owner!.personId);
    return owner ? { recipient: recipientOf(owner), as: 'owner' } : { recipient: undefined, reason: 'its owner is no longer a person of the network' };
  }
  const contact = contactPerson(experiment.municipality, people);
  const person = contact && people.find((p) => p.email === contact.email);
  return person ? { recipient: recipientOf(person), as: 'contact' } : { recipient: undefined, reason: `no owner and no coordinator in ${experiment.municipality}` };
}
