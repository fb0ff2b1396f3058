// Turns zod issues into the field-by-field list a 400 response carries.
import * as z from 'zod/mini';
import { hasVisibleText, stripBidiControls } from '../contract/text.js';

import type { FieldError } from '../contract/api-types.js';

// The contract owns the shape (the web app reads it); the domain builds it.
export type { FieldError };

/**
 * One error per issue; an unknown-keys issue becomes one error per key, so a misspelt field is
 * named itself. `prefix` places the issues of a sub-schema inside the body ("involved", 1).
 */
export function fieldErrors(
  error: z.core.$ZodError | readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): FieldError[] {
  const issues = Array.isArray(error) ? error : (error as z.core.$ZodError).issues;
  const errors: FieldError[] = [];
  for (const issue of issues as readonly z.core.$ZodIssue[]) {
    const base = [...prefix, ...issue.path].map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ field: [...base, key].join('.'), message: 'is not a known field' });
    } else {
      errors.push({ field: base.join('.') || 'body', message: issue.message });
    }
  }
  return errors;
}

/** Error messages that tell a missing value from one of the wrong type. */
export const expected = (what: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`),
});

/**
 * Reports a custom issue from inside z.transform, where zod/mini's context has no addIssue:
 * `path` is relative to the value being transformed (zod prefixes where it sits).
 */
export function addIssue(ctx: z.core.ParsePayload, message: string, path: PropertyKey[] = []): void {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, path });
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses a request body with a schema; every failure comes back at once as field errors. */
export function validateBody<S extends z.ZodMiniType>(schema: S, body: unknown): BodyResult<z.output<S>> {
  const result = schema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/**
 * A required text field of a request: trimmed, without bidi reordering characters, and empty
 * when nothing in it shows (zero-width or format characters only). At most `max` characters.
 */
export const requiredText = (max: number) =>
  z
    .string(expected('a string'))
    .check(
      z.overwrite(stripBidiControls),
      z.trim(),
      z.refine(hasVisibleText, 'must not be empty'),
      z.maxLength(max, `must be at most ${max} characters`),
    );
