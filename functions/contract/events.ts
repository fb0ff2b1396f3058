// The event catalogue: the one place where detail-type names and their schemas live.
// lib/ builds the rules from it; handlers parse with it; publishers build entries with its schemas
// (event-entry.ts). The names without the schemas are in event-names.ts (zod-free), re-exported here.
import * as z from 'zod/mini';
import { lazySchema } from './lazy-schema.js';
import { DetailType, InvalidEventError, SCHEMA_VERSION, subscribedDetailType, type EventEnvelope } from './event-names.js';
import { Email, Language, PersonName, PracticalInfo, Role } from './network.js';

export { DetailType, EVENT_SOURCE, InvalidEventError, SCHEMA_VERSION } from './event-names.js';

// Cold start: building zod schemas is real work (the contract's schemas cost milliseconds of
// module init), and each function uses only a few. So every module-level schema here and in the
// other schema modules is a lazySchema (lazy-schema.ts): no zod object exists until first use, then
// it parses exactly as the z.lazy it stands for. A schema derived from one of them (z.omit,
// z.extend, .shape) starts from `Schema._zod.innerType` (the built, cached object) inside its own
// lazySchema. Each is marked /* @__PURE__ */ so esbuild drops the ones a bundle never reaches.
const schemaVersion = () => z.literal(SCHEMA_VERSION);
const id = () => z.string().check(z.minLength(1), z.maxLength(64));
/** ISO 8601 instant with offset, e.g. 2027-03-04T13:00:00+01:00. */
const instant = () => z.iso.datetime({ offset: true });

export const Inspirer = /* @__PURE__ */ lazySchema(() =>
  z.object({
    name: PersonName,
    email: Email,
    topic: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
    language: Language,
  }),
);
export type Inspirer = z.infer<typeof Inspirer>;

export const Audience = /* @__PURE__ */ lazySchema(() =>
  z.object({
    municipalities: z._default(z.array(z.string()), []),
    roles: z._default(z.array(Role), []),
  }),
);
export type Audience = z.infer<typeof Audience>;

const meetingDetails = () => ({
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  agenda: z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(50)),
  startsAt: instant(),
  endsAt: instant(),
  timeZone: z.string().check(z.minLength(1)),
  place: z.optional(z.string().check(z.maxLength(300))),
  /** http(s) only, as the API accepts: the link goes into mail and calendar entries. */
  onlineUrl: z.optional(z.url({ protocol: /^https?$/ })),
  hostMunicipality: z.string().check(z.minLength(1)),
  audience: Audience,
  inspirers: z.array(Inspirer).check(z.maxLength(200)),
  /** What the meeting is about, in the facilitator's words (shown in every mail about it). */
  description: z.optional(z.string().check(z.minLength(1), z.maxLength(MEETING_DESCRIPTION_MAX))),
  /** This meeting's practical text and guidelines; absent: the network's. */
  practicalInfo: z.optional(PracticalInfo),
  attendanceGuidelines: z.optional(PracticalInfo),
  /** This meeting's reminders; absent: the network's offsets, on. */
  reminders: z.optional(MeetingReminders),
  /** Accepted answers given for a version below this one wait for reconfirmation (set when a reschedule moves the time). */
  reconfirmSince: z.optional(z.number().check(z.int(), z.minimum(2))),
});

/** The longest meeting description accepted. */
export const MEETING_DESCRIPTION_MAX = 2000;
/** At most this many reminders per meeting. */
export const MAX_REMINDERS = 5;

export const MeetingReminders = /* @__PURE__ */ lazySchema(() =>
  z.object({
    enabled: z.boolean(),
    /** Hours before the start (at most 60 days). */
    offsetsHours: z.array(z.number().check(z.int(), z.positive(), z.maximum(24 * 60))).check(z.maxLength(MAX_REMINDERS)),
  }),
);
export type MeetingReminders = z.infer<typeof MeetingReminders>;

export const MeetingScheduled = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    version: z.literal(1),
    ...meetingDetails(),
  }),
);

