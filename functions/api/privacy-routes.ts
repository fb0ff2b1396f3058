// Personal data rights for facilitators (bearer token or a facilitator's session), mounted by app.ts:
//   GET  /api/people/{personId}/export   everything stored about the person, as a JSON attachment
//   POST /api/people/{personId}/erase    body {"confirm": "<personId>"}: deletes or anonymises every
//                                        item about them, then publishes person-erased (the id only)
// A person id is a network person's id or an outsider's x-<hash> (from a meeting's invitations).
import { DetailType } from '../contract/events.js';
import type { ErasureSummary, PersonExport } from '../domain/person/model.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, json, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';
import { peopleAccess } from './people-routes.js';

/** The privacy store (domain/person/store.ts), always given the api's clock. */
export interface PrivacyApiPorts {
  exportPerson(personId: string, now: Date): Promise<PersonExport | undefined>;
  erasePerson(personId: string, now: Date): Promise<ErasureSummary | undefined>;
}

export function privacyRoutes(context: ApiContext, p: PrivacyApiPorts): ApiRoute[] {
  const { now } = context;

  async function exportData(event: Event): Promise<Result> {
    const id = pathIdOr404(event, 'personId', 'person');
    const data = await p.exportPerson(id, now());
    if (!data) throw new HttpError(404, `nothing is stored about person "${id}"`);
    return json(200, data, { 'content-disposition': `attachment; filename="samskab-person-${id}.json"` });
  }

  async function erase(event: Event): Promise<Result> {
    const id = pathIdOr404(event, 'personId', 'person');
    const body = readJsonBody(event) as { confirm?: unknown } | null;
    if (!body || typeof body !== 'object' || body.confirm !== id) {
      throw new HttpError(400, 'to erase a person, confirm with their id', {
        errors: [{ field: 'confirm', message: `must be the person id "${id}"` }],
      });
    }
    const summary = await p.erasePerson(id, now());
    if (!summary) throw new HttpError(404, `nothing is stored about person "${id}"`);
    // Last: a failed publish answers 500, and repeating the request publishes it (erasure is idempotent).
    await context.publish(DetailType.PersonErased, { personId: id });
    return json(200, summary);
  }

  return [
    { method: 'GET', path: '/api/people/{personId}/export', access: peopleAccess, handler: exportData },
    { method: 'POST', path: '/api/people/{personId}/erase', access: peopleAccess, handler: erase },
  ];
}
