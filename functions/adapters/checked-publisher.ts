// Publishes with details checked by their compiled schemas (contract/event-check.ts): for a function
// that publishes on every invocation of a kind (inbound). Apart from publisher.ts, so the api, which
// publishes through zod when a request needs it, does not load the checker at init.
import type { CheckNode } from '../contract/checked-schema.js';
import { checkedEventDetailOf } from '../contract/event-check.js';
import { entryOf } from '../contract/event-entry.js';
import { Env, requireEnv } from '../contract/environment.js';
import type { DetailType, EventSchemas } from '../contract/events.js';
import type { Publish } from '../domain/publish.js';
import { putEntry } from './publisher.js';

/**
 * lazyPublisherOf with details checked by `checks` (schemas.generated.ts), zod-free; one they refuse
 * is parsed with the zod schemas `schemas` loads (the caller's dynamic import), which throw.
 */
export function checkedPublisherOf<S extends Partial<EventSchemas>>(checks: Readonly<Record<string, CheckNode>>, schemas: () => Promise<S>): Publish<keyof S & DetailType> {
  return async (detailType, detail) =>
    putEntry(detailType, entryOf(requireEnv(Env.EventBusName), detailType, await checkedEventDetailOf(checks, schemas, detailType, detail)));
}
