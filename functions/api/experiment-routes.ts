// The experiment register's endpoints, mounted by app.ts behind the same bearer token.
//
// Where state lives: registration is an event (POST answers 202 and the experiments function
// stores the experiment, as meetings do). Every later state change (note, abandon, complete) is
// decided here, from a consistent read and the domain's state model, and written here with one
// conditional update on the experiment item (`status = <the status read>`). That makes the 409
// reliable: a forbidden transition is refused before anything is written, and of two concurrent
// requests only one write succeeds (the other reads again and decides again). Completion then
// publishes experiment-completed, and the experiments function does the fan-out (learnings
// mails, agenda proposal). See docs/architecture.md, "Experiments".
import { randomUUID } from 'node:crypto';
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { DetailType } from '../contract/events.js';
import type {
  AgendaProposal,
  Completion,
  ExperimentDetails,
  ExperimentFilter,
  ExperimentNote,
  ExperimentRecord,
  ExperimentSummary,
  StateWrite,
} from '../domain/experiment/model.js';
import { toCsv, type CsvColumn } from '../domain/csv.js';
import {
  abandon,
  AbandonBody,
  addNote,
  complete,
  CompletionBody,
  EXPERIMENT_STATUSES,
  todayIn,
  validateExperimentRequest,
  validateNote,
  type ExperimentStatus,
  type KnownPerson,
} from '../domain/experiment/rules.js';
import { expected, validateBody } from '../domain/field-errors.js';
import { involvedPersonId } from '../domain/person/audience.js';
import { HttpError, invalid, json, pathIdOr404, readJsonBody, type ApiPorts } from './app.js';

