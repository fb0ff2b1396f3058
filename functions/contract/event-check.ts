// How a consumer reads its event on every invocation without zod: the envelope by event-names.ts,
// the detail by its compiled schema (schemas.generated.ts, equal to the zod schema). An event the
// compiled schema refuses goes to `explain`, the consumer's zod schemas loaded then (parseEventOf),
// which throws InvalidEventError with issues naming each field.
import { checkValue, type CheckNode } from './checked-schema.js';
import { subscribedDetailType, type EventEnvelope } from './event-names.js';
import type { SamskabEvent } from './events.js';

export async function checkEventOf<E extends SamskabEvent>(
  event: EventEnvelope,
  checks: Readonly<Record<string, CheckNode>>,
  explain: (event: EventEnvelope) => Promise<E>,
): Promise<E> {
  const detailType = subscribedDetailType(event, Object.keys(checks));
  const checked = checkValue(checks[detailType]!, event.detail);
  return checked.ok ? ({ detailType, detail: checked.value } as E) : explain(event);
}
