// Changing an experiment after registration, mounted with the experiment routes (same access: the
// experiment's own municipality's coordinators, and facilitators):
//   PATCH  /api/experiments/{id}                      description, dates, themes, kind, review date, meetings
//                                                     (a review date change: experiment-review-changed)
//   POST   /api/experiments/{id}/involved             one more person (an outsider too): invited by mail
//   DELETE /api/experiments/{id}/involved/{personId}  no longer involved
// Written here with a conditional update (the involved list on its revision); a new person's
// invitation goes out through experiment-person-added (the experiments function mails them).
import type * as Api from '../contract/api-types.js';
import { DetailType } from '../contract/events.js';
import { canChangeInvolved, involvedIdOf, validateInvolve, validateUpdate } from '../domain/experiment/edit.js';
import type { ExperimentRecord } from '../domain/experiment/model.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { InvolvedPerson, KnownPerson } from '../domain/experiment/rules.js';
import { involvedPersonId } from '../domain/person/audience.js';
import type { Access, ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, json, noSuch, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';

export type ExperimentEditPorts = Pick<ExperimentStore, 'getExperiment' | 'getExperimentDetails' | 'updateExperiment' | 'setInvolved'> & {
  listPeople(): Promise<KnownPerson[]>;
  listThemes?(seed: readonly string[], now?: Date): Promise<Api.Theme[]>;
  getMeeting?(meetingId: string): Promise<unknown>;
};

const MAX_ATTEMPTS = 3;

export function experimentEditRoutes(context: ApiContext, store: ExperimentEditPorts, changeAccess: Access): ApiRoute[] {
  const idOf = (event: Event) => pathIdOr404(event, 'experimentId', 'experiment');
  const read = async (id: string): Promise<ExperimentRecord> => {
    const e = await store.getExperiment(id);
    if (!e) throw noSuch('experiment', id);
    return e;
  };
  const details = async (id: string) => {
    const d = await store.getExperimentDetails(id, involvedPersonId);
    if (!d) throw noSuch('experiment', id);
    return json(200, d satisfies Api.ExperimentUpdated);
  };

  async function update(event: Event): Promise<Result> {
    const id = idOf(event);
    const body = readJsonBody(event);
    const current = await read(id);
    const themes = store.listThemes ? await store.listThemes(context.settings().themes, context.now()) : [];
    const valid = validateUpdate(body, current, themes);
    if (!valid.ok) return invalid('experiment', valid.errors);
    for (const { field, meetingId } of valid.update.meetingIds) {
      if (!(await store.getMeeting?.(meetingId))) return invalid('experiment', [{ field, message: 'is not a meeting of the network' }]);
    }
    if (!(await store.updateExperiment(id, valid.update, context.now()))) throw noSuch('experiment', id);
    // The experiments function moves (or deletes) the review reminder's schedule to match what is stored.
    if (valid.update.set.reviewOn !== undefined || valid.update.remove.includes('reviewOn')) {
      await context.publish(DetailType.ExperimentReviewChanged, { experimentId: id });
    }
    return details(id);
  }

  /** Reads, changes the involved list, writes it on the revision read; again if it moved meanwhile. */
  async function changeInvolved(
    id: string,
    change: (e: ExperimentRecord) => { involved: InvolvedPerson[]; added?: string; removed?: string } | 'unchanged',
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const e = await read(id);
      const why = canChangeInvolved(e.status);
      if (why) throw new HttpError(409, why, { status: e.status });
      const next = change(e);
      if (next === 'unchanged') return;
      const { involved, ...ids } = next;
      if ((await store.setInvolved(id, e.involvedRev ?? 0, involved, ids, context.now())) === 'ok') return;
    }
    throw new HttpError(409, 'The experiment was changed by another request at the same time; please try again.');
  }

  async function involve(event: Event): Promise<Result> {
    const id = idOf(event);
    const body = readJsonBody(event);
    const people = await store.listPeople();
    const current = await read(id);
    const valid = validateInvolve(body, people, current.involved ?? []);
    // The same person again (a retry whose answer got lost) is not an error: they are involved.
    const again = !valid.ok && valid.errors.every((e) => e.message.startsWith('is already involved'));
    if (!valid.ok && !again) return invalid('person', valid.errors);
    let person: InvolvedPerson;
    if (valid.ok) {
      person = valid.person;
      await changeInvolved(id, (e) =>
        (e.involved ?? []).some((p) => p.email.toLowerCase() === person.email.toLowerCase())
          ? 'unchanged'
          : { involved: [...(e.involved ?? []), person], added: involvedIdOf(person) },
      );
    } else {
      const email = String((body as { email?: unknown }).email ?? people.find((p) => p.personId === (body as { personId?: unknown }).personId)?.email ?? '').trim().toLowerCase();
      person = (current.involved ?? []).find((p) => p.email.toLowerCase() === email)!;
    }
    // Published on every accepted request: the mailer's one claim per person and experiment keeps it to one mail.
    await context.publish(DetailType.ExperimentPersonAdded, { experimentId: id, person });
    return details(id);
  }

  async function uninvolve(event: Event): Promise<Result> {
    const id = idOf(event);
    const personId = pathIdOr404(event, 'personId', 'involved person');
    const current = await read(id);
    if (!(current.involved ?? []).some((p) => involvedIdOf(p) === personId)) throw noSuch('involved person', personId);
    await changeInvolved(id, (e) => {
      const rest = (e.involved ?? []).filter((p) => involvedIdOf(p) !== personId);
      return rest.length === (e.involved ?? []).length ? 'unchanged' : { involved: rest, removed: personId };
    });
    return details(id);
  }

  return [
    { method: 'PATCH', path: '/api/experiments/{experimentId}', access: changeAccess, handler: update },
    { method: 'POST', path: '/api/experiments/{experimentId}/involved', access: changeAccess, handler: involve },
    { method: 'DELETE', path: '/api/experiments/{experimentId}/involved/{personId}', access: changeAccess, handler: uninvolve },
  ];
}
