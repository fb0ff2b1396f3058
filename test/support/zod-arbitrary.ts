// A fast-check arbitrary for the inputs of a zod/mini schema, derived from the schema's definition
// (`schema._zod.def`), for property tests that hold a hand-written validator to zod's safeParse:
// about half the samples are valid (with the edges zod's transforms and defaults act on: padding a
// trim removes, upper case a toLowerCase folds, optional keys absent or undefined, unknown keys to
// strip, defaults to fill in), the other half near misses (a length one past a bound, the wrong
// type, a format almost right, a required key missing, an unknown discriminator value).
//
// Every node gets two arbitraries, `valid` and `invalid`; an object is valid when all its fields are,
// and invalid when one field is (or a key is missing, or it is not an object), so a deep schema
// still comes out half valid. Leaves (strings, numbers, booleans, literals, enums) and pipes draw
// from pools of likely-valid and likely-invalid candidates and are sorted by the leaf's own
// safeParse, because their transforms and refines are opaque functions (z.trim() and
// z.toLowerCase() are both an 'overwrite' with a `tx`); a refine on any other node sorts that
// node's values the same way. Whatever the def holds that this file does not know (a def type, a
// check, a string format) throws when the arbitrary is built, so a new kind of schema is noticed.
import fc from 'fast-check';
import * as z from 'zod/mini';

type Schema = z.core.$ZodType;
type Def = { readonly type: string; readonly checks?: readonly Check[] } & Readonly<Record<string, unknown>>;
type Check = { readonly _zod: { readonly def: { readonly check: string } & Readonly<Record<string, unknown>> } };
type CheckDef = Check['_zod']['def'];
interface Gen {
  readonly valid: fc.Arbitrary<unknown>;
  readonly invalid: fc.Arbitrary<unknown>;
}

/** Inputs for `schema`: about half pass its safeParse, the rest are near misses. */
export function zodArbitrary(schema: z.ZodMiniType): fc.Arbitrary<unknown> {
  const gen = new Walker().walk(schema);
  return fc.oneof({ arbitrary: gen.valid, weight: 1 }, { arbitrary: gen.invalid, weight: 1 });
}

// ---------------------------------------------------------------------------------------------
// Small tools

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;
const checksOf = (def: Def): CheckDef[] => (def.checks ?? []).map((c) => c._zod.def);
const accepts = (schema: Schema) => (value: unknown) => z.safeParse(schema, value).success;
const fail = (what: string): never => {
  throw new Error(`zodArbitrary: ${what}`);
};
const unsupportedCheck = (check: CheckDef, type: string): never =>
  fail(`unsupported check '${check.check}'${'format' in check ? ` (format '${String(check.format)}')` : ''} on a '${type}' schema`);

type Weighted<T> = readonly [number, fc.Arbitrary<T> | false | undefined] | false | undefined;
/** fc.oneof over the entries given (those false or undefined, or weighing 0, left out), each with its weight. */
function mix<T>(...entries: Weighted<T>[]): fc.Arbitrary<T> {
  const list = entries.filter((e): e is readonly [number, fc.Arbitrary<T>] => !!e && !!e[1] && e[0] > 0);
  const [first, ...rest] = list.map(([weight, arbitrary]) => ({ weight, arbitrary }));
  if (first === undefined) return fail('nothing to choose from (an internal error)');
  return rest.length === 0 ? first.arbitrary : fc.oneof(first, ...rest);
}

/** A fresh value per sample (objects and arrays are not shared between samples). */
const fresh = (...makers: (() => unknown)[]): fc.Arbitrary<unknown> => fc.constantFrom<() => unknown>(...makers).map((make) => make());

/**
 * `arb` restricted to `pred`. A long run of misses means the generator cannot reach that side of
 * the schema (a refine nothing here satisfies, say): that throws instead of looping for ever.
 */
function keep<T>(arb: fc.Arbitrary<T>, pred: (value: T) => boolean, what: string): fc.Arbitrary<T> {
  let misses = 0;
  return arb.filter((value) => {
    if (pred(value)) {
      misses = 0;
      return true;
    }
    if (++misses > 5000) fail(`${what}: 5000 candidates in a row were on the wrong side of the schema`);
    return false;
  });
}