export const MeetingRescheduled = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    version: z.number().check(z.int(), z.minimum(2)),
    changed: z
      .array(z.enum(['time', 'place', 'onlineUrl', 'audience', 'inspirers', 'agenda', 'title', 'description', 'practicalInfo', 'attendanceGuidelines', 'reminders']))
      .check(z.minLength(1)),
    /** false: the change is stored without mailing the invitees (agenda edits only; absent means true). */
    notify: z.optional(z.boolean()),
    ...meetingDetails(),
  }),
);

export const MeetingCancelled = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    version: z.number().check(z.int(), z.minimum(1)),
    reason: z.string().check(z.minLength(1), z.maxLength(1000)),
  }),
);

export const MeetingHeld = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    summary: z.string().check(z.minLength(1), z.maxLength(5000)),
    decisions: z.array(z.string().check(z.minLength(1), z.maxLength(1000))).check(z.maxLength(50)),
    nextSteps: z.array(z.string().check(z.minLength(1), z.maxLength(1000))).check(z.maxLength(50)),
    /** The facilitator who sent it (a signed-in person; absent for the API token): they get a copy. */
    sentBy: z.optional(id()),
  }),
);

export const RsvpAnswer = /* @__PURE__ */ lazySchema(() => z.enum(['accept', 'decline', 'maybe']));
export type RsvpAnswer = z.infer<typeof RsvpAnswer>;

export const RsvpReceived = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    personId: id(),
    answer: RsvpAnswer,
    answeredAt: instant(),
    /**
     * How it was given: `link` (the api recorded it before publishing) or `calendar` (an iTIP
     * REPLY to the reply address; the inbound function records it when it gets this event).
     * Absent is a link answer, as before this field existed.
     */
    via: z.optional(z.enum(['link', 'calendar'])),
    /** The meeting version the answer is for (a calendar REPLY's SEQUENCE + 1). */
    version: z.optional(z.number().check(z.int(), z.minimum(1))),
  }),
);

export const ReminderDue = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    version: z.number().check(z.int(), z.minimum(1)),
    /** Hours before start this reminder was scheduled for (a nudge: hours before start when asked for). */
    offsetHours: z.number().check(z.int(), z.positive()),
    /** A facilitator's nudge: only to invitees without an answer, once per version. */
    nudge: z.optional(z.literal(true)),
  }),
);

/**
 * A one-time schedule the meetings function (and the api, with a change) arms when a fan-out or a
 * change starts: when it fires, an unfinished fan-out is finished and a change that never arrived
 * is applied; `attempt` counts the checks of this fan-out (each re-arms the next while unfinished).
 */
export const FanOutCheck = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    meetingId: id(),
    version: z.number().check(z.int(), z.minimum(1)),
    attempt: z.number().check(z.int(), z.minimum(1)),
  }),
);

export const InvolvedPerson = /* @__PURE__ */ lazySchema(() =>
  z.object({
    personId: z.optional(id()),
    name: PersonName,
    email: Email,
    role: Role,
    language: Language,
  }),
);

/** What an experiment tests (the four questions of a mini experiment). */
export const EXPERIMENT_KINDS = ['does-it-work', 'will-people-use-it', 'does-it-make-a-difference', 'will-it-last'] as const;
export const ExperimentKind = /* @__PURE__ */ lazySchema(() => z.enum(EXPERIMENT_KINDS));
/** How it went: "it did not work" is an outcome worth as much as the others. */
export const EXPERIMENT_RESULTS = ['worked', 'partly', 'did-not-work'] as const;
export const ExperimentResult = /* @__PURE__ */ lazySchema(() => z.enum(EXPERIMENT_RESULTS));

/** What an experiment is besides its description, each optional (experiments registered before had none). */
const experimentMemory = () => ({
  /** Theme ids of the network's theme list. */
  themes: z.optional(z.array(id()).check(z.maxLength(20))),
  kind: z.optional(ExperimentKind),
  /** When its owner looks at it again (a reminder goes out that morning). */
  reviewOn: z.optional(z.iso.date()),
  /** The meeting where it was planned. */
  plannedAtMeetingId: z.optional(id()),
  /** Who registered it: the owner the review reminder goes to. */
  owner: z.optional(z.object({ personId: id(), name: PersonName, email: Email, language: Language })),
});

