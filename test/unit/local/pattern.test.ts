// Event pattern matching, with examples from the Amazon EventBridge user guide.
import { describe, expect, it } from 'vitest';
import { compilePattern, EventPatternError, matchesPattern, validatePattern } from '../../../local/eventbridge/pattern.js';

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

/** The docs' content-filtering sample detail. */
const contentEvent = {
  source: 'com.mycompany.myapp',
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.123', 'source-ipv6': '2001:db8::1' },
};

function withDetail(detail: Record<string, unknown>) {
  return { ...ec2Event, detail };
}

describe('exact values and envelope fields', () => {
  it('matches the docs EC2 state-change pattern', () => {
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: 'running' }))).toBe(false);
    expect(matchesPattern(pattern, { ...ec2Event, source: 'aws.ec3' })).toBe(false);
  });

  it('ORs values within a field and ANDs fields', () => {
    const pattern = { detail: { state: ['running', 'terminated'] }, region: ['us-west-1'] };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Event, region: 'eu-north-1' })).toBe(false);
  });

  it('matches the shape CDK writes for samskab rules', () => {
    const pattern = { source: ['samskab'], 'detail-type': ['meeting-scheduled', 'meeting-rescheduled'] };
    const event = { ...ec2Event, source: 'samskab', 'detail-type': 'meeting-rescheduled', detail: {} };
    expect(matchesPattern(pattern, event)).toBe(true);
    expect(matchesPattern(pattern, { ...event, 'detail-type': 'meeting-cancelled' })).toBe(false);
    expect(matchesPattern(pattern, { ...event, source: 'other' })).toBe(false);
  });

  it('matches case-sensitively and by type', () => {
    expect(matchesPattern({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { n: [5] } }, withDetail({ n: 5 }))).toBe(true);
    expect(matchesPattern({ detail: { n: [5] } }, withDetail({ n: '5' }))).toBe(false);
    expect(matchesPattern({ detail: { b: [true] } }, withDetail({ b: true }))).toBe(true);
    expect(matchesPattern({ detail: { b: [true] } }, withDetail({ b: 'true' }))).toBe(false);
  });

  it('does not match a missing field, nor an object against a leaf value', () => {
    expect(matchesPattern({ detail: { missing: ['x'] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: ['terminated'] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { state: { deeper: ['x'] } } }, ec2Event)).toBe(false);
  });

  it('matches null and empty-string values (docs: "Matching null values and empty strings")', () => {
    const event = withDetail({ eventVersion: '', responseElements: null });
    expect(matchesPattern({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { responseElements: [''] } }, event)).toBe(false);
    // null is a value, not absence
    expect(matchesPattern({ detail: { absent: [null] } }, event)).toBe(false);
  });
});

