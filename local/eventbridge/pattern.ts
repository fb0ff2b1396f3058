// EventBridge event pattern matching for the local emulator.
//
// Follows the Amazon EventBridge user guide ("Creating event patterns", "Content filtering in
// Amazon EventBridge event patterns", "Arrays in EventBridge event patterns") and the validation
// rules of aws/event-ruler, the engine behind EventBridge:
//
// - A pattern is a non-empty JSON object. Every key must hold either a nested pattern object
//   (matched against the event's object at that key) or a non-empty array of conditions.
// - All keys of a pattern object must match (AND); the conditions in one array are OR.
// - A condition is an exact value (string, number, boolean or null) or a one-key operator
//   object: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr, wildcard.
// - "$or" holds an array of at least two sub-patterns, any of which must match; it may appear
//   at any object level.
// - If the event value is an array, a condition matches when it matches any element. A nested
//   pattern matches an array of objects when one element matches all of it.
// - Conditions only look at leaf values (strings, numbers, booleans, null); an event object is
//   never a leaf, so `exists: true` does not match it and `exists: false` does.
//
// matchesPattern validates the pattern first and throws EventPatternError on an invalid one, so a
// typo such as {"prefx": "aws."} fails loudly instead of silently never matching. Use
// compilePattern to validate once and match many events.

import { BlockList, isIP } from 'node:net';

