// A schema's checks as data, and the small zod-free checker that runs them. Cold start: an event
// consumer parses every event (the mailer every mail job) with the contract's zod schemas, and zod
// was most of what their module init loaded beyond the SDK (docs/performance.md). So each schema a
// consumer parses on every invocation is compiled, by scripts/generate-checked-schemas.ts, into a
// CheckNode (schemas.generated.ts), and the consumer checks with that. It accepts exactly what the
// zod schema accepts and returns the same value (unknown keys stripped, defaults filled in, text
// trimmed); test/unit/checked-schema.test.ts holds the two equal over random inputs. A refusal only
// names where; the callers load zod then, for its issues (clear messages naming each field).
import { hasTextOrUrl, hasVisibleText, stripBidiControls } from './text.js';

/** A regular expression as data: [source, flags]. */
export type Pattern = readonly [source: string, flags: string];

/** A check or transform on a value that passed its node's type, run in order (as zod runs them). */
export type Check =
  | readonly ['min', number]
  | readonly ['max', number]
  | readonly ['gt' | 'lt', number, inclusive: boolean]
  | readonly ['safeint']
  | readonly ['re', Pattern]
  | readonly ['url', UrlRule]
  | readonly ['set' | 'refine', FunctionName];

/** z.url()'s options, as its check reads them. */
export interface UrlRule {
  readonly protocol?: Pattern;
  readonly hostname?: Pattern;
  readonly normalize?: boolean;
  /** Without protocol, hostname and normalize, zod only asks whether the URL parses. */
  readonly parseOnly: boolean;
  /** zod's http(s) guard: the protocol is exactly /^https?$/ and there is no normalize. */
  readonly httpGuard: boolean;
}

/** How an object's property reads an absent key (zod's optin/optout of the property's schema). */
export type Presence = 0 | 'optional' | 'defaulted';

export type CheckNode = { readonly c?: readonly Check[] } & (
  | { readonly t: 'string' | 'number' | 'boolean' }
  | { readonly t: 'literal' | 'enum'; readonly v: readonly (string | number | boolean | null)[] }
  /** s: strict (z.strictObject), an unknown key is refused; else unknown keys are left out. */
  | { readonly t: 'object'; readonly p: readonly (readonly [key: string, node: CheckNode, optin: Presence, optout: Presence])[]; readonly s?: 1 }
  | { readonly t: 'array'; readonly e: CheckNode }
  /** q: the inner schema substitutes a value for absence (zod's optin "defaulted"). */
  | { readonly t: 'optional'; readonly i: CheckNode; readonly q?: 1 }
  | { readonly t: 'default'; readonly i: CheckNode; readonly d: unknown }
  | { readonly t: 'pipe'; readonly a: CheckNode; readonly b: CheckNode }
  | { readonly t: 'record'; readonly k: CheckNode; readonly v: CheckNode }
  | { readonly t: 'discriminated'; readonly k: string; readonly o: readonly (readonly [value: string | number | boolean | null, node: CheckNode])[] }
);

/** The functions a refine or an overwrite may name: zod's own transforms and the contract's (text.ts). */
export const CHECK_FUNCTIONS = {
  trim: (s: string) => s.trim(),
  toLowerCase: (s: string) => s.toLowerCase(),
  stripBidiControls,
  hasVisibleText,
  hasTextOrUrl,
} as const satisfies Record<string, (value: never) => unknown>;
export type FunctionName = keyof typeof CHECK_FUNCTIONS;

/**
 * The generated form: the nodes several places share stand once in `n` and are referred to by their
 * index, where a node would stand (a schema's parts repeat: the meeting in every mail job kind).
 */
export interface SharedNodes<R> {
  readonly n: readonly unknown[];
  readonly r: R;
}

