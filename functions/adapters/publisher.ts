// Publishes contract events onto the network's bus; the entry is built and validated by the contract.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Env, requireEnv } from '../contract/environment.js';
import { eventEntryOf } from '../contract/event-entry.js';
import type { DetailType, EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';
import { loadOnce } from '../shared/lazy-ports.js';

const client = new EventBridgeClient({});

/**
 * Puts one event on the bus and returns its event id; throws when the bus did not take it, or
 * (putting nothing) when the detail breaks the contract, by the schemas `load` gives on the first
 * publish (a dynamic import of the contract), for a function that publishes for some requests only
 * (the api): it compiles them, and zod, then.
 * The import() is the caller's: esbuild keeps every export of a module that a bundled file imports
 * dynamically, so one here would give every function bundling this module all the schemas at init.
 */
export function lazyPublisherOf<S extends Partial<EventSchemas>>(load: () => Promise<S>): Publish<keyof S & DetailType> {
  const schemas = loadOnce(load);
  return async (detailType, detail) => putEntry(detailType, eventEntryOf(await schemas(), requireEnv(Env.EventBusName), detailType, detail));
}

export async function putEntry(detailType: string, entry: ReturnType<typeof eventEntryOf>): Promise<string> {
  const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const result = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !result?.EventId) {
    throw new Error(`PutEvents failed for ${detailType}: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
}
