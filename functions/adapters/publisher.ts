// Publishes contract events onto the network's bus; the entry is built and validated by the contract.
// The contract's schemas (and zod) are loaded on the first publish: a function that publishes only
// for some requests (the api) does not compile them at init.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Env, requireEnv } from '../contract/environment.js';
import type { DetailType, eventEntry, EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';
import { loadOnce } from '../shared/lazy-ports.js';

const client = new EventBridgeClient({});
const contract = loadOnce(() => import('../contract/events.js'));

/** Puts one event on the bus and returns its event id; throws when the bus did not take it (or the detail breaks the contract, before putting). */
export const publish: Publish = async (detailType, detail) => {
  const { eventEntry } = await contract();
  return put(detailType, eventEntry(requireEnv(Env.EventBusName), detailType, detail));
};

/** publish for only the detail-types of `schemas` (a function that publishes one type bundles only its schema). */
export const publisherOf =
  <S extends Partial<EventSchemas>>(schemas: S): Publish<keyof S & DetailType> =>
  async (detailType, detail) => {
    const { eventEntryOf } = await contract();
    return put(detailType, eventEntryOf(schemas, requireEnv(Env.EventBusName), detailType, detail));
  };

async function put(detailType: string, entry: ReturnType<typeof eventEntry>): Promise<string> {
  const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const result = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !result?.EventId) {
    throw new Error(`PutEvents failed for ${detailType}: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
}
