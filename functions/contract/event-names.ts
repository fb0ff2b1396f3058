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

/** The envelope fields a consumer relies on. */
export type EventEnvelope = { source?: unknown; 'detail-type'?: unknown; detail?: unknown };

/**
 * The detail-type of an event for a consumer that subscribes to `subscribed`, or InvalidEventError:
 * not ours (source), unknown, or a known detail-type it does not subscribe to.
 */
export function subscribedDetailType(event: EventEnvelope, subscribed: readonly string[]): DetailType {
  const detailType = event['detail-type'];
  if (event.source !== EVENT_SOURCE) throw new InvalidEventError(String(detailType), [`source must be ${EVENT_SOURCE}`]);
  if (typeof detailType !== 'string' || !(Object.values(DetailType) as string[]).includes(detailType)) {
    throw new InvalidEventError(String(detailType), ['unknown detail-type']);
  }
  if (!subscribed.includes(detailType)) throw new InvalidEventError(detailType, ['not an event this function subscribes to']);
  return detailType as DetailType;
}
