// Sign-in, sessions and the authentication of every API request, mounted by functions/api/app.ts.
//
//   POST /auth/sign-in   {email}: always the same neutral 202 (see core.ts requestSignIn)
//   GET  /auth/callback  ?t=: the app's page with one button (mail scanners open links by GET and
//                        must not use up the single-use token)
//   POST /auth/callback  {t}: consumes the token, starts the session (cookie samskab_session)
//   POST /auth/sign-out  ends the session
//   GET  /api/session    {person, csrfToken, network}
//
// Every other /api route needs the API token (Authorization: Bearer) or a session cookie;
// cookie-authenticated POST/PUT/PATCH/DELETE also need the x-csrf-token header (and a same-origin
// Origin / Sec-Fetch-Site when the browser sends them). functions/auth/policy.ts decides what a
// coordinator may do.
import type { MiddlewareObj } from '@middy/core';
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bodyText, HttpError, json, readJsonObject, tokenFromSecret, type ApiPorts } from '../api/app.js';
import {
  checkCsrf,
  clearedSessionCookie,
  completeSignIn,
  endSession,
  isStateChanging,
  readCookie,
  requestSignIn,
  secretsEqual,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  sessionCookie,
  sessionFor,
  type AuthPorts,
  type SessionRecord,
} from './core.js';
import { decide, type Principal } from './policy.js';
import { log } from '../adapters/logger.js';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

export type AuthApiPorts = AuthPorts;

const principals = new WeakMap<Event, Principal>();
/** The authenticated caller of a request (set by the authentication middleware). */
export const principalOf = (event: Event): Principal | undefined => principals.get(event);

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

/** Paths anyone may open: the app's pages and the first two steps of signing in. */
export const isOpenPath = (path: string) => /^\/(app(\/.*)?|auth\/(sign-in|callback)\/?)?$/.test(path);

function sessionIdOf(event: Event): string | undefined {
  return readCookie(event.cookies, event.headers?.cookie, SESSION_COOKIE);
}

const unauthenticated = (message: string) => json(401, { message }, { 'www-authenticate': 'Bearer' });

/**
 * The authentication middleware: bearer token or session cookie, CSRF for cookie-authenticated
 * changes, then the role policy. `isPublic` names the routes with their own credential (links).
 */
export function authentication(ports: ApiPorts, isPublic: (path: string) => boolean): MiddlewareObj<Event, Result> {
  return {
    before: async (request) => {
      const event = request.event;
      const path = pathOf(event);
      if (isPublic(path) || isOpenPath(path)) return undefined;
      const method = methodOf(event);

      let principal: Principal;
      const header = event.headers?.authorization ?? event.headers?.Authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        const expected = tokenFromSecret(await ports.apiToken());
        if (!match || !secretsEqual(match[1]!, expected)) return unauthenticated('missing or invalid bearer token');
        principal = { kind: 'token' };
      } else {
        const sessionId = sessionIdOf(event);
        const session = ports.auth && sessionId ? await sessionFor(ports.auth, sessionId) : undefined;
        if (!session || !sessionId) {
          return unauthenticated(sessionId ? 'your session has ended; sign in again' : 'missing or invalid bearer token or session');
        }
        principal = { kind: 'session', sessionId, session };
        if (isStateChanging(method)) {
          const failure = checkCsrf(session, event.headers ?? {}, requestOrigin(event).origin);
          if (failure) {
            return json(403, {
              message: failure === 'cross-origin' ? 'cross-site request refused' : 'missing or invalid CSRF token (x-csrf-token)',
            });
          }
        }
      }

      const decision = decide(principal, method, path, event);
      if (decision.allow === false) return json(403, { message: decision.message });
      if (decision.allow === 'if-experiment-of') {
        const experiment = await ports.experiments?.getExperiment(decision.experimentId);
        if (experiment && experiment.municipality !== decision.municipality) {
          return json(403, { message: `a coordinator may only change experiments of ${decision.municipality}` });
        }
      }
      principals.set(event, principal);
      return undefined;
    },
  };
}

function body(event: Event): Record<string, unknown> {
  const type = event.headers?.['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(bodyText(event)));
  return readJsonObject(event);
}

/** Refuses a browser request from another site (the sign-in steps run before any session). */
function sameOriginOnly(event: Event): void {
  const origin = event.headers?.origin;
  const site = event.headers?.['sec-fetch-site'];
  if ((origin !== undefined && origin !== requestOrigin(event).origin) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    throw new HttpError(403, 'cross-site request refused');
  }
}

export const SIGN_IN_ACCEPTED = {
  message: 'If the address belongs to someone who may sign in, a sign-in link is on its way. It works once, for 15 minutes.',
};

export function authRoutes(ports: ApiPorts, appPage: (event: Event) => Result): Route<Event, Result>[] {
  const auth = ports.auth;
  if (!auth) return [];
  return [
    {
      method: 'POST',
      path: '/auth/sign-in',
      handler: async (event: Event) => {
        sameOriginOnly(event);
        const { email } = body(event);
        const outcome = await requestSignIn(auth, email, requestOrigin(event).origin);
        // For the logs only (no address): the answer is the same whatever happened.
        log({ msg: 'sign-in requested', outcome });
        return json(202, SIGN_IN_ACCEPTED);
      },
    },
    {
      method: 'GET',
      path: '/auth/callback',
      handler: async (event: Event) => appPage(event),
    },
    {
      method: 'POST',
      path: '/auth/callback',
      handler: async (event: Event) => {
        sameOriginOnly(event);
        const { t } = body(event);
        const result = await completeSignIn(auth, t);
        if (!result.ok) {
          log({ msg: 'sign-in link refused', reason: result.reason });
          return json(400, { message: 'the sign-in link is not valid (it works once, for 15 minutes)', reason: result.reason });
        }
        const { secure } = requestOrigin(event);
        return {
          ...json(200, { person: personOf(result.session), csrfToken: result.session.csrfToken }),
          cookies: [sessionCookie(result.sessionId, { secure, maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000) })],
        };
      },
    },
    {
      method: 'POST',
      path: '/auth/sign-out',
      handler: async (event: Event) => {
        const principal = principalOf(event);
        if (principal?.kind === 'session') await endSession(auth, principal.sessionId);
        return { statusCode: 204, headers: { 'cache-control': 'no-store' }, cookies: [clearedSessionCookie(requestOrigin(event).secure)] };
      },
    },
    {
      method: 'GET',
      path: '/api/session',
      handler: async (event: Event) => {
        const principal = principalOf(event);
        const settings = ports.settings();
        const network = {
          name: settings.name,
          municipalities: settings.municipalities,
          timeZone: settings.timeZone,
          defaultLanguage: settings.defaultLanguage,
        };
        if (!principal || principal.kind === 'token') return json(200, { person: null, via: 'token', network });
        return json(200, { person: personOf(principal.session), csrfToken: principal.session.csrfToken, via: 'session', network });
      },
    },
  ];
}

const personOf = (s: SessionRecord) => ({
  personId: s.personId,
  name: s.name,
  email: s.email,
  role: s.role,
  municipality: s.municipality ?? null,
  language: s.language,
  expiresAt: new Date(s.validUntil).toISOString(),
});
