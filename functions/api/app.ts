// The facilitator API (HTTP API, payload 2.0) as a function of its ports, so tests can run it
// against the emulators with a stand-in token and publisher. handler.ts wires the real adapters.
import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj, type MiddyHandlerObject } from '@middy/core';
import httpRouter, { type Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DetailType } from '../contract/events.js';
import { isLinkPath, pathPattern } from '../contract/link-paths.js';
import type { NetworkSettings } from '../contract/network.js';
import type { Publish } from '../domain/publish.js';
import type { MeetingSummary, MeetingWithInvitations } from '../domain/meeting/model.js';
import { validateMeetingRequest, type FieldError } from '../domain/meeting/request.js';
import { experimentRoutes, type ExperimentApiPorts } from './experiment-routes.js';
import { meetingCounts } from '../domain/meeting/counts.js';
import { meetingLifecycleRoutes, meetingOverview, meetingView, type MeetingLifecycleApiPorts } from './meeting-routes.js';
import { peopleRoutes, type PeopleApiPorts } from './people-routes.js';
import { authentication, authRoutes, type AuthApiPorts } from '../auth/routes.js';
import { webApp, type WebAssets } from '../web/routes.js';
import { privacyRoutes, type PrivacyApiPorts } from './privacy-routes.js';
import { unsubscribeRoutes, type UnsubscribeApiPorts } from './unsubscribe-routes.js';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { log, logger } from '../adapters/logger.js';

export interface ApiPorts {
  /** The facilitator API token (from Secrets Manager on AWS). */
  apiToken(): Promise<string>;
  settings(): NetworkSettings;
  publish: Publish;
  listMeetings(): Promise<MeetingSummary[]>;
  getMeetingWithInvitations(meetingId: string): Promise<MeetingWithInvitations | undefined>;
  now?: () => Date;
  newId?: () => string;
  /** The experiment register (functions/api/experiment-routes.ts). */
  experiments?: ExperimentApiPorts;
  /** Reschedule, cancel, follow-up, and the answer and reflection links (functions/api/meeting-routes.ts). */
  lifecycle?: MeetingLifecycleApiPorts;
  /** Sign-in and sessions of the facilitator app (functions/auth); without it only the bearer token works. */
  auth?: AuthApiPorts;
  /** The network's people for the app (functions/api/people-routes.ts). */
  people?: PeopleApiPorts;
  /** The built facilitator app (functions/web/routes.ts). */
  webAssets?: () => WebAssets | undefined;
  /** Export and erasure of a person (functions/api/privacy-routes.ts). */
  privacy?: PrivacyApiPorts;
  /** One-click unsubscribe (functions/api/unsubscribe-routes.ts). */
  unsubscribe?: UnsubscribeApiPorts;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** A 4xx answer; thrown from anywhere in the request and turned into JSON by the error middleware. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** The secret holds the token itself, or a JSON object with a "token" field. */
export function tokenFromSecret(secret: string): string {
  try {
    const parsed: unknown = JSON.parse(secret);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { token?: unknown }).token === 'string') {
      return (parsed as { token: string }).token;
    }
  } catch {
    // not JSON: the plain token
  }
  return secret.trim();
}

function errorResponses(): MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const err = request.error as { statusCode?: number; message?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } | null;
      const status = err?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        request.response = json(status, { message: err?.message ?? 'bad request', ...(err?.extra ?? {}) }, err?.headers ?? {});
        return;
      }
      log({ level: 'error', msg: 'request failed', error: String((err as Error | null)?.stack ?? err) });
      request.response = json(500, { message: 'internal error' });
    },
  };
}

/** The body as text (the HTTP API base64-encodes bodies it does not take for text). */
export const bodyText = (event: Pick<Event, 'body' | 'isBase64Encoded'>): string =>
  event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');

export function readJsonBody(event: Event): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new HttpError(400, 'request body is required', { errors: [{ field: 'body', message: 'is required' }] });
  }
  const text = bodyText(event);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'request body is not valid JSON', {
      errors: [{ field: 'body', message: `is not valid JSON (${(err as Error).message})` }],
    });
  }
}

/** The JSON body, which must be an object (400 otherwise). */
export function readJsonObject(event: Event): Record<string, unknown> {
  const body = readJsonBody(event);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object', { errors: [{ field: 'body', message: 'must be a JSON object' }] });
  }
  return body as Record<string, unknown>;
}

/**
 * What an id in a path can look like (the API issues UUIDs, people have slugs): anything else is
 * answered 404 without a lookup.
 */
