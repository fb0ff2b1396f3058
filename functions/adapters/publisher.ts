// Publishes contract events onto the network's bus; the entry is built and validated by the contract.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Env, requireEnv } from '../contract/environment.js';
import { eventEntry, eventEntryOf, type DetailType, type EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';

const client = new EventBridgeClient({});

/** Puts one event on the bus and returns its event id; throws when the bus did not take it. */
export const publish: Publish = (detailType, detail) => put(detailType, eventEntry(requireEnv(Env.EventBusName), detailType, detail));

/** publish for only the detail-types of `schemas` (a function that publishes one type bundles only its schema). */
export const publisherOf =
  <S extends Partial<EventSchemas>>(schemas: S): Publish<keyof S & DetailType> =>
  (detailType, detail) =>
    put(detailType, eventEntryOf(schemas, requireEnv(Env.EventBusName), detailType, detail));

async function put(detailType: string, entry: ReturnType<typeof eventEntry>): Promise<string> {
  const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const result = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !result?.EventId) {
    throw new Error(`PutEvents failed for ${detailType}: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
}
