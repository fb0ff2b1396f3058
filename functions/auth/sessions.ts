// Passwordless sign-in and sessions of the facilitator app, as functions of their ports (the
// table adapter is functions/adapters/sessions-store.ts; tests pass an in-memory store). The
// cookie that carries a session and the CSRF check are in session-cookie.ts.
//
// - requestSignIn: an address of a facilitator (config `facilitators`) or a municipal
//   coordinator gets a single-use link valid for 15 minutes, through the mail queue, at most 3
//   per address per 15 minutes; unknown addresses get nothing (and nothing is stored for them).
//   The caller answers the same neutral 202 whatever happened.
// - completeSignIn: consumes the token with one conditional delete and starts a session: a random
//   id (only its hash is stored) in an HttpOnly cookie, with its own CSRF token, for 12 hours.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppRole } from '../contract/api-types.js';
import type { SignInMailJob } from '../contract/mail-job.js';
import type { Language } from '../contract/network.js';
import { normalizeAddress } from '../contract/table.js';
import type { NetworkPerson } from '../domain/person/audience.js';

export const SIGN_IN_TOKEN_TTL_MS = 15 * 60_000;
export const SIGN_IN_RATE_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_RATE_LIMIT = 3;
export const SESSION_TTL_MS = 12 * 60 * 60_000;

/** Who may sign in: the network's facilitators, and coordinators (for their municipality). */
export type { AppRole };

export interface SignInTokenRecord {
  personId: string;
  /** Epoch ms after which the token is refused. */
  validUntil: number;
}

export interface SessionRecord {
  personId: string;
  name: string;
  email: string;
  role: AppRole;
  municipality?: string;
  language: Language;
  csrfToken: string;
  createdAt: number;
  validUntil: number;
}

