// The POST /api/meetings body: its schema and the rules a meeting must meet before it is
// published. Pure: the caller passes the network's settings and the current time.
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import { Email, LANGUAGES, PersonName, ROLES } from '../../contract/network.js';
import { MAX_REMINDERS, MEETING_DESCRIPTION_MAX, type DetailInput } from '../../contract/events.js';
import { addIssue, expected, fieldErrors, requiredText, type FieldError } from '../field-errors.js';
import { formatInstantInZone, parseMeetingTime } from '../zoned-time.js';

export type { FieldError };

/** What the request becomes: the meeting-scheduled detail without the ids the API assigns. */
export type MeetingDraft = Omit<DetailInput<'meeting-scheduled'>, 'meetingId' | 'version'>;

export interface MeetingRequestContext {
  municipalities: readonly string[];
  timeZone: string;
  now: Date;
}

export type MeetingRequestResult = { ok: true; meeting: MeetingDraft } | { ok: false; errors: FieldError[] };

const text = requiredText;

/** How far ahead a meeting may be scheduled. */
export const MAX_YEARS_AHEAD = 5;

const latestMeetingTime = (now: Date) => {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_YEARS_AHEAD);
  return latest;
};

const meetingTime = (timeZone: string) =>
  z.pipe(
    z.string(expected('a date and time such as 2027-03-04T13:00')),
    z.transform((value: string, ctx) => {
      const parsed = parseMeetingTime(value.trim(), timeZone);
      if (parsed.ok) return formatInstantInZone(parsed.epochMs, timeZone);
      const message = {
        format: 'must be a date and time such as 2027-03-04T13:00 (local time) or 2027-03-04T13:00+01:00',
        'invalid-date': 'is not a valid date and time',
        nonexistent: `does not exist in ${timeZone} (the clocks skip that hour when summer time begins)`,
      }[parsed.reason];
      addIssue(ctx, message);
      return z.NEVER;
    }),
  );

const oneOf = (allowed: readonly string[], what: string) =>
  z
    .string(expected('a string'))
    .check(z.trim(), z.refine((v: string) => allowed.includes(v), `must be one of the ${what}: ${allowed.join(', ')}`));

/** A practical text or guidelines of this meeting: a Danish text (English optional), a link, or both. */
const meetingInfo = () =>
  z
    .strictObject(
      {
        text: z.optional(
          z.strictObject(
            { da: text(600), en: z.optional(text(600)) },
            expected('an object with da (and en) texts'),
          ),
        ),
        url: z.optional(webUrl()),
      },
      expected('an object with a text, a url, or both'),
    )
    .check(z.refine((p) => p.text !== undefined || p.url !== undefined, 'give a text, a url, or both'));

/** The longest answer comment (diet, step-free access) accepted; the answer page says so too. */
export const ANSWER_COMMENT_MAX_LENGTH = 500;

/** Hours before the start a reminder may go out: up to 60 days. */
export const MAX_REMINDER_OFFSET_HOURS = 24 * 60;

const meetingReminders = () =>
  z.strictObject(
    {
      enabled: z.boolean(expected('true or false')),
      offsetsHours: z
        .array(
          z
            .number(expected('a number of hours'))
            .check(
              z.int('must be a whole number of hours'),
              z.positive('must be at least 1 hour'),
              z.maximum(MAX_REMINDER_OFFSET_HOURS, `must be at most ${MAX_REMINDER_OFFSET_HOURS} hours (60 days)`),
            ),
          expected('a list of hours before the start'),
        )
        .check(z.maxLength(MAX_REMINDERS, `must have at most ${MAX_REMINDERS} reminders`)),
    },
    expected('an object with enabled and offsetsHours'),
  );

const webUrl = () =>
  z.pipe(
    z.string(expected('a URL')).check(z.trim(), z.maxLength(2000, 'must be at most 2000 characters')),
    z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }),
  );

/**
 * Unknown fields are rejected (not ignored), so a misspelt "onlineURL" is reported rather than
 * silently dropped from the invitation.
 */
