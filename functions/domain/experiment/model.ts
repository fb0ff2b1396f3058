// The experiment aggregate's records: the register entry, its notes, its completion, the agenda
// proposal it puts on the next meeting, and what the facilitator's pages show of them. Plain
// data; the rules are in rules.ts and the store that keeps them implements store.ts.
import type { ExperimentSnapshot } from '../../contract/mail-job.js';
import type { Language, Role } from '../../contract/network.js';
import type { DeliveryStatus } from '../meeting/model.js';
import type { ExperimentStatus } from './rules.js';

export interface Completion {
  outcome: string;
  learnings: string[];
  reusable: string;
  doDifferently?: string;
}

export interface ExperimentRecord extends ExperimentSnapshot, Partial<Completion> {
  status: ExperimentStatus;
  registeredAt: string;
  noteCount?: number;
  abandonedReason?: string;
  abandonedAt?: string;
  completedAt?: string;
  /** 'pending' between the api's completion write and its PutEvents; then 'published'. */
  completionEvent?: 'pending' | 'published';
  /** Set once every involved person's invitation is enqueued. */
  invitationsSentAt?: string;
  /** Set once the learnings mails are enqueued and the agenda proposal is written. */
  learningsSharedAt?: string;
  /** The meeting whose agenda proposal got this experiment (chosen once, kept on redelivery). */
  agendaMeetingId?: string;
}

/** What the register lists: everything but the involved people's contact data. */
export type ExperimentSummary = Omit<ExperimentRecord, 'involved'> & { involvedCount: number };

export interface ExperimentNote {
  date: string;
  text: string;
  /** Order among the experiment's notes (1, 2, ...). */
  n: number;
  createdAt: string;
}

/** A conditional state write: 'conflict' when the status moved since it was read. */
export type StateWrite = 'ok' | 'conflict';

export interface UpcomingMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
}

export interface AgendaProposal extends Completion {
  experimentId: string;
  municipality: string;
  title: string;
  proposedAt: string;
}

export interface ExperimentFilter {
  municipality?: string;
  status?: ExperimentStatus;
}

export interface InvolvedView {
  personId?: string;
  name: string;
  email: string;
  role: Role;
  language: Language;
  invitationStatus: DeliveryStatus;
}

export interface ExperimentDetails extends Omit<ExperimentRecord, 'involved'> {
  involved: InvolvedView[];
  notes: ExperimentNote[];
}
