// The compiled schemas (functions/contract/schemas.generated.ts) that functions check every event,
// mail job, SES event and link token with, zod-free: they must accept exactly what the zod schema
// accepts and return the same value, over random inputs valid and near-valid (zod-arbitrary.ts).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkValue, linkNodes, type CheckNode } from '../../functions/contract/checked-schema.js';
import * as generated from '../../functions/contract/schemas.generated.js';
import { COMPILED, compileSchema, GENERATED_FILE, generatedSource, shareNodes } from '../../scripts/generate-checked-schemas.js';
import { zodArbitrary } from '../support/zod-arbitrary.js';

type Schema = z.ZodMiniType;

/** Every compiled schema with its zod schema and its generated node, e.g. meetingsEventChecks.meeting-scheduled. */
const cases: { name: string; schema: Schema; node: CheckNode }[] = Object.entries(COMPILED).flatMap(([name, what]) => {
  const nodes = generated[name as keyof typeof generated] as CheckNode | Readonly<Record<string, CheckNode>>;
  if ('_zod' in what) return [{ name, schema: what as unknown as Schema, node: nodes as CheckNode }];
  return Object.entries(what as Record<string, Schema>).map(([k, schema]) => ({ name: `${name}.${k}`, schema, node: (nodes as Record<string, CheckNode>)[k]! }));
});

/**
 * Deep equality that also sees key order and keys whose value is undefined (what JSON and callers
 * see). Not toStrictEqual: its type check reads `constructor`, which an input may own as a key.
 */
function sameValue(actual: unknown, expected: unknown) {
  const shown = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x === undefined ? '<undefined>' : x));
  expect(shown(actual)).toBe(shown(expected));
  expect(actual).toEqual(expected);
}

describe('the generated file', () => {
  it('is what scripts/generate-checked-schemas.ts writes from the zod schemas today (run `npm run generate:schemas`)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(generatedSource());
  });

  it('compiles every schema functions check on every invocation', () => {
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining([
      'meetingsEventChecks.meeting-scheduled', 'experimentsEventChecks.experiment-registered', 'inboundEventChecks.rsvp-received',
      'mailJobCheck', 'sesEventDetailCheck', 'linkWireCheck',
    ]));
  });
});

// A plain for loop, not it.each: vitest would print the schema (a lazySchema Proxy) into the title.
describe('a compiled schema against its zod schema', () => {
  for (const { name, schema, node } of cases) {
    it(`${name}: accepts exactly what zod accepts, with the same value, and never throws or changes its input`, () => {
      fc.assert(
        fc.property(zodArbitrary(schema), (input) => {
          const before = structuredClone(input);
          const byZod = z.safeParse(schema, input);
          const checked = checkValue(node, input);
          expect({ ok: checked.ok }).toEqual({ ok: byZod.success });
          if (checked.ok && byZod.success) sameValue(checked.value, byZod.data);
          if (!checked.ok && !byZod.success) {
            // Where it refuses is where zod has an issue (or within it).
            const paths = byZod.error.issues.map((i) => i.path.join('.'));
            expect(paths.some((p) => checked.path.join('.').startsWith(p) || p.startsWith(checked.path.join('.')))).toBe(true);
          }
          expect(input).toEqual(before);
        }),
        { numRuns: 300, seed: 20261202 },
      );
    });
  }
});

describe('the compiler', () => {
  it('refuses what the checker does not know, naming where, rather than compiling it loosely', () => {
    expect(() => compileSchema(z.object({ a: z.nullable(z.string()) }), 'X')).toThrow(/X\.a: zod type nullable is not compiled/);
    expect(() => compileSchema(z.object({ a: z.string().check(z.refine((s) => s.length > 2)) }), 'X')).toThrow(/X\.a \(custom\): a refine or overwrite with a function the checker does not know/);
    expect(() => compileSchema(z.looseObject({ a: z.string() }), 'X')).toThrow(/X: an object with a catchall other than never/);
    expect(() => compileSchema(z.string().check(z.uuid()), 'X')).toThrow(/string format uuid is not compiled/);
    expect(() => compileSchema(z.union([z.string(), z.number()]), 'X')).toThrow(/only discriminated unions are compiled/);
  });

  it('writes each repeated part once and links it back to the same node', () => {
    const part = z.object({ title: z.string().check(z.minLength(1), z.maxLength(200)), startsAt: z.iso.datetime({ offset: true }) });
    const schema = z.object({ a: part, b: z.array(part), c: z.optional(part) });
    const node = compileSchema(schema, 'X');
    const shared = shareNodes(node);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(node).length);
    const linked = linkNodes<CheckNode>(JSON.parse(JSON.stringify(shared)));
    expect(linked).toStrictEqual(node);
    const input = { a: { title: 'x', startsAt: '2027-03-04T13:00:00+01:00' }, b: [{ title: 'y', startsAt: '2027-03-04T13:00:00Z', extra: 1 }] };
    expect(checkValue(linked, input)).toEqual({ ok: true, value: z.parse(schema, input) });
  });
});
