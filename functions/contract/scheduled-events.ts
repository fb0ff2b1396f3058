// The events EventBridge Scheduler puts on the bus for us: a schedule's detail is checked with their
// compiled form when the schedule is made (scheduled-check.ts), so a bad one fails then and not when
// it fires; these zod schemas are what that form is compiled from and what explains a refused one.
// Its own module, loaded dynamically (a dynamic import keeps every export of the module it loads).
import { DetailType, ExperimentReviewDue, FanOutCheck, ReminderDue, type EventSchemas } from './events.js';

export const scheduledEventSchemas = {
  [DetailType.ReminderDue]: ReminderDue,
  [DetailType.FanOutCheck]: FanOutCheck,
  [DetailType.ExperimentReviewDue]: ExperimentReviewDue,
} as const satisfies Partial<EventSchemas>;
export type ScheduledDetailType = keyof typeof scheduledEventSchemas;