/** What the experiment endpoints need besides the api's common ports (settings, publish, clock). */
export interface ExperimentApiPorts {
  listPeople(): Promise<KnownPerson[]>;
  getExperiment(experimentId: string): Promise<ExperimentRecord | undefined>;
  getExperimentDetails(
    experimentId: string,
    personIdOf: (p: { personId?: string; email: string }) => string,
  ): Promise<ExperimentDetails | undefined>;
  listExperiments(filter?: ExperimentFilter): Promise<ExperimentSummary[]>;
  addExperimentNote(
    experimentId: string,
    expected: ExperimentStatus,
    next: ExperimentStatus,
    note: { date: string; text: string },
  ): Promise<{ result: 'ok'; note: ExperimentNote } | { result: 'conflict' }>;
  abandonExperiment(experimentId: string, expected: ExperimentStatus, reason: string): Promise<StateWrite>;
  completeExperiment(experimentId: string, expected: ExperimentStatus, completion: Completion): Promise<StateWrite>;
  markCompletionPublished(experimentId: string): Promise<void>;
  listAgendaProposals(meetingId: string): Promise<AgendaProposal[]>;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** Reads and decisions are retried this often when a concurrent request changed the state in between. */
const MAX_ATTEMPTS = 3;

/** The query filters of GET /api/experiments, validated like a body (unknown names are refused). */
function filterSchema(municipalities: readonly string[]) {
  return z.strictObject({
    municipality: z.optional(
      z.string().check(z.refine((m: string) => municipalities.includes(m), `must be one of the network's municipalities: ${municipalities.join(', ')}`)),
    ),
    state: z.optional(z.enum(EXPERIMENT_STATUSES, expected(`one of: ${EXPERIMENT_STATUSES.join(', ')}`))),
  });
}

const conflict = (message: string, status?: ExperimentStatus) =>
  new HttpError(409, message, status !== undefined ? { status } : {});

const sameCompletion = (r: ExperimentRecord, c: Completion) =>
  r.outcome === c.outcome &&
  r.reusable === c.reusable &&
  (r.doDifferently ?? '') === (c.doDifferently ?? '') &&
  JSON.stringify(r.learnings ?? []) === JSON.stringify(c.learnings);

// ---- the export ----

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

export interface ExportedExperiment extends ExperimentSummary {
  involvedPeople: { name: string; role: string }[];
  notes: ExperimentNote[];
}

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

// ---- routes ----

export function experimentRoutes(ports: ApiPorts & { experiments?: ExperimentApiPorts }): Route<Event, Result>[] {
  const now = ports.now ?? (() => new Date());
  const newId = ports.newId ?? randomUUID;
  const store = (): ExperimentApiPorts => {
    if (!ports.experiments) throw new Error('the api was started without the experiment store');
    return ports.experiments;
  };
  const today = () => todayIn(ports.settings().timeZone, now());

  const experimentIdOf = (event: Event) => pathIdOr404(event, 'experimentId', 'experiment');
  const read = async (id: string) => {
    const e = await store().getExperiment(id);
    if (!e) throw new HttpError(404, `no experiment with id "${id}"`);
    return e;
  };

  /**
   * Read, decide with the state model, write conditionally; again if the state moved meanwhile.
   * `first` is a record the caller has just read, used for the first decision.
   */
  async function transition<T>(
    id: string,
    decide: (e: ExperimentRecord) => { ok: true; next: { status: ExperimentStatus } } | { ok: false; conflict: string },
    write: (e: ExperimentRecord, next: ExperimentStatus) => Promise<T | 'conflict'>,
    first?: ExperimentRecord,
  ): Promise<{ next: ExperimentStatus; value: T }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const record = attempt === 0 && first ? first : await read(id);
      const decision = decide(record);
      if (!decision.ok) throw conflict(decision.conflict, record.status);
      const out = await write(record, decision.next.status);
      if (out !== 'conflict') return { next: decision.next.status, value: out };
    }
    throw conflict('The experiment was changed by another request at the same time; please try again.');
  }

  async function exportRegister(): Promise<ExportedExperiment[]> {
    const s = store();
    const summaries = await s.listExperiments();
    // One Query per experiment for its notes and people; the register is small (tens of rows).
    return Promise.all(
      summaries.map(async (e) => {
        const details = await s.getExperimentDetails(e.experimentId, involvedPersonId);
        return {
          ...e,
          involvedPeople: (details?.involved ?? []).map((p) => ({ name: p.name, role: p.role })),
          notes: details?.notes ?? [],
        };
      }),
    );
  }

  return [
    {
      method: 'POST',
      path: '/api/experiments',
      handler: async (event: Event) => {
        const body = readJsonBody(event);
        const settings = ports.settings();
        const result = validateExperimentRequest(body, {
          municipalities: settings.municipalities,
          people: await store().listPeople(),
        });
        if (!result.ok) return invalid('experiment', result.errors);
        const experimentId = newId();
        await ports.publish(DetailType.ExperimentRegistered, { ...result.experiment, experimentId });
        return json(202, { experimentId }, { location: `/api/experiments/${experimentId}` });
      },
    },
    {
      method: 'GET',
      path: '/api/experiments',
      handler: async (event: Event) => {
        const parsed = validateBody(filterSchema(ports.settings().municipalities), event.queryStringParameters ?? {});
        if (!parsed.ok) return invalid('filter', parsed.errors);
        const { municipality, state } = parsed.value;
        const experiments = await store().listExperiments({
          ...(municipality !== undefined ? { municipality } : {}),
          ...(state !== undefined ? { status: state } : {}),
        });
        return json(200, { experiments });
      },
    },
    {
      method: 'GET',
      path: '/api/experiments/export.csv',
      handler: async (event: Event) => {
        const lang = event.queryStringParameters?.lang ?? ports.settings().defaultLanguage;
        if (lang !== 'da' && lang !== 'en') return invalid('export', [{ field: 'lang', message: 'must be one of: da, en' }]);
        const csv = exportCsv(await exportRegister(), lang);
        return {
          statusCode: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="experiments-${today()}.csv"`,
            'cache-control': 'no-store',
          },
          body: csv,
        };
      },
    },
    {
      method: 'GET',
      path: '/api/experiments/export.json',
      handler: async () => {
        const experiments = await exportRegister();
        return json(
          200,
          { network: ports.settings().name, exportedAt: now().toISOString(), experiments },
          { 'content-disposition': `attachment; filename="experiments-${today()}.json"` },
        );
      },
    },
    {
      method: 'GET',
      path: '/api/experiments/{experimentId}',
      handler: async (event: Event) => {
        const id = experimentIdOf(event);
        const details = await store().getExperimentDetails(id, involvedPersonId);
        if (!details) throw new HttpError(404, `no experiment with id "${id}"`);
        return json(200, details);
      },
    },
    {
      method: 'POST',
      path: '/api/experiments/{experimentId}/notes',
      handler: async (event: Event) => {
        const id = experimentIdOf(event);
        const day = today();
        const body = validateNote(readJsonBody(event), day);
        if (!body.ok) return invalid('note', body.errors);
        // Written here, not through an event: nothing else reacts to a note, and the caller must
        // learn now whether it was allowed (409). The conditional update on the status read is
        // what keeps a note off an experiment that was completed or abandoned meanwhile.
        const out = await transition(
          id,
          (e) => addNote(e, day),
          async (e, next) => {
            const w = await store().addExperimentNote(id, e.status, next, body.value);
            return w.result === 'ok' ? w.note : 'conflict';
          },
        );
        return json(201, { experimentId: id, status: out.next, note: out.value });
      },
    },
    {
      method: 'POST',
      path: '/api/experiments/{experimentId}/abandon',
      handler: async (event: Event) => {
        const id = experimentIdOf(event);
        const body = validateBody(AbandonBody, readJsonBody(event));
        if (!body.ok) return invalid('request', body.errors);
        const out = await transition(
          id,
          (e) => abandon(e, body.value.reason),
          (e) => store().abandonExperiment(id, e.status, body.value.reason),
        );
        return json(200, { experimentId: id, status: out.next });
      },
    },
    {
      method: 'POST',
      path: '/api/experiments/{experimentId}/complete',
      handler: async (event: Event) => {
        const id = experimentIdOf(event);
        const body = validateBody(CompletionBody, readJsonBody(event));
        if (!body.ok) return invalid('completion', body.errors);
        const completion: Completion = body.value;
        const day = today();
        const s = store();

        // A retry of a completion whose event did not get out (the write succeeded, PutEvents
        // failed and the caller saw a 500) publishes it now instead of answering 409.
        const current = await read(id);
        const retry = current.status === 'completed' && current.completionEvent === 'pending' && sameCompletion(current, completion);
        if (!retry) await transition(id, (e) => complete(e, day), (e) => s.completeExperiment(id, e.status, completion), current);
        await ports.publish(DetailType.ExperimentCompleted, { experimentId: id, ...completion });
        await s.markCompletionPublished(id);
        return json(202, { experimentId: id, status: 'completed' });
      },
    },
    {
      method: 'GET',
      path: '/api/meetings/{meetingId}/agenda-proposals',
      handler: async (event: Event) => {
        const meetingId = pathIdOr404(event, 'meetingId', 'meeting');
        return json(200, { meetingId, experiments: await store().listAgendaProposals(meetingId) });
      },
    },
  ];
}
