// Structured JSON logs (Powertools Logger). Every entry about a meeting or an experiment carries
// its id as correlation_id, so one query in CloudWatch Logs Insights follows it across functions.
// Entries name people by id only: no addresses or mail bodies in logs.
import { Logger } from '@aws-lambda-powertools/logger';
import { InvalidEventError, parseEvent, type SamskabEvent } from '../contract/events.js';

export const logger = new Logger({ serviceName: 'samskab' });

export type LogEntry = { level?: 'debug' | 'info' | 'warn' | 'error'; msg: string } & Record<string, unknown>;

/** The id an entry is about: a meeting or an experiment. */
export function correlationIdOf(entry: Record<string, unknown>): string | undefined {
  const id = entry.meetingId ?? entry.experimentId;
  return typeof id === 'string' ? id : undefined;
}

/** Writes one entry; the shape the workflows' `log` ports use. */
export function log({ level = 'info', msg, ...fields }: LogEntry): void {
  const correlationId = correlationIdOf(fields);
  logger[level](msg, correlationId ? { ...fields, correlation_id: correlationId } : fields);
}

/**
 * parseEvent for a consumer: an event that breaks the contract is logged (with its id and the
 * issues), then rethrown, so the rule's retries end in its DLQ where the event can be inspected.
 */
export function parseEventLogged(event: Parameters<typeof parseEvent>[0] & { id?: string }): SamskabEvent {
  try {
    return parseEvent(event);
  } catch (err) {
    if (err instanceof InvalidEventError) log({ level: 'error', msg: 'invalid event', id: event.id, detailType: err.detailType, issues: err.issues });
    throw err;
  }
}
