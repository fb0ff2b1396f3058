import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken, type LinkClaims, type LinkPurpose } from '../../functions/domain/link-token.js';

const secret = 'test-secret-0123456789abcdef';
const now = new Date('2027-03-01T12:00:00Z');
const meetingEnds = new Date('2027-03-04T15:00:00Z');
const rsvp: LinkClaims = { purpose: 'rsvp', meetingId: 'm-2027-03-kolding', personId: 'anna-kolding', answer: 'accept' };

/** Signs an arbitrary payload text the way signToken does, to reach the checks after the signature. */
function signedRaw(payloadJson: string): string {
  const payload = Buffer.from(payloadJson, 'utf8').toString('base64url');
  const sig = createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');
  return `${payload}.${sig}`;
}

describe('link tokens', () => {
  it('round-trips every purpose', () => {
    const all: LinkClaims[] = [
      rsvp,
      { purpose: 'rsvp', meetingId: 'm1', personId: 'p1', answer: 'maybe' },
      { purpose: 'reflection', meetingId: 'm1', personId: 'p1' },
      { purpose: 'unsubscribe', personId: 'p1' },
      { purpose: 'sign-in', personId: 'p1' },
    ];
    for (const claims of all) {
      const result = verifyToken(secret, signToken(secret, claims, meetingEnds), claims.purpose, now);
      expect(result).toEqual({ ok: true, claims, expiresAt: meetingEnds });
    }
  });

  it('is short enough for a link', () => {
    const token = signToken(secret, rsvp, meetingEnds);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(160); // 134 for these ids
  });

  it('narrows the claims to the purpose asked for', () => {
    const result = verifyToken(secret, signToken(secret, rsvp, meetingEnds), 'rsvp', now);
    if (!result.ok) throw new Error('expected ok');
    expect(result.claims.answer).toBe('accept');
  });

  it('rejects a tampered payload', () => {
    const [, sig] = signToken(secret, rsvp, meetingEnds).split('.');
    const forged = Buffer.from(JSON.stringify({ p: 'rsvp', m: 'm-2027-03-kolding', u: 'anna-kolding', a: 'decline', x: 1804000000 })).toString('base64url');
    expect(verifyToken(secret, `${forged}.${sig}`, 'rsvp', now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a tampered signature', () => {
    const [payload, sig] = signToken(secret, rsvp, meetingEnds).split('.') as [string, string];
    const bytes = Buffer.from(sig, 'base64url');
    bytes[0] = bytes[0]! ^ 1;
    expect(verifyToken(secret, `${payload}.${bytes.toString('base64url')}`, 'rsvp', now)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a token signed with another secret', () => {
    const token = signToken('another-secret', rsvp, meetingEnds);
    expect(verifyToken(secret, token, 'rsvp', now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects an expired token, from the expiry instant on', () => {
    const token = signToken(secret, rsvp, meetingEnds);
    expect(verifyToken(secret, token, 'rsvp', meetingEnds)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, token, 'rsvp', new Date('2027-04-01T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, token, 'rsvp', new Date(meetingEnds.getTime() - 1000)).ok).toBe(true);
  });

  it('rejects a token made for another purpose', () => {
    const token = signToken(secret, { purpose: 'unsubscribe', personId: 'anna-kolding' }, meetingEnds);
    expect(verifyToken(secret, token, 'rsvp', now)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(verifyToken(secret, signToken(secret, rsvp, meetingEnds), 'sign-in', now)).toEqual({
      ok: false,
      reason: 'wrong-purpose',
    });
  });

  it.each([
    ['empty', ''],
    ['a dot', '.'],
    ['three parts', 'a.b.c'],
    ['no dot', 'abcdef'],
    ['10k characters', 'a'.repeat(5000) + '.' + 'b'.repeat(5000)],
    ['not base64url', 'ab+c/.d=ef'],
    ['short signature', 'eyJwIjoicnN2cCJ9.abc'],
    ['whitespace', ' eyJwIjoicnN2cCJ9.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('rejects garbage (%s) as malformed', (_name, token) => {
    expect(verifyToken(secret, token, 'rsvp', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a non-canonical signature encoding', () => {
    const [payload, sig] = signToken(secret, rsvp, meetingEnds).split('.') as [string, string];
    // 16 bytes leave 4 unused bits in the last of 22 characters; setting one decodes the same.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const variant = sig.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(variant, 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(verifyToken(secret, `${payload}.${variant}`, 'rsvp', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['non-JSON payload', 'not json {'],
    ['a JSON string', '"rsvp"'],
    ['null', 'null'],
    ['an array', '[1,2]'],
    ['unknown purpose', '{"p":"admin","u":"p1","x":1900000000}'],
    ['wrong types', '{"p":"rsvp","m":1,"u":["p1"],"a":"accept","x":"1900000000"}'],
    ['missing answer', '{"p":"rsvp","m":"m1","u":"p1","x":1900000000}'],
    ['bad answer', '{"p":"rsvp","m":"m1","u":"p1","a":"yes","x":1900000000}'],
    ['extra claim', '{"p":"unsubscribe","u":"p1","x":1900000000,"admin":true}'],
    ['empty id', '{"p":"unsubscribe","u":"","x":1900000000}'],
  ])('rejects a correctly signed but malformed payload (%s)', (_name, json) => {
    expect(verifyToken(secret, signedRaw(json), 'rsvp', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects non-string tokens', () => {
    for (const token of [undefined, null, 42, {}, ['a.b']]) {
      expect(verifyToken(secret, token, 'rsvp', now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('never throws and never accepts on arbitrary input', () => {
    const purposes: LinkPurpose[] = ['rsvp', 'reflection', 'unsubscribe', 'sign-in'];
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()), fc.constantFrom(...purposes), (token, purpose) => {
        expect(verifyToken(secret, token, purpose, now).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses to sign claims that could never verify', () => {
    expect(() => signToken(secret, { purpose: 'unsubscribe', personId: '' }, meetingEnds)).toThrow();
    expect(() => signToken('', rsvp, meetingEnds)).toThrow();
  });
});
