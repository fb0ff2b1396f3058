// The session cookie and the CSRF check of cookie-authenticated requests (the sessions themselves
// are in sessions.ts).
import { secretsEqual, type SessionRecord } from './sessions.js';

export const SESSION_COOKIE = 'samskab_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Reads one cookie from payload 2.0's `cookies` array (or a Cookie header). */
export function readCookie(cookies: readonly string[] | undefined, header: string | undefined, name: string): string | undefined {
  const all = [...(cookies ?? []), ...(header ? header.split(/;\s*/) : [])];
  for (const c of all) {
    const eq = c.indexOf('=');
    if (eq > 0 && c.slice(0, eq).trim() === name) return c.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(value: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export const clearedSessionCookie = (secure: boolean) => sessionCookie('', { secure, maxAgeSeconds: 0 });

export const isStateChanging = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());

export type CsrfFailure = 'missing-token' | 'wrong-token' | 'cross-origin';

/**
 * The CSRF check for cookie-authenticated state-changing requests: the x-csrf-token header must
 * equal the session's token, and where the browser says where the request came from (Origin,
 * Sec-Fetch-Site) it must be this origin.
 */
export function checkCsrf(
  session: Pick<SessionRecord, 'csrfToken'>,
  headers: Record<string, string | undefined>,
  ownOrigin: string,
): CsrfFailure | undefined {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return 'cross-origin';
  const origin = headers['origin'];
  // An opaque origin ("null") is never this origin either.
  if (origin !== undefined && origin !== ownOrigin) return 'cross-origin';
  const token = headers[CSRF_HEADER];
  if (!token) return 'missing-token';
  return secretsEqual(token, session.csrfToken) ? undefined : 'wrong-token';
}
