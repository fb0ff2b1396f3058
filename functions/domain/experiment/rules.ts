// Mini co-creation experiments: the request bodies of the experiment API and the state model
// planned -> running -> completed, with planned|running -> abandoned. Pure: the caller passes
// the network's municipalities and people, and today's date in the network's time zone.
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import type { DetailInput } from '../../contract/events.js';
import { EXPERIMENT_KINDS, EXPERIMENT_RESULTS } from '../../contract/events.js';
import { Email, LANGUAGES, PersonName, ROLES, type Language, type Role } from '../../contract/network.js';
import type { ExperimentStatus } from '../../contract/api-types.js';
import { addIssue, expected, fieldErrors, requiredText, validateBody, type BodyResult, type FieldError } from '../field-errors.js';
import type { NetworkPerson } from '../person/audience.js';
import { themeIdErrors } from '../theme/rules.js';
import type { Transition } from '../transition.js';
import { localTimeAt } from '../zoned-time.js';

/** A person of the network as far as an experiment needs them. */
export interface KnownPerson {
  personId: string;
  name: string;
  email: string;
  role: Role;
  language: Language;
}

export interface ExperimentRequestContext {
  municipalities: readonly string[];
  people: readonly KnownPerson[];
  /** The network's theme ids (an experiment's themes must be on the list); none: no themes allowed. */
  themes?: readonly { themeId: string }[];
}

/** What a valid request becomes: the experiment-registered detail without the id the API assigns. */
export type ExperimentDraft = Omit<DetailInput<'experiment-registered'>, 'experimentId'>;
export type InvolvedPerson = ExperimentDraft['involved'][number];

const text = requiredText;

/** The dates an experiment or a note may carry: a typo such as 9999 or 0202 is refused, not stored. */
const EARLIEST_DATE = '2000-01-01';
const LATEST_DATE = '2099-12-31';

// The schemas of this module are built on first use (lazySchema) to keep them out of module init:
// see the note in contract/events.ts.
export const isoDate = /* @__PURE__ */ lazySchema(() =>
  z.iso
    .date({
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be a date such as 2027-03-04'),
    })
    .check(
      z.refine(
        // A malformed date has its own error above.
        (d: string) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || (d >= EARLIEST_DATE && d <= LATEST_DATE),
        `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`,
      ),
    ),
);

export const byId = /* @__PURE__ */ lazySchema(() => z.strictObject({ personId: text(64) }, expected('an object')));
const outsider = /* @__PURE__ */ lazySchema(() =>
  z.strictObject(
    {
      // The network's own rules, behind a plain "is required" for a missing value.
      name: z.pipe(z.string(expected('a string')), PersonName),
      email: z.pipe(z.string(expected('an email address')), Email),
      role: z.enum(ROLES, expected(`one of the roles: ${ROLES.join(', ')}`)),
      language: z.enum(LANGUAGES, expected(`one of: ${LANGUAGES.join(', ')}`)),
    },
    expected('an object with either personId, or name, email, role and language'),
  ),
);

/**
 * One involved person: {personId} for a person of the network, or {name, email, role, language}
 * for someone outside it. An outsider whose email belongs to a person of the network is that
 * person (one person, one id, one mail).
 */
export function involvedSchema(people: readonly KnownPerson[]) {
  const byPersonId = new Map(people.map((p) => [p.personId, p]));
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const known = (p: KnownPerson): InvolvedPerson => ({
    personId: p.personId,
    name: p.name,
    email: p.email,
    role: p.role,
    language: p.language,
  });

  return z.pipe(
    z.unknown(),
    z.transform((value: unknown, ctx): InvolvedPerson => {
      const isReference = typeof value === 'object' && value !== null && 'personId' in value;
      if (isReference) {
        const parsed = byId.safeParse(value);
        if (!parsed.success) return report(ctx, parsed.error);
        const person = byPersonId.get(parsed.data.personId);
        if (person) return known(person);
        addIssue(ctx, 'is not a person of the network', ['personId']);
        return z.NEVER;
      }
      const parsed = outsider.safeParse(value);
      if (!parsed.success) return report(ctx, parsed.error);
      const person = byEmail.get(parsed.data.email);
      return person ? known(person) : parsed.data;
    }),
  );
}

/** Re-raises a sub-schema's issues where the value sits (zod prefixes the path). */
function report(ctx: z.core.ParsePayload, error: z.core.$ZodError): never {
  for (const e of fieldErrors(error)) {
    addIssue(ctx, e.message, e.field === 'body' ? [] : e.field.split('.'));
  }
  return z.NEVER;
}

