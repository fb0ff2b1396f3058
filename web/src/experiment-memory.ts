// The register as the network's memory, on the experiment pages: themes, kind, how it went, the
// review date and the meetings it was planned and presented at; editing an experiment, adding and
// removing involved people. Kept apart from experiments.ts (which calls these), strings in da and en.
import { h } from './dom.js';
import { announce, api, clearErrors, field, formatDate, inputValue, link, showErrors, showProblem } from './core.js';
import { lang, t } from './i18n.js';
import type { ExperimentDetail, ExperimentKind, ExperimentUpdateRequest, ExperimentUpdated, Theme, ThemeList } from '../../functions/contract/api-types.js';

const text = {
  da: {
    themes: 'Temaer',
    kind: 'Hvad afprøver vi?',
    kinds: { 'does-it-work': 'Virker det?', 'will-people-use-it': 'Vil folk bruge det?', 'does-it-make-a-difference': 'Gør det en forskel?', 'will-it-last': 'Holder det?' } as Record<string, string>,
    result: 'Hvordan gik det?',
    results: { worked: 'Det virkede', partly: 'Det virkede delvist', 'did-not-work': 'Det virkede ikke' } as Record<string, string>,
    reviewOn: 'Ser på det igen den',
    plannedAt: 'Planlagt på mødet',
    presentedAt: 'Fremlagt på mødet',
    doDifferently: 'Det ville vi gøre anderledes',
    edit: 'Ret eksperimentet',
    save: 'Gem ændringer',
    none: '–',
    choose: 'Vælg …',
    addPerson: 'Tilføj en person',
    add: 'Tilføj',
    removePerson: (name: string) => `Fjern ${name}`,
    noteBy: (name: string) => `skrevet af ${name}`,
    saved: 'Ændringen er gemt',
    name: 'Navn',
    email: 'E-mail',
  },
  en: {
    themes: 'Themes',
    kind: 'What do we test?',
    kinds: { 'does-it-work': 'Does it work?', 'will-people-use-it': 'Will people use it?', 'does-it-make-a-difference': 'Does it make a difference?', 'will-it-last': 'Will it last?' } as Record<string, string>,
    result: 'How did it go?',
    results: { worked: 'It worked', partly: 'It partly worked', 'did-not-work': 'It did not work' } as Record<string, string>,
    reviewOn: 'Review on',
    plannedAt: 'Planned at the meeting',
    presentedAt: 'Presented at the meeting',
    doDifferently: 'What we would do differently',
    edit: 'Edit the experiment',
    save: 'Save changes',
    none: '–',
    choose: 'Choose …',
    addPerson: 'Add a person',
    add: 'Add',
    removePerson: (name: string) => `Remove ${name}`,
    noteBy: (name: string) => `written by ${name}`,
    saved: 'The change is saved',
    name: 'Name',
    email: 'Email',
  },
};
export const memoryText = () => text[lang()];

export async function loadThemes(): Promise<Theme[]> {
  const res = await api<ThemeList>('GET', '/api/themes');
  return res.ok ? res.data.themes : [];
}

/** The theme checkboxes and the kind and review-date fields of the registration and edit forms. */
export function memoryFields(themes: Theme[], prefix: string, current?: ExperimentDetail): HTMLElement[] {
  const x = memoryText();
  return [
    themes.length
      ? h('fieldset', { id: `${prefix}-themes` }, h('legend', null, x.themes),
        h('div', { class: 'checkboxes' }, themes.map((theme, i) => h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id: `${prefix}-theme-${i}`, name: `${prefix}-theme`, value: theme.themeId, ...(current?.themes?.includes(theme.themeId) ? { checked: true } : {}) }),
          h('label', { for: `${prefix}-theme-${i}` }, theme.name)))))
      : h('span', null),
    field({ id: `${prefix}-kind`, label: x.kind, value: current?.kind ?? '', options: [{ value: '', label: x.choose }, ...Object.entries(x.kinds).map(([value, label]) => ({ value, label }))] }),
    field({ id: `${prefix}-review`, label: x.reviewOn, type: 'date', value: current?.reviewOn ?? '' }),
  ];
}

/** What memoryFields hold, as body fields (an empty kind or date is left out on registration, cleared on edit). */
export function memoryBody(form: HTMLElement, prefix: string, clearEmpty: boolean): Pick<ExperimentUpdateRequest, 'themes' | 'kind' | 'reviewOn'> {
  const themes = [...form.querySelectorAll<HTMLInputElement>(`input[name="${prefix}-theme"]:checked`)].map((c) => c.value);
  const kind = inputValue(form, `${prefix}-kind`);
  const review = inputValue(form, `${prefix}-review`);
  return {
    themes,
    ...(kind ? { kind: kind as ExperimentKind } : clearEmpty ? { kind: null } : {}),
    ...(review ? { reviewOn: review } : clearEmpty ? { reviewOn: null } : {}),
  };
}

/** The id of a memory field for an error on `field` of the body. */
export const memoryFieldId = (prefix: string, f: string): string | undefined =>
  f.startsWith('themes') ? `${prefix}-themes` : f === 'kind' ? `${prefix}-kind` : f === 'reviewOn' ? `${prefix}-review` : undefined;

