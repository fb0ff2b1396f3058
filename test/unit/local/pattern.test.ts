// Event pattern matching, with examples from the Amazon EventBridge user guide.
import { describe, expect, it } from 'vitest';
import { compilePattern, EventPatternError, matchesPattern } from '../../../local/eventbridge/pattern.js';

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

describe('every form an operator value may take (user guide, "Comparison operators")', () => {
  it('matches an exact number by value, not by spelling, and never a string of it', () => {
    expect(matchesPattern({ detail: { x: [300] } }, withDetail({ x: 3.0e2 }))).toBe(true);
    expect(matchesPattern({ detail: { x: [300] } }, withDetail({ x: '300' }))).toBe(false);
    expect(matchesPattern({ detail: { x: ['300'] } }, withDetail({ x: 300 }))).toBe(false);
  });

  it('matches null exactly and does not treat it as absent (docs: UserID is null)', () => {
    expect(matchesPattern({ detail: { UserID: [null] } }, withDetail({ UserID: null }))).toBe(true);
    expect(matchesPattern({ detail: { UserID: [null] } }, withDetail({ UserID: 'null' }))).toBe(false);
    expect(matchesPattern({ detail: { UserID: [{ exists: false }] } }, withDetail({ UserID: null }))).toBe(false);
  });

  it('matches the empty string only against an empty string (docs: LastName is empty)', () => {
    expect(matchesPattern({ detail: { LastName: [''] } }, withDetail({ LastName: '' }))).toBe(true);
    expect(matchesPattern({ detail: { LastName: [''] } }, withDetail({ LastName: ' ' }))).toBe(false);
    expect(matchesPattern({ detail: { LastName: [''] } }, withDetail({}))).toBe(false);
  });

  it('anything-but takes a single string, a single number, a list of either, or an operator object', () => {
    const weather = (w: unknown) => withDetail({ Weather: w });
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': 'Raining' }] } }, weather('Sunny'))).toBe(true);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': 'Raining' }] } }, weather('Raining'))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': 123 }] } }, weather(123))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': 123 }] } }, weather(1.23e2))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': [100, 200] }] } }, weather(2e2))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': { prefix: 'Rain' } }] } }, weather('Rainy'))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': { suffix: 'ing' } }] } }, weather('Raining'))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': { 'equals-ignore-case': 'raining' } }] } }, weather('RAINING'))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': { wildcard: 'R*g' } }] } }, weather('Raining'))).toBe(false);
    expect(matchesPattern({ detail: { Weather: [{ 'anything-but': { wildcard: 'R*g' } }] } }, weather('Sunny'))).toBe(true);
  });

  it('anything-but over an event array matches when some element is not excluded', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'stopped' }] } };
    expect(matchesPattern(pattern, withDetail({ state: ['stopped', 'running'] }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ state: ['stopped'] }))).toBe(false);
  });

  it('prefix and suffix take a string or an equals-ignore-case object; the empty prefix matches every string', () => {
    expect(matchesPattern({ detail: { r: [{ prefix: '' }] } }, withDetail({ r: 'anything' }))).toBe(true);
    expect(matchesPattern({ detail: { r: [{ prefix: '' }] } }, withDetail({ r: 5 }))).toBe(false);
    expect(matchesPattern({ detail: { r: [{ prefix: { 'equals-ignore-case': 'US-' } }] } }, withDetail({ r: 'us-east-1' }))).toBe(true);
    expect(matchesPattern({ detail: { r: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }, withDetail({ r: 'a.png' }))).toBe(true);
  });

  it('numeric compares to six decimal places, like EventBridge', () => {
    expect(matchesPattern({ detail: { n: [{ numeric: ['=', 1.0000001] }] } }, withDetail({ n: 1.0000004 }))).toBe(true);
    expect(matchesPattern({ detail: { n: [{ numeric: ['=', 1.000001] }] } }, withDetail({ n: 1.000002 }))).toBe(false);
    expect(matchesPattern({ detail: { n: [{ numeric: ['>', 0.5] }] } }, withDetail({ n: 0.5000001 }))).toBe(false);
  });

  it('numeric matches only numbers between -5e9 and 5e9 (an account id is out of range)', () => {
    const pattern = { detail: { n: [{ numeric: ['>', 0] }] } };
    expect(matchesPattern(pattern, withDetail({ n: 5e9 }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ n: 123456789012 }))).toBe(false);
    expect(matchesPattern({ detail: { n: [{ numeric: ['<', 0] }] } }, withDetail({ n: -5e9 - 1 }))).toBe(false);
  });

  it('numeric takes every single comparison and both open and closed ranges', () => {
    const at = (n: number, terms: (string | number)[]) => matchesPattern({ detail: { n: [{ numeric: terms }] } }, withDetail({ n }));
    expect(at(10, ['>=', 10])).toBe(true);
    expect(at(10, ['>', 10])).toBe(false);
    expect(at(10, ['<=', 10])).toBe(true);
    expect(at(10, ['<', 10])).toBe(false);
    expect(at(20, ['>', 10, '<=', 20])).toBe(true);
    expect(at(10, ['>', 10, '<=', 20])).toBe(false);
    expect(at(10, ['>=', 10, '<', 20])).toBe(true);
    expect(at(20, ['>=', 10, '<', 20])).toBe(false);
  });

  it('a list may mix numeric, exists and exact conditions (OR)', () => {
    const pattern = { detail: { n: [{ numeric: ['>', 100] }, 5, { exists: false }] } };
    expect(matchesPattern(pattern, withDetail({ n: 150 }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ n: 5 }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({}))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ n: 50 }))).toBe(false);
  });

  it('exists: false inside $or, and nested objects inside $or branches', () => {
    const pattern = { detail: { $or: [{ a: [{ exists: false }] }, { b: { c: ['x'] } }] } };
    expect(matchesPattern(pattern, withDetail({ a: 1, b: { c: 'x' } }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ b: { c: 'y' } }))).toBe(true);
    expect(matchesPattern(pattern, withDetail({ a: 1, b: { c: 'y' } }))).toBe(false);
  });
});
