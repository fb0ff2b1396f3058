// How a consumer reads its event on every invocation without zod: the envelope by event-names.ts,
// the detail by its compiled schema (schemas.generated.ts, equal to the zod schema). An event the
// compiled schema refuses goes to `explain`, the consumer's zod schemas loaded then (parseEventOf),
// which throws InvalidEventError with issues naming each field. And the same for a function that
// publishes on every invocation of a kind (inbound): checkedEventEntryOf. Apart from event-entry.ts,
// so a function that only builds entries with zod (the api, lazily) does not load the checker at init.
import { checkValue, type CheckNode } from './checked-schema.js';
import { entryOf, eventEntryOf } from './event-entry.js';
import { SCHEMA_VERSION, subscribedDetailType, type DetailType, type EventEnvelope } from './event-names.js';
import type { DetailInput, EventSchemas, SamskabEvent } from './events.js';

export async function checkEventOf<E extends SamskabEvent>(
  event: EventEnvelope,
  checks: Readonly<Record<string, CheckNode>>,
  explain: (event: EventEnvelope) => Promise<E>,
): Promise<E> {
  const detailType = subscribedDetailType(event, Object.keys(checks));
  const checked = checkValue(checks[detailType]!, event.detail);
  return checked.ok ? ({ detailType, detail: checked.value } as E) : explain(event);
}

/**
 * eventEntryOf with a detail checked by its compiled schema (schemas.generated.ts), zod-free; a
 * detail it refuses goes to eventEntryOf with the schemas `explain` loads, which throws the issues.
 */
export async function checkedEventEntryOf<T extends DetailType>(
  checks: Readonly<Record<string, CheckNode>>,
  explain: () => Promise<Partial<EventSchemas>>,
  busName: string,
  detailType: T,
  detail: DetailInput<T>,
) {
  const node = checks[detailType];
  if (node === undefined) throw new Error(`no compiled schema for ${detailType}`);
  const checked = checkValue(node, { ...detail, schemaVersion: SCHEMA_VERSION });
  return checked.ok ? entryOf(busName, detailType, checked.value) : eventEntryOf(await explain(), busName, detailType, detail as never);
}
