// Changing an experiment after registration: PATCH /api/experiments/{id} (its description, dates,
// themes, kind, review date and the meetings where it was planned and presented) and adding or
// removing involved people. Pure: the caller passes the stored experiment and the network's lists.
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import type { ExperimentUpdateRequest } from '../../contract/api-types.js';
import { EXPERIMENT_KINDS } from '../../contract/events.js';
import { expected, fieldErrors, requiredText, type FieldError } from '../field-errors.js';
import { involvedPersonId } from '../person/audience.js';
import { themeIdErrors } from '../theme/rules.js';
import { involvedSchema, isoDate, type InvolvedPerson, type KnownPerson } from './rules.js';

const nullable = <S extends z.ZodMiniType>(schema: S) => z.optional(z.nullable(schema));

const UpdateBody = /* @__PURE__ */ lazySchema(() =>
  z
    .strictObject(
      {
        title: z.optional(requiredText(200)),
        challenge: z.optional(requiredText(3000)),
        plan: z.optional(requiredText(3000)),
        startsOn: z.optional(isoDate),
        plannedEndOn: z.optional(isoDate),
        themes: z.optional(z.array(z.string(expected('a theme id')), expected('a list of theme ids')).check(z.maxLength(20, 'must have at most 20 themes'))),
        kind: nullable(z.enum(EXPERIMENT_KINDS, expected(`one of: ${EXPERIMENT_KINDS.join(', ')}`))),
        reviewOn: nullable(isoDate),
        plannedAtMeetingId: nullable(requiredText(64)),
        presentedAtMeetingId: nullable(requiredText(64)),
      },
      expected('a JSON object'),
    )
    .check(z.refine((b: object) => Object.keys(b).length > 0, 'give at least one field to change')),
);

/** What a valid PATCH becomes: the fields to set, and those to remove (null in the body). */
export interface ExperimentUpdate {
  set: Partial<Omit<ExperimentUpdateRequest, 'kind' | 'reviewOn' | 'plannedAtMeetingId' | 'presentedAtMeetingId'>> & {
    kind?: NonNullable<ExperimentUpdateRequest['kind']>;
    reviewOn?: string;
    plannedAtMeetingId?: string;
    presentedAtMeetingId?: string;
  };
  remove: ('kind' | 'reviewOn' | 'plannedAtMeetingId' | 'presentedAtMeetingId')[];
  /** The meeting ids the caller must find (a missing one is an error on its field). */
  meetingIds: { field: 'plannedAtMeetingId' | 'presentedAtMeetingId'; meetingId: string }[];
}

export type UpdateResult = { ok: true; update: ExperimentUpdate } | { ok: false; errors: FieldError[] };

/** Validates PATCH /api/experiments/{id} against the stored dates and the theme list. */
export function validateUpdate(
  body: unknown,
  current: { startsOn: string; plannedEndOn: string },
  themes: readonly { themeId: string }[],
): UpdateResult {
  const parsed = UpdateBody.safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const b = parsed.data;
  const errors: FieldError[] = [];
  const start = b.startsOn ?? current.startsOn;
  const end = b.plannedEndOn ?? current.plannedEndOn;
  if (end < start) errors.push({ field: b.plannedEndOn !== undefined ? 'plannedEndOn' : 'startsOn', message: `must leave plannedEndOn (${end}) on or after startsOn (${start})` });
  if (b.themes) errors.push(...themeIdErrors(b.themes, themes));
  if (errors.length > 0) return { ok: false, errors };

  const update: ExperimentUpdate = { set: {}, remove: [], meetingIds: [] };
  for (const f of ['title', 'challenge', 'plan', 'startsOn', 'plannedEndOn', 'themes'] as const) {
    if (b[f] !== undefined) (update.set as Record<string, unknown>)[f] = b[f];
  }
  for (const f of ['kind', 'reviewOn', 'plannedAtMeetingId', 'presentedAtMeetingId'] as const) {
    const v = b[f];
    if (v === null) update.remove.push(f);
    else if (v !== undefined) (update.set as Record<string, unknown>)[f] = v;
  }
  for (const field of ['plannedAtMeetingId', 'presentedAtMeetingId'] as const) {
    const meetingId = update.set[field];
    if (meetingId !== undefined) update.meetingIds.push({ field, meetingId });
  }
  return { ok: true, update };
}

export type InvolveResult = { ok: true; person: InvolvedPerson } | { ok: false; errors: FieldError[] };

/**
 * POST /api/experiments/{id}/involved: one person, by {personId} or as an outsider (name, email,
 * role, language), not involved already.
 */
export function validateInvolve(body: unknown, people: readonly KnownPerson[], involved: readonly InvolvedPerson[]): InvolveResult {
  const parsed = involvedSchema(people).safeParse(body);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const email = parsed.data.email.toLowerCase();
  if (involved.some((p) => p.email.toLowerCase() === email)) return { ok: false, errors: [{ field: 'email', message: 'is already involved in the experiment' }] };
  return { ok: true, person: parsed.data };
}

/** An involved person's id in paths: their person id, or the id their mail used for outsiders. */
export const involvedIdOf = involvedPersonId;

/** Adding or removing people: not on an abandoned experiment (nobody is left to invite). */
export function canChangeInvolved(status: string): string | undefined {
  return status === 'abandoned' ? 'The experiment was abandoned, so its people cannot change.' : undefined;
}
