// EventBridge event pattern matching for the local emulator.
//
// Follows the Amazon EventBridge user guide ("Creating event patterns", "Comparison operators for
// use in event patterns", "Arrays in EventBridge event patterns") and aws/event-ruler, the engine
// behind EventBridge. Validation (what PutRule accepts) is in pattern-validation.ts.
//
// - All keys of a pattern object must match (AND); the conditions in one array are OR.
// - A condition is an exact value (string, number, boolean or null) or a one-key operator
//   object: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr, wildcard.
// - "$or" holds an array of at least two sub-patterns, any of which must match.
// - If the event value is an array, a condition matches when it matches any element. A nested
//   pattern matches an array of objects when one element matches all of it.
// - Conditions only look at leaf values (strings, numbers, booleans, null); an event object is
//   never a leaf, so `exists: true` does not match it and `exists: false` does.
// - Numbers compare as numbers (300 matches 3.0e2), within +-5e9 and to six decimal places.
//
// matchesPattern validates the pattern first and throws EventPatternError on an invalid one, so a
// typo such as {"prefx": "aws."} fails loudly instead of silently never matching. Use
// compilePattern to validate once and match many events.

import {
  comparableNumber,
  foldCase,
  inCidr,
  isPlainObject,
  isScalar,
  parseCidr,
  wildcardRegExp,
  type Scalar,
} from './pattern-operands.js';
import { validateRoot } from './pattern-validation.js';

export { EventPatternError, MAX_PATTERN_CHARACTERS } from './pattern-validation.js';

type Operator = { readonly [operator: string]: unknown };
type Condition = Scalar | Operator;
/** A pattern that has passed validatePattern. */
export interface EventPattern {
  readonly [key: string]: EventPattern | readonly Condition[] | readonly EventPattern[];
}

/** Throws EventPatternError, naming the offending path, if `pattern` is not a valid event pattern. */
export function validatePattern(pattern: unknown): asserts pattern is EventPattern {
  validateRoot(pattern);
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
    if (isPlainObject(condition) && 'exists' in condition) return values.length > 0 === condition['exists'];
    return values.some((value) => matchCondition(condition, value));
  });
}

function matchCondition(condition: Condition, value: Scalar): boolean {
  if (!isPlainObject(condition)) return sameValue(condition, value);
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
      return typeof value === 'string' && inCidr(parseCidr(operand as string) as Exclude<ReturnType<typeof parseCidr>, string>, value);
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(operand as string).test(value);
    default:
      throw new Error(`unreachable: operator ${name} passed validation`);
  }
}

/** Exact match: strings, booleans and null by identity, numbers by numeric value (300 = 3.0e2). */
function sameValue(expected: Scalar, value: Scalar): boolean {
  return expected === value;
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
  if (Array.isArray(operand)) return !operand.some((excluded: Scalar) => sameValue(excluded, value));
  if (!isPlainObject(operand)) return !sameValue(operand as Scalar, value);
  const [name, inner] = onlyEntry(operand);
  const texts: readonly string[] = Array.isArray(inner) ? inner : [inner as string];
  switch (name) {
    case 'prefix':
      return !texts.some((prefix) => matchPrefix(prefix, value));
    case 'suffix':
      return !texts.some((suffix) => matchSuffix(suffix, value));
    case 'equals-ignore-case':
      return !texts.some((text) => matchEqualsIgnoreCase(text, value));
    case 'wildcard':
      return !texts.some((wildcard) => typeof value === 'string' && wildcardRegExp(wildcard).test(value));
    default:
      throw new Error(`unreachable: anything-but ${name} passed validation`);
  }
}

/** {"numeric": [">", 0, "<=", 5]}: every comparison must hold, and only comparable numbers match. */
function matchNumeric(terms: readonly (string | number)[], value: Scalar): boolean {
  const actual = typeof value === 'number' ? comparableNumber(value) : undefined;
  if (actual === undefined) return false;
  for (let i = 0; i < terms.length; i += 2) {
    if (!compare(actual, terms[i] as string, comparableNumber(terms[i + 1] as number)!)) return false;
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
