// Search and filters over a list of people (the people page, a meeting's invitees): by name or
// address, municipality, role and, for invitees, answer. The list is filtered in the browser:
// both lists are already loaded whole (people) or by page (invitees, whose counts stay the API's).
import { h } from './dom.js';
import { ROLES, state } from './core.js';
import { t } from './i18n.js';

export interface ListFilter {
  text: string;
  municipality: string;
  role: string;
  /** An answer ('accept', 'decline', 'maybe'), 'none' for no answer, '' for all. */
  answer: string;
}

export const emptyFilter = (): ListFilter => ({ text: '', municipality: '', role: '', answer: '' });

export interface Filterable {
  name: string;
  email: string;
  municipality?: string | null;
  role: string;
  answer?: string | null;
}

const fold = (x: string) => x.toLocaleLowerCase('da').normalize('NFKD').replace(/\p{M}/gu, '');

export function matchesFilter(row: Filterable, f: ListFilter): boolean {
  if (f.text && !fold(`${row.name} ${row.email}`).includes(fold(f.text.trim()))) return false;
  if (f.municipality && (row.municipality ?? '') !== (f.municipality === '-' ? '' : f.municipality)) return false;
  if (f.role && row.role !== f.role) return false;
  if (f.answer && (row.answer ?? 'none') !== f.answer) return false;
  return true;
}

/**
 * The search form. Changes go to `filter` (mutated, so it outlives a re-rendered list) and then
 * to `changed`. `prefix` keeps ids unique when a page has two lists.
 */
export function filterForm(prefix: string, filter: ListFilter, changed: () => void, withAnswer: boolean): HTMLFormElement {
  const s = t();
  const select = (key: 'municipality' | 'role' | 'answer', label: string, options: { value: string; label: string }[]) =>
    h('div', { class: 'field' },
      h('label', { for: `${prefix}-${key}` }, label),
      h('select', {
        id: `${prefix}-${key}`,
        onchange: (e: Event) => {
          filter[key] = (e.target as HTMLSelectElement).value;
          changed();
        },
      }, [{ value: '', label: s.all }, ...options].map((o) => h('option', { value: o.value, selected: o.value === filter[key] }, o.label))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': s.searchList, onsubmit: (e: Event) => e.preventDefault() },
    h('div', { class: 'field' },
      h('label', { for: `${prefix}-text` }, s.searchByName),
      h('input', {
        id: `${prefix}-text`, type: 'search', value: filter.text, autocomplete: 'off',
        oninput: (e: Event) => {
          filter.text = (e.target as HTMLInputElement).value;
          changed();
        },
      })),
    select('municipality', s.filterByMunicipality, [...(state.network?.municipalities ?? []).map((m) => ({ value: m, label: m })), { value: '-', label: s.none }]),
    select('role', s.filterByRole, ROLES.map((r) => ({ value: r, label: s.roles[r] ?? r }))),
    withAnswer ? select('answer', s.filterByAnswer, [...['accept', 'maybe', 'decline'].map((a) => ({ value: a, label: s.answers[a] ?? a })), { value: 'none', label: s.noAnswer }]) : null,
  );
  return form;
}
