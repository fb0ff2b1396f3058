// The detail of a scheduled event (reminder-due, fan-out-check, experiment-review-due), checked when
// the schedule is made, so a bad one fails then and not when it fires: with the compiled schemas
// (checkedEventDetailOf), and zod's (scheduled-events.ts) only to explain a refused one. The
// scheduler adapter loads this module on its first schedule: the api schedules for some requests only.
import { checkedEventDetailOf } from './event-check.js';
import type { DetailInput } from './events.js';
import type { ScheduledDetailType } from './scheduled-events.js';
import { scheduledEventChecks } from './schemas.generated.js';

export const scheduledDetailOf = <T extends ScheduledDetailType>(detailType: T, detail: DetailInput<T>) =>
  checkedEventDetailOf(scheduledEventChecks, async () => (await import('./scheduled-events.js')).scheduledEventSchemas, detailType, detail);