/** What the register keeps besides the description (registration and PATCH): each optional. */
export const memoryFields = () => ({
  themes: z.optional(z.array(z.string(expected('a theme id')), expected('a list of theme ids')).check(z.maxLength(20, 'must have at most 20 themes'))),
  kind: z.optional(z.enum(EXPERIMENT_KINDS, expected(`one of: ${EXPERIMENT_KINDS.join(', ')}`))),
  reviewOn: z.optional(isoDate),
  plannedAtMeetingId: z.optional(text(64)),
});

/** The field rules; validateExperimentRequest adds the rules across fields and list entries. */
export function experimentRequestSchema(ctx: ExperimentRequestContext) {
  return z.strictObject(
    {
      municipality: z
        .string(expected('a string'))
        .check(
          z.trim(),
          z.refine(
            (m: string) => ctx.municipalities.includes(m),
            `must be one of the network's municipalities: ${ctx.municipalities.join(', ')}`,
          ),
        ),
      title: text(200),
      challenge: text(3000),
      plan: text(3000),
      startsOn: isoDate,
      plannedEndOn: isoDate,
      involved: z._default(
        z
          .array(involvedSchema(ctx.people), expected('a list of people'))
          .check(z.maxLength(200, 'must have at most 200 people')),
        [],
      ),
      ...memoryFields(),
    },
    expected('a JSON object'),
  );
}

export type ExperimentRequestResult = { ok: true; experiment: ExperimentDraft } | { ok: false; errors: FieldError[] };

/** Validates POST /api/experiments. Every failure is reported at once, the date order included. */
export function validateExperimentRequest(body: unknown, ctx: ExperimentRequestContext): ExperimentRequestResult {
  const schema = experimentRequestSchema(ctx);
  const result = schema.safeParse(body);
  const errors = result.success ? [] : fieldErrors(result.error);

  // Cross-field rules run on the raw body, so they are reported next to the errors of other
  // fields (zod skips refinements of an object or list that has errors inside).
  if (typeof body === 'object' && body !== null) {
    const raw = body as Record<string, unknown>;
    const start = isoDate.safeParse(raw.startsOn);
    const end = isoDate.safeParse(raw.plannedEndOn);
    if (start.success && end.success && end.data < start.data) {
      errors.push({ field: 'plannedEndOn', message: 'must be on or after startsOn' });
    }
    if (Array.isArray(raw.involved)) {
      const item = involvedSchema(ctx.people);
      const seen = new Set<string>();
      raw.involved.forEach((value, i) => {
        const person = item.safeParse(value);
        if (!person.success) return;
        const email = person.data.email.toLowerCase();
        if (seen.has(email)) errors.push({ field: `involved.${i}`, message: 'is already involved' });
        seen.add(email);
      });
    }
    if (Array.isArray(raw.themes) && raw.themes.every((t) => typeof t === 'string')) {
      errors.push(...themeIdErrors(raw.themes as string[], ctx.themes ?? []));
    }
  }
  if (errors.length > 0 || !result.success) return { ok: false, errors };
  return { ok: true, experiment: result.data };
}

export const NoteBody = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({ date: isoDate, text: text(5000) }, expected('an object with date and text')),
);
export type NoteBody = z.infer<typeof NoteBody>;

/** POST /api/experiments/:id/notes. A note cannot be dated after today. */
export function validateNote(body: unknown, today: string): BodyResult<NoteBody> {
  const result = validateBody(NoteBody, body);
  if (result.ok && result.value.date > today) {
    return { ok: false, errors: [{ field: 'date', message: `must not be after today (${today})` }] };
  }
  return result;
}

const completionFields = /* @__PURE__ */ lazySchema(() =>
  z.strictObject(
    {
      outcome: text(3000),
      learnings: z
        .array(text(500), expected('a list of short learnings'))
        .check(z.minLength(1, 'give at least one learning'), z.maxLength(30, 'must have at most 30 items')),
      reusable: text(3000),
      // Forms send an empty field for "nothing"; it is left out rather than refused.
      doDifferently: z.pipe(
        z.optional(z.string(expected('a string')).check(z.trim(), z.maxLength(3000, 'must be at most 3000 characters'))),
        z.transform((v: string | undefined) => (v === '' ? undefined : v)),
      ),
      result: z.optional(z.enum(EXPERIMENT_RESULTS, expected(`one of: ${EXPERIMENT_RESULTS.join(', ')}`))),
    },
    expected('an object with outcome, learnings, reusable and optionally doDifferently and result'),
  ),
);
export const CompletionBody = /* @__PURE__ */ lazySchema(() =>
  z.pipe(
    completionFields,
    z.transform(({ doDifferently, result, ...rest }: z.output<typeof completionFields>) => ({
      ...rest,
      ...(doDifferently !== undefined ? { doDifferently } : {}),
      ...(result !== undefined ? { result } : {}),
    })),
  ),
);
export type CompletionBody = z.output<typeof CompletionBody>;

