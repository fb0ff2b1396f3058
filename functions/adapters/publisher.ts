// Publishes contract events onto the network's bus; the entry is built and validated by the contract.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Env, requireEnv } from '../contract/environment.js';
import type { CheckNode } from '../contract/checked-schema.js';
import { checkedEventEntryOf, eventEntryOf } from '../contract/event-entry.js';
import type { DetailType, EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';
import { loadOnce } from '../shared/lazy-ports.js';

const client = new EventBridgeClient({});

/**
 * Puts one event of the detail-types of `schemas` on the bus and returns its event id; throws when
 * the bus did not take it, or (putting nothing) when the detail breaks the contract. A function
 * that publishes one type bundles only its schema.
 */
export const publisherOf = <S extends Partial<EventSchemas>>(schemas: S): Publish<keyof S & DetailType> => lazyPublisherOf(async () => schemas);

/**
 * publisherOf with the schemas `load` gives on the first publish (a dynamic import of the contract),
 * for a function that publishes for some requests only (the api): it compiles them, and zod, then.
 * The import() is the caller's: esbuild keeps every export of a module that a bundled file imports
 * dynamically, so one here would give every function bundling this module all the schemas at init.
 */
export function lazyPublisherOf<S extends Partial<EventSchemas>>(load: () => Promise<S>): Publish<keyof S & DetailType> {
  const schemas = loadOnce(load);
  return async (detailType, detail) => put(detailType, eventEntryOf(await schemas(), requireEnv(Env.EventBusName), detailType, detail));
}

/**
 * A publisher for a function that publishes on every invocation of a kind (inbound): details are
 * checked with their compiled schemas (schemas.generated.ts), zod-free; one they refuse is parsed
 * with the schemas `explain` loads (a dynamic import of the contract, the caller's), which throw.
 */
export function checkedPublisherOf<T extends DetailType>(checks: Readonly<Record<T, CheckNode>>, explain: () => Promise<Partial<EventSchemas>>): Publish<T> {
  return async (detailType, detail) => put(detailType, await checkedEventEntryOf(checks, explain, requireEnv(Env.EventBusName), detailType, detail));
}

async function put(detailType: string, entry: ReturnType<typeof eventEntryOf>): Promise<string> {
  const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const result = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !result?.EventId) {
    throw new Error(`PutEvents failed for ${detailType}: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
}
