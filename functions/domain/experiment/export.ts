// The experiment register as a file to take away: one CSV row per experiment (Danish or English
// headers) with its people and notes; the JSON export is the same list (functions/api/experiment-routes.ts).
import { toCsv, type CsvColumn } from '../csv.js';
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

/** One experiment of the export (the JSON export sends it as is: the contract defines it). */
export type ExportedExperiment = Api.ExportedExperiment;

/** One CSV row per experiment. Lists become one line each inside the cell (a quoted field). */
export function exportCsv(experiments: readonly ExportedExperiment[], language: 'da' | 'en'): string {
  const columns: CsvColumn<ExportKey>[] = EXPORT_KEYS.map((key) => ({ key, header: HEADERS[language][key] }));
  const rows = experiments.map((e) => ({
    experimentId: e.experimentId,
    municipality: e.municipality,
    title: e.title,
    status: e.status,
    challenge: e.challenge,
    plan: e.plan,
    startsOn: e.startsOn,
    plannedEndOn: e.plannedEndOn,
    involved: e.involvedPeople.map((p) => `${p.name} (${p.role})`).join('\n'),
    notes: e.notes.map((n) => `${n.date}: ${n.text}`).join('\n'),
    outcome: e.outcome,
    learnings: (e.learnings ?? []).join('\n'),
    reusable: e.reusable,
    doDifferently: e.doDifferently,
    completedAt: e.completedAt,
    abandonedReason: e.abandonedReason,
  }));
  return toCsv(rows, columns, { bom: true });
}
