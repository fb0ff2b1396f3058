// Structured JSON logs: one object per line, written straight to stdout's file descriptor (not
// through console.*, which Lambda's Node.js runtime wraps in its own record when the log format is
// JSON and, in text format, prefixes with a tab-separated header). A top-level "level" and an RFC 3339 "timestamp" are what
// Lambda's log-level filtering reads from such lines; Logs Insights discovers every top-level key.
// Every entry about a meeting or an experiment carries its id as correlation_id, so one query
// (`filter correlation_id = "..."`) follows it across functions. Entries name people by id only:
// no addresses or mail bodies in logs. The key names are the ones Powertools Logger wrote before
// (function_request_id, function_name, cold_start), so saved queries keep working.
// Our own instead of Powertools Logger, which cost about 5 ms of every function's cold start.
import { writeSync } from 'node:fs';
import type { MiddlewareObj } from '@middy/core';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogEntry = { level?: LogLevel; msg: string } & Record<string, unknown>;

/** Lambda's application log levels (TRACE..FATAL) as thresholds for ours: an entry is written if its rank >= the threshold. */
const RANK: Record<string, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

/** The lowest rank written: Lambda's ApplicationLogLevel (AWS_LAMBDA_LOG_LEVEL), else LOG_LEVEL, else info. */
export function logThreshold(env: Record<string, string | undefined>): number {
  const name = (env['AWS_LAMBDA_LOG_LEVEL'] || env['LOG_LEVEL'] || 'info').toLowerCase();
  return RANK[name] ?? RANK['info']!;
}

/** What the middleware knows about the running invocation. */
export interface InvocationContext {
  readonly awsRequestId: string;
  readonly functionName: string;
}

/** Error values become plain objects (JSON.stringify would write `{}`), bigints strings. */
function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, ...(value.cause !== undefined ? { cause: value.cause } : {}) };
  }
  return typeof value === 'bigint' ? value.toString() : value;
}

export interface LoggerOptions {
  readonly env: Record<string, string | undefined>;
  /** Takes one line (with its newline). */
  readonly write: (line: string) => void;
  readonly now?: () => Date;
}

/** A logger with its own invocation state; the module's `log` is the one every function uses. */
export function createLogger({ env, write, now = () => new Date() }: LoggerOptions) {
  let threshold: number | undefined;
  // Provisioned environments are initialised ahead of traffic: their first invocation is not a cold start.
  let coldStart = env['AWS_LAMBDA_INITIALIZATION_TYPE'] !== 'provisioned-concurrency';
  let invocation: Record<string, unknown> = {};
  let correlationId: string | undefined;

  const log = ({ level = 'info', msg, ...fields }: LogEntry): void => {
    // Read on first use, not at import: the level costs nothing to an init that logs nothing.
    if (RANK[level]! < (threshold ??= logThreshold(env))) return;
    const fixed = { level: level.toUpperCase(), message: msg, timestamp: now().toISOString() };
    const correlation = correlationIdOf(fields) ?? correlationId;
    const record = { ...fixed, service: 'samskab', ...invocation, ...(correlation !== undefined ? { correlation_id: correlation } : {}) };
    let line: string;
    try {
      // Fields as given, but they cannot replace the keys that filtering and queries rely on.
      line = JSON.stringify(Object.assign({}, record, fields, fixed), jsonValue);
    } catch (err) {
      // A circular value: the entry still says what happened, without its fields.
      line = JSON.stringify({ ...record, log_error: `fields not serialisable: ${(err as Error).message}` });
    }
    write(`${line}\n`);
  };

  return {
    log,
    /** Starts an invocation: its request id on every entry, and nothing left from the one before. */
    beginInvocation(context: InvocationContext): void {
      invocation = { cold_start: coldStart, function_name: context.functionName, function_request_id: context.awsRequestId };
      coldStart = false;
      correlationId = undefined;
    },
    /** Ends it: entries written between invocations carry no request or correlation id. */
    endInvocation(): void {
      invocation = {};
      correlationId = undefined;
    },
    /** The invocation's correlation id, for entries that name no meeting or experiment themselves. */
    setCorrelationId(id: string): void {
      correlationId = id;
    },
  };
}

/**
 * One line to file descriptor 1, which Lambda reads. Not process.stdout: building that stream (net,
 * a pipe handle) costs about 3 ms of CPU once per environment, most of what Powertools cost at import.
 */
function writeStdout(line: string): void {
  let rest = Buffer.from(line);
  try {
    while (rest.length > 0) rest = rest.subarray(writeSync(1, rest));
  } catch (err) {
    // A non-blocking stdout that is full: Node's stream queues what is left. Other failures
    // (no stdout at all) lose the line rather than fail the invocation.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') process.stdout.write(rest);
  }
}

const moduleLogger = createLogger({ env: process.env, write: writeStdout });

/** Writes one entry; the shape the workflows' `log` ports use. */
export const log = moduleLogger.log;
const { beginInvocation, endInvocation } = moduleLogger;
/** Handlers set the invocation's correlation id once they know the meeting or experiment. */
export const logger = { setCorrelationId: moduleLogger.setCorrelationId };

/**
 * The middy middleware every handler uses first: each entry of an invocation carries its request id
 * and function name, and nothing set during one invocation (its correlation id) reaches the next.
 */
export function logContext<TEvent = unknown, TResult = unknown>(): MiddlewareObj<TEvent, TResult> {
  return {
    // Starting resets everything: once a middleware responds early, middy skips the after and
    // onError middlewares still to run, so the end below is not guaranteed.
    before: ({ context }) => beginInvocation(context),
    after: () => endInvocation(),
    onError: () => endInvocation(),
  };
}

/** The id an entry is about: a meeting or an experiment. */
export function correlationIdOf(entry: Record<string, unknown>): string | undefined {
  const id = entry.meetingId ?? entry.experimentId;
  return typeof id === 'string' ? id : undefined;
}
