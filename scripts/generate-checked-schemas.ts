// Compiles the zod schemas that functions parse on every invocation into CheckNodes
// (functions/contract/checked-schema.ts) and writes functions/contract/schemas.generated.ts.
//   npm run generate:schemas
// test/unit/checked-schema.test.ts fails when the written file is not what this produces, and
// checks each compiled schema against its zod schema over random inputs. A schema part the
// checker does not know is refused here, naming where it is, rather than compiled loosely.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';
import { regexes } from 'zod/v4/core';
import { CHECK_FUNCTIONS, mapChildren, type Check, type SharedNodes, type CheckNode, type FunctionName, type Pattern, type Presence } from '../functions/contract/checked-schema.js';
import { experimentsEventSchemas, inboundEventSchemas, meetingsEventSchemas } from '../functions/contract/events.js';
import { LinkWire } from '../functions/contract/link-wire.js';
import { MailJob } from '../functions/contract/mail-job.js';
import { scheduledEventSchemas } from '../functions/contract/scheduled-events.js';
import { SesEventDetail } from '../functions/contract/ses-event-detail.js';

export const GENERATED_FILE = fileURLToPath(new URL('../functions/contract/schemas.generated.ts', import.meta.url));

type Schema = z.core.$ZodType;

/** What is compiled: each name becomes an export of the generated file. */
export const COMPILED = {
  meetingsEventChecks: meetingsEventSchemas,
  experimentsEventChecks: experimentsEventSchemas,
  inboundEventChecks: inboundEventSchemas,
  scheduledEventChecks: scheduledEventSchemas,
  mailJobCheck: MailJob,
  sesEventDetailCheck: SesEventDetail,
  linkWireCheck: LinkWire,
} satisfies Record<string, Schema | Record<string, Schema>>;

const pattern = (re: RegExp): Pattern => [re.source, re.flags];

/** zod's own transforms (z.trim(), z.toLowerCase()) are closures of zod's: known by their source. */
const ZOD_TRANSFORMS: Record<string, FunctionName> = {
  '(input) => input.trim()': 'trim',
  '(input) => input.toLowerCase()': 'toLowerCase',
};

function functionName(fn: unknown, where: string): FunctionName {
  for (const [name, known] of Object.entries(CHECK_FUNCTIONS)) if (known === fn) return name as FunctionName;
  const byText = ZOD_TRANSFORMS[String(fn)];
  if (byText !== undefined) return byText;
  throw new Error(`${where}: a refine or overwrite with a function the checker does not know; export it from functions/contract/text.ts and add it to CHECK_FUNCTIONS (checked-schema.ts): ${String(fn).slice(0, 120)}`);
}

const presence = (p: string | undefined, where: string): Presence => {
  if (p === undefined) return 0;
  if (p === 'optional' || p === 'defaulted') return p;
  throw new Error(`${where}: unknown optin/optout ${p}`);
};

/** A check of zod's (a def.checks entry, or a format schema's own check) as the checker's Check. */
function checkOf(check: z.core.$ZodCheck, where: string): Check {
  const def = check._zod.def as z.core.$ZodCheckDef & Record<string, unknown>;
  const at = `${where} (${def.check})`;
  switch (def.check) {
    case 'min_length':
      return ['min', def['minimum'] as number];
    case 'max_length':
      return ['max', def['maximum'] as number];
    case 'greater_than':
    case 'less_than':
      if (typeof def['value'] !== 'number') throw new Error(`${at}: only number bounds are compiled`);
      return [def.check === 'greater_than' ? 'gt' : 'lt', def['value'], def['inclusive'] === true];
    case 'number_format':
      if (def['format'] !== 'safeint') throw new Error(`${at}: number format ${String(def['format'])} is not compiled`);
      return ['safeint'];
    case 'string_format': {
      if (def['format'] === 'url') {
        return ['url', {
          ...(def['protocol'] instanceof RegExp ? { protocol: pattern(def['protocol']) } : {}),
          ...(def['hostname'] instanceof RegExp ? { hostname: pattern(def['hostname']) } : {}),
          ...(def['normalize'] === true ? { normalize: true } : {}),
          parseOnly: !('normalize' in def) && !('hostname' in def) && !('protocol' in def),
          httpGuard: def['normalize'] !== true && (def['protocol'] as RegExp | undefined)?.source === regexes.httpProtocol.source,
        }];
      }
      // datetime, date, email, regex: zod's check is its pattern, tested on the value.
      const known = ['datetime', 'date', 'email', 'regex'];
      if (!known.includes(def['format'] as string) || !(def['pattern'] instanceof RegExp)) {
        throw new Error(`${at}: string format ${String(def['format'])} is not compiled (known: ${known.join(', ')}, url)`);
      }
      return ['re', pattern(def['pattern'])];
    }
    case 'overwrite':
      return ['set', functionName(def['tx'], at)];
    case 'custom':
      return ['refine', functionName(def['fn'], at)];
    default:
      throw new Error(`${at}: this check is not compiled`);
  }
}