describe('arrays', () => {
  const resourcesPattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when pattern and event arrays intersect (docs example)', () => {
    const event = {
      ...ec2Event,
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matchesPattern(resourcesPattern, event)).toBe(true);
  });

  it('does not match disjoint or empty arrays', () => {
    expect(matchesPattern(resourcesPattern, ec2Event)).toBe(false);
    expect(matchesPattern(resourcesPattern, { ...ec2Event, resources: [] })).toBe(false);
  });

  it('applies operators to any element', () => {
    expect(matchesPattern({ resources: [{ prefix: 'arn:aws:ec2:us-west-1:' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ resources: [{ prefix: 'arn:aws:s3' }] }, ec2Event)).toBe(false);
  });

  it('matches a nested pattern against one element of an array of objects', () => {
    const event = withDetail({
      items: [
        { name: 'a', size: 1 },
        { name: 'b', size: 2 },
      ],
    });
    expect(matchesPattern({ detail: { items: { name: ['b'], size: [2] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { items: { name: ['a'], size: [2] } } }, event)).toBe(false);
  });
});

describe('prefix', () => {
  it('matches the docs time prefix example', () => {
    expect(matchesPattern({ time: [{ prefix: '2017-10-02' }] }, { ...ec2Event, time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matchesPattern({ time: [{ prefix: '2017-10-02' }] }, ec2Event)).toBe(false);
  });

  it('matches source prefix "aws."', () => {
    expect(matchesPattern({ source: [{ prefix: 'aws.' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ source: [{ prefix: 'aws.' }] }, { ...ec2Event, source: 'samskab' })).toBe(false);
  });

  it('matches prefix with equals-ignore-case', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] } };
    expect(matchesPattern(pattern, withDetail({ service: 'EventBridge' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ service: 'Lambda' }))).toBe(false);
  });

  it('only matches strings', () => {
    expect(matchesPattern({ detail: { n: [{ prefix: '1' }] } }, withDetail({ n: 12 }))).toBe(false);
  });
});

describe('suffix', () => {
  it('matches the docs .png example', () => {
    const pattern = { detail: { FileName: [{ suffix: '.png' }] } };
    expect(matchesPattern(pattern, withDetail({ FileName: 'image.png' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FileName: 'image.PNG' }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ FileName: 'image.jpg' }))).toBe(false);
  });

  it('matches suffix with equals-ignore-case', () => {
    const pattern = { detail: { service: [{ suffix: { 'equals-ignore-case': 'tbridge' } }] } };
    expect(matchesPattern(pattern, withDetail({ service: 'EventBridge' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ service: 'EVENTBRIDGE' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ service: 'EventBus' }))).toBe(false);
  });
});

describe('equals-ignore-case', () => {
  it('matches any casing', () => {
    const pattern = { detail: { name: [{ 'equals-ignore-case': 'alice' }] } };
    expect(matchesPattern(pattern, withDetail({ name: 'ALICE' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ name: 'Alice' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ name: 'Alicia' }))).toBe(false);
  });
});

describe('anything-but', () => {
  it('excludes a single value (docs state example)', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('does not match a missing field', () => {
    expect(matchesPattern({ detail: { other: [{ 'anything-but': 'x' }] } }, ec2Event)).toBe(false);
  });

  it('excludes a list of strings', () => {
    const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matchesPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: 'stopped' }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ state: 'overloaded' }))).toBe(false);
  });

  it('excludes a number and a list of numbers', () => {
    expect(matchesPattern({ detail: { x: [{ 'anything-but': 0 }] } }, withDetail({ x: 1 }))).toBe(true);
    expect(matchesPattern({ detail: { x: [{ 'anything-but': 0 }] } }, withDetail({ x: 0 }))).toBe(false);
    const list = { detail: { x: [{ 'anything-but': [100, 200, 300] }] } };
    expect(matchesPattern(list, withDetail({ x: 150 }))).toBe(true);
    expect(matchesPattern(list, withDetail({ x: 200 }))).toBe(false);
  });

  it('excludes a prefix', () => {
    const pattern = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    expect(matchesPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });

  it('excludes a suffix', () => {
    const pattern = { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } };
    expect(matchesPattern(pattern, withDetail({ FileName: 'notes.md' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FileName: 'notes.txt' }))).toBe(false);
  });

  it('excludes values ignoring case', () => {
    const pattern = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } };
    expect(matchesPattern(pattern, withDetail({ state: 'running' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: 'STOPPED' }))).toBe(false);
    const single = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } };
    expect(matchesPattern(single, withDetail({ state: 'INITIALIZING' }))).toBe(false);
  });

  it('excludes a wildcard, single or list', () => {
    const pattern = { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } };
    expect(matchesPattern(pattern, withDetail({ FilePath: '/usr/bin/node' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FilePath: '/usr/lib/node' }))).toBe(false);
    const list = { detail: { FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] } };
    expect(matchesPattern(list, withDetail({ FilePath: '/usr/bin/node' }))).toBe(false);
    expect(matchesPattern(list, withDetail({ FilePath: '/home/me' }))).toBe(true);
  });
});

