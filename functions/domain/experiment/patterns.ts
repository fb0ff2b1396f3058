// Patterns across the municipalities: per theme and municipality (and per quarter), how many
// experiments are planned, running, completed (with learnings, or "did not work") and abandoned,
// how many reflections and meetings there were. Pure: the caller reads the register, the meetings
// with their themes and their reflections, and passes them in.
//
// Where a figure falls:
//   experiment  its municipality, the quarter it starts in (its start date is a calendar date);
//   meeting     its host municipality, the quarter of its start in the network's time zone;
//   reflection  its author's municipality (the host's for someone from outside the municipalities),
//               the quarter it was written in; it carries the themes of its meeting.
// Theme ids no longer on the list (a deleted theme) are not shown.
import type * as Api from '../../contract/api-types.js';
import { localTimeAt } from '../zoned-time.js';

export interface PatternExperimentInput {
  experimentId: string;
  title: string;
  municipality: string;
  status: Api.ExperimentStatus;
  startsOn: string;
  themes?: readonly string[];
  learnings?: readonly string[];
  result?: Api.ExperimentResult;
  kind?: Api.ExperimentKind;
}

export interface PatternMeetingInput {
  meetingId: string;
  title: string;
  hostMunicipality: string;
  startsAt: string;
  status: string;
  themes: readonly string[];
}

export interface PatternReflectionInput {
  meetingId: string;
  text: string;
  submittedAt: string;
  /** Shown only when shareName is true. */
  name: string;
  shareName?: boolean;
  /** The author's municipality, when they belong to one. */
  municipality?: string;
}

export interface PatternsInput {
  themes: readonly Pick<Api.Theme, 'themeId' | 'name'>[];
  municipalities: readonly string[];
  timeZone: string;
  experiments: readonly PatternExperimentInput[];
  meetings: readonly PatternMeetingInput[];
  reflections: readonly PatternReflectionInput[];
}

export const emptyCounts = (): Api.PatternCounts => ({
  planned: 0,
  running: 0,
  completed: 0,
  abandoned: 0,
  withLearnings: 0,
  didNotWork: 0,
  reflections: 0,
  meetings: 0,
});

/** "2027-Q1" for an ISO date (YYYY-MM-DD). */
export const quarterOfDate = (isoDate: string): string => `${isoDate.slice(0, 4)}-Q${Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3) + 1}`;

/** The quarter an instant falls in, in the network's time zone (New Year's Eve 23:30 UTC is already Q1 in Copenhagen). */
export function quarterOfInstant(instant: string, timeZone: string): string {
  const t = localTimeAt(Date.parse(instant), timeZone);
  return `${String(t.year).padStart(4, '0')}-Q${Math.floor((t.month - 1) / 3) + 1}`;
}

/** A cancelled meeting did not happen, so it is no pattern of the network's practice. */
const counts = (m: PatternMeetingInput) => m.status !== 'cancelled';

export function patterns(input: PatternsInput): Api.PatternsAnswer {
  const known = new Set(input.themes.map((t) => t.themeId));
  const meetingById = new Map(input.meetings.map((m) => [m.meetingId, m]));
  const themesOf = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])].filter((id) => known.has(id));

  const themes = input.themes.map((theme): Api.ThemePattern => {
    const experiments: Api.PatternExperiment[] = input.experiments
      .filter((e) => themesOf(e.themes).includes(theme.themeId))
      .map((e) => ({
        experimentId: e.experimentId,
        title: e.title,
        municipality: e.municipality,
        status: e.status,
        quarter: quarterOfDate(e.startsOn),
        learnings: [...(e.learnings ?? [])],
        ...(e.result !== undefined ? { result: e.result } : {}),
        ...(e.kind !== undefined ? { kind: e.kind } : {}),
      }));
    const meetings: Api.PatternMeeting[] = input.meetings
      .filter((m) => counts(m) && themesOf(m.themes).includes(theme.themeId))
      .map((m) => ({
        meetingId: m.meetingId,
        title: m.title,
        municipality: m.hostMunicipality,
        quarter: quarterOfInstant(m.startsAt, input.timeZone),
        startsAt: m.startsAt,
      }));
    const reflections: Api.PatternReflection[] = input.reflections.flatMap((r) => {
      const meeting = meetingById.get(r.meetingId);
      if (!meeting || !counts(meeting) || !themesOf(meeting.themes).includes(theme.themeId)) return [];
      const municipality = r.municipality !== undefined && input.municipalities.includes(r.municipality) ? r.municipality : meeting.hostMunicipality;
      return [{
        meetingId: r.meetingId,
        meetingTitle: meeting.title,
        municipality,
        quarter: quarterOfInstant(r.submittedAt, input.timeZone),
        text: r.text,
        name: r.shareName === true ? r.name : null,
      }];
    });

    const cellsFor = (quarter?: string): Api.PatternCell[] =>
      input.municipalities.map((municipality) => {
        const c = emptyCounts();
        const here = <T extends { municipality: string; quarter: string }>(x: T) => x.municipality === municipality && (quarter === undefined || x.quarter === quarter);
        for (const e of experiments.filter(here)) {
          c[e.status] += 1;
          if (e.status === 'completed' && e.learnings.length > 0) c.withLearnings += 1;
          if (e.result === 'did-not-work') c.didNotWork += 1;
        }
        c.meetings = meetings.filter(here).length;
        c.reflections = reflections.filter(here).length;
        return { municipality, counts: c };
      });

    const quarters = [...new Set([...experiments, ...meetings, ...reflections].map((x) => x.quarter))].sort();
    return {
      themeId: theme.themeId,
      name: theme.name,
      byMunicipality: cellsFor(),
      byQuarter: quarters.map((quarter) => ({ quarter, byMunicipality: cellsFor(quarter) })),
      experiments,
      reflections,
      meetings,
    };
  });
  return { municipalities: [...input.municipalities], timeZone: input.timeZone, themes };
}
