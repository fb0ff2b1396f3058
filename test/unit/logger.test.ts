// The structured logger and its middleware (functions/adapters/logger.ts): what lands on stdout
// (file descriptor 1) is what Lambda filters by level and what Logs Insights queries by correlation_id.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, log, logContext, logger, logThreshold } from '../../functions/adapters/logger.js';
import { ports as deliverabilityPorts } from '../../functions/deliverability/handler.js';
import { handleSesEvent } from '../../functions/deliverability/workflow.js';

const lambdaContext = (awsRequestId: string) => ({ awsRequestId, functionName: 'samskab-demo-meetings' }) as Context;

/** What the logger wrote to file descriptor 1 (stdout) while a test runs; other writes pass through. */
const written: string[] = vi.hoisted(() => []);
/** How stdout behaves: takes everything, takes at most a few bytes per write (a busy pipe), or is full. */
const stdout = vi.hoisted(() => ({ mode: 'whole' as 'whole' | 'partial' | 'full' }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = (fd: number, data: string | Uint8Array, ...rest: unknown[]): number => {
    if (fd !== 1) return (fs.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    if (stdout.mode === 'full') throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
    const bytes = Buffer.from(data).subarray(0, stdout.mode === 'partial' ? 7 : undefined);
    written.push(bytes.toString());
    return bytes.length;
  };
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});
beforeEach(() => {
  written.splice(0);
  stdout.mode = 'whole';
});
const lines = () => written.map((chunk) => {
  expect(chunk.endsWith('\n') && !chunk.slice(0, -1).includes('\n')).toBe(true);
  return JSON.parse(chunk) as Record<string, unknown>;
});

describe('log lines', () => {
  it('are one JSON object per line with the level, message, timestamp, service, invocation and fields as given', async () => {
    const handler = middy().use(logContext()).handler(async () => {
      log({ msg: 'meeting-scheduled handled', meetingId: 'm1', version: 2, invited: 3 });
    });
    await handler({}, lambdaContext('req-1'));
    const [line] = lines();
    expect(line).toEqual({
      level: 'INFO',
      message: 'meeting-scheduled handled',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'samskab',
      cold_start: expect.any(Boolean),
      function_name: 'samskab-demo-meetings',
      function_request_id: 'req-1',
      correlation_id: 'm1',
      meetingId: 'm1',
      version: 2,
      invited: 3,
    });
    // The keys Lambda's level filter reads come first and cannot be replaced by a field.
    log({ msg: 'odd fields', level: 'warn', ...{ message: 'other', timestamp: 'yesterday' } });
    expect(lines()[1]).toMatchObject({ level: 'WARN', message: 'odd fields', timestamp: expect.stringMatching(/^\d{4}-/) });
  });

  it('serialise errors with name, message and stack, and survive a circular value', () => {
    const cause = new TypeError('socket closed');
    log({ level: 'error', msg: 'send failed', error: new Error('SES refused', { cause }) });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    log({ level: 'error', msg: 'odd value', meetingId: 'm2', value: circular });
    const [failed, odd] = lines();
    expect(failed!['error']).toEqual({
      name: 'Error', message: 'SES refused', stack: expect.stringContaining('SES refused'),
      cause: { name: 'TypeError', message: 'socket closed', stack: expect.stringContaining('socket closed') },
    });
    expect(odd).toMatchObject({ level: 'ERROR', message: 'odd value', correlation_id: 'm2', log_error: expect.stringContaining('fields not serialisable') });
  });

  it('take the invocation: a request id and correlation id never reach the next invocation', async () => {
    let setId = true;
    const handler = middy().use(logContext()).handler(async () => {
      if (setId) logger.setCorrelationId('exp-1');
      log({ msg: 'step' });
    });
    await handler({}, lambdaContext('req-a'));
    setId = false;
    await handler({}, lambdaContext('req-b'));
    // An invocation that fails still ends its context.
    const failing = middy().use(logContext()).handler(async () => {
      logger.setCorrelationId('exp-2');
      throw new Error('boom');
    });
    await expect(failing({}, lambdaContext('req-c'))).rejects.toThrow('boom');
    log({ msg: 'between invocations' });
    const [a, b, between] = lines();
    expect(a).toMatchObject({ function_request_id: 'req-a', correlation_id: 'exp-1' });
    expect(b).toMatchObject({ function_request_id: 'req-b' });
    expect(b).not.toHaveProperty('correlation_id');
    expect(between).not.toHaveProperty('function_request_id');
    expect(between).not.toHaveProperty('correlation_id');
  });

  it('mark only the first invocation of an environment as its cold start', () => {
    const out: string[] = [];
    const own = createLogger({ env: {}, write: (l) => void out.push(l) });
    for (const id of ['r1', 'r2']) {
      own.beginInvocation({ awsRequestId: id, functionName: 'f' });
      own.log({ msg: 'x' });
    }
    expect(out.map((l) => JSON.parse(l).cold_start)).toEqual([true, false]);
    const provisioned = createLogger({ env: { AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' }, write: (l) => void out.push(l) });
    provisioned.beginInvocation({ awsRequestId: 'r3', functionName: 'f' });
    provisioned.log({ msg: 'x' });
    expect(JSON.parse(out[2]!).cold_start).toBe(false);
  });
});

describe('writing to stdout', () => {
  it('writes the whole line when stdout takes it a few bytes at a time', () => {
    stdout.mode = 'partial';
    log({ msg: 'a line longer than one write', meetingId: 'm3' });
    expect(written.length).toBeGreaterThan(5);
    expect(JSON.parse(written.join(''))).toMatchObject({ message: 'a line longer than one write', correlation_id: 'm3' });
  });

  it("hands the line to Node's stdout stream when the pipe is full, instead of failing the invocation", () => {
    stdout.mode = 'full';
    const streamed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(() => log({ msg: 'pipe full' })).not.toThrow();
      expect(JSON.parse(String(streamed.mock.calls[0]![0]))).toMatchObject({ message: 'pipe full' });
    } finally {
      streamed.mockRestore();
    }
  });
});

describe('log level', () => {
  const levelsWritten = (env: Record<string, string>) => {
    const out: string[] = [];
    const own = createLogger({ env, write: (l) => void out.push(l) });
    for (const level of ['debug', 'info', 'warn', 'error'] as const) own.log({ level, msg: level });
    return out.map((l) => JSON.parse(l).level);
  };

  it("is Lambda's ApplicationLogLevel (AWS_LAMBDA_LOG_LEVEL), else LOG_LEVEL, else info", () => {
    expect(levelsWritten({})).toEqual(['INFO', 'WARN', 'ERROR']);
    expect(levelsWritten({ LOG_LEVEL: 'debug' })).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
    expect(levelsWritten({ AWS_LAMBDA_LOG_LEVEL: 'WARN', LOG_LEVEL: 'debug' })).toEqual(['WARN', 'ERROR']);
    expect(levelsWritten({ AWS_LAMBDA_LOG_LEVEL: 'TRACE' })).toEqual(['DEBUG', 'INFO', 'WARN', 'ERROR']);
    expect(levelsWritten({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' })).toEqual([]);
    expect(logThreshold({ LOG_LEVEL: 'loud' })).toBe(logThreshold({}));
  });
});

describe('what a workflow logs through the real logger', () => {
  it('names people by id: no address from an SES bounce reaches stdout', async () => {
    const handler = middy<Parameters<typeof handleSesEvent>[0]>().use(logContext()).handler((event) => handleSesEvent(event, {
      ...deliverabilityPorts,
      recordDeliveryEvent: async () => undefined,
      markUndeliverable: async () => undefined,
      setMailPreference: async () => true,
      expiresAt: async () => 1_900_000_000,
    }));
    const tags = { 'ses:configuration-set': ['samskab-demo'], meetingId: ['m1'], personId: ['p1'], kind: ['invitation'], version: ['2'] };
    const bounce = { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'bo@example.org', diagnosticCode: 'smtp; 550 <bo@example.org> unknown' }], timestamp: '2027-01-01T00:00:01Z' };
    await handler({ source: 'aws.ses', 'detail-type': 'x', time: '2027-01-01T00:00:00Z', detail: { eventType: 'Bounce', mail: { messageId: 'ses-1', destination: ['bo@example.org'], tags }, bounce } }, lambdaContext('req-ses'));
    expect(lines()).toEqual([expect.objectContaining({ function_request_id: 'req-ses', correlation_id: 'm1', personId: 'p1' })]);
    expect(written.join('')).not.toMatch(/@/);
  });
});
