// An experiment's review date, as the experiments function handles it (issue 17):
//   experiment-registered / experiment-review-changed: bring the experiment's one schedule in
//     line with the stored experiment (created or moved; deleted when the date is cleared or
//     past, or the experiment closed). Read from the store, not the event, so deliveries in any
//     order, or twice, end with the schedule of the latest date.
//   experiment-review-due (the schedule fired): one 'experiment-review' mail to the owner, unless
//     the date moved or the experiment closed since. The mailer's claim, keyed on the review
//     date, keeps a repeated firing or delivery to one mail.
import type { DetailOf } from '../contract/events.js';
import type { ExperimentMailJob, ExperimentSnapshot } from '../contract/mail-job.js';
import type { ExperimentRecord } from '../domain/experiment/model.js';
import { reviewRecipient, reviewScheduleDecision, reviewStillDue } from '../domain/experiment/review.js';
import type { ExperimentStore, ReviewScheduler } from '../domain/experiment/store.js';
import type { MailQueue } from '../domain/mail/store.js';
import type { PeopleStore } from '../domain/person/store.js';

export interface ReviewPorts extends Pick<ExperimentStore, 'getExperiment'>, Pick<PeopleStore, 'listPeople'>, ReviewScheduler, MailQueue {
  /** The network's time zone: the reminder goes out in its morning. */
  timeZone(): string;
  now(): Date;
}

export type ReviewScheduleOutcome = { status: 'review-scheduled'; at: string } | { status: 'review-unscheduled'; reason: string };
export type ReviewDueOutcome = { status: 'review-reminded'; to: 'owner' | 'contact' } | { status: 'skipped'; reason: string };

/** Puts or deletes the experiment's review schedule to match what is stored now. */
export async function syncReviewSchedule(experimentId: string, ports: ReviewPorts): Promise<ReviewScheduleOutcome> {
  const record = await ports.getExperiment(experimentId);
  // Thrown, so the rule retries: the registration may still be on its way.
  if (!record) throw new Error(`experiment ${experimentId} is not registered`);
  const decision = reviewScheduleDecision(record, ports.timeZone(), ports.now());
  if (decision.action === 'delete') {
    await ports.deleteReviewSchedule(decision.name);
    return { status: 'review-unscheduled', reason: decision.reason };
  }
  await ports.putReviewSchedule(decision.schedule);
  return { status: 'review-scheduled', at: decision.schedule.at.toISOString() };
}

const snapshotOf = (r: ExperimentRecord): ExperimentSnapshot => ({
  experimentId: r.experimentId,
  municipality: r.municipality,
  title: r.title,
  challenge: r.challenge,
  plan: r.plan,
  startsOn: r.startsOn,
  plannedEndOn: r.plannedEndOn,
  involved: [],
  ...(r.reviewOn !== undefined ? { reviewOn: r.reviewOn } : {}),
});

export async function sendReviewReminder(detail: DetailOf<'experiment-review-due'>, ports: ReviewPorts): Promise<ReviewDueOutcome> {
  const record = await ports.getExperiment(detail.experimentId);
  if (!record) return { status: 'skipped', reason: 'no such experiment' };
  const due = reviewStillDue(record, detail.reviewOn);
  if (!due.send) return { status: 'skipped', reason: due.reason };
  const to = reviewRecipient(record, await ports.listPeople());
  if (to.recipient === undefined) return { status: 'skipped', reason: to.reason };
  const job: ExperimentMailJob = { kind: 'experiment-review', experiment: snapshotOf(record), recipient: to.recipient };
  await ports.enqueue([job]);
  return { status: 'review-reminded', to: to.as };
}