export const ExperimentRegistered = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    experimentId: id(),
    municipality: z.string().check(z.minLength(1)),
    title: z.string().check(z.minLength(1), z.maxLength(200)),
    challenge: z.string().check(z.minLength(1), z.maxLength(3000)),
    plan: z.string().check(z.minLength(1), z.maxLength(3000)),
    startsOn: z.iso.date(),
    plannedEndOn: z.iso.date(),
    involved: z.array(InvolvedPerson).check(z.maxLength(200)),
    ...experimentMemory(),
  }),
);

export const ExperimentCompleted = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    experimentId: id(),
    outcome: z.string().check(z.minLength(1), z.maxLength(3000)),
    learnings: z.array(z.string().check(z.minLength(1), z.maxLength(1000))).check(z.minLength(1), z.maxLength(30)),
    reusable: z.string().check(z.minLength(1), z.maxLength(3000)),
    doDifferently: z.optional(z.string().check(z.maxLength(3000))),
    result: z.optional(ExperimentResult),
  }),
);

/** A person involved after registration: they get the invitation the others got. */
export const ExperimentPersonAdded = /* @__PURE__ */ lazySchema(() =>
  z.object({
    schemaVersion: schemaVersion(),
    experimentId: id(),
    person: InvolvedPerson,
  }),
);

/** The api changed an experiment's review date (PATCH): the experiments function brings its schedule in line. */
export const ExperimentReviewChanged = /* @__PURE__ */ lazySchema(() => z.object({ schemaVersion: schemaVersion(), experimentId: id() }));

/** An experiment's review-date schedule fired (the morning of reviewOn): its owner gets the reminder. */
export const ExperimentReviewDue = /* @__PURE__ */ lazySchema(() =>
  z.object({ schemaVersion: schemaVersion(), experimentId: id(), reviewOn: z.iso.date() }),
);

export const PersonErased = /* @__PURE__ */ lazySchema(() => z.object({ schemaVersion: schemaVersion(), personId: id() }));


// Built by a call marked pure: esbuild keeps an unused object literal whose keys are computed, and
// with it every event schema; this way a bundle that never parses or publishes an event has none.
export const eventSchemas = /* @__PURE__ */ (() =>
  ({
    [DetailType.MeetingScheduled]: MeetingScheduled,
    [DetailType.MeetingRescheduled]: MeetingRescheduled,
    [DetailType.MeetingCancelled]: MeetingCancelled,
    [DetailType.MeetingHeld]: MeetingHeld,
    [DetailType.RsvpReceived]: RsvpReceived,
    [DetailType.ReminderDue]: ReminderDue,
    [DetailType.FanOutCheck]: FanOutCheck,
    [DetailType.ExperimentRegistered]: ExperimentRegistered,
    [DetailType.ExperimentCompleted]: ExperimentCompleted,
    [DetailType.ExperimentPersonAdded]: ExperimentPersonAdded,
    [DetailType.PersonErased]: PersonErased,
    [DetailType.ExperimentReviewChanged]: ExperimentReviewChanged,
    [DetailType.ExperimentReviewDue]: ExperimentReviewDue,
  }) as const satisfies Record<DetailType, z.ZodMiniType>)();

export type DetailOf<T extends DetailType> = z.infer<(typeof eventSchemas)[T]>;
/** What a producer hands to publish: the detail without schemaVersion, which is stamped on. */
export type DetailInput<T extends DetailType> = Omit<z.input<(typeof eventSchemas)[T]>, 'schemaVersion'>;

export type SamskabEvent = { [T in DetailType]: { detailType: T; detail: DetailOf<T> } }[DetailType];

/**
 * Which consumer reacts to which detail-types. lib/ builds one rule per consumer from this
 * map, and each handler accepts exactly these types, so the two cannot drift apart.
 */
