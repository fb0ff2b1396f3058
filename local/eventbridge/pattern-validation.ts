// Validation of EventBridge event patterns: what PutRule accepts, with the reason texts of
// InvalidEventPatternException ("Event pattern is not valid. Reason: ..."), which come from
// aws/event-ruler's JsonRuleCompiler, the engine behind EventBridge. Each error also names the
// offending path, which AWS gives only as a line and column.

import {
  comparableNumber,
  isPlainObject,
  isScalar,
  parseCidr,
  wildcardTokens,
} from './pattern-operands.js';

export class EventPatternError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason} (at ${path})`);
    this.name = 'EventPatternError';
  }
}

/** EventBridge's "Event pattern size" quota, in characters (adjustable on AWS; the default here). */
export const MAX_PATTERN_CHARACTERS = 2048;

export const ROOT = '(pattern)';

/** Operator names; inside $or they may not be used as field names either. */
const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard'];
const ANYTHING_BUT_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'];
const RESERVED_IN_OR = new Set([...OPERATORS, '=', '<', '<=', '>', '>=']);

export function validateRoot(pattern: unknown): void {
  if (!isPlainObject(pattern)) fail(ROOT, 'Filter is not an object');
  const size = JSON.stringify(pattern).length;
  if (size > MAX_PATTERN_CHARACTERS) {
    fail(ROOT, `Event pattern is ${size} characters, over the event pattern size quota of ${MAX_PATTERN_CHARACTERS}`);
  }
  validateObject(pattern, ROOT, false);
}

function validateObject(pattern: Record<string, unknown>, path: string, insideOr: boolean): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) fail(path, 'Empty objects are not allowed');
  for (const [key, value] of entries) {
    const keyPath = childPath(path, key);
    if (key === '$or') {
      validateOr(value, keyPath);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) fail(keyPath, `${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    if (Array.isArray(value)) validateConditions(value, keyPath);
    else if (isPlainObject(value)) validateObject(value, keyPath, insideOr);
    else fail(keyPath, `"${key}" must be an object or an array`);
  }
}

function validateOr(branches: unknown, path: string): void {
  if (!Array.isArray(branches)) fail(path, 'It must be an Array followed with $or.');
  branches.forEach((branch, i) => {
    if (!isPlainObject(branch)) fail(`${path}[${i}]`, 'Only JSON object is allowed in array of $or relationship.');
    validateObject(branch, `${path}[${i}]`, true);
  });
  if (branches.length < 2) fail(path, 'There must have at least 2 Objects in $or relationship.');
}

function validateConditions(conditions: readonly unknown[], path: string): void {
  conditions.forEach((condition, i) => validateCondition(condition, `${path}[${i}]`));
  if (conditions.length === 0) fail(path, 'Empty arrays are not allowed');
}

function validateCondition(condition: unknown, path: string): void {
  if (isScalar(condition)) return;
  if (!isPlainObject(condition)) fail(path, 'Match value must be String, number, true, false, or null');
  const [name, operand] = singleKey(condition, path, 'Match expression name not found');
  const operandPath = childPath(path, name);
  switch (name) {
    case 'prefix':
    case 'suffix':
      return validateAffix(operand, operandPath, name);
    case 'equals-ignore-case':
      return requireString(operand, operandPath, 'equals-ignore-case match pattern must be a string');
    case 'anything-but':
      return validateAnythingBut(operand, operandPath);
    case 'numeric':
      return validateNumeric(operand, operandPath);
    case 'exists':
      if (typeof operand !== 'boolean') fail(operandPath, 'exists match pattern must be either true or false.');
      return;
    case 'cidr':
      return validateCidr(operand, operandPath);
    case 'wildcard':
      return validateWildcard(operand, operandPath);
    default:
      fail(path, `Unrecognized match type ${name}`);
  }
}

/** prefix/suffix take a string or {"equals-ignore-case": string}. */
function validateAffix(operand: unknown, path: string, name: 'prefix' | 'suffix'): void {
  if (typeof operand === 'string') return;
  if (!isPlainObject(operand)) fail(path, `${name} match pattern must be a string`);
  const title = name === 'prefix' ? 'Prefix' : 'Suffix';
  const [inner, text] = singleKey(operand, path, `${title} expression name not found`);
  if (inner !== 'equals-ignore-case') fail(path, `Unsupported ${name} pattern: ${inner}`);
  requireString(text, childPath(path, inner), 'equals-ignore-case match pattern must be a string');
}

/**
 * anything-but takes a string, a number, a non-empty list of only strings or only numbers, or one
 * of {prefix|suffix: non-empty string}, {equals-ignore-case|wildcard: string or list of strings}.
 */
