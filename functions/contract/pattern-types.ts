// The API's JSON bodies of the themes, the themes of meetings and the patterns across the
// municipalities (GET /api/patterns), with the words of an experiment's state they use. Types only;
// re-exported by api-types.ts, which the web app reads.
import type { EXPERIMENT_KINDS, EXPERIMENT_RESULTS } from './events.js';

export type ExperimentStatus = 'planned' | 'running' | 'completed' | 'abandoned';
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];
export type ExperimentResult = (typeof EXPERIMENT_RESULTS)[number];

/** One of the network's themes or paradoxes ("Politiske paradokser"). */
export interface Theme {
  themeId: string;
  name: string;
  createdAt: string;
}

/** GET /api/themes, by name. */
export interface ThemeList {
  themes: Theme[];
}

/** The body of POST /api/themes and PATCH /api/themes/{id}. */
export interface ThemeRequest {
  name: string;
}

/** The body of PUT /api/meetings/{id}/themes. */
export interface MeetingThemesRequest {
  themes: string[];
}

export interface MeetingThemes {
  meetingId: string;
  themes: string[];
}

/** The figures of one theme in one municipality (and quarter). */
export interface PatternCounts {
  planned: number;
  running: number;
  completed: number;
  abandoned: number;
  /** Completed with at least one learning. */
  withLearnings: number;
  didNotWork: number;
  reflections: number;
  meetings: number;
}

export interface PatternCell {
  municipality: string;
  counts: PatternCounts;
}

/** An experiment behind a figure (click-through). */
export interface PatternExperiment {
  experimentId: string;
  title: string;
  municipality: string;
  status: ExperimentStatus;
  quarter: string;
  learnings: string[];
  result?: ExperimentResult;
  kind?: ExperimentKind;
}

/** A reflection behind a figure: the name only when its author agreed. */
export interface PatternReflection {
  meetingId: string;
  meetingTitle: string;
  municipality: string;
  quarter: string;
  text: string;
  name: string | null;
}

export interface PatternMeeting {
  meetingId: string;
  title: string;
  municipality: string;
  quarter: string;
  startsAt: string;
}

export interface ThemePattern {
  themeId: string;
  name: string;
  /** Every municipality of the network, in the config's order. */
  byMunicipality: PatternCell[];
  /** The quarters with anything under this theme, oldest first ("2027-Q1", in the network's time zone). */
  byQuarter: { quarter: string; byMunicipality: PatternCell[] }[];
  experiments: PatternExperiment[];
  reflections: PatternReflection[];
  meetings: PatternMeeting[];
}

/** GET /api/patterns. */
export interface PatternsAnswer {
  municipalities: string[];
  timeZone: string;
  themes: ThemePattern[];
}