const PATH_ID = /^[A-Za-z0-9-]{1,64}$/;

const noSuch = (what: string, id: string) => new HttpError(404, `no ${what} with id "${id.slice(0, 64)}"`);

/** The id in path parameter `name`, or a 404 naming `what` when it cannot be an id. */
export function pathIdOr404(event: Event, name: string, what: string): string {
  const id = event.pathParameters?.[name] ?? '';
  if (!PATH_ID.test(id)) throw noSuch(what, id);
  return id;
}

/** The meeting of a /api/meetings/{meetingId} path, or a 404 (an id that cannot exist is not looked up). */
export async function meetingOr404<M>(event: Event, get: (meetingId: string) => Promise<M | undefined>): Promise<M> {
  const id = pathIdOr404(event, 'meetingId', 'meeting');
  const meeting = await get(id);
  if (!meeting) throw noSuch('meeting', id);
  return meeting;
}

export function createApiHandler(ports: ApiPorts) {
  const now = ports.now ?? (() => new Date());
  const newId = ports.newId ?? randomUUID;

  function buildRouter() {
    const web = webApp(ports.webAssets ?? (() => undefined));
    const routes: Route<Event, Result>[] = [
      {
        method: 'POST',
        path: '/api/meetings',
        handler: async (event: Event) => {
          const body = readJsonBody(event);
          const settings = ports.settings();
          const result = validateMeetingRequest(body, {
            municipalities: settings.municipalities,
            timeZone: settings.timeZone,
            now: now(),
          });
          if (!result.ok) return invalid('meeting', result.errors);
          const meetingId = newId();
          await ports.publish(DetailType.MeetingScheduled, { ...result.meeting, meetingId, version: 1 });
          return json(202, { meetingId }, { location: `/api/meetings/${meetingId}` });
        },
      },
      {
        method: 'GET',
        path: '/api/meetings',
        handler: async () => {
          const at = now();
          return json(200, { meetings: (await ports.listMeetings()).map((m) => meetingView(m, at)) });
        },
      },
      {
        method: 'GET',
        path: '/api/meetings/overview',
        handler: async () => json(200, await meetingOverview(ports, now())),
      },
      {
        method: 'GET',
        path: '/api/meetings/{meetingId}',
        handler: async (event: Event) => {
          const meeting = await meetingOr404(event, (id) => ports.getMeetingWithInvitations(id));
          return json(200, { ...meetingView(meeting, now()), counts: meetingCounts(meeting.invitations) });
        },
      },
      ...experimentRoutes(ports),
      ...meetingLifecycleRoutes(ports),
      ...peopleRoutes(ports),
      ...privacyRoutes(ports),
      ...unsubscribeRoutes(ports),
      ...(ports.webAssets ? web.routes : []),
      ...authRoutes(ports, web.page),
    ];

    // The router only knows "no route"; a path that exists under another method is a 405.
    const patterns = routes.map((r) => ({
      method: r.method,
      path: pathPattern(r.path),
    }));
    const notFoundResponse = ({ method, path }: { method: string; path: string }): never => {
      const allowed = patterns.filter((p) => p.path.test(path)).map((p) => p.method);
      if (allowed.length > 0) {
        throw new HttpError(405, `method ${method} is not allowed on ${path}`, {}, { allow: allowed.join(', ') });
      }
      throw new HttpError(404, `no route for ${method} ${path}`);
    };
    return httpRouter<Event, Result>({ routes, notFoundResponse });
  }
  // Cold start: the route table and the router are built on the first request, not at import.
  let router: ReturnType<typeof buildRouter> | undefined;
  const route = (event: Event, context: Context, opts: MiddyHandlerObject) => (router ??= buildRouter())(event, context, opts);

  return middy<Event, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }) as MiddlewareObj<Event, APIGatewayProxyResultV2>)
    .use(errorResponses() as MiddlewareObj<Event, APIGatewayProxyResultV2>)
    // The bearer token or a session cookie (with CSRF for changes), then the role policy.
    .use(authentication(ports, isLinkPath) as MiddlewareObj<Event, APIGatewayProxyResultV2>)
    .handler(route as never);
}

/** A 400 naming every invalid field of a body about `what`. */
export function invalid(what: string, errors: FieldError[]): Result {
  const fields = [...new Set(errors.map((e) => e.field))];
  return json(400, { message: `invalid ${what}: check ${fields.join(', ')}`, errors });
}
