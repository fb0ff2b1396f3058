// The signed-in facilitator's daily digest (new answers and reflections, functions/digest), mounted by app.ts:
//   GET /api/me/digest   {"enabled": boolean}
//   PUT /api/me/digest   {"enabled": boolean}: 200 with the same; a repeat changes nothing
// A preference of a person: the API token belongs to nobody, so it gets a 403 naming the session.
import * as z from 'zod/mini';
import { lazySchema } from '../contract/lazy-schema.js';
import type * as Api from '../contract/api-types.js';
import { expected, validateBody } from '../domain/field-errors.js';
import type { DigestSubscriptionStore } from '../domain/meeting/store.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { principalOf } from './authentication.js';
import { HttpError, invalid, json, readJsonBody, type Event, type Result } from './http.js';
import { meetingAccess } from './meeting-routes.js';

export type DigestApiPorts = DigestSubscriptionStore;

// Built on first use (lazySchema), as the contract's schemas (functions/contract/events.ts says why).
const digestRequestSchema = /* @__PURE__ */ lazySchema(() => z.strictObject({ enabled: z.boolean(expected('true or false')) }, expected('a JSON object with enabled')));

function signedInPerson(event: Event): string {
  const principal = principalOf(event);
  if (principal?.kind !== 'session') throw new HttpError(403, 'the daily digest is a signed-in facilitator’s own choice; the API token belongs to no person');
  return principal.session.personId;
}

export function digestRoutes(context: ApiContext, ports: DigestApiPorts): ApiRoute[] {
  async function show(event: Event): Promise<Result> {
    const personId = signedInPerson(event);
    return json(200, { enabled: await ports.isDigestSubscriber(personId) } satisfies Api.DigestPreference);
  }

  async function change(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const personId = signedInPerson(event);
    const valid = validateBody(digestRequestSchema, body);
    if (!valid.ok) return invalid('digest preference', valid.errors);
    await ports.setDigestSubscription(personId, valid.value.enabled, context.now());
    return json(200, { enabled: valid.value.enabled } satisfies Api.DigestPreference);
  }

  return [
    { method: 'GET', path: '/api/me/digest', access: meetingAccess, handler: show },
    { method: 'PUT', path: '/api/me/digest', access: meetingAccess, handler: change },
  ];
}
