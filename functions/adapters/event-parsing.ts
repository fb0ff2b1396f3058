// How an event consumer (meetings, experiments, inbound) reads its event: checked with its compiled
// schemas (contract/event-check.ts), and logged when it breaks the contract. Apart from the
// logger, so the functions that consume no events (the api) do not bundle it.
import type { CheckNode } from '../contract/checked-schema.js';
import { checkEventOf } from '../contract/event-check.js';
import { InvalidEventError, type EventEnvelope } from '../contract/event-names.js';
import type { EventSchemas } from '../contract/events.js';
import { log } from './logger.js';

/**
 * checkEventOf for a consumer (its compiled schemas, and a loader of its zod schemas): an event that
 * breaks the contract is logged (with its id and the issues), then rethrown, so the rule's retries
 * end in its DLQ where the event can be inspected.
 */
export async function parseEventLogged<S extends Partial<EventSchemas>>(
  event: EventEnvelope & { id?: string },
  checks: Readonly<Record<string, CheckNode>>,
  schemas: () => Promise<S>,
) {
  try {
    return await checkEventOf(event, checks, schemas);
  } catch (err) {
    if (err instanceof InvalidEventError) log({ level: 'error', msg: 'invalid event', id: event.id, detailType: err.detailType, issues: err.issues });
    throw err;
  }
}