describe('numeric', () => {
  const pattern = {
    detail: {
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ numeric: ['=', 3.018e2] }],
    },
  };

  it('matches the docs content-filtering example', () => {
    expect(matchesPattern(pattern, contentEvent)).toBe(true);
  });

  it('rejects values outside the range', () => {
    expect(matchesPattern(pattern, { detail: { ...contentEvent.detail, 'c-count': 0 } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { ...contentEvent.detail, 'c-count': 6 } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { ...contentEvent.detail, 'd-count': 10 } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { ...contentEvent.detail, 'x-limit': 301.9 } })).toBe(false);
  });

  it('compares numbers, not strings', () => {
    const p = { detail: { n: [{ numeric: ['>=', 9] }] } };
    expect(matchesPattern(p, withDetail({ n: 10 }))).toBe(true);
    expect(matchesPattern(p, withDetail({ n: '10' }))).toBe(false);
    expect(matchesPattern(p, withDetail({ n: 8.5 }))).toBe(false);
  });
});

describe('exists', () => {
  it('matches a present leaf with exists: true', () => {
    expect(matchesPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { missing: [{ exists: true }] } }, ec2Event)).toBe(false);
  });

  it('matches a missing field with exists: false (docs example)', () => {
    expect(matchesPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { 'c-count': [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ nothing: { deeper: [{ exists: false }] } }, ec2Event)).toBe(true);
  });

  it('only sees leaf values, not objects', () => {
    expect(matchesPattern({ detail: [{ exists: true }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: [{ exists: false }] }, ec2Event)).toBe(true);
  });

  it('counts null and empty string as present, empty arrays as absent', () => {
    const event = withDetail({ nothing: null, blank: '', none: [] });
    expect(matchesPattern({ detail: { nothing: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { blank: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { none: [{ exists: false }] } }, event)).toBe(true);
  });
});

describe('wildcard', () => {
  it('matches the docs "dir/*.png" example', () => {
    const pattern = { detail: { FileName: [{ wildcard: 'dir/*.png' }] } };
    expect(matchesPattern(pattern, withDetail({ FileName: 'dir/image.png' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FileName: 'dir/sub/image.png' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FileName: 'dir/.png' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ FileName: 'other/image.png' }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ FileName: 'dir/image.png.bak' }))).toBe(false);
  });

  it('matches the docs event bus ARN example', () => {
    const pattern = { detail: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } };
    expect(matchesPattern(pattern, withDetail({ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ EventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/default' }))).toBe(false);
  });

  it('treats \\* as a literal star and regex characters literally', () => {
    const pattern = { detail: { name: [{ wildcard: 'a\\*b.(c)' }] } };
    expect(matchesPattern(pattern, withDetail({ name: 'a*b.(c)' }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ name: 'axxb.(c)' }))).toBe(false);
    expect(matchesPattern(pattern, withDetail({ name: 'a*bx(c)' }))).toBe(false);
  });
});

describe('cidr', () => {
  it('matches the docs source-ip example', () => {
    const pattern = { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } };
    expect(matchesPattern(pattern, contentEvent)).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'source-ip': '10.0.1.123' } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { 'source-ip': 'not an ip' } })).toBe(false);
  });

  it('matches IPv6 blocks', () => {
    const pattern = { detail: { 'source-ipv6': [{ cidr: '2001:db8::/32' }] } };
    expect(matchesPattern(pattern, contentEvent)).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'source-ipv6': '2001:db9::1' } })).toBe(false);
    expect(matchesPattern(pattern, { detail: { 'source-ipv6': '10.0.0.1' } })).toBe(false);
  });
});

describe('$or', () => {
  it('matches the docs numeric $or example', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };
    expect(matchesPattern(pattern, contentEvent)).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'c-count': 50, 'd-count': 3 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'c-count': 50, 'd-count': 30, 'x-limit': 1 } })).toBe(false);
  });

  it('matches the docs top-level $or example ANDed with source', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/S3' })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
  });

  it('supports nested $or', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization'] },
        { $or: [{ metricType: ['MetricType'] }, { scope: ['Service'] }] },
      ],
    };
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', scope: 'Other' })).toBe(false);
  });
});

