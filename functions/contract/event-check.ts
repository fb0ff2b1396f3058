// Events read and written on every invocation without zod: the envelope by event-names.ts, the
// detail by its compiled schema (schemas.generated.ts, equal to the zod schema). A detail the
// compiled schema refuses goes to the zod schemas `schemas` loads then (the caller's dynamic import
// of the contract), which throw the issues naming each field. Apart from event-entry.ts, so a
// function that only builds entries with zod (the api, lazily) does not load the checker at init.
import { checkValue, type CheckNode } from './checked-schema.js';
import { eventDetailOf } from './event-entry.js';
import { SCHEMA_VERSION, subscribedDetailType, type DetailType, type EventEnvelope } from './event-names.js';
import type { DetailInput, DetailOf, EventSchemas, SamskabEvent } from './events.js';

/** A consumer's event (parseEventOf, zod-free while it is valid): InvalidEventError when it is not. */
export async function checkEventOf<S extends Partial<EventSchemas>>(
  event: EventEnvelope,
  checks: Readonly<Record<string, CheckNode>>,
  schemas: () => Promise<S>,
): Promise<Extract<SamskabEvent, { detailType: keyof S }>> {
  const detailType = subscribedDetailType(event, Object.keys(checks));
  const checked = checkValue(checks[detailType]!, event.detail);
  if (checked.ok) return { detailType, detail: checked.value } as Extract<SamskabEvent, { detailType: keyof S }>;
  const { parseEventOf } = await import('./events.js');
  return parseEventOf(event, await schemas());
}

/** A detail to publish or schedule, with its schemaVersion (eventDetailOf, zod-free while it is valid). */
export async function checkedEventDetailOf<S extends Partial<EventSchemas>, T extends keyof S & DetailType>(
  checks: Readonly<Record<string, CheckNode>>,
  schemas: () => Promise<S>,
  detailType: T,
  detail: DetailInput<T>,
): Promise<DetailOf<T>> {
  const node = checks[detailType];
  if (node === undefined) throw new Error(`no compiled schema for ${detailType}`);
  const checked = checkValue(node, { ...detail, schemaVersion: SCHEMA_VERSION });
  return checked.ok ? (checked.value as DetailOf<T>) : eventDetailOf(await schemas(), detailType, detail);
}