/** The node with each child node replaced by what `f` makes of it (linkNodes; the generator's sharing). */
export function mapChildren(node: CheckNode, f: (child: CheckNode) => unknown): CheckNode {
  const to = f as (child: CheckNode) => CheckNode;
  switch (node.t) {
    case 'object':
      return { ...node, p: node.p.map(([k, child, optin, optout]) => [k, to(child), optin, optout] as const) };
    case 'array':
      return { ...node, e: to(node.e) };
    case 'optional':
    case 'default':
      return { ...node, i: to(node.i) };
    case 'pipe':
      return { ...node, a: to(node.a), b: to(node.b) };
    case 'record':
      return { ...node, k: to(node.k), v: to(node.v) };
    case 'discriminated':
      return { ...node, o: node.o.map(([v, child]) => [v, to(child)] as const) };
    default:
      return node;
  }
}

/** The node (or record of nodes) of a SharedNodes, with every index replaced by its node. */
export function linkNodes<R>({ n, r }: SharedNodes<unknown>): R {
  const linked = new Map<number, CheckNode>();
  const at = (x: unknown): CheckNode => {
    if (typeof x !== 'number') return link(x as CheckNode);
    let node = linked.get(x);
    if (node === undefined) linked.set(x, (node = link(n[x] as CheckNode)));
    return node;
  };
  const link = (node: CheckNode) => mapChildren(node, at);
  const isNode = (x: unknown) => typeof x === 'number' || (typeof x === 'object' && x !== null && 't' in x);
  return (isNode(r) ? at(r) : Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, at(v)]))) as R;
}

export type Checked = { ok: true; value: unknown } | { ok: false; path: (string | number)[] };

const REFUSED = /* @__PURE__ */ Symbol('refused');
/** Where the first refusal was found, innermost key first (set on the way out). */
interface Refusal { readonly [REFUSED]: true; path: (string | number)[] }
const refused = (): Refusal => ({ [REFUSED]: true, path: [] });
const isRefusal = (x: unknown): x is Refusal => typeof x === 'object' && x !== null && REFUSED in x;
const within = (r: Refusal, key: string | number): Refusal => (r.path.unshift(key), r);

