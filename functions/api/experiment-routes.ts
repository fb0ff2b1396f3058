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
import * as z from 'zod/mini';
import type * as Api from '../contract/api-types.js';
import { DetailType } from '../contract/events.js';
import type { Completion, ExperimentRecord } from '../domain/experiment/model.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import { exportCsv, type ExportedExperiment } from '../domain/experiment/export.js';
import {
  abandon,
  AbandonBody,
  addNote,
  complete,
  CompletionBody,
  EXPERIMENT_STATUSES,
  isUnpublishedCompletion,
  todayIn,
  validateExperimentRequest,
  validateNote,
  type ExperimentStatus,
  type KnownPerson,
} from '../domain/experiment/rules.js';
import { expected, validateBody } from '../domain/field-errors.js';
import { involvedPersonId } from '../domain/person/audience.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, isPathId, json, jsonBodyField, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';
import { refuseOversizedEvent } from './event-size.js';
import { meetingAccess } from './meeting-routes.js';
import { principalOf } from './authentication.js';
import { experimentEditRoutes } from './experiment-edit-routes.js';

/** The signed-in person behind a request (none with the API token): a note's author, an experiment's owner. */
export function authorOf(event: Event) {
  const principal = principalOf(event);
  if (principal?.kind !== 'session') return undefined;
  const { personId, name, email, language } = principal.session;
  return { personId, name, email, language };
}

/** What the experiment endpoints need besides the api's context. */
export type ExperimentApiPorts = Pick<
  ExperimentStore,
  | 'getExperiment'
  | 'getExperimentDetails'
  | 'listExperiments'
  | 'addExperimentNote'
  | 'abandonExperiment'
  | 'completeExperiment'
  | 'markCompletionPublished'
  | 'listAgendaProposals'
  | 'updateExperiment'
  | 'setInvolved'
> & {
  listPeople(): Promise<KnownPerson[]>;
  /** The theme list (seeded from the config on first use) and whether a meeting exists: what tags are checked against. */
  listThemes?(seed: readonly string[], now?: Date): Promise<Api.Theme[]>;
  getMeeting?(meetingId: string): Promise<unknown>;
};

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

// ---- routes ----

/** Who may read the register (every coordinator) and who may change an experiment (its own municipality's coordinators). */
const readAccess = access.coordinators;

