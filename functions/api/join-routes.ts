// Joining the network from outside (functions/domain/join):
//   GET  /join?lang=da|en          the network's public page with the form (public)
//   POST /join?lang=               the page's form (urlencoded): thanks, or the form again with errors
//   POST /api/join-requests        the same as JSON (public): 202, 400 naming the fields, 429 over the rate
//   GET  /api/join-requests        the requests kept (facilitators)
// Public routes are limited per source (the caller's IP address) by the domain's counter, and the
// HTTP API throttles them as a whole (lib/constructs/api.ts).
import type * as Api from '../contract/api-types.js';
import { access, type ApiRoute } from '../auth/access.js';
import { receiveJoinRequest, type JoinPorts } from '../domain/join/request.js';
import { JOIN_PAGE_PATH, renderJoinPage, type JoinPageLanguage } from '../pages/join-page.js';
import type { ApiContext } from './context.js';
import { formBody, HttpError, invalid, json, mediaType, readJsonBody, type Event, type Result } from './http.js';

export type JoinApiPorts = Omit<JoinPorts, 'settings' | 'now'>;

const ACCEPTED: Api.JoinRequestAccepted = { message: 'Thank you: the network has your request and will get back to you.' };

const sourceOf = (event: Event) => event.requestContext?.http?.sourceIp ?? 'unknown';
const pageLanguage = (event: Event, fallback: JoinPageLanguage): JoinPageLanguage => {
  const l = event.queryStringParameters?.lang;
  return l === 'da' || l === 'en' ? l : fallback;
};

export function joinRoutes(context: ApiContext, p: JoinApiPorts): ApiRoute[] {
  const ports: JoinPorts = { ...p, settings: context.settings, now: context.now };

  async function page(event: Event): Promise<Result> {
    return renderJoinPage({ kind: 'form' }, pageLanguage(event, context.settings().defaultLanguage), context.settings());
  }

  async function postForm(event: Event): Promise<Result> {
    const language = pageLanguage(event, context.settings().defaultLanguage);
    const type = mediaType(event);
    if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'the form is sent as application/x-www-form-urlencoded');
    const values = Object.fromEntries(formBody(event));
    // The form's empty optional fields are left out, as a JSON caller would.
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));
    const result = await receiveJoinRequest(body, sourceOf(event), ports);
    if (result.outcome === 'accepted' || result.outcome === 'dropped') return renderJoinPage({ kind: 'thanks' }, language, context.settings());
    if (result.outcome === 'rate-limited') return renderJoinPage({ kind: 'rate-limited' }, language, context.settings());
    return renderJoinPage({ kind: 'form', values, errors: result.errors }, language, context.settings());
  }

  async function postJson(event: Event): Promise<Result> {
    const result = await receiveJoinRequest(readJsonBody(event), sourceOf(event), ports);
    if (result.outcome === 'invalid') return invalid('join request', result.errors);
    if (result.outcome === 'rate-limited') return json(429, { message: 'too many requests from here; try again in an hour' }, { 'retry-after': '3600' });
    return json(202, ACCEPTED);
  }

  async function list(): Promise<Result> {
    return json(200, { joinRequests: await p.listJoinRequests() } satisfies Api.JoinRequestList);
  }

  return [
    { method: 'GET', path: JOIN_PAGE_PATH, access: access.public, handler: page },
    { method: 'POST', path: JOIN_PAGE_PATH, access: access.public, handler: postForm },
    { method: 'POST', path: '/api/join-requests', access: access.public, handler: postJson },
    { method: 'GET', path: '/api/join-requests', access: access.facilitators('only facilitators may read join requests'), handler: list },
  ];
}
