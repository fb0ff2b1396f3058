// The HTTP vocabulary of the api function (HTTP API, payload 2.0): the 4xx error every route may
// throw, JSON answers, and the body and path readers. Route modules import this, never app.ts.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { FieldError } from '../domain/field-errors.js';
import { log } from '../adapters/logger.js';

export type Event = APIGatewayProxyEventV2;
export type Result = APIGatewayProxyStructuredResultV2;

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

/** A 400 naming every invalid field of a body about `what`. */
export function invalid(what: string, errors: FieldError[]): Result {
  const fields = [...new Set(errors.map((e) => e.field))];
  return json(400, { message: `invalid ${what}: check ${fields.join(', ')}`, errors });
}

/** Answers a thrown 4xx as JSON with its message; anything else is logged and answered 500. */
export function errorResponses<R>(): MiddlewareObj<Event, R> {
  return {
    onError: async (request) => {
      const err = request.error as { statusCode?: number; message?: string; extra?: Record<string, unknown>; headers?: Record<string, string> } | null;
      const status = err?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        request.response = json(status, { message: err?.message ?? 'bad request', ...(err?.extra ?? {}) }, err?.headers ?? {}) as R;
        return;
      }
      log({ level: 'error', msg: 'request failed', error: String((err as Error | null)?.stack ?? err) });
      request.response = json(500, { message: 'internal error' }) as R;
    },
  };
}

/** The body as text (the HTTP API base64-encodes bodies it does not take for text). */
export const bodyText = (event: Pick<Event, 'body' | 'isBase64Encoded'>): string =>
  event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');

type ParsedBody = { ok: true; value: unknown } | { ok: false; error: HttpError };

/** Each request's JSON body, parsed once: the access check and the route read the same value. */
const parsedBodies = new WeakMap<Event, ParsedBody>();

/** The media type of the request (without parameters such as charset), lower case; '' when none. */
export const mediaType = (event: Pick<Event, 'headers'>): string =>
  (event.headers?.['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

function parseJsonBody(event: Event): ParsedBody {
  // A JSON route takes only JSON: a text/plain body is what a cross-site form can send without a preflight.
  const type = mediaType(event);
  if (type !== 'application/json') {
    return {
      ok: false,
      error: new HttpError(415, `request body must be sent as application/json${type ? `, not ${type}` : ''}`, {
        errors: [{ field: 'content-type', message: 'must be application/json' }],
      }),
    };
  }
  if (event.body === undefined || event.body === null || event.body === '') {
    return { ok: false, error: new HttpError(400, 'request body is required', { errors: [{ field: 'body', message: 'is required' }] }) };
  }
  try {
    return { ok: true, value: JSON.parse(bodyText(event)) };
  } catch (err) {
    return {
      ok: false,
      error: new HttpError(400, 'request body is not valid JSON', {
        errors: [{ field: 'body', message: `is not valid JSON (${(err as Error).message})` }],
      }),
    };
  }
}

function parsedBodyOf(event: Event): ParsedBody {
  let parsed = parsedBodies.get(event);
  if (!parsed) parsedBodies.set(event, (parsed = parseJsonBody(event)));
  return parsed;
}

export function readJsonBody(event: Event): unknown {
  const parsed = parsedBodyOf(event);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** One field of the JSON body, or undefined when there is no body, it is no JSON object, or lacks the field. */
export function jsonBodyField(event: Event, field: string): unknown {
  const parsed = parsedBodyOf(event);
  return parsed.ok && parsed.value && typeof parsed.value === 'object' ? (parsed.value as Record<string, unknown>)[field] : undefined;
}

/** The JSON body, which must be an object (400 otherwise). */
export function readJsonObject(event: Event): Record<string, unknown> {
  const body = readJsonBody(event);
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'request body must be a JSON object', { errors: [{ field: 'body', message: 'must be a JSON object' }] });
  }
  return body as Record<string, unknown>;
}

/** Form posts arrive url-encoded (base64 through the HTTP API, which encodes non-text bodies). */
export const formBody = (event: Event) => new URLSearchParams(bodyText(event));

/**
 * What an id in a path can look like (the API issues UUIDs, people have slugs): anything else is
 * answered 404 without a lookup.
 */
const PATH_ID = /^[A-Za-z0-9-]{1,64}$/;

export const isPathId = (id: string) => PATH_ID.test(id);

export const noSuch = (what: string, id: string) => new HttpError(404, `no ${what} with id "${id.slice(0, 64)}"`);

/** The id in path parameter `name`, or a 404 naming `what` when it cannot be an id. */
export function pathIdOr404(event: Event, name: string, what: string): string {
  const id = event.pathParameters?.[name] ?? '';
  if (!isPathId(id)) throw noSuch(what, id);
  return id;
}
