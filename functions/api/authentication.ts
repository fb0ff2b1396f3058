// Who is calling, and may they: the authentication middleware of the api function (before the
// router) and the access check of each route (after it). A request to a path no public route
// serves needs the API token (Authorization: Bearer) or a session cookie; cookie-authenticated
// POST/PUT/PATCH/DELETE also need the x-csrf-token header (and a same-origin Origin /
// Sec-Fetch-Site when the browser sends them). What the caller may do is declared on each route
// (functions/auth/access.ts).
import type { MiddlewareObj } from '@middy/core';
import { accessRefusal, unroutedAccess, type ApiRoute, type Principal } from '../auth/access.js';
import { checkCsrf, isStateChanging, readCookie, SESSION_COOKIE } from '../auth/session-cookie.js';
import { secretsEqual, sessionFor, type AuthPorts } from '../auth/sessions.js';
import { json, type Event, type Result } from './http.js';

export interface AuthenticationPorts {
  /** The facilitator API token (from Secrets Manager on AWS). */
  apiToken(): Promise<string>;
  /** Sign-in and sessions; without it only the bearer token works. */
  auth?: Pick<AuthPorts, 'store' | 'now'>;
}

const principals = new WeakMap<Event, Principal>();
/** The authenticated caller of a request (set by the authentication middleware). */
export const principalOf = (event: Event): Principal | undefined => principals.get(event);

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

const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/** This request's own origin: https on AWS, http on this machine (the local cloud). */
export function requestOrigin(event: Event): { origin: string; secure: boolean } {
  const host = event.requestContext?.domainName || event.headers?.host || 'localhost';
  const forwarded = event.headers?.['x-forwarded-proto']?.split(',')[0]?.trim();
  const proto = forwarded === 'http' || forwarded === 'https' ? forwarded : LOOPBACK.test(host) ? 'http' : 'https';
  return { origin: `${proto}://${host}`, secure: proto === 'https' };
}

const pathOf = (event: Event) => event.rawPath ?? event.requestContext?.http?.path ?? '';
const methodOf = (event: Event) => (event.requestContext?.http?.method ?? 'GET').toUpperCase();

const unauthenticated = (message: string): Result => json(401, { message }, { 'www-authenticate': 'Bearer' });

/**
 * The authentication middleware: bearer token or session cookie, CSRF for cookie-authenticated
 * changes. `isPublicRoute` names the public routes (pages, signing in, mail links, join requests) by method and path.
 */
export function authentication(ports: AuthenticationPorts, isPublicRoute: (method: string, path: string) => boolean): MiddlewareObj<Event, Result> {
  return {
    before: async (request) => {
      const event = request.event;
      if (isPublicRoute(methodOf(event), pathOf(event))) return undefined;

      const header = event.headers?.authorization ?? event.headers?.Authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        const expected = tokenFromSecret(await ports.apiToken());
        if (!match || !secretsEqual(match[1]!, expected)) return unauthenticated('missing or invalid bearer token');
        principals.set(event, { kind: 'token' });
        return undefined;
      }

      const sessionId = readCookie(event.cookies, event.headers?.cookie, SESSION_COOKIE);
      const session = ports.auth && sessionId ? await sessionFor(ports.auth, sessionId) : undefined;
      if (!session || !sessionId) {
        return unauthenticated(sessionId ? 'your session has ended; sign in again' : 'missing or invalid bearer token or session');
      }
      if (isStateChanging(methodOf(event))) {
        const failure = checkCsrf(session, event.headers ?? {}, requestOrigin(event).origin);
        if (failure) {
          return json(403, {
            message: failure === 'cross-origin' ? 'cross-site request refused' : 'missing or invalid CSRF token (x-csrf-token)',
          });
        }
      }
      principals.set(event, { kind: 'session', sessionId, session });
      return undefined;
    },
  };
}

async function refusalAnswer(access: ApiRoute['access'], event: Event): Promise<Result | undefined> {
  const refusal = await accessRefusal(access, principalOf(event), event);
  if (!refusal) return undefined;
  // A 401 here means the middleware's public paths and the router disagree: nothing is let through.
  return refusal.statusCode === 401 ? unauthenticated(refusal.message) : json(refusal.statusCode, { message: refusal.message });
}

/** The route's handler behind its access check (run after routing, so path parameters are set). */
export function guardedHandler(route: ApiRoute): (event: Event) => Promise<Result> {
  if (route.access.kind === 'public') return route.handler;
  return async (event) => (await refusalAnswer(route.access, event)) ?? route.handler(event);
}

/** The answer to a request no route serves when its caller may not learn that (a coordinator); undefined lets the 404 or 405 through. */
export async function unroutedRefusal(event: Event): Promise<Result | undefined> {
  return principalOf(event) ? refusalAnswer(unroutedAccess, event) : undefined;
}
