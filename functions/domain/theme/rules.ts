// The network's themes and paradoxes: the body of the theme endpoints, the id a theme gets from
// its name, and the check that a list of theme ids (on an experiment or a meeting) names themes of
// the list. Pure.
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import type { Theme } from '../../contract/api-types.js';
import { expected, requiredText, type FieldError } from '../field-errors.js';

export const ThemeBody = /* @__PURE__ */ lazySchema(() => z.strictObject({ name: requiredText(80) }, expected('an object with name')));
export type ThemeBody = z.infer<typeof ThemeBody>;

export const MeetingThemesBody = /* @__PURE__ */ lazySchema(() =>
  z.strictObject(
    { themes: z.array(z.string(expected('a theme id')), expected('a list of theme ids')).check(z.maxLength(20, 'must have at most 20 themes')) },
    expected('an object with themes'),
  ),
);

const LETTERS: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ß: 'ss' };

/**
 * A theme's id: its name in lower-case ASCII with dashes ("Politiske paradokser" is
 * politiske-paradokser). Two names with one id are one theme, so "frivillighed" cannot be added
 * beside "Frivillighed". The id stays when the theme is renamed.
 */
export function themeIdOf(name: string): string {
  const ascii = name
    .toLowerCase()
    .replace(/[æøåß]/g, (c) => LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const id = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return id || 'theme';
}

/** The errors of a list of theme ids (`field` is where it sits in the body): unknown or repeated ids. */
export function themeIdErrors(ids: readonly string[], themes: readonly Pick<Theme, 'themeId'>[], field = 'themes'): FieldError[] {
  const known = new Set(themes.map((t) => t.themeId));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  ids.forEach((id, i) => {
    if (!known.has(id)) {
      const list = [...known].join(', ');
      errors.push({ field: `${field}.${i}`, message: list ? `is not one of the network's themes: ${list}` : 'is not a theme: the network has no themes yet' });
    } else if (seen.has(id)) {
      errors.push({ field: `${field}.${i}`, message: 'is listed twice' });
    }
    seen.add(id);
  });
  return errors;
}

/** The themes in the order the app lists them (by name, Danish collation). */
export const byName = <T extends Pick<Theme, 'name'>>(themes: readonly T[]): T[] => [...themes].sort((a, b) => a.name.localeCompare(b.name, 'da'));
