// The experiment aggregate's records: the register entry, its notes, its completion, the agenda
// proposal it puts on the next meeting, and what the facilitator's pages show of them. Plain
// data; the rules are in rules.ts and the store that keeps them implements store.ts. The shapes
// the api sends as they are stored are defined once, in the contract (the web app reads them);
// the names here say what the domain keeps.
import type * as Api from '../../contract/api-types.js';
import type { ExperimentStatus } from './rules.js';

export type Completion = Api.ExperimentCompletion;

/** The stored experiment: its fields (experiment-registered's), its state and its completion. */
export type ExperimentRecord = Api.ExperimentState;

/** What the register lists: everything but the involved people's contact data. */
export type ExperimentSummary = Api.ExperimentSummary;

export type ExperimentNote = Api.ExperimentNote;

/** A conditional state write: 'conflict' when the status moved since it was read. */
export type StateWrite = 'ok' | 'conflict';

export interface UpcomingMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
}

export type AgendaProposal = Api.AgendaProposal;

export interface ExperimentFilter {
  municipality?: string;
  status?: ExperimentStatus;
}

export type InvolvedView = Api.InvolvedPersonView;

export type ExperimentDetails = Api.ExperimentDetail;