export class EventPatternError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Invalid event pattern at ${path}: ${reason}`);
    this.name = 'EventPatternError';
  }
}

type Scalar = string | number | boolean | null;
type Operator = { readonly [operator: string]: unknown };
type Condition = Scalar | Operator;
/** A pattern that has passed validatePattern. */
export interface EventPattern {
  readonly [key: string]: EventPattern | readonly Condition[] | readonly EventPattern[];
}

const ROOT = '(pattern)';

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** Throws EventPatternError, naming the offending path, if `pattern` is not a valid event pattern. */
export function validatePattern(pattern: unknown): asserts pattern is EventPattern {
  validateObject(pattern, ROOT);
}

/** Validates `pattern` once and returns a predicate over events. */
export function compilePattern(pattern: unknown): (event: unknown) => boolean {
  validatePattern(pattern);
  return (event) => matchObject(pattern, event);
}

/** True if `event` matches `pattern`. Throws EventPatternError if the pattern is invalid. */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  validatePattern(pattern);
  return matchObject(pattern, event);
}

// ---------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------

function matchObject(pattern: EventPattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, value]) => {
    if (key === '$or') return (value as readonly EventPattern[]).some((branch) => matchObject(branch, event));
    const field = fieldOf(event, key);
    if (Array.isArray(value)) return matchConditions(value as readonly Condition[], leafValues(field));
    return matchNested(value as EventPattern, field);
  });
}

/** A nested pattern against the event value at its key: recurse into the object, or into any element of an array. */
function matchNested(pattern: EventPattern, field: unknown): boolean {
  const candidates = Array.isArray(field) ? field.flat(Infinity) : [field];
  if (candidates.length === 0) return matchObject(pattern, undefined); // [] is as good as absent
  return candidates.some((candidate) => matchObject(pattern, candidate));
}

function matchConditions(conditions: readonly Condition[], values: readonly Scalar[]): boolean {
  return conditions.some((condition) => {
    if (isOperator(condition) && 'exists' in condition) return matchExists(condition.exists as boolean, values);
    return values.some((value) => matchCondition(condition, value));
  });
}

function matchCondition(condition: Condition, value: Scalar): boolean {
  if (!isOperator(condition)) return value === condition;
  const [name, operand] = onlyEntry(condition);
  switch (name) {
    case 'prefix':
      return matchPrefix(operand, value);
    case 'suffix':
      return matchSuffix(operand, value);
    case 'equals-ignore-case':
      return matchEqualsIgnoreCase(operand as string, value);
    case 'anything-but':
      return matchAnythingBut(operand, value);
    case 'numeric':
      return matchNumeric(operand as readonly (string | number)[], value);
    case 'cidr':
      return matchCidr(operand as string, value);
    case 'wildcard':
      return matchWildcard(operand as string, value);
    default:
      throw new Error(`unreachable: operator ${name} passed validation`);
  }
}

/** exists: true needs at least one leaf value at the path; exists: false needs none. */
function matchExists(shouldExist: boolean, values: readonly Scalar[]): boolean {
  return values.length > 0 === shouldExist;
}

/** {"prefix": "aws."} or {"prefix": {"equals-ignore-case": "AWS."}} */
function matchPrefix(operand: unknown, value: Scalar): boolean {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return value.startsWith(operand);
  return foldCase(value).startsWith(foldCase(ignoreCaseOperand(operand)));
}

/** {"suffix": ".png"} or {"suffix": {"equals-ignore-case": ".PNG"}} */
function matchSuffix(operand: unknown, value: Scalar): boolean {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return value.endsWith(operand);
  return foldCase(value).endsWith(foldCase(ignoreCaseOperand(operand)));
}

function matchEqualsIgnoreCase(operand: string, value: Scalar): boolean {
  return typeof value === 'string' && foldCase(value) === foldCase(operand);
}

/**
 * anything-but: a value, a list of values, or {prefix|suffix|equals-ignore-case|wildcard}.
 * Matches a present leaf value that the inner test rejects; a missing field never matches.
 */
function matchAnythingBut(operand: unknown, value: Scalar): boolean {
  if (Array.isArray(operand)) return !operand.includes(value);
  if (!isOperator(operand)) return value !== operand;
  const [name, inner] = onlyEntry(operand);
  const innerValues: readonly string[] = Array.isArray(inner) ? inner : [inner as string];
  switch (name) {
    case 'prefix':
      return !innerValues.some((prefix) => matchPrefix(prefix, value));
    case 'suffix':
      return !innerValues.some((suffix) => matchSuffix(suffix, value));
    case 'equals-ignore-case':
      return !innerValues.some((text) => matchEqualsIgnoreCase(text, value));
    case 'wildcard':
      return !innerValues.some((wildcard) => matchWildcard(wildcard, value));
    default:
      throw new Error(`unreachable: anything-but ${name} passed validation`);
  }
}

/** {"numeric": [">", 0, "<=", 5]}: every comparison must hold, and only numbers match. */
function matchNumeric(terms: readonly (string | number)[], value: Scalar): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i < terms.length; i += 2) {
    if (!compare(value, terms[i] as string, terms[i + 1] as number)) return false;
  }
  return true;
}

function compare(value: number, operator: string, operand: number): boolean {
  switch (operator) {
    case '=':
      return value === operand;
    case '<':
      return value < operand;
    case '<=':
      return value <= operand;
    case '>':
      return value > operand;
    case '>=':
      return value >= operand;
    default:
      throw new Error(`unreachable: numeric operator ${operator} passed validation`);
  }
}

/** {"cidr": "10.0.0.0/24"} or an IPv6 block; matches IP address strings of the same family inside it. */
function matchCidr(cidr: string, value: Scalar): boolean {
  if (typeof value !== 'string') return false;
  const block = parseCidr(cidr);
  if (block === undefined || value.includes('%') || isIP(value) !== block.family) return false;
  return block.list.check(value, block.family === 4 ? 'ipv4' : 'ipv6');
}

/** {"wildcard": "dir/*.png"}: `*` matches any run of characters (even none), `\*` a literal star. */
function matchWildcard(wildcard: string, value: Scalar): boolean {
  return typeof value === 'string' && wildcardRegExp(wildcard).test(value);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
  'wildcard',
]);
const ANYTHING_BUT_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

function validateObject(pattern: unknown, path: string): void {
  if (!isPlainObject(pattern)) fail(path, `a pattern must be a JSON object, got ${describe(pattern)}`);
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'empty objects are not allowed');
  for (const [key, value] of entries) {
    const keyPath = childPath(path, key);
    if (key === '$or') validateOr(value, keyPath);
    else if (Array.isArray(value)) validateConditions(value, keyPath);
    else if (isPlainObject(value)) validateObject(value, keyPath);
    else fail(keyPath, `must be an object or an array of match values, got ${describe(value)}`);
  }
}

function validateOr(branches: unknown, path: string): void {
  if (!Array.isArray(branches)) fail(path, `$or must be an array of pattern objects, got ${describe(branches)}`);
  if (branches.length < 2) fail(path, '$or needs at least two pattern objects');
  branches.forEach((branch, i) => {
    if (!isPlainObject(branch)) fail(`${path}[${i}]`, `$or may only hold pattern objects, got ${describe(branch)}`);
    validateObject(branch, `${path}[${i}]`);
  });
}

function validateConditions(conditions: readonly unknown[], path: string): void {
  if (conditions.length === 0) fail(path, 'empty arrays are not allowed');
  conditions.forEach((condition, i) => validateCondition(condition, `${path}[${i}]`));
}

function validateCondition(condition: unknown, path: string): void {
  if (isScalar(condition)) {
    if (typeof condition === 'number') requireFiniteNumber(condition, path);
    return;
  }
  if (!isPlainObject(condition)) {
    fail(path, `a match value must be a string, number, boolean, null or operator object, got ${describe(condition)}`);
  }
  const [name, operand] = singleKey(condition, path);
  if (!OPERATORS.has(name)) fail(path, `unknown operator "${name}" (expected one of ${[...OPERATORS].join(', ')})`);
  const operandPath = childPath(path, name);
  switch (name) {
    case 'prefix':
    case 'suffix':
      return validateAffix(operand, operandPath, name);
    case 'equals-ignore-case':
      return requireString(operand, operandPath, name);
    case 'anything-but':
      return validateAnythingBut(operand, operandPath);
    case 'numeric':
      return validateNumeric(operand, operandPath);
    case 'exists':
      if (typeof operand !== 'boolean') fail(operandPath, `exists must be true or false, got ${describe(operand)}`);
      return;
    case 'cidr':
      return validateCidr(operand, operandPath);
    case 'wildcard':
      return validateWildcard(operand, operandPath);
  }
}

/** prefix/suffix take a string or {"equals-ignore-case": string}. */
function validateAffix(operand: unknown, path: string, name: string): void {
  if (typeof operand === 'string') return;
  if (!isPlainObject(operand)) fail(path, `${name} must be a string or an equals-ignore-case object, got ${describe(operand)}`);
  const [inner, text] = singleKey(operand, path);
  if (inner !== 'equals-ignore-case') fail(path, `unsupported ${name} operator "${inner}" (only equals-ignore-case)`);
  requireString(text, childPath(path, inner), `${name} equals-ignore-case`);
}

function validateAnythingBut(operand: unknown, path: string): void {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number') return requireFiniteNumber(operand, path);
  if (Array.isArray(operand)) return validateAnythingButList(operand, path);
  if (!isPlainObject(operand)) {
    fail(path, `anything-but must be a string, number, array or operator object, got ${describe(operand)}`);
  }
  const [name, inner] = singleKey(operand, path);
  if (!ANYTHING_BUT_OPERATORS.has(name)) {
    fail(path, `unsupported anything-but operator "${name}" (expected one of ${[...ANYTHING_BUT_OPERATORS].join(', ')})`);
  }
  const innerPath = childPath(path, name);
  switch (name) {
    case 'prefix':
    case 'suffix':
      requireString(inner, innerPath, `anything-but ${name}`);
      if (inner === '') fail(innerPath, `anything-but ${name} must not be empty`);
      return;
    case 'equals-ignore-case':
      return forEachStringOrList(inner, innerPath, `anything-but ${name}`, () => undefined);
    case 'wildcard':
      return forEachStringOrList(inner, innerPath, `anything-but ${name}`, (text, textPath) =>
        wildcardTokens(text, textPath),
      );
  }
}

/** anything-but lists hold only strings or only numbers. */
function validateAnythingButList(values: readonly unknown[], path: string): void {
  if (values.length === 0) fail(path, 'anything-but list must not be empty');
  values.forEach((value, i) => {
    if (typeof value === 'number') requireFiniteNumber(value, `${path}[${i}]`);
    else if (typeof value !== 'string') fail(`${path}[${i}]`, `anything-but lists hold only strings or numbers, got ${describe(value)}`);
  });
  const types = new Set(values.map((value) => typeof value));
  if (types.size > 1) fail(path, 'anything-but list must be all strings or all numbers, not mixed');
}

/** [op, n] or [lower-op, n, upper-op, m] with op in = < <= > >=, lower-op in > >=, upper-op in < <=. */
function validateNumeric(terms: unknown, path: string): void {
  if (!Array.isArray(terms)) fail(path, `numeric must be an array like [">", 0, "<=", 5], got ${describe(terms)}`);
  if (terms.length !== 2 && terms.length !== 4) {
    fail(path, `numeric takes one or two operator/number pairs, got ${terms.length} element(s)`);
  }
  for (let i = 0; i < terms.length; i += 2) {
    const operator: unknown = terms[i];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator)) {
      fail(`${path}[${i}]`, `unknown numeric operator ${describe(operator)} (expected =, <, <=, > or >=)`);
    }
    const operand: unknown = terms[i + 1];
    if (typeof operand !== 'number') fail(`${path}[${i + 1}]`, `numeric ${operator} needs a number, got ${describe(operand)}`);
    requireFiniteNumber(operand, `${path}[${i + 1}]`);
  }
  if (terms.length === 4) validateNumericRange(terms as [string, number, string, number], path);
}

function validateNumericRange([lowerOp, lower, upperOp, upper]: [string, number, string, number], path: string): void {
  if (lowerOp !== '>' && lowerOp !== '>=') fail(`${path}[0]`, `a numeric range must start with > or >=, got "${lowerOp}"`);
  if (upperOp !== '<' && upperOp !== '<=') fail(`${path}[2]`, `a numeric range must end with < or <=, got "${upperOp}"`);
  if (!(lower < upper)) fail(path, `numeric range bottom ${lower} must be less than top ${upper}`);
}

function validateCidr(operand: unknown, path: string): void {
  requireString(operand, path, 'cidr');
  const slash = operand.indexOf('/');
  if (slash < 0 || slash !== operand.lastIndexOf('/')) fail(path, `malformed CIDR "${operand}", one '/' required`);
  if (parseCidr(operand) === undefined) fail(path, `malformed CIDR "${operand}"`);
}

function validateWildcard(operand: unknown, path: string): void {
  requireString(operand, path, 'wildcard');
  wildcardTokens(operand, path);
}

function forEachStringOrList(
  operand: unknown,
  path: string,
  what: string,
  check: (text: string, textPath: string) => void,
): void {
  if (typeof operand === 'string') return check(operand, path);
  if (!Array.isArray(operand) || operand.length === 0) {
    fail(path, `${what} must be a string or a non-empty array of strings, got ${describe(operand)}`);
  }
  operand.forEach((text, i) => {
    requireString(text, `${path}[${i}]`, what);
    check(text, `${path}[${i}]`);
  });
}

function singleKey(operator: Record<string, unknown>, path: string): [string, unknown] {
  const entries = Object.entries(operator);
  if (entries.length !== 1) {
    fail(path, `an operator object must have exactly one key, got ${entries.length === 0 ? 'none' : entries.map(([k]) => `"${k}"`).join(', ')}`);
  }
  return entries[0]!;
}

function requireString(value: unknown, path: string, what: string): asserts value is string {
  if (typeof value !== 'string') fail(path, `${what} must be a string, got ${describe(value)}`);
}

function requireFiniteNumber(value: number, path: string): void {
  if (!Number.isFinite(value)) fail(path, `numbers must be finite, got ${value}`);
}

function fail(path: string, reason: string): never {
  throw new EventPatternError(path, reason);
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isOperator(value: unknown): value is Operator {
  return isPlainObject(value);
}

function onlyEntry(operator: Operator): [string, unknown] {
  return Object.entries(operator)[0]!;
}

function fieldOf(event: unknown, key: string): unknown {
  return isPlainObject(event) && Object.hasOwn(event, key) ? event[key] : undefined;
}

/** The leaf values at a path: the value itself, or the scalar elements of a (nested) array. */
function leafValues(field: unknown): Scalar[] {
  if (Array.isArray(field)) return field.flatMap(leafValues);
  return isScalar(field) ? [field] : [];
}

function ignoreCaseOperand(operand: unknown): string {
  return (operand as { 'equals-ignore-case': string })['equals-ignore-case'];
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

function childPath(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path === ROOT ? segment : `${path}.${segment}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `array ${truncate(JSON.stringify(value))}`;
  if (value === null) return 'null';
  return `${typeof value} ${truncate(JSON.stringify(value))}`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// --- wildcard ---