export const AbandonBody = /* @__PURE__ */ lazySchema(() => z.strictObject({ reason: text(1000) }, expected('an object with reason')));
export type AbandonBody = z.infer<typeof AbandonBody>;

// The contract names the statuses (the web app reads them); this lists them for the schemas.
export const EXPERIMENT_STATUSES = ['planned', 'running', 'completed', 'abandoned'] as const satisfies readonly ExperimentStatus[];
export type { ExperimentStatus };

export interface ExperimentState {
  status: ExperimentStatus;
  /** ISO date (YYYY-MM-DD). */
  startsOn: string;
  abandonedReason?: string;
}

const conflict = (message: string) => ({ ok: false, conflict: message }) as const;
// ISO dates compare correctly as strings.
const hasBegun = (e: ExperimentState, today: string) => e.startsOn <= today;

function finished(e: ExperimentState, action: string): string | undefined {
  if (e.status === 'completed') return `The experiment is completed, so it cannot ${action}.`;
  if (e.status === 'abandoned') return `The experiment was abandoned, so it cannot ${action}.`;
  return undefined;
}

/**
 * A progress note. Decision: a note on a planned experiment whose start date has come (today
 * included) moves it to running, since reporting progress means it is under way; before the
 * start date it is a preparation note and the experiment stays planned.
 */
export function addNote<E extends ExperimentState>(e: E, today: string): Transition<E> {
  const why = finished(e, 'get more notes');
  if (why) return conflict(why);
  if (e.status === 'planned' && hasBegun(e, today)) return { ok: true, next: { ...e, status: 'running' } };
  return { ok: true, next: e };
}

/**
 * Completing needs a running experiment. A planned one whose start date has come counts as
 * running (nobody had to write a note first); one that has not begun cannot have an outcome.
 */
export function complete<E extends ExperimentState>(e: E, today: string): Transition<E> {
  if (e.status === 'completed') return conflict('The experiment is already completed.');
  const why = finished(e, 'be completed');
  if (why) return conflict(why);
  if (e.status === 'planned' && !hasBegun(e, today)) {
    return conflict(`The experiment has not started yet (it starts on ${e.startsOn}), so it cannot be completed.`);
  }
  return { ok: true, next: { ...e, status: 'completed' } };
}

export function abandon<E extends ExperimentState>(e: E, reason: string): Transition<E> {
  if (e.status === 'abandoned') return conflict('The experiment is already abandoned.');
  const why = finished(e, 'be abandoned');
  if (why) return conflict(why);
  return { ok: true, next: { ...e, status: 'abandoned', abandonedReason: reason } };
}

/**
 * The experiment's contact person: the coordinator of its municipality (first by name), whom
 * the invitation names; the mail falls back to the network's contact when there is none.
 */
export function contactPerson(municipality: string, people: readonly NetworkPerson[]): { name: string; email: string } | undefined {
  const coordinator = people
    .filter((p) => p.role === 'coordinator' && p.municipality === municipality)
    .sort((a, b) => a.name.localeCompare(b.name, 'da'))[0];
  return coordinator ? { name: coordinator.name, email: coordinator.email } : undefined;
}

/** Today's date (YYYY-MM-DD) in the network's time zone, for the date rules above. */
export function todayIn(timeZone: string, now: Date): string {
  const t = localTimeAt(now.getTime(), timeZone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

/**
 * A completion sent again after its write succeeded but its event did not get out (the caller saw
 * a 500): the same completion of an experiment whose completion is still unpublished. It is
 * published then, instead of answered with a 409.
 */
export function isUnpublishedCompletion(
  e: ExperimentState & { completionEvent?: string; outcome?: string; reusable?: string; doDifferently?: string; result?: string; learnings?: readonly string[] },
  c: { outcome: string; reusable: string; doDifferently?: string; result?: string; learnings: readonly string[] },
): boolean {
  return (
    e.status === 'completed' &&
    e.completionEvent === 'pending' &&
    e.outcome === c.outcome &&
    e.reusable === c.reusable &&
    (e.doDifferently ?? '') === (c.doDifferently ?? '') &&
    e.result === c.result &&
    JSON.stringify(e.learnings ?? []) === JSON.stringify(c.learnings)
  );
}