export function experimentRoutes(context: ApiContext, store: ExperimentApiPorts): ApiRoute[] {
  const { now } = context;
  const today = () => todayIn(context.settings().timeZone, now());

  const experimentIdOf = (event: Event) => pathIdOr404(event, 'experimentId', 'experiment');
  const read = async (id: string) => {
    const e = await store.getExperiment(id);
    if (!e) throw new HttpError(404, `no experiment with id "${id}"`);
    return e;
  };

  /** A coordinator registers experiments of their own municipality only (the body names it). */
  const registerAccess = access.ownMunicipality(
    (event) => {
      const municipality = jsonBodyField(event, 'municipality');
      // A missing or invalid municipality is left to the route's validation (400).
      return typeof municipality === 'string' ? municipality.trim() : undefined;
    },
    (own) => `a coordinator may only register experiments for ${own}`,
  );
  /** A coordinator changes experiments of their own municipality only (an unknown one is the route's 404). */
  const changeAccess = access.ownMunicipality(
    async (event) => {
      const id = event.pathParameters?.experimentId ?? '';
      return isPathId(id) ? (await store.getExperiment(id))?.municipality : undefined;
    },
    (own) => `a coordinator may only change experiments of ${own}`,
  );

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
    const summaries = await store.listExperiments();
    // One Query per experiment for its notes and people; the register is small (tens of rows).
    return Promise.all(
      summaries.map(async (e) => {
        const details = await store.getExperimentDetails(e.experimentId, involvedPersonId);
        return {
          ...e,
          involvedPeople: (details?.involved ?? []).map((p) => ({ name: p.name, role: p.role })),
          notes: details?.notes ?? [],
        };
      }),
    );
  }

  async function register(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const settings = context.settings();
    const themes = store.listThemes ? await store.listThemes(settings.themes, now()) : [];
    const result = validateExperimentRequest(body, { municipalities: settings.municipalities, people: await store.listPeople(), themes });
    if (!result.ok) return invalid('experiment', result.errors);
    const planned = result.experiment.plannedAtMeetingId;
    if (planned !== undefined && !(await store.getMeeting?.(planned))) return invalid('experiment', [{ field: 'plannedAtMeetingId', message: 'is not a meeting of the network' }]);
    const experimentId = context.newId();
    const owner = authorOf(event);
    const detail = { ...result.experiment, experimentId, ...(owner ? { owner } : {}) };
    refuseOversizedEvent(DetailType.ExperimentRegistered, detail);
    await context.publish(DetailType.ExperimentRegistered, detail);
    return json(202, { experimentId } satisfies Api.ExperimentRegisteredAnswer, { location: `/api/experiments/${experimentId}` });
  }

  async function list(event: Event): Promise<Result> {
    const parsed = validateBody(filterSchema(context.settings().municipalities), event.queryStringParameters ?? {});
    if (!parsed.ok) return invalid('filter', parsed.errors);
    const { municipality, state } = parsed.value;
    const experiments = await store.listExperiments({
      ...(municipality !== undefined ? { municipality } : {}),
      ...(state !== undefined ? { status: state } : {}),
    });
    return json(200, { experiments } satisfies Api.ExperimentList);
  }

  async function exportAsCsv(event: Event): Promise<Result> {
    const lang = event.queryStringParameters?.lang ?? context.settings().defaultLanguage;
    if (lang !== 'da' && lang !== 'en') return invalid('export', [{ field: 'lang', message: 'must be one of: da, en' }]);
    const csv = exportCsv(await exportRegister(), lang, context.settings().timeZone);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="experiments-${today()}.csv"`,
        'cache-control': 'no-store',
      },
      body: csv,
    };
  }

  async function exportAsJson(): Promise<Result> {
    const experiments = await exportRegister();
    return json(
      200,
      { network: context.settings().name, exportedAt: now().toISOString(), experiments } satisfies Api.ExperimentExport,
      { 'content-disposition': `attachment; filename="experiments-${today()}.json"` },
    );
  }

  async function show(event: Event): Promise<Result> {
    const id = experimentIdOf(event);
    const details = await store.getExperimentDetails(id, involvedPersonId);
    if (!details) throw new HttpError(404, `no experiment with id "${id}"`);
    return json(200, details satisfies Api.ExperimentDetail);
  }

  async function addNoteToExperiment(event: Event): Promise<Result> {
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
        const author = authorOf(event);
        const w = await store.addExperimentNote(id, e.status, next, { ...body.value, ...(author ? { author: { personId: author.personId, name: author.name } } : {}) });
        return w.result === 'ok' ? w.note : 'conflict';
      },
    );
    return json(201, { experimentId: id, status: out.next, note: out.value } satisfies Api.ExperimentNoteAdded);
  }

  async function recordAbandonment(event: Event): Promise<Result> {
    const id = experimentIdOf(event);
    const body = validateBody(AbandonBody, readJsonBody(event));
    if (!body.ok) return invalid('request', body.errors);
    const out = await transition(
      id,
      (e) => abandon(e, body.value.reason),
      (e) => store.abandonExperiment(id, e.status, body.value.reason),
    );
    return json(200, { experimentId: id, status: out.next } satisfies Api.ExperimentStatusAnswer);
  }

  async function recordCompletion(event: Event): Promise<Result> {
    const id = experimentIdOf(event);
    const body = validateBody(CompletionBody, readJsonBody(event));
    if (!body.ok) return invalid('completion', body.errors);
    const completion: Completion = body.value;
    refuseOversizedEvent(DetailType.ExperimentCompleted, { experimentId: id, ...completion });
    const day = today();

    // A retry of a completion whose event did not get out (the write succeeded, PutEvents
    // failed and the caller saw a 500) publishes it now instead of answering 409.
    const current = await read(id);
    const retry = isUnpublishedCompletion(current, completion);
    if (!retry) await transition(id, (e) => complete(e, day), (e) => store.completeExperiment(id, e.status, completion), current);
    await context.publish(DetailType.ExperimentCompleted, { experimentId: id, ...completion });
    await store.markCompletionPublished(id);
    return json(202, { experimentId: id, status: 'completed' } satisfies Api.ExperimentStatusAnswer);
  }

  async function agendaProposals(event: Event): Promise<Result> {
    const meetingId = pathIdOr404(event, 'meetingId', 'meeting');
    return json(200, { meetingId, experiments: await store.listAgendaProposals(meetingId) } satisfies Api.MeetingAgendaProposals);
  }

  return [
    { method: 'POST', path: '/api/experiments', access: registerAccess, handler: register },
    { method: 'GET', path: '/api/experiments', access: readAccess, handler: list },
    { method: 'GET', path: '/api/experiments/export.csv', access: readAccess, handler: exportAsCsv },
    { method: 'GET', path: '/api/experiments/export.json', access: readAccess, handler: exportAsJson },
    { method: 'GET', path: '/api/experiments/{experimentId}', access: readAccess, handler: show },
    { method: 'POST', path: '/api/experiments/{experimentId}/notes', access: changeAccess, handler: addNoteToExperiment },
    { method: 'POST', path: '/api/experiments/{experimentId}/abandon', access: changeAccess, handler: recordAbandonment },
    { method: 'POST', path: '/api/experiments/{experimentId}/complete', access: changeAccess, handler: recordCompletion },
    { method: 'GET', path: '/api/meetings/{meetingId}/agenda-proposals', access: meetingAccess, handler: agendaProposals },
    ...experimentEditRoutes(context, store, changeAccess),
  ];
}