export function meetingRequestSchema(ctx: Pick<MeetingRequestContext, 'municipalities' | 'timeZone'>) {
  const municipality = oneOf(ctx.municipalities, "network's municipalities");
  return z.strictObject(
    {
      title: text(200),
      agenda: z._default(
        z.array(text(500), expected('a list of agenda items')).check(z.maxLength(50, 'must have at most 50 items')),
        [],
      ),
      startsAt: meetingTime(ctx.timeZone),
      endsAt: meetingTime(ctx.timeZone),
      place: z.optional(text(300)),
      onlineUrl: z.optional(webUrl()),
      hostMunicipality: municipality,
      audience: z._default(
        z.strictObject(
          {
            municipalities: z._default(z.array(municipality, expected('a list of municipalities')), []),
            roles: z._default(
              z.array(
                z.enum(ROLES, { error: `must be one of the roles: ${ROLES.join(', ')}` }),
                expected('a list of roles'),
              ),
              [],
            ),
          },
          expected('an object with municipalities and roles'),
        ),
        { municipalities: [], roles: [] },
      ),
      inspirers: z._default(
        z
          .array(
            z.strictObject(
              {
                name: PersonName,
                email: Email,
                topic: text(300),
                language: z.enum(LANGUAGES, { error: `must be one of: ${LANGUAGES.join(', ')}` }),
              },
              expected('an object with name, email, topic and language'),
            ),
            expected('a list of inspirers'),
          )
          .check(z.maxLength(200, 'must have at most 200 inspirers')),
        [],
      ),
      description: z.optional(text(MEETING_DESCRIPTION_MAX)),
      practicalInfo: z.optional(meetingInfo()),
      attendanceGuidelines: z.optional(meetingInfo()),
      reminders: z.optional(meetingReminders()),
    },
    expected('a JSON object'),
  );
}

/**
 * Validates a meeting request. Every failure is reported at once: the field checks come from the
 * schema, and the cross-field rules (end after start, start in the future, place or link) run on
 * whichever of those fields are themselves valid.
 */
export function validateMeetingRequest(body: unknown, ctx: MeetingRequestContext): MeetingRequestResult {
  const schema = meetingRequestSchema(ctx);
  const result = schema.safeParse(body);
  const errors = result.success ? [] : fieldErrors(result.error);

  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const raw = body as Record<string, unknown>;
    const start = schema.shape.startsAt.safeParse(raw.startsAt);
    const end = schema.shape.endsAt.safeParse(raw.endsAt);
    if (start.success && Date.parse(start.data) <= ctx.now.getTime()) {
      errors.push({ field: 'startsAt', message: 'must be in the future' });
    }
    // A year such as 9999 is a typo, and would keep reminders and retention waiting for ever.
    const latest = latestMeetingTime(ctx.now);
    for (const [field, parsed] of [['startsAt', start], ['endsAt', end]] as const) {
      if (parsed.success && Date.parse(parsed.data) > latest.getTime()) {
        errors.push({ field, message: `must be at most ${MAX_YEARS_AHEAD} years ahead (before ${latest.toISOString().slice(0, 10)})` });
      }
    }
    if (start.success && end.success && Date.parse(end.data) <= Date.parse(start.data)) {
      errors.push({ field: 'endsAt', message: 'must be after startsAt' });
    }
    const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '');
    if (blank(raw.place) && blank(raw.onlineUrl)) {
      // Reported once on "place" unless a field error for an empty value already says it.
      if (!errors.some((e) => e.field === 'place' || e.field === 'onlineUrl')) {
        errors.push({ field: 'place', message: 'give a place, an onlineUrl, or both' });
      }
    }
  }

  if (errors.length > 0 || !result.success) return { ok: false, errors };
  const { place, onlineUrl, ...rest } = result.data;
  return {
    ok: true,
    meeting: {
      ...rest,
      ...(place !== undefined ? { place } : {}),
      ...(onlineUrl !== undefined ? { onlineUrl } : {}),
      timeZone: ctx.timeZone,
    },
  };
}

// ---- changes to a scheduled meeting (PATCH, cancel, follow-up) ----

/** The fields of a meeting a reschedule may change (hostMunicipality is fixed: a new host is a new meeting). */
export const PATCHABLE_FIELDS = [
  'title',
  'agenda',
  'startsAt',
  'endsAt',
  'place',
  'onlineUrl',
  'audience',
  'inspirers',
  'description',
  'practicalInfo',
  'attendanceGuidelines',
  'reminders',
] as const;
/** Optional fields a PATCH removes with null (the texts and reminders then follow the network's). */
const REMOVABLE_FIELDS: readonly string[] = ['place', 'onlineUrl', 'description', 'practicalInfo', 'attendanceGuidelines', 'reminders'];
type Changed = DetailInput<'meeting-rescheduled'>['changed'][number];

export type MeetingPatchResult =
  | { ok: true; meeting: MeetingDraft; changed: Changed[] }
  | { ok: false; errors: FieldError[] };

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A PATCH body applied to the current meeting: the merged meeting is validated exactly like a
 * new one (validateMeetingRequest), so the rules live in one place. `place`, `onlineUrl`, the
 * texts and the reminders may be null to remove them. Errors name the fields of the PATCH body;
 * `changed` lists what differs. A new time makes the next version (`ctx.nextVersion`) the one
 * accepted answers must be confirmed for (`reconfirmSince`).
 */
