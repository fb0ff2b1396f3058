// The event contract's names, without its schemas: what code that only names events (the
// scheduler's target, a logger, a size check) needs, so a function imports them without zod.
// events.ts re-exports everything here; import from there unless the importer must stay zod-free.

export const EVENT_SOURCE = 'samskab';
export const SCHEMA_VERSION = 1;

export const DetailType = {
  MeetingScheduled: 'meeting-scheduled',
  MeetingRescheduled: 'meeting-rescheduled',
  MeetingCancelled: 'meeting-cancelled',
  MeetingHeld: 'meeting-held',
  RsvpReceived: 'rsvp-received',
  ReminderDue: 'reminder-due',
  FanOutCheck: 'fan-out-check',
  ExperimentRegistered: 'experiment-registered',
  ExperimentCompleted: 'experiment-completed',
  ExperimentPersonAdded: 'experiment-person-added',
  PersonErased: 'person-erased',
  ExperimentReviewChanged: 'experiment-review-changed',
  ExperimentReviewDue: 'experiment-review-due',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

export class InvalidEventError extends Error {
  constructor(
    readonly detailType: string,
    readonly issues: string[],
  ) {
    super(`invalid ${detailType} event: ${issues.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}
