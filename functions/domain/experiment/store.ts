// The port of the experiment aggregate: what the experiments workflow and the api need from the
// store of the register (functions/adapters/experiments-store.ts implements it on DynamoDB).
import type { ExperimentSnapshot } from '../../contract/mail-job.js';
import type { AgendaProposal, Completion, ExperimentDetails, ExperimentFilter, ExperimentNote, ExperimentRecord, ExperimentSummary, StateWrite, UpcomingMeeting } from './model.js';
import type { ExperimentUpdate } from './edit.js';
import type { ExperimentStatus, InvolvedPerson } from './rules.js';
import type { ReviewSchedule } from './review.js';

export interface ExperimentStore {
  /** Stores the experiment unless it is there already; returns the stored record either way. */
  saveExperiment(experiment: ExperimentSnapshot, now?: Date): Promise<{ created: boolean; record: ExperimentRecord }>;
  getExperiment(experimentId: string): Promise<ExperimentRecord | undefined>;
  /** One experiment with its notes and the delivery of each involved person's invitation. */
  getExperimentDetails(experimentId: string, personIdOf: (p: { personId?: string; email: string }) => string): Promise<ExperimentDetails | undefined>;
  /** The register in start-date order, optionally filtered. */
  listExperiments(filter?: ExperimentFilter): Promise<ExperimentSummary[]>;
  markInvitationsSent(experimentId: string, now?: Date): Promise<void>;
  markLearningsShared(experimentId: string, now?: Date): Promise<void>;
  /** The state writes below hold only while the status is still `expected` (else 'conflict'). */
  addExperimentNote(
    experimentId: string,
    expected: ExperimentStatus,
    next: ExperimentStatus,
    note: { date: string; text: string; author?: ExperimentNote['author'] },
    now?: Date,
  ): Promise<{ result: 'ok'; note: ExperimentNote } | { result: 'conflict' }>;
  abandonExperiment(experimentId: string, expected: ExperimentStatus, reason: string, now?: Date): Promise<StateWrite>;
  completeExperiment(experimentId: string, expected: ExperimentStatus, completion: Completion, now?: Date): Promise<StateWrite>;
  markCompletionPublished(experimentId: string): Promise<void>;
  /** The experiment as stored after recording the completion. */
  recordCompletion(experimentId: string, completion: Completion, now?: Date): Promise<ExperimentRecord | 'abandoned' | 'missing'>;
  /** Sets and removes fields of an experiment (PATCH); false when there is no such experiment. */
  updateExperiment(experimentId: string, update: ExperimentUpdate, now?: Date): Promise<boolean>;
  /**
   * Replaces the involved people, only while `involvedRev` is still `expectedRev` ('conflict'
   * otherwise), and keeps each person's byPerson involvement item in step.
   */
  setInvolved(
    experimentId: string,
    expectedRev: number,
    involved: readonly InvolvedPerson[],
    change: { added?: string; removed?: string },
    now?: Date,
  ): Promise<StateWrite>;
  /** The network's next meeting that is neither cancelled nor held. */
  findNextMeeting(now?: Date): Promise<UpcomingMeeting | undefined>;
  /** The meeting whose agenda gets the experiment: chosen once, kept on redelivery. */
  chooseAgendaMeeting(experimentId: string, meetingId: string): Promise<string>;
  putAgendaProposal(meetingId: string, proposal: AgendaProposal): Promise<void>;
  listAgendaProposals(meetingId: string): Promise<AgendaProposal[]>;
}

/** The experiment's review-date schedule (EventBridge Scheduler; functions/adapters/scheduler.ts). */
export interface ReviewScheduler {
  /** Creates the schedule, or updates the one of that name to this time and detail. */
  putReviewSchedule(schedule: ReviewSchedule): Promise<unknown>;
  /** Deletes the schedule; a missing one is fine. */
  deleteReviewSchedule(name: string): Promise<unknown>;
}
