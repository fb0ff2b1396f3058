// The detail of a scheduled event (reminder-due, fan-out-check, experiment-review-due), checked when
// the schedule is made, so a bad one fails then and not when it fires: with the compiled schemas
// (schemas.generated.ts, zod-free); one they refuse is parsed with zod (scheduled-events.ts, loaded
// then), which throws the issues naming each field. The scheduler adapter loads this module on its
// first schedule: the api schedules for some requests only.
import { checkValue } from './checked-schema.js';
import { eventDetailOf } from './event-entry.js';
import { SCHEMA_VERSION } from './event-names.js';
import type { DetailInput, DetailOf } from './events.js';
import type { ScheduledDetailType } from './scheduled-events.js';
import { scheduledEventChecks } from './schemas.generated.js';

export async function scheduledDetailOf<T extends ScheduledDetailType>(detailType: T, detail: DetailInput<T>): Promise<DetailOf<T>> {
  const checked = checkValue(scheduledEventChecks[detailType]!, { ...detail, schemaVersion: SCHEMA_VERSION });
  if (checked.ok) return checked.value as DetailOf<T>;
  const { scheduledEventSchemas } = await import('./scheduled-events.js');
  return eventDetailOf(scheduledEventSchemas, detailType, detail);
}
