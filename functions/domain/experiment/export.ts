// The experiment register as a file to take away: one CSV row per experiment with its people and
// notes; the JSON export is the same list (functions/api/experiment-routes.ts). In Danish it is what
// Danish Excel opens: ';'-separated, Danish labels for status and roles, times on the network's
// clock; in English it stays RFC 4180 with the codes and UTC times.
import { toCsv, type CsvColumn } from '../csv.js';
import { localTimeAt } from '../zoned-time.js';
import { ROLE_NAMES_DA } from '../../contract/network.js';
import type * as Api from '../../contract/api-types.js';

type ExportKey =
  | 'experimentId' | 'municipality' | 'title' | 'status' | 'challenge' | 'plan' | 'startsOn' | 'plannedEndOn'
  | 'involved' | 'notes' | 'outcome' | 'learnings' | 'reusable' | 'doDifferently' | 'completedAt' | 'abandonedReason';

const HEADERS: Record<'da' | 'en', Record<ExportKey, string>> = {
  da: {
    experimentId: 'Eksperiment-id', municipality: 'Kommune', title: 'Titel', status: 'Status', challenge: 'Udfordring',
    plan: 'Det vil vi prøve', startsOn: 'Start', plannedEndOn: 'Planlagt slut', involved: 'Involverede', notes: 'Noter',
    outcome: 'Resultat', learnings: 'Læringer', reusable: 'Det kan andre genbruge', doDifferently: 'Det ville vi gøre anderledes',
    completedAt: 'Afsluttet', abandonedReason: 'Opgivet, fordi',
  },
  en: {
    experimentId: 'Experiment id', municipality: 'Municipality', title: 'Title', status: 'Status', challenge: 'Challenge',
    plan: 'What we will try', startsOn: 'Start', plannedEndOn: 'Planned end', involved: 'Involved', notes: 'Notes',
    outcome: 'Outcome', learnings: 'Learnings', reusable: 'What others could reuse', doDifferently: 'What we would do differently',
    completedAt: 'Completed', abandonedReason: 'Abandoned because',
  },
};

export const EXPORT_KEYS = Object.keys(HEADERS.da) as ExportKey[];

const STATUS_DA: Record<Api.ExperimentSummary['status'], string> = { planned: 'Planlagt', running: 'I gang', completed: 'Afsluttet', abandoned: 'Opgivet' };

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-05-04 14:03" on the network's clock (an instant in the file means nothing without its zone). */
export function localTimestamp(iso: string, timeZone: string): string {
  const t = localTimeAt(Date.parse(iso), timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

/** One experiment of the export (the JSON export sends it as is: the contract defines it). */
export type ExportedExperiment = Api.ExportedExperiment;

/**
 * One CSV row per experiment. Lists become one line each inside the cell (a quoted field).
 * `timeZone` is the network's: Danish files show times on its clock.
 */
export function exportCsv(experiments: readonly ExportedExperiment[], language: 'da' | 'en', timeZone: string): string {
  const columns: CsvColumn<ExportKey>[] = EXPORT_KEYS.map((key) => ({ key, header: HEADERS[language][key] }));
  const da = language === 'da';
  const rows = experiments.map((e) => ({
    experimentId: e.experimentId,
    municipality: e.municipality,
    title: e.title,
    status: da ? STATUS_DA[e.status] : e.status,
    challenge: e.challenge,
    plan: e.plan,
    startsOn: e.startsOn,
    plannedEndOn: e.plannedEndOn,
    involved: e.involvedPeople.map((p) => `${p.name} (${da ? ROLE_NAMES_DA[p.role] : p.role})`).join('\n'),
    notes: e.notes.map((n) => `${n.date}: ${n.text}`).join('\n'),
    outcome: e.outcome,
    learnings: (e.learnings ?? []).join('\n'),
    reusable: e.reusable,
    doDifferently: e.doDifferently,
    completedAt: da && e.completedAt ? localTimestamp(e.completedAt, timeZone) : e.completedAt,
    abandonedReason: e.abandonedReason,
  }));
  return toCsv(rows, columns, { lang: language, bom: true });
}
