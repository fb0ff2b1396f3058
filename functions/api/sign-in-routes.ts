// Signing in and out of the facilitator app, mounted by functions/api/app.ts:
//
//   POST /auth/sign-in   {email, returnTo?}: always the same neutral 202 (see sessions.ts requestSignIn);
//                        returnTo, an app page (contract/return-path.ts), rides in the link as `r`
//   GET  /auth/callback  ?t=: the app's page with one button (mail scanners open links by GET and
//                        must not use up the single-use token)
//   POST /auth/callback  {t}: consumes the token, starts the session (cookie samskab_session)
//   POST /auth/sign-out  ends the session
//   GET  /api/session    {person, csrfToken, network}
//
// How each request is authenticated is in authentication.ts; who may use which route, in
// functions/auth/access.ts; the sign-in tokens and sessions themselves, in functions/auth/sessions.ts.
import type * as Api from '../contract/api-types.js';
import type { NetworkSettings } from '../contract/network.js';
import { safeReturnPath } from '../contract/return-path.js';
import { access, type ApiRoute } from '../auth/access.js';
import { clearedSessionCookie, sessionCookie } from '../auth/session-cookie.js';
import { completeSignIn, endSession, requestSignIn, SESSION_TTL_MS, type AuthPorts, type SessionRecord } from '../auth/sessions.js';
import { principalOf, requestOrigin } from './authentication.js';
import { formBody, HttpError, json, readJsonObject, type Event, type Result } from './http.js';
import { log } from '../adapters/logger.js';

function body(event: Event): Record<string, unknown> {
  const type = event.headers?.['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(formBody(event));
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

export const SIGN_IN_ACCEPTED: Api.SignInAccepted = {
  message: 'If the address belongs to someone who may sign in, a sign-in link is on its way. It works once, for 15 minutes.',
};

/** The signed-in person as the app shows them. */
const personOf = (s: SessionRecord) => ({
  personId: s.personId,
  name: s.name,
  email: s.email,
  role: s.role,
  municipality: s.municipality ?? null,
  language: s.language,
  expiresAt: new Date(s.validUntil).toISOString(),
});

export function signInRoutes(auth: AuthPorts, settings: () => NetworkSettings, appPage: (event: Event) => Result): ApiRoute[] {
  async function requestLink(event: Event): Promise<Result> {
    sameOriginOnly(event);
    const { email, returnTo } = body(event);
    // Checked before anything else, so the answer says nothing about the address.
    const path = returnTo === undefined || returnTo === '' ? undefined : safeReturnPath(returnTo);
    if (returnTo !== undefined && returnTo !== '' && path === undefined) {
      throw new HttpError(400, 'returnTo is not a page of the app', { errors: [{ field: 'returnTo', message: 'must be a page of the app, such as /app/meetings/…' }] });
    }
    const outcome = await requestSignIn(auth, email, requestOrigin(event).origin, path);
    // For the logs only (no address): the answer is the same whatever happened.
    log({ msg: 'sign-in requested', outcome });
    return json(202, SIGN_IN_ACCEPTED);
  }

  async function startSession(event: Event): Promise<Result> {
    sameOriginOnly(event);
    const { t } = body(event);
    const result = await completeSignIn(auth, t);
    if (!result.ok) {
      log({ msg: 'sign-in link refused', reason: result.reason });
      return json(400, { message: 'the sign-in link is not valid (it works once, for 15 minutes)', reason: result.reason });
    }
    const { secure } = requestOrigin(event);
    return {
      ...json(200, { person: personOf(result.session), csrfToken: result.session.csrfToken } satisfies Api.SignedIn),
      cookies: [sessionCookie(result.sessionId, { secure, maxAgeSeconds: Math.floor(SESSION_TTL_MS / 1000) })],
    };
  }

  async function signOut(event: Event): Promise<Result> {
    const principal = principalOf(event);
    if (principal?.kind === 'session') await endSession(auth, principal.sessionId);
    return { statusCode: 204, headers: { 'cache-control': 'no-store' }, cookies: [clearedSessionCookie(requestOrigin(event).secure)] };
  }

  async function currentSession(event: Event): Promise<Result> {
    const principal = principalOf(event);
    const s = settings();
    const network = { name: s.name, municipalities: s.municipalities, timeZone: s.timeZone, defaultLanguage: s.defaultLanguage };
    if (!principal || principal.kind === 'token') return json(200, { person: null, via: 'token', network } satisfies Api.SessionAnswer);
    return json(200, { person: personOf(principal.session), csrfToken: principal.session.csrfToken, via: 'session', network } satisfies Api.SessionAnswer);
  }

  return [
    { method: 'POST', path: '/auth/sign-in', access: access.public, handler: requestLink },
    { method: 'GET', path: '/auth/callback', access: access.public, handler: async (event) => appPage(event) },
    { method: 'POST', path: '/auth/callback', access: access.public, handler: startSession },
    { method: 'POST', path: '/auth/sign-out', access: access.signedIn, handler: signOut },
    { method: 'GET', path: '/api/session', access: access.signedIn, handler: currentSession },
  ];
}
