// Personal data rights for facilitators (bearer token or a facilitator's session), mounted by app.ts:
//   GET  /api/people/{personId}/export   everything stored about the person, as a JSON attachment
//   POST /api/people/{personId}/erase    body {"confirm": "<personId>"}: deletes or anonymises every
//                                        item about them, then publishes person-erased (the id only)
// A person id is a network person's id or an outsider's x-<hash> (from a meeting's invitations).
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DetailType } from '../contract/events.js';
import type { ErasureSummary, PersonExport } from '../domain/person/model.js';
import { HttpError, json, pathIdOr404, readJsonBody, type ApiPorts } from './app.js';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export interface PrivacyApiPorts {
  exportPerson(personId: string, now: Date): Promise<PersonExport | undefined>;
  erasePerson(personId: string, now: Date): Promise<ErasureSummary | undefined>;
}

export function privacyRoutes(ports: ApiPorts): Route<Event, Result>[] {
  const p = ports.privacy;
  if (!p) return [];
  const now = ports.now ?? (() => new Date());
  return [
    {
      method: 'GET',
      path: '/api/people/{personId}/export',
      handler: async (event: Event) => {
        const id = pathIdOr404(event, 'personId', 'person');
        const data = await p.exportPerson(id, now());
        if (!data) throw new HttpError(404, `nothing is stored about person "${id}"`);
        return json(200, data, { 'content-disposition': `attachment; filename="samskab-person-${id}.json"` });
      },
    },
    {
      method: 'POST',
      path: '/api/people/{personId}/erase',
      handler: async (event: Event) => {
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
        await ports.publish(DetailType.PersonErased, { personId: id });
        return json(200, summary);
      },
    },
  ];
}
