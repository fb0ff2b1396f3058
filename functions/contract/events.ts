// The event catalogue: the one place where detail-type names and their schemas live.
// lib/ builds the rules from it; handlers parse with it; publishers build entries with it.
import { z } from 'zod';
import { Email, Language, PersonName, Role } from './network.js';

export const EVENT_SOURCE = 'samskab';
export const SCHEMA_VERSION = 1;

const schemaVersion = z.literal(SCHEMA_VERSION);
const id = z.string().min(1).max(64);
/** ISO 8601 instant with offset, e.g. 2027-03-04T13:00:00+01:00. */
const instant = z.iso.datetime({ offset: true });

export const Inspirer = z.object({
  name: PersonName,
  email: Email,
  topic: z.string().trim().min(1).max(300),
  language: Language,
});
export type Inspirer = z.infer<typeof Inspirer>;

export const Audience = z.object({
  municipalities: z.array(z.string()).default([]),
  roles: z.array(Role).default([]),
});
export type Audience = z.infer<typeof Audience>;

const meetingDetails = {
  title: z.string().min(1).max(200),
  agenda: z.array(z.string().min(1).max(500)).max(50),
  startsAt: instant,
  endsAt: instant,
  timeZone: z.string().min(1),
  place: z.string().max(300).optional(),
  onlineUrl: z.url().optional(),
  hostMunicipality: z.string().min(1),
  audience: Audience,
  inspirers: z.array(Inspirer).max(200),
};

export const MeetingScheduled = z.object({
  schemaVersion,
  meetingId: id,
  version: z.literal(1),
  ...meetingDetails,
});

export const MeetingRescheduled = z.object({
  schemaVersion,
  meetingId: id,
  version: z.number().int().min(2),
  changed: z.array(z.enum(['time', 'place', 'onlineUrl', 'audience', 'inspirers', 'agenda', 'title'])).min(1),
  ...meetingDetails,
});

export const MeetingCancelled = z.object({
  schemaVersion,
  meetingId: id,
  version: z.number().int().min(1),
  reason: z.string().min(1).max(1000),
});

export const MeetingHeld = z.object({
  schemaVersion,
  meetingId: id,
  summary: z.string().min(1).max(5000),
  decisions: z.array(z.string().min(1).max(1000)).max(50),
  nextSteps: z.array(z.string().min(1).max(1000)).max(50),
});

export const RsvpAnswer = z.enum(['accept', 'decline', 'maybe']);
export type RsvpAnswer = z.infer<typeof RsvpAnswer>;

export const RsvpReceived = z.object({
  schemaVersion,
  meetingId: id,
  personId: id,
  answer: RsvpAnswer,
  answeredAt: instant,
});

export const ReminderDue = z.object({
  schemaVersion,
  meetingId: id,
  version: z.number().int().min(1),
  /** Hours before start this reminder was scheduled for. */
  offsetHours: z.number().int().positive(),
});

export const InvolvedPerson = z.object({
  personId: id.optional(),
  name: PersonName,
  email: Email,
  role: Role,
  language: Language,
});

export const ExperimentRegistered = z.object({
  schemaVersion,
  experimentId: id,
  municipality: z.string().min(1),
  title: z.string().min(1).max(200),
  challenge: z.string().min(1).max(3000),
  plan: z.string().min(1).max(3000),
  startsOn: z.iso.date(),
  plannedEndOn: z.iso.date(),
  involved: z.array(InvolvedPerson).max(200),
});

export const ExperimentCompleted = z.object({
  schemaVersion,
  experimentId: id,
  outcome: z.string().min(1).max(3000),
  learnings: z.array(z.string().min(1).max(1000)).min(1).max(30),
  reusable: z.string().min(1).max(3000),
  doDifferently: z.string().max(3000).optional(),
});

export const PersonErased = z.object({ schemaVersion, personId: id });

export const DetailType = {
  MeetingScheduled: 'meeting-scheduled',
  MeetingRescheduled: 'meeting-rescheduled',
  MeetingCancelled: 'meeting-cancelled',
  MeetingHeld: 'meeting-held',
  RsvpReceived: 'rsvp-received',
  ReminderDue: 'reminder-due',
  ExperimentRegistered: 'experiment-registered',
  ExperimentCompleted: 'experiment-completed',
  PersonErased: 'person-erased',
} as const;
export type DetailType = (typeof DetailType)[keyof typeof DetailType];

export const eventSchemas = {
  [DetailType.MeetingScheduled]: MeetingScheduled,
  [DetailType.MeetingRescheduled]: MeetingRescheduled,
  [DetailType.MeetingCancelled]: MeetingCancelled,
  [DetailType.MeetingHeld]: MeetingHeld,
  [DetailType.RsvpReceived]: RsvpReceived,
  [DetailType.ReminderDue]: ReminderDue,
  [DetailType.ExperimentRegistered]: ExperimentRegistered,
  [DetailType.ExperimentCompleted]: ExperimentCompleted,
  [DetailType.PersonErased]: PersonErased,
} as const satisfies Record<DetailType, z.ZodType>;

export type DetailOf<T extends DetailType> = z.infer<(typeof eventSchemas)[T]>;
/** What a producer hands to publish: the detail without schemaVersion, which is stamped on. */
export type DetailInput<T extends DetailType> = Omit<z.input<(typeof eventSchemas)[T]>, 'schemaVersion'>;

export type SamskabEvent = { [T in DetailType]: { detailType: T; detail: DetailOf<T> } }[DetailType];

/**
 * Which consumer reacts to which detail-types. lib/ builds one rule per consumer from this
 * map, and each handler accepts exactly these types, so the two cannot drift apart.
 */
export const subscriptions = {
  meetings: [
    DetailType.MeetingScheduled,
    DetailType.MeetingRescheduled,
    DetailType.MeetingCancelled,
    DetailType.MeetingHeld,
    DetailType.ReminderDue,
  ],
} as const satisfies Record<string, readonly DetailType[]>;
export type Consumer = keyof typeof subscriptions;

export class InvalidEventError extends Error {
  constructor(
    readonly detailType: string,
    readonly issues: string[],
  ) {
    super(`invalid ${detailType} event: ${issues.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** Validates an incoming EventBridge event (the envelope fields we rely on and the detail). */
export function parseEvent(event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown }): SamskabEvent {
  const detailType = event['detail-type'];
  if (event.source !== EVENT_SOURCE) throw new InvalidEventError(String(detailType), [`source must be ${EVENT_SOURCE}`]);
  if (typeof detailType !== 'string' || !(Object.values(DetailType) as string[]).includes(detailType)) {
    throw new InvalidEventError(String(detailType), ['unknown detail-type']);
  }
  const schema = eventSchemas[detailType as DetailType];
  const result = schema.safeParse(event.detail);
  if (!result.success) {
    throw new InvalidEventError(
      detailType,
      result.error.issues.map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`),
    );
  }
  return { detailType, detail: result.data } as SamskabEvent;
}

/** Builds a validated PutEvents entry; throws if the detail breaks the contract. */
export function eventEntry<T extends DetailType>(busName: string, detailType: T, detail: DetailInput<T>) {
  const full = eventSchemas[detailType].parse({ ...detail, schemaVersion: SCHEMA_VERSION });
  return { EventBusName: busName, Source: EVENT_SOURCE, DetailType: detailType, Detail: JSON.stringify(full) };
}
