// The events EventBridge Scheduler puts on the bus for us: the scheduler adapter validates a
// schedule's detail with these when it creates the schedule, so a bad one fails then and not when
// it fires. Its own module, loaded by the adapter on the first schedule (a dynamic import keeps
// every export of the module it loads): the api schedules for some requests only.
import { DetailType, ExperimentReviewDue, FanOutCheck, ReminderDue, type EventSchemas } from './events.js';

export const scheduledEventSchemas = {
  [DetailType.ReminderDue]: ReminderDue,
  [DetailType.FanOutCheck]: FanOutCheck,
  [DetailType.ExperimentReviewDue]: ExperimentReviewDue,
} as const satisfies Partial<EventSchemas>;
export type ScheduledDetailType = keyof typeof scheduledEventSchemas;
