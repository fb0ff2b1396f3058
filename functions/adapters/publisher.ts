// Publishes contract events onto the network's bus; the entry is built and validated by the contract.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Env, requireEnv } from '../contract/environment.js';
import { eventEntry } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';

const client = new EventBridgeClient({});

/** Puts one event on the bus and returns its event id; throws when the bus did not take it. */
export const publish: Publish = async (detailType, detail) => {
  const entry = eventEntry(requireEnv(Env.EventBusName), detailType, detail);
  const out = await client.send(new PutEventsCommand({ Entries: [entry] }));
  const result = out.Entries?.[0];
  if ((out.FailedEntryCount ?? 0) > 0 || !result?.EventId) {
    throw new Error(`PutEvents failed for ${detailType}: ${result?.ErrorCode ?? 'unknown'} ${result?.ErrorMessage ?? ''}`.trim());
  }
  return result.EventId;
};