describe('compilePattern', () => {
  it('validates once and returns a predicate', () => {
    const matches = compilePattern({ source: [{ prefix: 'aws.' }] });
    expect(matches(ec2Event)).toBe(true);
    expect(matches({ source: 'samskab' })).toBe(false);
    expect(() => compilePattern({ source: 'aws.ec2' })).toThrow(EventPatternError);
  });
});

describe('invalid patterns', () => {
  const cases: [string, unknown, RegExp][] = [
    ['a non-object pattern', ['aws.ec2'], /\(pattern\).*must be a JSON object/],
    ['null', null, /\(pattern\).*must be a JSON object/],
    ['an empty pattern', {}, /\(pattern\).*empty objects/],
    ['a leaf that is not an array', { source: 'aws.ec2' }, /at source: must be an object or an array/],
    ['a nested empty object', { detail: {} }, /at detail: empty objects/],
    ['an empty array', { detail: { state: [] } }, /at detail\.state: empty arrays/],
    ['a nested array value', { source: [['aws.ec2']] }, /at source\[0\]: a match value/],
    ['an unknown operator', { source: [{ prefx: 'aws.' }] }, /at source\[0\]: unknown operator "prefx"/],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, /at source\[0\]: .*exactly one key/],
    ['an empty operator object', { source: [{}] }, /at source\[0\]: .*exactly one key, got none/],
    ['a non-string prefix', { source: [{ prefix: 5 }] }, /at source\[0\]\.prefix: /],
    ['prefix with a bad inner operator', { source: [{ prefix: { wildcard: 'a*' } }] }, /at source\[0\]\.prefix: unsupported prefix/],
    ['a non-string suffix equals-ignore-case', { source: [{ suffix: { 'equals-ignore-case': 1 } }] }, /source\[0\]\.suffix\.equals-ignore-case/],
    ['a non-string equals-ignore-case', { source: [{ 'equals-ignore-case': ['a'] }] }, /source\[0\]\.equals-ignore-case: /],
    ['a numeric odd operator list', { detail: { 'c-count': [{ numeric: ['>', 0, '<='] }] } }, /detail\.c-count\[0\]\.numeric: .*3 element/],
    ['a numeric non-number', { detail: { n: [{ numeric: ['>', '0'] }] } }, /detail\.n\[0\]\.numeric\[1\]: numeric > needs a number/],
    ['a numeric unknown operator', { detail: { n: [{ numeric: ['!=', 0] }] } }, /detail\.n\[0\]\.numeric\[0\]: unknown numeric operator/],
    ['numeric not an array', { detail: { n: [{ numeric: 5 }] } }, /detail\.n\[0\]\.numeric: numeric must be an array/],
    ['a numeric range in the wrong order', { detail: { n: [{ numeric: ['<', 5, '>', 0] }] } }, /numeric\[0\]: a numeric range must start/],
    ['numeric = in a range', { detail: { n: [{ numeric: ['>', 0, '=', 5] }] } }, /numeric\[2\]: a numeric range must end/],
    ['an empty numeric range', { detail: { n: [{ numeric: ['>', 5, '<', 5] }] } }, /bottom 5 must be less than top 5/],
    ['exists not a boolean', { detail: { n: [{ exists: 'true' }] } }, /detail\.n\[0\]\.exists: exists must be true or false/],
    ['an anything-but boolean', { detail: { n: [{ 'anything-but': true }] } }, /anything-but: anything-but must be/],
    ['an empty anything-but list', { detail: { n: [{ 'anything-but': [] }] } }, /anything-but: anything-but list must not be empty/],
    ['a mixed anything-but list', { detail: { n: [{ 'anything-but': ['a', 1] }] } }, /anything-but: .*not mixed/],
    ['anything-but numeric', { detail: { n: [{ 'anything-but': { numeric: ['>', 1] } }] } }, /unsupported anything-but operator "numeric"/],
    ['an empty anything-but prefix', { detail: { n: [{ 'anything-but': { prefix: '' } }] } }, /anything-but\.prefix: anything-but prefix must not be empty/],
    ['a non-string cidr', { detail: { ip: [{ cidr: 10 }] } }, /detail\.ip\[0\]\.cidr: cidr must be a string/],
    ['a cidr without mask', { detail: { ip: [{ cidr: '10.0.0.1' }] } }, /detail\.ip\[0\]\.cidr: malformed CIDR/],
    ['a cidr with a bad mask', { detail: { ip: [{ cidr: '10.0.0.0/33' }] } }, /malformed CIDR "10\.0\.0\.0\/33"/],
    ['a cidr with a bad address', { detail: { ip: [{ cidr: '10.0.0/8' }] } }, /malformed CIDR/],
    ['consecutive wildcards', { detail: { f: [{ wildcard: 'a**b' }] } }, /detail\.f\[0\]\.wildcard: consecutive wildcard/],
    ['an invalid wildcard escape', { detail: { f: [{ wildcard: 'a\\b' }] } }, /detail\.f\[0\]\.wildcard: invalid escape/],
    ['an invalid anything-but wildcard', { detail: { f: [{ 'anything-but': { wildcard: ['ok*', 'x**'] } }] } }, /anything-but\.wildcard\[1\]: consecutive/],
    ['$or not an array', { $or: { source: ['a'] } }, /at \$or: \$or must be an array/],
    ['$or with one branch', { $or: [{ source: ['a'] }] }, /at \$or: \$or needs at least two/],
    ['$or with a non-object', { $or: [{ source: ['a'] }, 'b'] }, /at \$or\[1\]: \$or may only hold pattern objects/],
    ['an invalid branch inside $or', { detail: { $or: [{ a: ['x'] }, { b: [{ prefx: 'y' }] }] } }, /at detail\.\$or\[1\]\.b\[0\]: unknown operator/],
    ['a non-finite number', { detail: { n: [Infinity] } }, /detail\.n\[0\]: numbers must be finite/],
  ];

  it.each(cases)('rejects %s, naming the path', (_name, pattern, message) => {
    expect(() => validatePattern(pattern)).toThrow(EventPatternError);
    expect(() => validatePattern(pattern)).toThrow(message);
    expect(() => matchesPattern(pattern, ec2Event)).toThrow(message);
  });

  it('quotes keys that are not simple identifiers in the path', () => {
    expect(() => validatePattern({ detail: { 'a.b': 'x' } })).toThrow(/at detail\."a\.b": /);
  });

  it('accepts every documented operator', () => {
    expect(() =>
      validatePattern({
        source: ['aws.ec2', { prefix: 'aws.' }, { prefix: { 'equals-ignore-case': 'AWS.' } }],
        'detail-type': [{ suffix: 'Notification' }, { suffix: { 'equals-ignore-case': 'notification' } }],
        detail: {
          state: [{ 'anything-but': 'initializing' }, { 'anything-but': ['a', 'b'] }, { 'anything-but': [1, 2] }],
          a: [{ 'anything-but': { prefix: 'x' } }, { 'anything-but': { suffix: 'y' } }],
          b: [{ 'anything-but': { 'equals-ignore-case': ['x'] } }, { 'anything-but': { wildcard: '*/lib/*' } }],
          c: [{ numeric: ['=', 1] }, { numeric: ['>=', 0, '<', 1] }, { exists: false }, null, '', true, 0],
          d: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }, { wildcard: 'dir/*.png' }, { 'equals-ignore-case': 'x' }],
          $or: [{ e: ['1'] }, { f: ['2'] }],
        },
      }),
    ).not.toThrow();
  });
});