// Built by a call marked pure (esbuild keeps an unused literal of property reads): lib/ reads it,
// and a function bundle that does not drops it, and DetailType with it when nothing else uses that.
export const subscriptions = /* @__PURE__ */ (() => ({
  meetings: [
    DetailType.MeetingScheduled,
    DetailType.MeetingRescheduled,
    DetailType.MeetingCancelled,
    DetailType.MeetingHeld,
    DetailType.ReminderDue,
    DetailType.FanOutCheck,
  ],
  experiments: [
    DetailType.ExperimentRegistered,
    DetailType.ExperimentCompleted,
    DetailType.ExperimentPersonAdded,
    DetailType.ExperimentReviewChanged,
    DetailType.ExperimentReviewDue,
  ],
  inbound: [DetailType.RsvpReceived],
}) as const satisfies Record<string, readonly DetailType[]>)();
export type Consumer = keyof typeof subscriptions;

/** Some detail-types' schemas, as in eventSchemas (what a bundle parses with holds only those). */
export type EventSchemas<T extends DetailType = DetailType> = { readonly [K in T]: (typeof eventSchemas)[K] };
/** A consumer's schemas: exactly the detail-types it subscribes to (the type keeps the two equal). */
type SchemasOf<C extends Consumer> = EventSchemas<(typeof subscriptions)[C][number]>;

// Cold start: a consumer parses with its own schemas only, so its bundle holds no other consumer's
// schemas (nor the zod parts only those use). Built by calls marked pure, as eventSchemas.
export const meetingsEventSchemas = /* @__PURE__ */ (() =>
  ({
    [DetailType.MeetingScheduled]: MeetingScheduled,
    [DetailType.MeetingRescheduled]: MeetingRescheduled,
    [DetailType.MeetingCancelled]: MeetingCancelled,
    [DetailType.MeetingHeld]: MeetingHeld,
    [DetailType.ReminderDue]: ReminderDue,
    [DetailType.FanOutCheck]: FanOutCheck,
  }) as const satisfies SchemasOf<'meetings'>)();
export const experimentsEventSchemas = /* @__PURE__ */ (() =>
  ({
    [DetailType.ExperimentRegistered]: ExperimentRegistered,
    [DetailType.ExperimentCompleted]: ExperimentCompleted,
    [DetailType.ExperimentPersonAdded]: ExperimentPersonAdded,
    [DetailType.ExperimentReviewChanged]: ExperimentReviewChanged,
    [DetailType.ExperimentReviewDue]: ExperimentReviewDue,
  }) as const satisfies SchemasOf<'experiments'>)();
export const inboundEventSchemas = /* @__PURE__ */ (() => ({ [DetailType.RsvpReceived]: RsvpReceived }) as const satisfies SchemasOf<'inbound'>)();

/**
 * Detail filters on a consumer's rule (its EventBridge pattern's `detail`, for every detail-type it
 * subscribes to), so a function is invoked only for the events it acts on. The inbound function
 * records calendar answers; answers by link were recorded by the api before it published them.
 */
export const subscriptionDetailFilters: { readonly [C in Consumer]?: Readonly<Record<string, readonly string[]>> } = {
  inbound: { via: ['calendar'] satisfies NonNullable<DetailOf<typeof DetailType.RsvpReceived>['via']>[] },
};

/**
 * Validates an incoming EventBridge event (the envelope fields we rely on and the detail) with a
 * consumer's schemas (e.g. meetingsEventSchemas): a known detail-type it does not subscribe to is
 * invalid for it, as an unknown one is. The consumers check with the compiled schemas first
 * (event-check.ts) and come here for the issues of an event those refuse.
 */
export function parseEventOf<S extends Partial<EventSchemas>>(event: EventEnvelope, schemas: S): Extract<SamskabEvent, { detailType: keyof S }> {
  const detailType = subscribedDetailType(event, Object.keys(schemas));
  const schema = (schemas as Partial<Record<string, z.ZodMiniType>>)[detailType]!;
  const result = schema.safeParse(event.detail);
  if (!result.success) {
    throw new InvalidEventError(
      detailType,
      result.error.issues.map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`),
    );
  }
  return { detailType, detail: result.data } as Extract<SamskabEvent, { detailType: keyof S }>;
}
