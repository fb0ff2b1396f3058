// The API's types for the app's session (functions/auth). Re-exported from api-types.ts, the one
// place the web app imports from.
import type { Language } from './network.js';

/** Who may sign in to the app: facilitators (the config's list) and coordinators of a municipality. */
export type AppRole = 'facilitator' | 'coordinator';

export interface SessionPerson {
  personId: string;
  name: string;
  email: string;
  role: AppRole;
  municipality: string | null;
  language: Language;
  /** When the session ends (ISO 8601). */
  expiresAt: string;
}

/** What the app needs of the network's settings. */
export interface SessionNetwork {
  name: string;
  municipalities: string[];
  timeZone: string;
  defaultLanguage: Language;
}

/** GET /api/session: the signed-in person (null with the API token) and the network. */
export type SessionAnswer =
  | { person: null; via: 'token'; network: SessionNetwork }
  | { person: SessionPerson; csrfToken: string; via: 'session'; network: SessionNetwork };

/** The body of POST /auth/sign-in. */
export interface SignInRequest {
  email: string;
  /** The app page to return to after sign-in (contract/return-path.ts); anything else is a 400. */
  returnTo?: string;
}

/** The body of POST /auth/callback: the token of the mail's link. */
export interface SignInCallbackRequest {
  t: string;
}

/** 202 to POST /auth/sign-in, whether or not the address may sign in (nothing to probe addresses with). */
export interface SignInAccepted {
  message: string;
}

/** 200 to POST /auth/callback (with the session cookie). */
export interface SignedIn {
  person: SessionPerson;
  csrfToken: string;
}