function validateAnythingBut(operand: unknown, path: string): void {
  if (typeof operand === 'string') return;
  if (typeof operand === 'number') return requireComparable(operand, path);
  if (Array.isArray(operand)) return validateAnythingButList(operand, path);
  if (!isPlainObject(operand)) fail(path, 'Value of anything-but must be an array or single string/number value.');
  const entries = Object.entries(operand);
  if (entries.length === 0) fail(path, 'Anything-But expression name not found');
  const [name, inner] = entries[0]!;
  if (!ANYTHING_BUT_OPERATORS.includes(name)) fail(path, `Unsupported anything-but pattern: ${name}`);
  if (entries.length > 1) fail(path, 'Too many elements in numeric expression'); // sic: event-ruler's text
  const innerPath = childPath(path, name);
  if (!(typeof inner === 'string' || Array.isArray(inner))) {
    fail(innerPath, 'Value of anything-but must be an array or single string/number value.');
  }
  switch (name) {
    case 'prefix':
    case 'suffix':
      // A single prefix or suffix only (the user guide: "not a list").
      if (typeof inner !== 'string') fail(innerPath, 'prefix/suffix match pattern must be a string');
      if (inner === '') fail(innerPath, 'Null prefix/suffix not allowed');
      return;
    case 'equals-ignore-case':
      return forEachText(inner, innerPath, 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
    case 'wildcard':
      return forEachText(inner, innerPath, 'wildcard match pattern must be a string', checkWildcard);
  }
}

function validateAnythingButList(values: readonly unknown[], path: string): void {
  values.forEach((value, i) => {
    if (typeof value === 'number') requireComparable(value, `${path}[${i}]`);
    else if (typeof value !== 'string') fail(`${path}[${i}]`, 'Inside anything but list, start|null|boolean is not supported.');
  });
  const types = new Set(values.map((value) => typeof value));
  if (types.size !== 1) {
    fail(path, 'Inside anything but list, either all values are number or string, mixed type is not supported');
  }
}

/** [op, n] with op in = < <= > >=, or a range [> or >=, n, < or <=, m] with n < m. */
function validateNumeric(terms: unknown, path: string): void {
  if (!Array.isArray(terms)) fail(path, 'Value of numeric must be an array.');
  const [operator, value, upperOperator, upper] = terms as unknown[];
  if (typeof operator !== 'string') fail(`${path}[0]`, `Invalid member in numeric match: ${text(operator ?? ']')}`);
  if (!['=', '<', '<=', '>', '>='].includes(operator)) fail(`${path}[0]`, `Unrecognized numeric range operator: ${operator}`);
  requireNumber(value, `${path}[1]`, operator);
  if (terms.length === 2) return;
  if (operator !== '>' && operator !== '>=') fail(path, 'Too many elements in numeric expression');
  if (typeof upperOperator !== 'string') fail(`${path}[2]`, `Bad value in numeric range: ${text(upperOperator ?? ']')}`);
  if (upperOperator !== '<' && upperOperator !== '<=') fail(`${path}[2]`, `Bad numeric range operator: ${upperOperator}`);
  requireNumber(upper, `${path}[3]`, upperOperator);
  if (terms.length > 4) fail(path, 'Too many terms in numeric range expression');
  if (!(comparableNumber(value)! < comparableNumber(upper)!)) fail(path, 'Bottom must be less than top');
}

function requireNumber(value: unknown, path: string, operator: string): asserts value is number {
  if (typeof value !== 'number') fail(path, `Value of ${operator === '=' ? 'equals' : operator} must be numeric`);
  requireComparable(value, path);
}

function requireComparable(value: number, path: string): void {
  if (comparableNumber(value) === undefined) {
    fail(path, `Value must be between -5.0E9 and 5.0E9, inclusive (got ${value})`);
  }
}

function validateCidr(operand: unknown, path: string): void {
  requireString(operand, path, 'prefix match pattern must be a string'); // sic: event-ruler's text for cidr
  const block = parseCidr(operand);
  if (typeof block === 'string') fail(path, block);
}

function validateWildcard(operand: unknown, path: string): void {
  requireString(operand, path, 'wildcard match pattern must be a string');
  checkWildcard(operand, path);
}

function checkWildcard(wildcard: string, path: string): void {
  const tokens = wildcardTokens(wildcard);
  if (typeof tokens === 'string') fail(path, tokens);
}

function forEachText(operand: unknown, path: string, reason: string, check?: (text: string, textPath: string) => void): void {
  if (typeof operand === 'string') return check?.(operand, path);
  (operand as unknown[]).forEach((item, i) => {
    requireString(item, `${path}[${i}]`, reason);
    check?.(item, `${path}[${i}]`);
  });
}

function singleKey(operator: Record<string, unknown>, path: string, noKeyReason: string): [string, unknown] {
  const entries = Object.entries(operator);
  if (entries.length === 0) fail(path, noKeyReason);
  if (entries.length > 1) fail(path, 'Only one key allowed in match expression');
  return entries[0]!;
}

function requireString(value: unknown, path: string, reason: string): asserts value is string {
  if (typeof value !== 'string') fail(path, reason);
}

function fail(path: string, reason: string): never {
  throw new EventPatternError(path, reason);
}

function childPath(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return path === ROOT ? segment : `${path}.${segment}`;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