/** The checks a schema runs after its type: its own (a format schema is a check too), then def.checks. */
function checksOf(schema: Schema, where: string): { c?: Check[] } {
  const own = schema._zod.traits.has('$ZodCheck') ? [checkOf(schema as unknown as z.core.$ZodCheck, where)] : [];
  for (const check of schema._zod.def.checks ?? []) {
    const when = (check._zod.def as { when?: unknown }).when;
    const kind = (check._zod.def as { check: string }).check;
    // zod gives its length checks a condition of its own (the value has a length); any other is the schema's.
    if (when !== undefined && kind !== 'min_length' && kind !== 'max_length') throw new Error(`${where}: a check with a condition (when) is not compiled`);
    own.push(checkOf(check, where));
  }
  return own.length > 0 ? { c: own } : {};
}

/** A zod schema as a CheckNode; `where` names the place in errors (e.g. MailJob.meeting.title). */
export function compileSchema(schema: Schema, where: string, open: Set<Schema> = new Set()): CheckNode {
  if (open.has(schema)) throw new Error(`${where}: a recursive schema is not compiled`);
  open.add(schema);
  try {
    return compile(schema, where, open);
  } finally {
    open.delete(schema);
  }
}

function compile(schema: Schema, where: string, open: Set<Schema>): CheckNode {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const sub = (s: unknown, at: string) => compileSchema(s as Schema, at, open);
  switch (def.type) {
    case 'lazy': {
      if ((def.checks ?? []).length > 0) throw new Error(`${where}: checks on a lazy schema are not compiled`);
      return sub((def as unknown as z.core.$ZodLazyDef).getter(), where);
    }
    case 'string':
      if (def['coerce'] === true) throw new Error(`${where}: coercion is not compiled`);
      return { t: 'string', ...checksOf(schema, where) };
    case 'number':
    case 'boolean':
      if (def['coerce'] === true) throw new Error(`${where}: coercion is not compiled`);
      return { t: def.type, ...checksOf(schema, where) };
    case 'literal':
    case 'enum': {
      const values = [...(schema._zod.values ?? [])];
      for (const v of values) {
        if (!(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) throw new Error(`${where}: literal ${String(v)} is not compiled`);
      }
      return { t: def.type, v: values as (string | number | boolean | null)[], ...checksOf(schema, where) };
    }
    case 'object': {
      const shape = def['shape'] as Record<string, Schema>;
      const catchall = def['catchall'] as Schema | undefined;
      if (catchall !== undefined && catchall._zod.def.type !== 'never') throw new Error(`${where}: an object with a catchall other than never (strict) is not compiled`);
      const p = Object.entries(shape).map(([key, s]) => {
        const at = `${where}.${key}`;
        return [key, sub(s, at), presence(s._zod.optin, at), presence(s._zod.optout, at)] as const;
      });
      return { t: 'object', p, ...(catchall !== undefined ? { s: 1 as const } : {}), ...checksOf(schema, where) };
    }
    case 'array':
      return { t: 'array', e: sub(def['element'], `${where}[]`), ...checksOf(schema, where) };
    case 'optional': {
      const inner = def['innerType'] as Schema;
      return { t: 'optional', i: sub(inner, where), ...(inner._zod.optin === 'defaulted' ? { q: 1 as const } : {}), ...checksOf(schema, where) };
    }
    case 'default': {
      const d = def['defaultValue'];
      if (typeof d === 'function' || JSON.stringify(d) === undefined) throw new Error(`${where}: a default that is not plain data is not compiled`);
      return { t: 'default', i: sub(def['innerType'], where), d, ...checksOf(schema, where) };
    }
    case 'pipe': {
      const out = def['out'] as Schema;
      if (out._zod.def.type === 'transform') throw new Error(`${where}: a transform is not compiled`);
      return { t: 'pipe', a: sub(def['in'], where), b: sub(out, where), ...checksOf(schema, where) };
    }
    case 'record':
      if (def['mode'] !== undefined && def['mode'] !== 'strict') throw new Error(`${where}: a ${String(def['mode'])} record is not compiled`);
      if ((def['keyType'] as Schema)._zod.values !== undefined) throw new Error(`${where}: a record with enumerable keys is not compiled`);
      return { t: 'record', k: sub(def['keyType'], `${where}{key}`), v: sub(def['valueType'], `${where}{}`), ...checksOf(schema, where) };
    case 'union': {
      const discriminator = def['discriminator'];
      if (typeof discriminator !== 'string' || def['unionFallback'] === true) throw new Error(`${where}: only discriminated unions are compiled`);
      const o: [string | number | boolean | null, CheckNode][] = [];
      for (const option of def['options'] as Schema[]) {
        const values = option._zod.propValues?.[discriminator];
        if (values === undefined) throw new Error(`${where}: an option without a literal ${discriminator}`);
        const node = sub(option, `${where}<${[...values].join('|')}>`);
        for (const v of values) {
          if (!(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null)) throw new Error(`${where}: discriminator value ${String(v)} is not compiled`);
          if (o.some(([seen]) => seen === v)) throw new Error(`${where}: discriminator value ${String(v)} twice`);
          o.push([v, node]);
        }
      }
      return { t: 'discriminated', k: discriminator, o, ...checksOf(schema, where) };
    }
    default:
      throw new Error(`${where}: zod type ${def.type} is not compiled (add it to functions/contract/checked-schema.ts)`);
  }
}

const isSchema = (x: unknown): x is Schema => typeof x === 'object' && x !== null && '_zod' in x;

/** Nodes shorter than this are repeated rather than referred to (an index costs a few characters too). */
const SHARE_FROM = 24;

/** A root (node or record of nodes) with every repeated node standing once, in `n`. */
export function shareNodes(root: CheckNode | Record<string, CheckNode>): SharedNodes<unknown> {
  const counts = new Map<string, number>();
  const count = (node: CheckNode) => {
    const key = JSON.stringify(node);
    const seen = (counts.get(key) ?? 0) + 1;
    counts.set(key, seen);
    // A repeated node's children were counted with its first sight: they stand inside it once.
    if (seen === 1) mapChildren(node, (c) => (count(c), c));
  };
  const roots: CheckNode[] = isNodeRoot(root) ? [root] : Object.values(root);
  roots.forEach(count);
  const n: unknown[] = [];
  const index = new Map<string, number>();
  const emit = (node: CheckNode): unknown => {
    const key = JSON.stringify(node);
    if ((counts.get(key) ?? 0) < 2 || key.length < SHARE_FROM) return mapChildren(node, emit);
    let i = index.get(key);
    if (i === undefined) {
      index.set(key, (i = n.length));
      n.push(null);
      n[i] = mapChildren(node, emit);
    }
    return i;
  };
  const r = isNodeRoot(root) ? emit(root) : Object.fromEntries(Object.entries(root).map(([k, v]) => [k, emit(v)]));
  return { n, r };
}
const isNodeRoot = (x: CheckNode | Record<string, CheckNode>): x is CheckNode => typeof (x as { t?: unknown }).t === 'string';

/** A JavaScript string literal in single quotes (JSON has few of those to escape). */
const singleQuoted = (text: string) =>
  `'${text.replace(/[\\'\n\r\u2028\u2029]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`;

/** The generated module's text. */
export function generatedSource(): string {
  const lines = [
    '// Generated by scripts/generate-checked-schemas.ts (`npm run generate:schemas`) from the zod schemas',
    '// it names: do not edit. test/unit/checked-schema.test.ts fails when this file is stale.',
    "import { linkNodes, type CheckNode } from './checked-schema.js';",
    '',
    'const nodes = <T>(json: string): T => linkNodes<T>(JSON.parse(json));',
  ];
  for (const [name, what] of Object.entries(COMPILED)) {
    const root = isSchema(what)
      ? compileSchema(what, name)
      : Object.fromEntries(Object.entries(what).map(([k, s]) => [k, compileSchema(s as Schema, `${name}.${k}`)]));
    const json = JSON.stringify(shareNodes(root));
    const type = isSchema(what) ? 'CheckNode' : 'Readonly<Record<string, CheckNode>>';
    lines.push('', `export const ${name} = /* @__PURE__ */ nodes<${type}>(${singleQuoted(json)});`);
  }
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_FILE, generatedSource());
  process.stdout.write(`wrote ${GENERATED_FILE}\n`);
}
