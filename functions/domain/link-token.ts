// Signed tokens for links in mail: answers, reflections, unsubscribe, and sign-in later.
// A token is base64url(JSON claims) "." base64url(HMAC-SHA256 over the first part). The claims
// are readable by anyone holding the link; they name ids only, never personal data.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { checkValue } from '../contract/checked-schema.js';
import type { RsvpAnswer } from '../contract/events.js';
import type { LinkWire } from '../contract/link-wire.js';
import { linkWireCheck } from '../contract/schemas.generated.js';

export type LinkPurpose = 'rsvp' | 'reflection' | 'unsubscribe' | 'sign-in';

export type LinkClaims =
  /** `version`: the meeting version the mail showed; tokens from before it was carried have none. */
  | { purpose: 'rsvp'; meetingId: string; personId: string; answer: RsvpAnswer; version?: number }
  | { purpose: 'reflection'; meetingId: string; personId: string }
  | { purpose: 'unsubscribe'; personId: string }
  | { purpose: 'sign-in'; personId: string };

export type ClaimsFor<P extends LinkPurpose> = Extract<LinkClaims, { purpose: P }>;

export type TokenFailure = 'malformed' | 'bad-signature' | 'expired' | 'wrong-purpose';

export type VerifyResult<P extends LinkPurpose> =
  | { ok: true; claims: ClaimsFor<P>; expiresAt: Date }
  | { ok: false; reason: TokenFailure };

/** Far above any real token (about 150 characters); longer input is rejected before any work. */
const MAX_TOKEN_LENGTH = 1024;
/** HMAC-SHA256 truncated to half its length, the minimum RFC 2104 recommends: shorter links. */
const SIGNATURE_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

// The wire form (contract/link-wire.ts): one-letter keys keep the links short. Signing and
// verifying check it with its compiled schema, zod-free: the mailer signs links in every mail.
type Wire = LinkWire;

function toWire(claims: LinkClaims, x: number): Wire {
  switch (claims.purpose) {
    case 'rsvp':
      return { p: claims.purpose, m: claims.meetingId, u: claims.personId, a: claims.answer, ...(claims.version !== undefined ? { v: claims.version } : {}), x };
    case 'reflection':
      return { p: claims.purpose, m: claims.meetingId, u: claims.personId, x };
    case 'unsubscribe':
    case 'sign-in':
      return { p: claims.purpose, u: claims.personId, x };
  }
}

function fromWire(w: Wire): LinkClaims {
  switch (w.p) {
    case 'rsvp':
      return { purpose: w.p, meetingId: w.m, personId: w.u, answer: w.a, ...(w.v !== undefined ? { version: w.v } : {}) };
    case 'reflection':
      return { purpose: w.p, meetingId: w.m, personId: w.u };
    case 'unsubscribe':
    case 'sign-in':
      return { purpose: w.p, personId: w.u };
  }
}

function sign(secret: string, payload: string): Buffer {
  if (secret.length === 0) throw new Error('link token secret is empty');
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

/**
 * A signed link token. An rsvp token should expire when the meeting ends: answers after that
 * are refused anyway. Throws on claims that could never verify (a programming error).
 */
export function signToken(secret: string, claims: LinkClaims, expiresAt: Date): string {
  const x = Math.ceil(expiresAt.getTime() / 1000);
  const checked = checkValue(linkWireCheck, toWire(claims, x));
  if (!checked.ok) throw new Error(`link token claims do not fit the link format (at ${checked.path.join('.') || 'the claims'})`);
  const wire = checked.value as Wire;
  const payload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/**
 * Checks a token from a link. Never throws on the token: any string (or non-string) an
 * attacker sends gets a reason. The signature is checked before the payload is parsed.
 */
export function verifyToken<P extends LinkPurpose>(
  secret: string,
  token: unknown,
  purpose: P,
  now: Date,
): VerifyResult<P> {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts as [string, string];
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return { ok: false, reason: 'malformed' };

  const given = Buffer.from(signature, 'base64url');
  // Non-canonical base64url (stray low bits in the last character) decodes to the same bytes;
  // insisting on the canonical text keeps one token per signature.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) {
    return { ok: false, reason: 'malformed' };
  }
  if (!timingSafeEqual(given, sign(secret, payload))) return { ok: false, reason: 'bad-signature' };

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const checked = checkValue(linkWireCheck, json);
  if (!checked.ok) return { ok: false, reason: 'malformed' };
  const wire = checked.value as Wire;
  if (wire.p !== purpose) return { ok: false, reason: 'wrong-purpose' };
  const expiresAt = new Date(wire.x * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: fromWire(wire) as ClaimsFor<P>, expiresAt };
}
