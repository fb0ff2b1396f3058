// The wire form of a link token's claims (domain/link-token.ts): one-letter keys keep the links
// short. p purpose, m meeting, u person (user), a answer, v meeting version, x expiry in epoch
// seconds. The mailer signs and the api verifies with its compiled form (schemas.generated.ts).
import * as z from 'zod/mini';
import { RsvpAnswer } from './events.js';
import { lazySchema } from './lazy-schema.js';

export const LinkWire = /* @__PURE__ */ lazySchema(() => {
  const id = z.string().check(z.minLength(1), z.maxLength(64));
  const expiry = z.number().check(z.int(), z.positive());
  return z.discriminatedUnion('p', [
    z.strictObject({ p: z.literal('rsvp'), m: id, u: id, a: RsvpAnswer, v: z.optional(z.number().check(z.int(), z.positive())), x: expiry }),
    z.strictObject({ p: z.literal('reflection'), m: id, u: id, x: expiry }),
    z.strictObject({ p: z.literal('unsubscribe'), u: id, x: expiry }),
    z.strictObject({ p: z.literal('sign-in'), u: id, x: expiry }),
  ]);
});
export type LinkWire = z.infer<typeof LinkWire>;