/** Values of every JavaScript kind, for "the wrong type". `other` are objects that are not plain. */
const ALIENS = {
  string: [() => '', () => 'x', () => '42', () => 'true', () => 'null'],
  number: [() => 0, () => 42, () => -1, () => 1.5],
  boolean: [() => true, () => false],
  null: [() => null],
  undefined: [() => undefined],
  array: [() => [], () => ['x'], () => [1, 2]],
  object: [() => ({}), () => ({ x: 1 })],
  other: [() => 1n, () => new Date(0), () => new String('x'), () => new Number(1), () => new Map()],
} satisfies Record<string, (() => unknown)[]>;
type Kind = keyof typeof ALIENS;
const alien = (...accepted: Kind[]): fc.Arbitrary<unknown> =>
  fresh(...(Object.keys(ALIENS) as Kind[]).filter((k) => !accepted.includes(k)).flatMap((k): (() => unknown)[] => ALIENS[k]));

const ABSENT = Symbol('absent');
type Entry = readonly [key: string, value: unknown];

/**
 * An object with these own properties (defined, so `__proto__` is an own key like any other), with
 * Object.prototype or none.
 */
function assemble(entries: readonly Entry[], nullPrototype: boolean): Record<string, unknown> {
  const object = (nullPrototype ? Object.create(null) : {}) as Record<string, unknown>;
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}
const isRecordLike = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A copy of `object` (same prototype) with `key` set to `value`, or removed for ABSENT. */
function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const entries = Object.entries(object).filter(([k]) => k !== key);
  return assemble(value === ABSENT ? entries : [...entries, [key, value]], Object.getPrototypeOf(object) === null);
}

// ---------------------------------------------------------------------------------------------
// Strings

const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\ufeff', '\u2028'];
/** Characters worth slipping into a string: bidi controls and marks, invisibles, controls, astral and combining characters, case folds that change the length. */
const ODD = [
  '\u202e', '\u2066', '\u2069', '\u202a', '\u200e', '\u200f', '\u061c',
  '\u200b', '\u00ad', '\ufe0f', '\u3164',
  '\u0000', '\u0007', '\r', '\n', '\u007f', '\u0085', '\u001b',
  '😀', '𝔘', 'e\u0301', 'æ', 'Ø', 'å', 'ß', 'İ', 'Σ',
];
const PLAIN_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', ' ', '-', '.', ',', 'æ', 'ø', 'å', 'Æ', 'Ø', 'Å', 'é'];
const plainChar = fc.constantFrom(...PLAIN_CHARS);
/** Mostly one-code-unit characters (zod counts UTF-16 units), now and then any grapheme. */
const textChar = mix<string>([12, plainChar], [1, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })]);

const exactly = (n: number, unit: fc.Arbitrary<string> = plainChar) => fc.string({ unit, minLength: n, maxLength: n });

/** The same string with padding, case changes or an odd character: whether it still passes is the schema's business (trim, toLowerCase, a refine). */
function decorate(core: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const ws = fc.constantFrom(...WHITESPACE);
  return mix<string>(
    [3, fc.tuple(fc.constantFrom('', ...WHITESPACE), core, fc.constantFrom('', ...WHITESPACE)).map(([l, s, r]) => (l === '' && r === '' ? ` ${s} ` : l + s + r))],
    [2, core.map((s) => s.toUpperCase())],
    [1, core.map((s) => s.charAt(0).toUpperCase() + s.slice(1))],
    [2, fc.tuple(core, fc.nat(), fc.constantFrom(...ODD)).map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1)))],
    [1, fc.tuple(core, fc.constantFrom(...ODD)).map(([s, c]) => c + s)],
    [1, core.chain((s) => fc.string({ unit: ws, minLength: Math.max(1, s.length), maxLength: Math.max(1, s.length) }))],
  );
}

/** Near misses made from a string: a character dropped, one added, doubled, cut. */
function mutate(core: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const extra = fc.constantFrom('!', ' ', '\u0000', 'é', '.', '@', '-', ':', '/', '0', 'Z', '_');
  return fc.tuple(core, fc.nat(), extra, fc.nat({ max: 4 })).map(([s, n, c, how]) => {
    const i = n % (s.length + 1);
    switch (how) {
      case 0: return s.slice(0, Math.max(0, i - 1)) + s.slice(i);
      case 1: return s.slice(0, i) + c + s.slice(i);
      case 2: return s.slice(0, i) + c + s.slice(i + 1);
      case 3: return s + s;
      default: return s.slice(0, Math.floor(s.length / 2));
    }
  });
}