export function validateMeetingPatch(
  body: unknown,
  current: MeetingDraft,
  ctx: MeetingRequestContext & { nextVersion?: number },
): MeetingPatchResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object' }] };
  }
  const patch = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const field of Object.keys(patch)) {
    if (field === 'hostMunicipality') {
      errors.push({ field, message: 'cannot be changed; cancel the meeting and schedule a new one' });
    } else if (!(PATCHABLE_FIELDS as readonly string[]).includes(field)) {
      errors.push({ field, message: 'is not a known field' });
    }
  }
  if (Object.keys(patch).length === 0) errors.push({ field: 'body', message: `give at least one of: ${PATCHABLE_FIELDS.join(', ')}` });
  if (errors.length > 0) return { ok: false, errors };

  const { reconfirmSince, ...currentFields } = current;
  const merged: Record<string, unknown> = { ...currentFields };
  delete merged.timeZone;
  for (const [field, value] of Object.entries(patch)) {
    if (value === null && REMOVABLE_FIELDS.includes(field)) delete merged[field];
    else merged[field] = value;
  }
  const result = validateMeetingRequest(merged, ctx);
  if (!result.ok) return result;

  const validated = result.meeting;
  const timeMoved = validated.startsAt !== current.startsAt || validated.endsAt !== current.endsAt;
  const since = timeMoved && ctx.nextVersion !== undefined ? ctx.nextVersion : reconfirmSince;
  const next: MeetingDraft = { ...validated, ...(since !== undefined ? { reconfirmSince: since } : {}) };
  const changed: Changed[] = [];
  if (next.startsAt !== current.startsAt || next.endsAt !== current.endsAt) changed.push('time');
  if ((next.place ?? '') !== (current.place ?? '')) changed.push('place');
  if ((next.onlineUrl ?? '') !== (current.onlineUrl ?? '')) changed.push('onlineUrl');
  if (!sameJson(next.audience, current.audience)) changed.push('audience');
  if (!sameJson(next.inspirers, current.inspirers)) changed.push('inspirers');
  if (!sameJson(next.agenda, current.agenda)) changed.push('agenda');
  if (next.title !== current.title) changed.push('title');
  if (!sameJson(next.description, current.description)) changed.push('description');
  if (!sameJson(next.practicalInfo, current.practicalInfo)) changed.push('practicalInfo');
  if (!sameJson(next.attendanceGuidelines, current.attendanceGuidelines)) changed.push('attendanceGuidelines');
  if (!sameJson(next.reminders, current.reminders)) changed.push('reminders');
  if (changed.length === 0) return { ok: false, errors: [{ field: 'body', message: 'changes nothing: every given field has its current value' }] };
  return { ok: true, meeting: next, changed };
}

// The bodies below are built on first use (lazySchema) to keep them out of module init: see the
// note in contract/events.ts.

/**
 * The answer page's comment (diet, step-free access): optional, trimmed, at most
 * ANSWER_COMMENT_MAX_LENGTH characters; an empty one is no comment.
 */
export const answerCommentSchema = /* @__PURE__ */ lazySchema(() =>
  z.object(
    {
      comment: z.optional(
        z
          .string(expected('a text'))
          .check(
            z.overwrite((v: string) => v.replace(/\r\n?/g, '\n')),
            z.trim(),
            z.maxLength(ANSWER_COMMENT_MAX_LENGTH, `must be at most ${ANSWER_COMMENT_MAX_LENGTH} characters`),
            z.regex(/^(?:[^\p{Cc}]|\n)*$/u, 'must not contain control characters'),
          ),
      ),
    },
    expected('a form with a comment'),
  ),
);

/** POST /api/meetings/{id}/cancel. */
export const cancelRequestSchema = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({ reason: text(1000) }, expected('a JSON object with a reason')),
);

/** POST /api/meetings/{id}/follow-up. */
export const followUpRequestSchema = /* @__PURE__ */ lazySchema(() =>
  z.strictObject(
    {
      summary: text(5000),
      decisions: z._default(
        z.array(text(1000), expected('a list of decisions')).check(z.maxLength(50, 'must have at most 50 items')),
        [],
      ),
      nextSteps: z._default(
        z.array(text(1000), expected('a list of next steps')).check(z.maxLength(50, 'must have at most 50 items')),
        [],
      ),
    },
    expected('a JSON object with summary, decisions and nextSteps'),
  ),
);

/** The longest reflection accepted (the form in functions/pages says so too). */
export const REFLECTION_MAX_LENGTH = 5000;

/** The reflection form's one field. */
export const reflectionSchema = /* @__PURE__ */ lazySchema(() => z.object({ text: text(REFLECTION_MAX_LENGTH) }, expected('a form with a text')));
