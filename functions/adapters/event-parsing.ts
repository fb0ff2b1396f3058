// How an event consumer (meetings, experiments, inbound) reads its event: parsed with the
// contract's schemas, and logged when it breaks the contract. Apart from the logger, so the
// functions that consume no events (the api) do not load the schemas and zod at init.
import { InvalidEventError, parseEventOf, type EventSchemas, type SamskabEvent } from '../contract/events.js';
import { log } from './logger.js';

/**
 * parseEventOf for a consumer (with its schemas): an event that breaks the contract is logged (with
 * its id and the issues), then rethrown, so the rule's retries end in its DLQ where the event can be inspected.
 */
export function parseEventLogged<S extends Partial<EventSchemas>>(
  event: Parameters<typeof parseEventOf>[0] & { id?: string },
  schemas: S,
): Extract<SamskabEvent, { detailType: keyof S }> {
  try {
    return parseEventOf(event, schemas);
  } catch (err) {
    if (err instanceof InvalidEventError) log({ level: 'error', msg: 'invalid event', id: event.id, detailType: err.detailType, issues: err.issues });
    throw err;
  }
}
