// A contract event built from a detail with the schemas given (a consumer's, or all of them):
// validated, its schemaVersion stamped on, as a PutEvents entry. No zod import here (the schemas
// carry their own code), so a module that builds entries from schemas it is handed, or loads
// later, does not bring zod into its function's init.
import type * as z from 'zod/mini';
import { EVENT_SOURCE, SCHEMA_VERSION, type DetailType } from './event-names.js';
import type { DetailInput, DetailOf, EventSchemas } from './events.js';

/** The validated detail with its schemaVersion, by `schemas` (e.g. meetingsEventSchemas, so a bundle holds only those); throws if it breaks the contract. */
export function eventDetailOf<S extends Partial<EventSchemas>, T extends keyof S & DetailType>(schemas: S, detailType: T, detail: DetailInput<T>): DetailOf<T> {
  return (schemas[detailType] as z.ZodMiniType).parse({ ...detail, schemaVersion: SCHEMA_VERSION }) as DetailOf<T>;
}

/** A validated PutEvents entry by some detail-types' schemas (a publisher of only those holds no others). */
export function eventEntryOf<S extends Partial<EventSchemas>, T extends keyof S & DetailType>(schemas: S, busName: string, detailType: T, detail: DetailInput<T>) {
  return entryOf(busName, detailType, eventDetailOf(schemas, detailType, detail));
}

/** A PutEvents entry of a detail already validated, with its schemaVersion. */
export const entryOf = (busName: string, detailType: DetailType, detail: unknown) => ({ EventBusName: busName, Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(detail) });
