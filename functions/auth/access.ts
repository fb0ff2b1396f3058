// Who may do what, declared on each route (functions/api/*-routes.ts, auth/sign-in-routes.ts):
// the API token (scripts, integrations) and a facilitator's session may use every route that
// needs a credential; a municipal coordinator's session only the routes whose access names
// coordinators (reading the experiment register; registering, noting, completing or abandoning
// experiments of their own municipality). Every route must declare its access, so a route added
// later is closed to coordinators unless it says otherwise.
import { json, type Event, type Result } from '../api/http.js';
import { principalOf, unauthenticated, type Principal } from './authentication.js';

export type Access =
  /** No credential at the door: the app's pages, signing in, and the links in mail (the route checks their signed token). */
  | { kind: 'public' }
  /** Anyone signed in (the token or any session): the session itself, signing out. */
  | { kind: 'signed-in' }
  /** The token or a facilitator's session; `refusal` tells anyone else why not. */
  | { kind: 'facilitators'; refusal: string }
  /** Also a coordinator, whatever the municipality. */
  | { kind: 'coordinators' }
  /**
   * Also a coordinator, when the request is about their own municipality. `municipalityOf` reads
   * which one it is about; undefined leaves the request to the route (its 400 or 404).
   */
  | {
      kind: 'own-municipality';
      municipalityOf: (event: Event) => Promise<string | undefined> | string | undefined;
      refusal: (own: string) => string;
    };

export const access = {
  public: { kind: 'public' },
  signedIn: { kind: 'signed-in' },
  facilitators: (refusal = 'only facilitators may do this'): Access => ({ kind: 'facilitators', refusal }),
  coordinators: { kind: 'coordinators' },
  ownMunicipality: (
    municipalityOf: (event: Event) => Promise<string | undefined> | string | undefined,
    refusal: (own: string) => string,
  ): Access => ({ kind: 'own-municipality', municipalityOf, refusal }),
} as const satisfies Record<string, Access | ((...args: never[]) => Access)>;

/** A route of the api function with the access that guards it. */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  access: Access;
  handler: (event: Event) => Promise<Result>;
}

/** Why the caller may not use a route with this access, as the answer; undefined when they may. */
async function refusalOf(access: Access, principal: Principal | undefined, event: Event): Promise<Result | undefined> {
  if (access.kind === 'public') return undefined;
  // The authentication middleware answers 401 before this; a principal is missing only if its
  // idea of the public paths and the router's differ, and then nothing is let through.
  if (!principal) return unauthenticated('missing or invalid bearer token or session');
  if (principal.kind === 'token' || principal.session.role === 'facilitator' || access.kind === 'signed-in') return undefined;
  const own = principal.session.municipality;
  if (own === undefined) return json(403, { message: 'a coordinator without a municipality may not use the app' });
  switch (access.kind) {
    case 'facilitators':
      return json(403, { message: access.refusal });
    case 'coordinators':
      return undefined;
    case 'own-municipality': {
      const municipality = await access.municipalityOf(event);
      return municipality !== undefined && municipality !== own ? json(403, { message: access.refusal(own) }) : undefined;
    }
  }
}

/** The route's handler behind its access check (run after routing, so path parameters are set). */
export function guardedHandler(route: ApiRoute): (event: Event) => Promise<Result> {
  if (route.access.kind === 'public') return route.handler;
  return async (event) => (await refusalOf(route.access, principalOf(event), event)) ?? route.handler(event);
}

/**
 * The answer to a request no route serves, when its caller may not learn that (a coordinator:
 * 403, as from a route for facilitators only); undefined lets the 404 or 405 through.
 */
export async function unroutedRefusal(event: Event): Promise<Result | undefined> {
  const principal = principalOf(event);
  return principal ? refusalOf(access.facilitators(), principal, event) : undefined;
}