interface StringPools {
  readonly likely: fc.Arbitrary<string>;
  readonly nearMiss: fc.Arbitrary<string>;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isoDate = fc
  .tuple(mix<number>([6, fc.integer({ min: 1970, max: 2100 })], [1, fc.constantFrom(0, 1900, 2000, 2024, 2028, 9999)]), fc.integer({ min: 1, max: 12 }))
  .chain(([y, m]) => fc.integer({ min: 1, max: daysIn(y, m) }).map((d) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`));
const validDate = mix<string>([5, isoDate], [1, fc.constantFrom('2027-02-28', '2028-02-29', '2000-02-29', '2027-12-31', '2027-01-01')]);
const DATE_NEAR_MISSES = [
  '2027-13-01', '2027-00-10', '2027-01-00', '2027-02-29', '1900-02-29', '2027-04-31', '2027-02-30', '2027-1-5', '27-03-04',
  '2027/03/04', '20270304', '+002027-03-04', '2027-03-4', '２０２７-03-04', '2027-03-04T00:00:00Z',
];
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.nat({ max: 9 }))
  .map(([h, m, s, secondsOrNot]) => (secondsOrNot === 0 ? `${pad2(h)}:${pad2(m)}` : `${pad2(h)}:${pad2(m)}:${pad2(s)}`));
const fraction = mix<string>([3, fc.constant('')], [2, fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }).map((d) => `.${d}`)]);
const offset = mix<string>(
  [3, fc.constant('Z')],
  [4, fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 45, 59)).map(([s, h, m]) => `${s}${pad2(h)}:${pad2(m)}`)],
  [1, fc.constantFrom('+01:00', '+00:00', '-00:00', '+14:00', '-05:30')],
  [1, fc.constant('')],
);
const validDatetime = mix<string>(
  [8, fc.tuple(validDate, time, fraction, offset).map(([d, t, f, o]) => `${d}T${t}${t.length === 8 ? f : ''}${o}`)],
  [1, fc.constantFrom('2027-03-04T13:00:00+01:00', '2027-03-04T13:00:00Z', '2027-03-04T13:00:00.123Z', '2028-02-29T23:59:59.999999-12:00')],
);
const DATETIME_NEAR_MISSES = [
  '2027-03-04T13:00:00', '2027-03-04 13:00:00Z', '2027-03-04T24:00:00Z', '2027-03-04T13:60:00Z', '2027-03-04T13:00:60Z',
  '2027-03-04T13:00:00+0100', '2027-03-04T13:00:00+01', '2027-03-04T13:00:00+24:00', '2027-03-04T13:00:00z', '2027-03-04t13:00:00Z',
  '2027-03-04T13:00:00.Z', '2027-03-04T13Z', '2027-13-01T00:00:00Z', '2027-02-29T10:00:00Z', '2027-03-04', '13:00:00Z',
  '2027-03-04T13:00:00 +01:00', '2027-03-04T1:00:00Z',
];

const emailLocal = fc.stringMatching(/^[a-z0-9]{1,12}([._+-][a-z0-9]{1,6}){0,2}$/);
const emailDomain = fc.stringMatching(/^([a-z0-9]{1,10}(-[a-z0-9]{1,5})?\.){1,3}[a-z]{2,6}$/);
const validEmail = mix<string>(
  [8, fc.tuple(emailLocal, emailDomain).map(([l, d]) => `${l}@${d}`)],
  [2, fc.constantFrom('anna@example.dk', 'Anna.Hansen@Kommune.DK', 'a+tag@sub.example.org', "o'brien@example.ie", 'x_y@a-b.co')],
  // Around 254, the longest address (a common maxLength): 250-258 characters.
  [1, fc.integer({ min: 250, max: 258 }).map((n) => `${'a'.repeat(n - '@example.dk'.length)}@example.dk`)],
  [1, fc.emailAddress()],
);
const EMAIL_NEAR_MISSES = [
  'a@', 'a b@c.d', 'a b@c.dk', '@c.dk', 'a@b', 'a@b.c', 'a@@b.dk', '.a@b.dk', 'a.@b.dk', 'a..b@c.dk', 'a@-b.dk', 'a@b.dk.',
  'æ@b.dk', 'a@ø.dk', 'a@b.d1', 'a@[127.0.0.1]', '"a b"@c.dk', 'a@b_c.dk', 'a@b..dk', 'mailto:a@b.dk', 'a@b.dk>',
];

const validUrl = mix<string>(
  [6, fc.webUrl({ validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true })],
  [
    3,
    fc.constantFrom(
      'https://example.dk', 'http://localhost:3000/m?x=1#y', 'https://møde.dk/sti', 'HTTPS://EXAMPLE.DK/Path', 'https://user:pw@example.dk',
      'http://127.0.0.1:8080', 'http://[::1]/', 'https://example.dk/a b', 'https://exa\tmple.dk', 'https://example.dk/\n', 'https://meet.example.dk/j/123?pwd=a%20b',
    ),
  ],
);
const URL_NEAR_MISSES = [
  'ftp://x', 'ftp://example.dk/file', 'not a url', 'https//x.dk', 'http://', 'https:///', 'http:x.dk', 'https:/x.dk', 'mailto:a@b.dk',
  'javascript:alert(1)', 'file:///etc/passwd', '//x.dk', 'x.dk', 'https://exa mple.dk', 'https://[::1', 'http://x:99999', '\u0001https://x.dk',
  'ws://example.dk', 'https://', 'data:text/html,hi',
];

/** Valid-looking and near-miss strings for one string format of the def (or a check). */
function formatPools(format: CheckDef, type: string): StringPools {
  const near = (list: readonly string[], core: fc.Arbitrary<string>) => mix<string>([3, fc.constantFrom(...list)], [2, mutate(core)]);
  switch ((format as { format?: unknown }).format) {
    case 'datetime':
      return { likely: validDatetime, nearMiss: near(DATETIME_NEAR_MISSES, validDatetime) };
    case 'date':
      return { likely: validDate, nearMiss: near(DATE_NEAR_MISSES, validDate) };
    case 'email':
      return { likely: validEmail, nearMiss: mix<string>([4, near(EMAIL_NEAR_MISSES, validEmail)], [1, fc.emailAddress()]) };
    case 'url':
      return {
        likely: validUrl,
        nearMiss: mix<string>([4, near(URL_NEAR_MISSES, validUrl)], [1, fc.webUrl({ validSchemes: ['ftp', 'ws', 'file', 'gopher'] })]),
      };
    case 'regex': {
      const pattern = (format as { pattern?: unknown }).pattern;
      if (!(pattern instanceof RegExp)) return fail(`a regex check without a RegExp pattern on a '${type}' schema`);
      const matching = fc.stringMatching(new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')));
      return { likely: matching, nearMiss: mutate(matching) };
    }
    default:
      return unsupportedCheck(format, type);
  }
}

function stringGen(schema: Schema, def: Def): Gen {
  let min = 0;
  let max: number | undefined;
  const formats: CheckDef[] = [];
  // z.email(), z.url(), z.iso.datetime() are string schemas that are their own format check.
  if (def.format !== undefined) formats.push(def as unknown as CheckDef);
  for (const check of checksOf(def)) {
    switch (check.check) {
      case 'min_length':
        min = Math.max(min, check.minimum as number);
        break;
      case 'max_length':
        max = Math.min(max ?? Infinity, check.maximum as number);
        break;
      case 'string_format':
        formats.push(check);
        break;
      case 'overwrite': // z.trim(), z.toLowerCase(), z.overwrite(fn): the candidates include what they change
      case 'custom': // z.refine: sorted by safeParse
        break;
      default:
        unsupportedCheck(check, 'string');
    }
  }
  const pools = formats.map((f) => formatPools(f, 'string'));
  // A format other than a regex shapes the core best; a regex next; plain text of the right length otherwise.
  const shaped = pools[formats.findIndex((f) => f.format !== 'regex')] ?? pools[0];

  const top = max ?? min + 40;
  const length = mix<number>([1, fc.constant(min)], [1, max !== undefined && fc.constant(max)], [6, fc.integer({ min, max: Math.min(top, min + 40) })]);
  const text = length.chain((n) => fc.string({ unit: textChar, minLength: n, maxLength: n }));
  const core = shaped?.likely ?? text;

  const likely = mix<string>([7, core], [3, decorate(core)], [1, shaped !== undefined && text]);
  const nearMiss = mix<unknown>(
    [2, min > 0 && exactly(min - 1)],
    [2, max !== undefined && exactly(max + 1)],
    [2, fc.constantFrom('', ' ', '\t\n', '\u200b')],
    ...pools.map((p): Weighted<unknown> => [4, p.nearMiss]),
    [2, mutate(core)],
    [3, decorate(core)],
    [1, shaped !== undefined && text],
    [3, alien('string')],
  );
  return leaf(schema, likely, nearMiss);
}

/** A leaf's valid and invalid sides: its candidates, sorted by its own safeParse. */
function leaf(schema: Schema, likely: fc.Arbitrary<unknown>, nearMiss: fc.Arbitrary<unknown>): Gen {
  const ok = accepts(schema);
  const type = defOf(schema).type;
  return {
    valid: keep(mix<unknown>([6, likely], [1, nearMiss]), ok, `no valid '${type}' value`),
    invalid: keep(mix<unknown>([6, nearMiss], [1, likely]), (v) => !ok(v), `no invalid '${type}' value`),
  };
}

// ---------------------------------------------------------------------------------------------
// Numbers, booleans, literals, enums

function numberGen(schema: Schema, def: Def): Gen {
  let lo = -Infinity;
  let loIn = true;
  let hi = Infinity;
  let hiIn = true;
  let int = false;
  for (const check of checksOf(def)) {
    const value = check.value as number;
    switch (check.check) {
      case 'greater_than':
        if (value > lo || (value === lo && !check.inclusive)) [lo, loIn] = [value, check.inclusive === true];
        break;
      case 'less_than':
        if (value < hi || (value === hi && !check.inclusive)) [hi, hiIn] = [value, check.inclusive === true];
        break;
      case 'number_format':
        if (check.format !== 'safeint') unsupportedCheck(check, 'number');
        int = true;
        break;
      case 'custom':
        break;
      default:
        unsupportedCheck(check, 'number');
    }
  }
  const step = (x: number) => Math.max(Number.EPSILON, Math.abs(x) * Number.EPSILON);
  const likely: Weighted<unknown>[] = [];
  const nearMiss: Weighted<unknown>[] = [
    [3, fc.constantFrom(NaN, Infinity, -Infinity)],
    [3, alien('number')],
  ];
  const bounds: number[] = [];
  if (int) {
    const a = Number.isFinite(lo) ? (loIn ? Math.ceil(lo) : Math.floor(lo) + 1) : Number.MIN_SAFE_INTEGER;
    const b = Number.isFinite(hi) ? (hiIn ? Math.floor(hi) : Math.ceil(hi) - 1) : Number.MAX_SAFE_INTEGER;
    const [a32, b32] = [Math.max(a, -(2 ** 31)), Math.min(b, 2 ** 31 - 1)];
    if (a32 <= b32) likely.push([8, fc.integer({ min: a32, max: b32 })]);
    bounds.push(a, b, a + 1, b - 1, 0, -0, 1, 24, 168);
    nearMiss.push(
      [3, fc.constantFrom(a - 1, b + 1, a + 0.5, b - 0.5, 1.5, -0.5, Number.EPSILON)],
      [1, fc.constantFrom(Number.MAX_SAFE_INTEGER + 1, Number.MIN_SAFE_INTEGER - 1, 2 ** 53, 1e21, -1e21)],
      [1, fc.constantFrom(String(a), String(b), `${a}.0`)],
    );
  } else {
    likely.push([
      8,
      fc.double({
        min: Number.isFinite(lo) ? lo : -Number.MAX_VALUE,
        max: Number.isFinite(hi) ? hi : Number.MAX_VALUE,
        minExcluded: !loIn,
        maxExcluded: !hiIn,
        noNaN: true,
        noDefaultInfinity: true,
      }),
    ]);
    bounds.push(lo, hi, lo + step(lo), hi - step(hi), 0, -0, 1, 0.5);
    nearMiss.push(
      [3, fc.constantFrom(...[loIn ? lo - step(lo) : lo, hiIn ? hi + step(hi) : hi, lo - 1, hi + 1].filter(Number.isFinite))],
      [1, fc.constantFrom(String(Number.isFinite(lo) ? lo : 0), '1e3')],
    );
  }
  const inRange = bounds.filter((x) => Number.isFinite(x) && (loIn ? x >= lo : x > lo) && (hiIn ? x <= hi : x < hi));
  if (inRange.length > 0) likely.push([3, fc.constantFrom(...inRange)]);
  if (likely.length === 0) return fail(`a number schema no number satisfies (${lo}..${hi})`);
  return leaf(schema, mix(...likely), mix(...nearMiss));
}

function stringNearMissesOf(value: string): string[] {
  return [value.toUpperCase(), value.charAt(0).toUpperCase() + value.slice(1), ` ${value}`, `${value} `, value.slice(0, -1), `${value}s`, 'unknown', ''];
}
/** Values next to the given ones: another case, padded, off by one, as a string. */
function nearValues(values: readonly unknown[]): unknown[] {
  return values.flatMap((v): unknown[] => {
    switch (typeof v) {
      case 'string': return stringNearMissesOf(v);
      case 'number': return [v + 1, v - 1, v + 0.5, String(v)];
      case 'boolean': return [!v, String(v)];
      case 'bigint': return [Number(v), String(v)];
      default: return [v === null ? undefined : null, String(v)];
    }
  });
}

function literalGen(schema: Schema, values: readonly unknown[], type: string): Gen {
  if (values.length === 0) return fail(`a '${type}' schema without values`);
  checksOf(defOf(schema)).forEach((c) => c.check === 'custom' || unsupportedCheck(c, type));
  const near = nearValues(values);
  return leaf(schema, fc.constantFrom(...values), mix<unknown>([3, fc.constantFrom(...near)], [2, alien()]));
}

/** An enum's values as zod takes them from `entries` (a TS enum's reverse-mapping keys left out). */
function enumValues(entries: Record<string, unknown>): unknown[] {
  const numeric = Object.entries(entries).filter(([key]) => typeof entries[entries[key] as string] !== 'number');
  return numeric.map(([, value]) => value);
}

// ---------------------------------------------------------------------------------------------
// Composite nodes

class Walker {
  private readonly done = new Map<Schema, Gen>();
  private readonly busy = new Set<Schema>();

  walk(schema: Schema): Gen {
    const known = this.done.get(schema);
    if (known !== undefined) return known;
    if (this.busy.has(schema)) return fail('a recursive schema (it contains itself): not supported');
    this.busy.add(schema);
    try {
      const gen = this.node(schema);
      this.done.set(schema, gen);
      return gen;
    } finally {
      this.busy.delete(schema);
    }
  }

  private node(schema: Schema): Gen {
    const def = defOf(schema);
    switch (def.type) {
      case 'string': return stringGen(schema, def);
      case 'number': return numberGen(schema, def);
      case 'boolean':
        checksOf(def).forEach((c) => c.check === 'custom' || unsupportedCheck(c, 'boolean'));
        return leaf(schema, fc.boolean(), mix<unknown>([2, fresh(() => 'true', () => 'false', () => 0, () => 1, () => new Boolean(true))], [2, alien('boolean')]));
      case 'literal': return literalGen(schema, def.values as unknown[], 'literal');
      case 'enum': return literalGen(schema, enumValues(def.entries as Record<string, unknown>), 'enum');
      case 'lazy': return this.walk((def.getter as () => Schema)());
      case 'pipe': return this.pipe(schema, def);
    }
    const gen = this.composite(schema, def);
    // A refine on a composite node: the values it refuses move to the invalid side.
    const customs = checksOf(def).filter((c) => c.check === 'custom');
    if (customs.length === 0) return gen;
    const ok = accepts(schema);
    return {
      valid: keep(gen.valid, ok, `no value passes the refine on a '${def.type}' schema`),
      invalid: mix([3, gen.invalid], [2, keep(gen.valid, (v) => !ok(v), `no value fails the refine on a '${def.type}' schema`)]),
    };
  }

  private composite(schema: Schema, def: Def): Gen {
    const allowChecks = (type: string, ...allowed: string[]) =>
      checksOf(def).forEach((c) => allowed.includes(c.check) || c.check === 'custom' || unsupportedCheck(c, type));
    switch (def.type) {
      case 'object':
        allowChecks('object');
        return this.object(def);
      case 'array':
        allowChecks('array', 'min_length', 'max_length');
        return this.array(def);
      case 'record':
        allowChecks('record');
        return this.record(def);
      case 'union':
        allowChecks('union');
        return this.union(schema, def);
      case 'optional': {
        allowChecks('optional');
        const inner = this.walk(def.innerType as Schema);
        return {
          valid: mix([1, fc.constant(undefined)], [3, inner.valid]),
          invalid: keep(inner.invalid, (v) => v !== undefined, 'an optional whose inner schema has no invalid value but undefined'),
        };
      }
      case 'default': {
        allowChecks('default');
        const inner = this.walk(def.innerType as Schema);
        // def.defaultValue is a getter on zod's def: read it per sample, cloned, so no sample shares it.
        const defaultValue = fc.constant(null).map(() => structuredClone(def.defaultValue));
        return {
          valid: mix([2, fc.constant(undefined)], [1, defaultValue], [4, inner.valid]),
          invalid: keep(inner.invalid, (v) => v !== undefined, 'a default whose inner schema has no invalid value but undefined'),
        };
      }
      default:
        return fail(`unsupported schema type '${def.type}'`);
    }
  }

  /**
   * A pipe's input goes through `in`, and what comes out must pass `out`: candidates from both
   * sides (an email for z.pipe(trimmed string, z.email()), padded or not), sorted by the pipe.
   */
  private pipe(schema: Schema, def: Def): Gen {
    const [input, output] = [this.walk(def.in as Schema), this.walk(def.out as Schema)];
    const ok = accepts(schema);
    return {
      valid: keep(mix([5, output.valid], [3, output.invalid], [1, input.valid]), ok, 'no value passes a pipe'),
      invalid: keep(mix([3, input.invalid], [3, output.invalid], [2, output.valid], [2, input.valid]), (v) => !ok(v), 'no value fails a pipe'),
    };
  }

  private object(def: Def): Gen {
    // z.strictObject (catchall never): an unknown key is invalid. Other catchalls are not supported.
    const strict = def.catchall !== undefined;
    if (strict && defOf(def.catchall as Schema).type !== 'never') return fail('an object with a catchall other than never (z.looseObject): not supported');
    const shape = def.shape as Record<string, Schema>;
    const fields = Object.entries(shape).map(([key, child]) => ({ key, gen: this.walk(child), required: !accepts(child)(undefined) }));
    const keys = new Set(Object.keys(shape));

    // Optional keys: absent, or present with a valid value (undefined among them).
    const validEntries = fc
      .tuple(...fields.map(({ key, gen, required }) => {
        const present = gen.valid.map((v): Entry[] => [[key, v]]);
        return required ? present : mix<Entry[]>([2, fc.constant([])], [3, present]);
      }))
      .map((parts) => parts.flat());
    const extraKey = fc.constantFrom('extra', 'unknownKey', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '0').filter((k) => !keys.has(k));
    const someExtras = fc.uniqueArray(fc.tuple(extraKey, fc.anything({ maxDepth: 1 })), { selector: ([k]) => k, minLength: 1, maxLength: 3 });
    const extras = strict ? fc.constant<Entry[]>([]) : mix<Entry[]>([5, fc.constant([])], [2, someExtras]);
    const build = (entries: fc.Arbitrary<Entry[]>, withExtras: fc.Arbitrary<Entry[]> = extras) =>
      fc
        .tuple(entries, withExtras, fc.boolean(), fc.nat({ max: 9 }))
        .map(([own, extra, extraFirst, proto]) => assemble(extraFirst ? [...extra, ...own] : [...own, ...extra], proto === 0));
    const set = (entries: Entry[], key: string, value: unknown): Entry[] => [...entries.filter(([k]) => k !== key), [key, value]];

    const required = fields.filter((f) => f.required);
    const oneOf = (arbs: fc.Arbitrary<unknown>[]) => arbs.length > 0 && mix(...arbs.map((a): Weighted<unknown> => [1, a]));
    const invalid = mix<unknown>(
      // One field invalid, the rest valid.
      [8, oneOf(fields.map(({ key, gen }) => build(fc.tuple(validEntries, gen.invalid).map(([entries, bad]) => set(entries, key, bad)))))],
      // An unknown key, for a strict object.
      [2, strict && build(validEntries, someExtras)],
      // A required key missing.
      [2, oneOf(required.map(({ key }) => build(validEntries.map((entries) => entries.filter(([k]) => k !== key)))))],
      // Not an object: an array of the values, another type; objects that are not plain only when a key is required.
      [1, validEntries.map((entries) => entries.map(([, v]) => v))],
      [1, alien('object', ...(required.length === 0 ? (['other'] as const) : []))],
    );
    return { valid: build(validEntries), invalid };
  }

  private array(def: Def): Gen {
    const element = this.walk(def.element as Schema);
    let min = 0;
    let max: number | undefined;
    for (const check of checksOf(def)) {
      if (check.check === 'min_length') min = Math.max(min, check.minimum as number);
      if (check.check === 'max_length') max = Math.min(max ?? Infinity, check.maximum as number);
    }
    /** Arrays of exactly n valid elements: long ones repeat a few (a 200-element array of objects costs too much to draw afresh). */
    const ofLength = (n: number) =>
      n <= 8
        ? fc.array(element.valid, { minLength: n, maxLength: n })
        : fc.array(element.valid, { minLength: 1, maxLength: 3 }).map((xs) => Array.from({ length: n }, (_, i) => xs[i % xs.length]));
    const upTo = max ?? min + 5;
    const valid = mix<unknown[]>(
      [5, fc.array(element.valid, { minLength: min, maxLength: Math.min(upTo, min + 5) })],
      [1, ofLength(min)],
      [1, max !== undefined && ofLength(max)],
    );
    const oneBad = fc
      .tuple(fc.array(element.valid, { minLength: Math.max(0, min - 1), maxLength: Math.max(0, Math.min(upTo - 1, min + 4)) }), element.invalid, fc.nat())
      .map(([xs, bad, i]) => {
        const at = i % (xs.length + 1);
        return [...xs.slice(0, at), bad, ...xs.slice(at)];
      });
    const invalid = mix<unknown>(
      [5, oneBad],
      [2, min > 0 && ofLength(min - 1)],
      [2, max !== undefined && ofLength(max + 1)],
      [1, element.valid.map((x) => ({ 0: x, length: 1 }))],
      [2, alien('array')],
    );
    return { valid, invalid };
  }

  private record(def: Def): Gen {
    const keyType = def.keyType as Schema;
    const keyDef = defOf(keyType);
    if (keyDef.type !== 'string') return fail(`a record whose keys are '${keyDef.type}': only string keys are supported`);
    const keyGen = this.walk(keyType);
    const value = this.walk(def.valueType as Schema);
    const okKey = accepts(keyType);
    const key = keep(
      mix<unknown>([4, keyGen.valid], [1, fc.constantFrom('__proto__', 'constructor', 'toString', '', '0', '10')]),
      (k) => typeof k === 'string' && okKey(k),
      'no valid record key',
    ) as fc.Arbitrary<string>;
    const entries = fc.array(fc.tuple(key, value.valid), { maxLength: 4 });
    const build = (e: fc.Arbitrary<Entry[]>) => fc.tuple(e, fc.nat({ max: 9 })).map(([own, proto]) => assemble(own, proto === 0));
    const insert = (own: Entry[], entry: Entry, i: number): Entry[] => {
      const rest = own.filter(([k]) => k !== entry[0]);
      const at = i % (rest.length + 1);
      return [...rest.slice(0, at), entry, ...rest.slice(at)];
    };
    const keyHasRules = checksOf(keyDef).length > 0 || keyDef.format !== undefined;
    const invalid = mix<unknown>(
      [5, build(fc.tuple(entries, key, value.invalid, fc.nat()).map(([own, k, bad, i]) => insert(own, [k, bad], i)))],
      [2, keyHasRules && build(fc.tuple(entries, keyGen.invalid.filter((k): k is string => typeof k === 'string'), value.valid, fc.nat()).map(([own, k, v, i]) => insert(own, [k, v], i)))],
      [1, fresh(() => new (class Tags {})())],
      [3, alien('object')],
    );
    return { valid: build(entries), invalid };
  }

  private union(schema: Schema, def: Def): Gen {
    const options = (def.options as Schema[]).map((o) => this.walk(o));
    const valid = mix(...options.map((o): Weighted<unknown> => [1, o.valid]));
    const someInvalid = mix(...options.map((o): Weighted<unknown> => [1, o.invalid]));
    const ok = accepts(schema);
    const discriminator = def.discriminator as string | undefined;
    if (discriminator === undefined) {
      return { valid, invalid: keep(mix([4, someInvalid], [1, alien()]), (v) => !ok(v), 'no value fails a union') };
    }
    const known = (def.options as Schema[]).flatMap((o) => this.valuesAt(o, discriminator));
    const unknown = [...new Set([...nearValues(known), 'unknown', 0, null, true])].filter((v) => !known.includes(v));
    const objects = valid.filter(isRecordLike);
    const invalid = mix<unknown>(
      [10, someInvalid],
      [2, fc.tuple(objects, fc.constantFrom(...unknown)).map(([o, v]) => withKey(o, discriminator, v))],
      [1, objects.map((o) => withKey(o, discriminator, ABSENT))],
      [1, alien('object')],
    );
    return { valid, invalid: keep(invalid, (v) => !ok(v), 'no value fails a discriminated union') };
  }

  /** The values a union option's discriminator key takes (its literal or enum). */
  private valuesAt(option: Schema, key: string): unknown[] {
    const unwrap = (s: Schema): Def => {
      const d = defOf(s);
      return d.type === 'lazy' ? unwrap((d.getter as () => Schema)()) : d;
    };
    const object = unwrap(option);
    const field = object.type === 'object' ? (object.shape as Record<string, Schema>)[key] : undefined;
    if (field === undefined) return [];
    const d = unwrap(field);
    return d.type === 'literal' ? [...(d.values as unknown[])] : d.type === 'enum' ? enumValues(d.entries as Record<string, unknown>) : [];
  }
}
