// What PutRule accepts as an event pattern, and the reasons InvalidEventPatternException gives
// (event-ruler's texts: "Event pattern is not valid. Reason: ...").
import { describe, expect, it } from 'vitest';
import { EventPatternError, matchesPattern, MAX_PATTERN_CHARACTERS, validatePattern } from '../../../local/eventbridge/pattern.js';

const ec2Event = { source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification', detail: { state: 'running' } };

describe('invalid patterns (InvalidEventPatternException reasons, as event-ruler words them)', () => {
  const cases: [string, unknown, string, string][] = [
    ['a non-object pattern', ['aws.ec2'], '(pattern)', 'Filter is not an object'],
    ['null', null, '(pattern)', 'Filter is not an object'],
    ['an empty pattern', {}, '(pattern)', 'Empty objects are not allowed'],
    ['a leaf that is not an array', { source: 'aws.ec2' }, 'source', '"source" must be an object or an array'],
    ['a number leaf', { detail: { n: 5 } }, 'detail.n', '"n" must be an object or an array'],
    ['a nested empty object', { detail: {} }, 'detail', 'Empty objects are not allowed'],
    ['an empty array', { detail: { state: [] } }, 'detail.state', 'Empty arrays are not allowed'],
    ['a nested array value', { source: [['aws.ec2']] }, 'source[0]', 'Match value must be String, number, true, false, or null'],
    ['an unknown operator', { source: [{ prefx: 'aws.' }] }, 'source[0]', 'Unrecognized match type prefx'],
    ['an undocumented operator', { source: [{ contains: 'aws' }] }, 'source[0]', 'Unrecognized match type contains'],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, 'source[0]', 'Only one key allowed in match expression'],
    ['an empty operator object', { source: [{}] }, 'source[0]', 'Match expression name not found'],
    ['a non-string prefix', { source: [{ prefix: 5 }] }, 'source[0].prefix', 'prefix match pattern must be a string'],
    ['a list of prefixes', { source: [{ prefix: ['a', 'b'] }] }, 'source[0].prefix', 'prefix match pattern must be a string'],
    ['prefix with a bad inner operator', { source: [{ prefix: { wildcard: 'a*' } }] }, 'source[0].prefix', 'Unsupported prefix pattern: wildcard'],
    ['prefix with an empty inner object', { source: [{ prefix: {} }] }, 'source[0].prefix', 'Prefix expression name not found'],
    ['suffix with two inner keys', { source: [{ suffix: { 'equals-ignore-case': 'a', x: 'b' } }] }, 'source[0].suffix', 'Only one key allowed in match expression'],
    ['a non-string suffix equals-ignore-case', { source: [{ suffix: { 'equals-ignore-case': 1 } }] }, 'source[0].suffix.equals-ignore-case', 'equals-ignore-case match pattern must be a string'],
    ['a list for equals-ignore-case', { source: [{ 'equals-ignore-case': ['a'] }] }, 'source[0].equals-ignore-case', 'equals-ignore-case match pattern must be a string'],
    ['numeric not an array', { detail: { n: [{ numeric: 5 }] } }, 'detail.n[0].numeric', 'Value of numeric must be an array.'],
    ['an empty numeric array', { detail: { n: [{ numeric: [] }] } }, 'detail.n[0].numeric[0]', 'Invalid member in numeric match: ]'],
    ['numeric starting with a number', { detail: { n: [{ numeric: [5, '>'] }] } }, 'detail.n[0].numeric[0]', 'Invalid member in numeric match: 5'],
    ['a numeric unknown operator', { detail: { n: [{ numeric: ['!=', 0] }] } }, 'detail.n[0].numeric[0]', 'Unrecognized numeric range operator: !='],
    ['a numeric string operand', { detail: { n: [{ numeric: ['>', '0'] }] } }, 'detail.n[0].numeric[1]', 'Value of > must be numeric'],
    ['a numeric = with a string', { detail: { n: [{ numeric: ['=', '5'] }] } }, 'detail.n[0].numeric[1]', 'Value of equals must be numeric'],
    ['a numeric operator without operand', { detail: { n: [{ numeric: ['<'] }] } }, 'detail.n[0].numeric[1]', 'Value of < must be numeric'],
    ['a numeric odd range', { detail: { n: [{ numeric: ['>', 0, '<='] }] } }, 'detail.n[0].numeric[3]', 'Value of <= must be numeric'],
    ['a range after =', { detail: { n: [{ numeric: ['=', 0, '<', 5] }] } }, 'detail.n[0].numeric', 'Too many elements in numeric expression'],
    ['a range starting with <', { detail: { n: [{ numeric: ['<', 5, '>', 0] }] } }, 'detail.n[0].numeric', 'Too many elements in numeric expression'],
    ['numeric = as a range end', { detail: { n: [{ numeric: ['>', 0, '=', 5] }] } }, 'detail.n[0].numeric[2]', 'Bad numeric range operator: ='],
    ['a number as a range operator', { detail: { n: [{ numeric: ['>', 0, 5, 5] }] } }, 'detail.n[0].numeric[2]', 'Bad value in numeric range: 5'],
    ['a range of more than two pairs', { detail: { n: [{ numeric: ['>', 0, '<', 5, '<', 6] }] } }, 'detail.n[0].numeric', 'Too many terms in numeric range expression'],
    ['an empty numeric range', { detail: { n: [{ numeric: ['>', 5, '<', 5] }] } }, 'detail.n[0].numeric', 'Bottom must be less than top'],
    ['a reversed numeric range', { detail: { n: [{ numeric: ['>=', 6, '<=', 5] }] } }, 'detail.n[0].numeric', 'Bottom must be less than top'],
    ['a numeric operand over 5e9', { detail: { n: [{ numeric: ['<', 5.1e9] }] } }, 'detail.n[0].numeric[1]', 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['a numeric operand under -5e9', { detail: { n: [{ numeric: ['>', -6e9, '<', 0] }] } }, 'detail.n[0].numeric[1]', 'Value must be between -5.0E9 and 5.0E9, inclusive'],
    ['exists not a boolean', { detail: { n: [{ exists: 'true' }] } }, 'detail.n[0].exists', 'exists match pattern must be either true or false.'],
    ['an anything-but boolean', { detail: { n: [{ 'anything-but': true }] } }, 'detail.n[0].anything-but', 'Value of anything-but must be an array or single string/number value.'],
    ['an anything-but null', { detail: { n: [{ 'anything-but': null }] } }, 'detail.n[0].anything-but', 'Value of anything-but must be an array or single string/number value.'],
    ['an empty anything-but list', { detail: { n: [{ 'anything-but': [] }] } }, 'detail.n[0].anything-but', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['a mixed anything-but list', { detail: { n: [{ 'anything-but': ['a', 1] }] } }, 'detail.n[0].anything-but', 'Inside anything but list, either all values are number or string, mixed type is not supported'],
    ['null in an anything-but list', { detail: { n: [{ 'anything-but': ['a', null] }] } }, 'detail.n[0].anything-but[1]', 'Inside anything but list, start|null|boolean is not supported.'],
    ['an anything-but number over 5e9', { detail: { n: [{ 'anything-but': 6e9 }] } }, 'detail.n[0].anything-but', 'Value must be between -5.0E9 and 5.0E9'],
    ['anything-but numeric', { detail: { n: [{ 'anything-but': { numeric: ['>', 1] } }] } }, 'detail.n[0].anything-but', 'Unsupported anything-but pattern: numeric'],
    ['anything-but exists', { detail: { n: [{ 'anything-but': { exists: true } }] } }, 'detail.n[0].anything-but', 'Unsupported anything-but pattern: exists'],
    ['an empty anything-but object', { detail: { n: [{ 'anything-but': {} }] } }, 'detail.n[0].anything-but', 'Anything-But expression name not found'],
    ['an anything-but object with two keys', { detail: { n: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] } }, 'detail.n[0].anything-but', 'Too many elements in numeric expression'],
    ['an empty anything-but prefix', { detail: { n: [{ 'anything-but': { prefix: '' } }] } }, 'detail.n[0].anything-but.prefix', 'Null prefix/suffix not allowed'],
    ['an empty anything-but suffix', { detail: { n: [{ 'anything-but': { suffix: '' } }] } }, 'detail.n[0].anything-but.suffix', 'Null prefix/suffix not allowed'],
    ['a list of anything-but prefixes', { detail: { n: [{ 'anything-but': { prefix: ['a', 'b'] } }] } }, 'detail.n[0].anything-but.prefix', 'prefix/suffix match pattern must be a string'],
    ['a number anything-but prefix', { detail: { n: [{ 'anything-but': { prefix: 5 } }] } }, 'detail.n[0].anything-but.prefix', 'Value of anything-but must be an array or single string/number value.'],
    ['an anything-but prefix object', { detail: { n: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'a' } } }] } }, 'detail.n[0].anything-but.prefix', 'Value of anything-but must be an array or single string/number value.'],
    ['a number in anything-but equals-ignore-case', { detail: { n: [{ 'anything-but': { 'equals-ignore-case': ['a', 1] } }] } }, 'detail.n[0].anything-but.equals-ignore-case[1]', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
    ['a number anything-but wildcard', { detail: { n: [{ 'anything-but': { wildcard: [1] } }] } }, 'detail.n[0].anything-but.wildcard[0]', 'wildcard match pattern must be a string'],
    ['an invalid anything-but wildcard', { detail: { f: [{ 'anything-but': { wildcard: ['ok*', 'x**'] } }] } }, 'detail.f[0].anything-but.wildcard[1]', 'Consecutive wildcard characters at pos 2'],
    ['a non-string cidr', { detail: { ip: [{ cidr: 10 }] } }, 'detail.ip[0].cidr', 'prefix match pattern must be a string'],
    ['a cidr without mask', { detail: { ip: [{ cidr: '10.0.0.1' }] } }, 'detail.ip[0].cidr', "Malformed CIDR, one '/' required"],
    ['a cidr with two masks', { detail: { ip: [{ cidr: '10.0.0.0/8/8' }] } }, 'detail.ip[0].cidr', "Malformed CIDR, one '/' required"],
    ['a cidr with a word mask', { detail: { ip: [{ cidr: '10.0.0.0/x' }] } }, 'detail.ip[0].cidr', 'Malformed CIDR, mask bits must be an integer'],
    ['a cidr with a bad address', { detail: { ip: [{ cidr: '10.0.0/8' }] } }, 'detail.ip[0].cidr', 'Nonstandard IP address: 10.0.0'],
    ['a cidr with a bad mask', { detail: { ip: [{ cidr: '10.0.0.0/33' }] } }, 'detail.ip[0].cidr', 'Malformed CIDR, mask bits must be between 0 and 32'],
    ['a non-string wildcard', { detail: { f: [{ wildcard: ['a*'] }] } }, 'detail.f[0].wildcard', 'wildcard match pattern must be a string'],
    ['consecutive wildcards', { detail: { f: [{ wildcard: 'a**b' }] } }, 'detail.f[0].wildcard', 'Consecutive wildcard characters at pos 2'],
    ['an invalid wildcard escape', { detail: { f: [{ wildcard: 'a\\b' }] } }, 'detail.f[0].wildcard', 'Invalid escape character at pos 2'],
    ['$or not an array', { $or: { source: ['a'] } }, '$or', 'It must be an Array followed with $or.'],
    ['$or with one branch', { $or: [{ source: ['a'] }] }, '$or', 'There must have at least 2 Objects in $or relationship.'],
    ['$or with a non-object', { $or: [{ source: ['a'] }, 'b'] }, '$or[1]', 'Only JSON object is allowed in array of $or relationship.'],
    ['an operator name as a field inside $or', { $or: [{ prefix: ['a'] }, { b: ['c'] }] }, '$or[0].prefix', 'prefix is Ruler reserved fieldName which cannot be used inside $or.'],
    ['an invalid branch inside $or', { detail: { $or: [{ a: ['x'] }, { b: [{ prefx: 'y' }] }] } }, 'detail.$or[1].b[0]', 'Unrecognized match type prefx'],
  ];

  it.each(cases)('rejects %s, naming the path', (_name, pattern, path, reason) => {
    let error: unknown;
    try {
      validatePattern(pattern);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EventPatternError);
    expect((error as EventPatternError).path).toBe(path);
    expect((error as EventPatternError).message).toContain(`Event pattern is not valid. Reason: ${reason}`);
    expect(() => matchesPattern(pattern, ec2Event)).toThrow(reason);
  });

  it('quotes keys that are not simple identifiers in the path', () => {
    expect(() => validatePattern({ detail: { 'a.b': 'x' } })).toThrow(/\(at detail\."a\.b"\)/);
  });

  it(`rejects a pattern over the ${MAX_PATTERN_CHARACTERS}-character event pattern size quota`, () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `value-${String(i).padStart(4, '0')}`);
    const fits = { detail: { v: values(100) } }; // 100 x 13 characters, plus quotes and commas
    expect(JSON.stringify(fits).length).toBeLessThanOrEqual(MAX_PATTERN_CHARACTERS);
    expect(() => validatePattern(fits)).not.toThrow();
    expect(() => validatePattern({ detail: { v: values(200) } })).toThrow(/over the event pattern size quota of 2048/);
  });

  it('accepts every documented operator form', () => {
    expect(() =>
      validatePattern({
        source: ['aws.ec2', { prefix: 'aws.' }, { prefix: '' }, { prefix: { 'equals-ignore-case': 'AWS.' } }],
        'detail-type': [{ suffix: 'Notification' }, { suffix: { 'equals-ignore-case': 'notification' } }],
        detail: {
          state: [{ 'anything-but': 'initializing' }, { 'anything-but': ['a', 'b'] }, { 'anything-but': [1, 2] }, { 'anything-but': 5e9 }],
          a: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: 'y' } }],
          b: [{ 'anything-but': { 'equals-ignore-case': ['x'] } }, { 'anything-but': { 'equals-ignore-case': 'x' } }],
          w: [{ 'anything-but': { wildcard: '*/lib/*' } }, { 'anything-but': { wildcard: ['*/lib/*', '*.md'] } }],
          c: [{ numeric: ['=', 1] }, { numeric: ['>=', 0, '<', 1] }, { numeric: ['>', -5e9, '<=', 5e9] }, { exists: false }, { exists: true }],
          e: [null, '', true, false, 0, -1.5, 123456789012],
          d: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }, { wildcard: 'dir/*.png' }, { wildcard: 'a\\*b\\\\' }, { 'equals-ignore-case': 'x' }],
          $or: [{ e: ['1'] }, { f: { g: ['2'] } }, { $or: [{ h: ['3'] }, { i: ['4'] }] }],
        },
      }),
    ).not.toThrow();
  });
});