/** Checks `input` against `node`: the value zod would return, or where it refuses. */
export function checkValue(node: CheckNode, input: unknown): Checked {
  const out = run(node, input);
  return isRefusal(out) ? { ok: false, path: out.path } : { ok: true, value: out };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** zod's isPlainObject, which a record asks for. */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (!isObject(x)) return false;
  const ctor = (x as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto = (ctor as { prototype?: unknown }).prototype;
  return isObject(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** zod's default value: a fresh shallow copy each time. */
const copyOf = (d: unknown) => (Array.isArray(d) ? [...d] : isObject(d) ? { ...d } : d);

function run(node: CheckNode, input: unknown): unknown {
  const value = parse(node, input);
  if (isRefusal(value) || node.c === undefined) return value;
  return runChecks(node.c, value);
}

function parse(node: CheckNode, input: unknown): unknown {
  switch (node.t) {
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof input !== node.t || (node.t === 'number' && !Number.isFinite(input))) return refused();
      return input;
    case 'literal':
    case 'enum':
      return node.v.includes(input as never) ? input : refused();
    case 'array': {
      if (!Array.isArray(input)) return refused();
      const out: unknown[] = new Array(input.length);
      for (let i = 0; i < input.length; i++) {
        const r = run(node.e, input[i]);
        if (isRefusal(r)) return within(r, i);
        out[i] = r;
      }
      return out;
    }
    case 'object':
      return parseObject(node, input);
    case 'optional': {
      if (input !== undefined) return run(node.i, input);
      if (node.q === undefined) return undefined;
      // A substituting inner schema that fails on absence yields undefined, not a refusal.
      const r = run(node.i, undefined);
      return isRefusal(r) ? undefined : r;
    }
    case 'default': {
      if (input === undefined) return copyOf(node.d);
      const r = run(node.i, input);
      return r === undefined ? copyOf(node.d) : r;
    }
    case 'pipe': {
      const left = run(node.a, input);
      return isRefusal(left) ? left : run(node.b, left);
    }
    case 'record': {
      if (!isPlainObject(input)) return refused();
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(input)) {
        if (key === '__proto__') continue;
        const k = run(node.k, key);
        if (isRefusal(k)) return within(k, key);
        if (k === '__proto__') continue;
        const v = run(node.v, input[key]);
        if (isRefusal(v)) return within(v, key);
        out[k as string] = v;
      }
      return out;
    }
    case 'discriminated': {
      if (!isObject(input)) return refused();
      const tag = input[node.k];
      const option = node.o.find(([v]) => v === tag);
      return option === undefined ? within(refused(), node.k) : run(option[1], input);
    }
  }
}

/** zod's object: the shape's keys in order, unknown keys left out, absence read by optin/optout. */
function parseObject(object: Extract<CheckNode, { t: 'object' }>, input: unknown): unknown {
  if (!isObject(input)) return refused();
  const out: Record<string, unknown> = {};
  for (const [key, node, optin, optout] of object.p) {
    if (key === '__proto__') continue;
    const present = key in input;
    if (!present && optout === 'optional' && optin === 'optional') continue;
    const r = run(node, input[key]);
    if (isRefusal(r)) {
      if (optin !== 0 && optout === 'optional' && !present) continue;
      return within(r, key);
    }
    if (!present && optin === 0) return within(refused(), key);
    if (r === undefined) {
      if (present || (optin === 'defaulted' && optout !== 'optional')) out[key] = undefined;
    } else out[key] = r;
  }
  if (object.s !== undefined) {
    for (const key in input) if (!object.p.some(([k]) => k === key)) return within(refused(), key);
  }
  return out;
}

function runChecks(checks: readonly Check[], input: unknown): unknown {
  let value = input;
  for (const check of checks) {
    switch (check[0]) {
      case 'min':
        if (lengthOf(value) < check[1]) return refused();
        break;
      case 'max':
        if (lengthOf(value) > check[1]) return refused();
        break;
      case 'gt':
        if (!(check[2] ? (value as number) >= check[1] : (value as number) > check[1])) return refused();
        break;
      case 'lt':
        if (!(check[2] ? (value as number) <= check[1] : (value as number) < check[1])) return refused();
        break;
      case 'safeint':
        if (!Number.isSafeInteger(value)) return refused();
        break;
      case 're':
        if (!regexOf(check[1]).test(value as string)) return refused();
        break;
      case 'url': {
        const url = checkUrl(value as string, check[1]);
        if (url === undefined) return refused();
        value = url;
        break;
      }
      case 'set':
        value = (CHECK_FUNCTIONS[check[1]] as (v: unknown) => unknown)(value);
        break;
      case 'refine':
        if (!(CHECK_FUNCTIONS[check[1]] as (v: unknown) => unknown)(value)) return refused();
        break;
    }
  }
  return value;
}

/** zod's length: UTF-16 units of an array, code points (paired surrogates count once) of a string. */
function lengthOf(value: unknown): number {
  if (typeof value !== 'string') return (value as { length: number }).length;
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    if ((value.charCodeAt(i) & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

/** Each pattern compiled once: linked nodes share their Pattern arrays, so the array is the key. */
const regexes = /* @__PURE__ */ new WeakMap<Pattern, RegExp>();
function regexOf(pattern: Pattern): RegExp {
  let re = regexes.get(pattern);
  if (re === undefined) regexes.set(pattern, (re = new RegExp(pattern[0], pattern[1])));
  re.lastIndex = 0;
  return re;
}

/** z.url()'s check: the value it keeps, or undefined when it refuses. */
function checkUrl(value: string, rule: UrlRule): string | undefined {
  const trimmed = value.trim();
  const withoutTabs = () => trimmed.replace(/[\t\n\r]/g, '');
  if (rule.parseOnly) return canParse(trimmed) ? withoutTabs() : undefined;
  if (rule.httpGuard && !/^https?:\/\//i.test(trimmed)) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (rule.hostname !== undefined && !regexOf(rule.hostname).test(url.hostname)) return undefined;
  if (rule.protocol !== undefined && !regexOf(rule.protocol).test(url.protocol.endsWith(':') ? url.protocol.slice(0, -1) : url.protocol)) return undefined;
  return rule.normalize === true ? url.href : withoutTabs();
}

function canParse(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
