// The searchable records of the network, from what the stores hold: one record per experiment
// (what it tried and what came of it), one per learning and per note, one per reflection. The
// filter fields of each record are read here, in facetsOf, and nowhere else.
import type { SearchFacets, SearchRecord } from './search.js';

/** An experiment as the register lists it, with its notes (and whatever pattern fields it carries). */
export interface SearchableExperiment {
  experimentId: string;
  title: string;
  municipality: string;
  challenge: string;
  plan: string;
  outcome?: string;
  learnings?: readonly string[];
  reusable?: string;
  doDifferently?: string;
  registeredAt: string;
  completedAt?: string;
  notes: readonly { date: string; text: string; n: number }[];
}

export interface SearchableMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
}

export interface SearchableReflection {
  personId: string;
  text: string;
  submittedAt: string;
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The filter fields of a stored experiment or meeting. Themes, kind and outcome category are the
 * register's pattern fields (`themes`, `kind`, `result`, the completion's outcome); an item without them matches no
 * filter on them. The free-text `outcome` of a completion is searched, not filtered.
 */
export function facetsOf(item: object): SearchFacets {
  const i = item as Record<string, unknown>;
  const themes = strings(i.themes);
  const municipality = text(i.municipality) ?? text(i.hostMunicipality);
  const kind = text(i.kind);
  const outcome = text(i.result);
  return {
    ...(themes !== undefined ? { themes } : {}),
    ...(municipality !== undefined ? { municipality } : {}),
    ...(kind !== undefined ? { kind } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
  };
}

const joined = (parts: readonly (string | undefined)[]) => parts.filter((p): p is string => !!p && p.trim() !== '').join('\n\n');

export function experimentRecords(e: SearchableExperiment): SearchRecord[] {
  const facets = facetsOf(e);
  const base = { experimentId: e.experimentId, title: e.title, ...facets };
  return [
    {
      id: `experiment:${e.experimentId}`,
      type: 'experiment',
      text: joined([e.challenge, e.plan, e.outcome, e.reusable, e.doDifferently]),
      date: e.completedAt ?? e.registeredAt,
      ...base,
    },
    ...(e.learnings ?? []).map((learning, k): SearchRecord => ({
      id: `learning:${e.experimentId}:${k}`,
      type: 'learning',
      text: learning,
      ...(e.completedAt !== undefined ? { date: e.completedAt } : {}),
      ...base,
    })),
    ...e.notes.map((note): SearchRecord => ({ id: `note:${e.experimentId}:${note.n}`, type: 'note', text: note.text, date: note.date, ...base })),
  ];
}

/**
 * A meeting's reflections. They are searched without their author's name (the hit shows none);
 * the author's municipality, when known, is what a municipality filter sees.
 */
export function reflectionRecords(
  meeting: SearchableMeeting,
  reflections: readonly SearchableReflection[],
  municipalityOf: (personId: string) => string | undefined,
): SearchRecord[] {
  const { themes } = facetsOf(meeting);
  return reflections.map((r) => {
    const municipality = municipalityOf(r.personId);
    return {
      id: `reflection:${meeting.meetingId}:${r.personId}`,
      type: 'reflection',
      title: meeting.title,
      text: r.text,
      meetingId: meeting.meetingId,
      date: r.submittedAt,
      ...(themes !== undefined ? { themes } : {}),
      ...(municipality !== undefined ? { municipality } : {}),
    };
  });
}
