// zodArbitrary (test/support/zod-arbitrary.ts): inputs for the contract's schemas that land on both
// sides of zod's safeParse, for the property tests that hold a zod-free validator to zod.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { experimentsEventSchemas, inboundEventSchemas, meetingsEventSchemas } from '../../functions/contract/events.js';
import { MailJob } from '../../functions/contract/mail-job.js';
import { Email, PersonName } from '../../functions/contract/network.js';
import { LinkWire } from '../../functions/contract/link-wire.js';
import { SesEventDetail } from '../../functions/contract/ses-event-detail.js';
import { zodArbitrary } from '../support/zod-arbitrary.js';

const schemas: [string, z.ZodMiniType][] = [
  ...Object.entries(meetingsEventSchemas),
  ...Object.entries(experimentsEventSchemas),
  ...Object.entries(inboundEventSchemas),
  ['MailJob', MailJob],
  ['SesEventDetail', SesEventDetail],
  ['LinkWire', LinkWire],
  ['PersonName', PersonName],
  ['Email', Email],
];

const RUNS = 300;
const parsed = (schema: z.ZodMiniType) =>
  fc.sample(zodArbitrary(schema), { numRuns: RUNS, seed: 1 }).map((input) => ({ input, result: schema.safeParse(input) }));

describe('zodArbitrary', () => {
  // A loop, not it.each: it.each would format the schema (a Proxy over a large object graph) into the title.
  for (const [name, schema] of schemas) {
    it(`${name}: at least 15% of the samples pass safeParse and at least 15% fail`, () => {
      const passed = parsed(schema).filter((s) => s.result.success).length;
      expect(passed).toBeGreaterThanOrEqual(0.15 * RUNS);
      expect(RUNS - passed).toBeGreaterThanOrEqual(0.15 * RUNS);
    });

    it(`${name}: some valid samples come out changed (keys stripped, defaults filled in, text trimmed or lower-cased)`, () => {
      const changed = parsed(schema).filter((s) => s.result.success && !isDeepStrictEqual(s.result.data, s.input));
      expect(changed.length).toBeGreaterThan(0);
    });
  }

  it('reaches the edges of the person fields: padding trimmed, case folded, bidi controls stripped', () => {
    const emails = parsed(Email).flatMap((s) => (s.result.success && typeof s.input === 'string' ? [[s.input, s.result.data] as const] : []));
    expect(emails.some(([input, data]) => input !== input.trim() && data === input.trim().toLowerCase())).toBe(true);
    expect(emails.some(([input]) => input !== input.toLowerCase())).toBe(true);
    const names = parsed(PersonName).flatMap((s) => (s.result.success && typeof s.input === 'string' ? [s.input] : []));
    expect(names.some((name) => /[\u202A-\u202E\u2066-\u2069]/u.test(name))).toBe(true);
    expect(names.some((name) => name !== name.trim())).toBe(true);
  });

  it('refuses a schema it does not know, so a new kind of schema is noticed', () => {
    expect(() => zodArbitrary(z.bigint())).toThrow(/unsupported schema type 'bigint'/);
    expect(() => zodArbitrary(z.object({ when: z.nullable(z.string()) }))).toThrow(/unsupported schema type 'nullable'/);
    expect(() => zodArbitrary(z.array(z.string().check(z.length(3))))).toThrow(/unsupported check 'length_equals'/);
    expect(() => zodArbitrary(z.string().check(z.uuid()))).toThrow(/format 'uuid'/);
    expect(() => zodArbitrary(z.number().check(z.multipleOf(5)))).toThrow(/unsupported check 'multiple_of'/);
  });
});