type WildcardToken = { readonly star: true } | { readonly literal: string };

/** Splits a wildcard into literals and stars; rejects `**` and backslashes not followed by `*` or `\`. */
function wildcardTokens(wildcard: string, path: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard[i]!;
    if (char === '*') {
      if (wildcard[i + 1] === '*') fail(path, `consecutive wildcard characters at position ${i}`);
      tokens.push({ star: true });
    } else if (char === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') fail(path, `invalid escape at position ${i} (only \\* and \\\\ are allowed)`);
      tokens.push({ literal: next });
      i++;
    } else {
      tokens.push({ literal: char });
    }
  }
  return tokens;
}

const wildcardCache = new Map<string, RegExp>();

function wildcardRegExp(wildcard: string): RegExp {
  let regExp = wildcardCache.get(wildcard);
  if (regExp === undefined) {
    const source = wildcardTokens(wildcard, 'wildcard')
      .map((token) => ('star' in token ? '.*' : token.literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    regExp = new RegExp(`^${source}$`, 'su');
    wildcardCache.set(wildcard, regExp);
  }
  return regExp;
}

// --- cidr ---

interface CidrBlock {
  readonly family: 4 | 6;
  readonly list: BlockList;
}

const cidrCache = new Map<string, CidrBlock | undefined>();

/** Parses "10.0.0.0/24" or "2001:db8::/32"; undefined if malformed. */
function parseCidr(cidr: string): CidrBlock | undefined {
  if (cidrCache.has(cidr)) return cidrCache.get(cidr);
  const match = /^([^/%]+)\/(\d{1,3})$/.exec(cidr);
  const family = match ? isIP(match[1]!) : 0;
  const bits = match ? Number(match[2]) : NaN;
  let block: CidrBlock | undefined;
  if (match && (family === 4 || family === 6) && bits <= (family === 4 ? 32 : 128)) {
    const list = new BlockList();
    list.addSubnet(match[1]!, bits, family === 4 ? 'ipv4' : 'ipv6');
    block = { family, list };
  }
  cidrCache.set(cidr, block);
  return block;
}
