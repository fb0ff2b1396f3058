// Who may do what, declared on each route (functions/api/*-routes.ts, functions/web/routes.ts):
// the API token (scripts, integrations) and a facilitator's session may use every route that
// needs a credential; a municipal coordinator's session only the routes whose access names
// coordinators (reading the experiment register; registering, noting, completing or abandoning
// experiments of their own municipality). Every route must declare its access, so a route added
// later is closed to coordinators unless it says otherwise. The api function authenticates the
// caller (functions/api/authentication.ts) and asks accessRefusal before a route runs.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { SessionRecord } from './sessions.js';

type Event = APIGatewayProxyEventV2;

/** Who is calling: the API token, or a signed-in person's session. */
export type Principal = { kind: 'token' } | { kind: 'session'; sessionId: string; session: SessionRecord };

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
  handler: (event: Event) => Promise<APIGatewayProxyStructuredResultV2>;
}

export type Refusal = { statusCode: 401 | 403; message: string };

/** Why the caller may not use a route with this access; undefined when they may. */
export async function accessRefusal(access: Access, principal: Principal | undefined, event: Event): Promise<Refusal | undefined> {
  if (access.kind === 'public') return undefined;
  if (!principal) return { statusCode: 401, message: 'missing or invalid bearer token or session' };
  if (principal.kind === 'token' || principal.session.role === 'facilitator' || access.kind === 'signed-in') return undefined;
  const own = principal.session.municipality;
  if (own === undefined) return { statusCode: 403, message: 'a coordinator without a municipality may not use the app' };
  switch (access.kind) {
    case 'facilitators':
      return { statusCode: 403, message: access.refusal };
    case 'coordinators':
      return undefined;
    case 'own-municipality': {
      const municipality = await access.municipalityOf(event);
      return municipality !== undefined && municipality !== own ? { statusCode: 403, message: access.refusal(own) } : undefined;
    }
  }
}

/** A request no route serves is refused like one to a route for facilitators only (coordinators do not learn what exists). */
export const unroutedAccess: Access = access.facilitators();