export interface AuthStore {
  /** Counts one attempt in the window; false once the limit is reached (nothing counted then). */
  countSignInAttempt(emailHash: string, windowStartMs: number, limit: number, windowEndMs: number): Promise<boolean>;
  putSignInToken(tokenHash: string, record: SignInTokenRecord): Promise<void>;
  /** Deletes the token and returns what it held; undefined when it was never there or already used. */
  consumeSignInToken(tokenHash: string): Promise<SignInTokenRecord | undefined>;
  putSession(idHash: string, record: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
}

export interface AuthPorts {
  store: AuthStore;
  /** The person holding an address (the address key: bounded, whoever asks; never the whole people list). */
  personByAddress(email: string): Promise<NetworkPerson | undefined>;
  /** One person by id. */
  getPerson(personId: string): Promise<NetworkPerson | undefined>;
  /** Person ids from the config's `facilitators`. */
  facilitators(): readonly string[];
  /** Puts the sign-in mail on the mail queue. */
  enqueueMail(job: SignInMailJob): Promise<void>;
  now?: () => Date;
  /** Random bytes as base64url (tests may pin them). */
  randomToken?: () => string;
}

const nowMs = (ports: Pick<AuthPorts, 'now'>) => (ports.now?.() ?? new Date()).getTime();

export const hashSecret = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
export const newRandomToken = () => randomBytes(32).toString('base64url');

/** Constant-time string comparison (hashing first makes the lengths equal). */
export function secretsEqual(given: string, expected: string): boolean {
  if (expected.length === 0) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

/** The app role of a person, or undefined when they may not sign in. */
export function appRoleOf(person: NetworkPerson, facilitators: readonly string[]): AppRole | undefined {
  if (facilitators.includes(person.personId)) return 'facilitator';
  if (person.role === 'coordinator' && person.municipality !== undefined) return 'coordinator';
  return undefined;
}

export type SignInRequestOutcome = 'sent' | 'not-allowed' | 'rate-limited' | 'invalid';

/**
 * Handles "send me a link". The outcome is for logs and tests only: the HTTP answer is the same
 * neutral 202 for every outcome, so nobody learns whether an address belongs to someone.
 */
export async function requestSignIn(ports: AuthPorts, rawEmail: unknown, appOrigin: string, returnTo?: string): Promise<SignInRequestOutcome> {
  if (typeof rawEmail !== 'string') return 'invalid';
  // Normalized as the address keys are, so the lookup finds the key the people store wrote.
  const email = normalizeAddress(rawEmail);
  if (!EMAIL.test(email) || email.length > 254) return 'invalid';
  const now = nowMs(ports);
  // Unknown addresses get no mail and leave nothing in the table.
  const person = await ports.personByAddress(email);
  if (!person || !appRoleOf(person, ports.facilitators())) return 'not-allowed';

  // Per address, so nobody can flood a facilitator's mailbox with links.
  const windowStart = now - (now % SIGN_IN_RATE_WINDOW_MS);
  const allowed = await ports.store.countSignInAttempt(hashSecret(email), windowStart, SIGN_IN_RATE_LIMIT, windowStart + SIGN_IN_RATE_WINDOW_MS);
  if (!allowed) return 'rate-limited';

  const token = (ports.randomToken ?? newRandomToken)();
  const validUntil = now + SIGN_IN_TOKEN_TTL_MS;
  await ports.store.putSignInToken(hashSecret(token), { personId: person.personId, validUntil });
  await ports.enqueueMail({
    kind: 'sign-in',
    requestId: randomUUID(),
    recipient: {
      personId: person.personId,
      name: person.name,
      email: person.email,
      role: person.role,
      ...(person.municipality !== undefined ? { municipality: person.municipality } : {}),
      language: person.language,
    },
    // returnTo: the app page to open after sign-in (checked by the caller with safeReturnPath).
    link: `${appOrigin}/auth/callback?t=${encodeURIComponent(token)}${returnTo ? `&r=${encodeURIComponent(returnTo)}` : ''}`,
    expiresAt: new Date(validUntil).toISOString(),
  });
  return 'sent';
}

export type SignInResult =
  | { ok: true; sessionId: string; session: SessionRecord }
  | { ok: false; reason: 'invalid' | 'expired' | 'not-allowed' };

/** Consumes a sign-in token (once) and starts a session for its person. */
export async function completeSignIn(ports: AuthPorts, token: unknown): Promise<SignInResult> {
  if (typeof token !== 'string' || token.length < 16 || token.length > 200) return { ok: false, reason: 'invalid' };
  const now = nowMs(ports);
  const record = await ports.store.consumeSignInToken(hashSecret(token));
  if (!record) return { ok: false, reason: 'invalid' };
  if (record.validUntil <= now) return { ok: false, reason: 'expired' };
  // The person as they are now (a role may have changed since the link was sent).
  const person = await ports.getPerson(record.personId);
  const role = person && appRoleOf(person, ports.facilitators());
  if (!person || !role) return { ok: false, reason: 'not-allowed' };

  const random = ports.randomToken ?? newRandomToken;
  const sessionId = random();
  const session: SessionRecord = {
    personId: person.personId,
    name: person.name,
    email: person.email,
    role,
    ...(role === 'coordinator' && person.municipality !== undefined ? { municipality: person.municipality } : {}),
    language: person.language,
    csrfToken: random(),
    createdAt: now,
    validUntil: now + SESSION_TTL_MS,
  };
  await ports.store.putSession(hashSecret(sessionId), session);
  return { ok: true, sessionId, session };
}

/** The session a cookie value names, if it exists and has not expired. */
export async function sessionFor(ports: Pick<AuthPorts, 'store' | 'now'>, sessionId: string | undefined): Promise<SessionRecord | undefined> {
  if (!sessionId || sessionId.length < 16 || sessionId.length > 200) return undefined;
  const session = await ports.store.getSession(hashSecret(sessionId));
  const now = nowMs(ports);
  return session && session.validUntil > now ? session : undefined;
}

export async function endSession(ports: Pick<AuthPorts, 'store'>, sessionId: string | undefined): Promise<void> {
  if (sessionId && sessionId.length <= 200) await ports.store.deleteSession(hashSecret(sessionId));
}
