// Publishes with details checked by their compiled schemas (contract/event-check.ts): for a function
// that publishes on every invocation of a kind (inbound). Apart from publisher.ts, so the api, which
// publishes through zod when a request needs it, does not load the checker at init.
import type { CheckNode } from '../contract/checked-schema.js';
import { checkedEventEntryOf } from '../contract/event-check.js';
import { Env, requireEnv } from '../contract/environment.js';
import type { DetailType, EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';
import { putEntry } from './publisher.js';

/**
 * A publisher for a function that publishes on every invocation of a kind (inbound): details are
 * checked with their compiled schemas (schemas.generated.ts), zod-free; one they refuse is parsed
 * with the schemas `explain` loads (a dynamic import of the contract, the caller's), which throw.
 */
export function checkedPublisherOf<T extends DetailType>(checks: Readonly<Record<T, CheckNode>>, explain: () => Promise<Partial<EventSchemas>>): Publish<T> {
  return async (detailType, detail) => putEntry(detailType, await checkedEventEntryOf(checks, explain, requireEnv(Env.EventBusName), detailType, detail));
}