/** The register's memory of one experiment, as rows of its details list. */
export function memoryDetails(e: ExperimentDetail, themes: Theme[]): HTMLElement[] {
  const x = memoryText();
  const names = new Map(themes.map((th) => [th.themeId, th.name]));
  const row = (label: string, value: HTMLElement | string | null) => (value ? [h('dt', null, label), h('dd', null, value)] : []);
  const meeting = (id?: string) => (id ? link(`/app/meetings/${encodeURIComponent(id)}`, id) : null);
  return [
    ...row(x.themes, e.themes?.length ? e.themes.map((id) => names.get(id) ?? id).join(', ') : null),
    ...row(x.kind, e.kind ? x.kinds[e.kind] ?? e.kind : null),
    ...row(x.result, e.result ? x.results[e.result] ?? e.result : null),
    ...row(x.doDifferently, e.doDifferently ? h('span', { class: 'pre' }, e.doDifferently) : null),
    ...row(x.reviewOn, e.reviewOn ? formatDate(e.reviewOn) : null),
    ...row(x.plannedAt, meeting(e.plannedAtMeetingId)),
    ...row(x.presentedAt, meeting(e.presentedAtMeetingId)),
  ];
}

/** The radio group for how it went, for the completion form. */
export function resultField(): HTMLElement {
  const x = memoryText();
  return h('fieldset', { id: 'k-result' }, h('legend', null, x.result),
    Object.entries(x.results).map(([value, label]) => h('div', { class: 'checkbox' },
      h('input', { type: 'radio', name: 'k-result', id: `k-result-${value}`, value }),
      h('label', { for: `k-result-${value}` }, label))));
}

export const resultValue = (form: HTMLElement) => form.querySelector<HTMLInputElement>('input[name="k-result"]:checked')?.value;

/** The note's author, as the notes list shows it. */
export const noteAuthor = (author?: { name: string }) => (author ? memoryText().noteBy(author.name) : '');

async function send(form: HTMLElement, method: string, path: string, body: unknown, toId: (f: string) => string | undefined, reload: () => Promise<void>): Promise<void> {
  const res = await api<ExperimentUpdated>(method, path, body);
  if (res.ok) {
    clearErrors(form);
    announce(memoryText().saved);
    await reload();
    return;
  }
  if (res.data?.errors?.length) showErrors(form, res.data.errors, toId);
  else showProblem(form, res.data?.message ?? String(res.status));
}

/** Editing after registration: title, description, dates and the memory fields; the involved people. */
export function editPanels(e: ExperimentDetail, themes: Theme[], reload: () => Promise<void>): HTMLElement[] {
  const x = memoryText();
  const s = t();
  const path = `/api/experiments/${encodeURIComponent(e.experimentId)}`;
  const edit = h('form', { novalidate: true, class: 'stack' },
    field({ id: 'u-title', label: s.title, value: e.title }),
    field({ id: 'u-challenge', label: s.challenge, type: 'textarea', rows: 3, value: e.challenge }),
    field({ id: 'u-plan', label: s.plan, type: 'textarea', rows: 3, value: e.plan }),
    h('div', { class: 'grid' }, field({ id: 'u-starts', label: s.startsOn, type: 'date', value: e.startsOn }), field({ id: 'u-ends', label: s.plannedEndOn, type: 'date', value: e.plannedEndOn })),
    ...memoryFields(themes, 'u', e),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, x.save)));
  const ids: Record<string, string> = { title: 'u-title', challenge: 'u-challenge', plan: 'u-plan', startsOn: 'u-starts', plannedEndOn: 'u-ends' };
  edit.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: ExperimentUpdateRequest = {
      title: inputValue(edit, 'u-title'), challenge: inputValue(edit, 'u-challenge'), plan: inputValue(edit, 'u-plan'),
      startsOn: inputValue(edit, 'u-starts'), plannedEndOn: inputValue(edit, 'u-ends'), ...memoryBody(edit, 'u', true),
    };
    void send(edit, 'PATCH', path, body, (f) => ids[f] ?? memoryFieldId('u', f), reload);
  });

  const add = h('form', { novalidate: true, class: 'stack' },
    h('div', { class: 'grid' }, field({ id: 'p-name', label: x.name }), field({ id: 'p-email', label: x.email, type: 'email' }),
      field({ id: 'p-role', label: s.role, options: ['citizen', 'volunteer-consultant', 'politician', 'employee', 'coordinator', 'inspirer'].map((r) => ({ value: r, label: s.roles[r] ?? r })) }),
      field({ id: 'p-language', label: s.language, options: ['da', 'en'].map((l) => ({ value: l, label: s.languages[l] ?? l })) })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button--secondary' }, x.add)));
  add.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { name: inputValue(add, 'p-name'), email: inputValue(add, 'p-email'), role: inputValue(add, 'p-role'), language: inputValue(add, 'p-language') };
    void send(add, 'POST', `${path}/involved`, body, (f) => `p-${f === 'body' ? 'name' : f}`, reload);
  });
  const removals = e.involved.map((p) => h('button', {
    type: 'button', class: 'button button--secondary',
    onclick: () => void send(add, 'DELETE', `${path}/involved/${encodeURIComponent(p.involvedId)}`, undefined, () => undefined, reload),
  }, x.removePerson(p.name)));
  return [
    h('details', { class: 'panel', id: 'edit' }, h('summary', null, h('h2', null, x.edit)), edit),
    e.status === 'abandoned' ? h('span', null) : h('details', { class: 'panel', id: 'people' }, h('summary', null, h('h2', null, x.addPerson)), add, removals.length ? h('p', { class: 'actions' }, removals) : null),
  ];
}
