// Experiments: the register (filters, export), registering one, and its page (notes, complete, abandon).
import { clear, h } from './dom.js';
import {
  announce, api, clearErrors, field, formatDate, inputValue, lines, link, navigate, notice, pageTitle, render, renumberRow, ROLES, rowField,
  state, submitForm, table,
} from './core.js';
import { lang, t } from './i18n.js';
import { editPanels, loadThemes, memoryBody, memoryDetails, memoryFieldId, memoryFields, noteAuthor, resultField, resultValue } from './experiment-memory.js';
import type {
  AbandonExperimentRequest, ExperimentCompletion, ExperimentDetail, ExperimentList, ExperimentNoteRequest, ExperimentRegisteredAnswer, PeopleList,
} from '../../functions/contract/api-types.js';

const STATES = ['planned', 'running', 'completed', 'abandoned'];
/** The roles an outsider row offers: every role, the facilitator last (the first is the default). */
const OUTSIDER_ROLES = [...ROLES.filter((r) => r !== 'facilitator'), 'facilitator'];

const today = () => new Date().toISOString().slice(0, 10);

/** The register's filters that have a value, as a query string ('' when none has). */
function filterQuery(value: (filter: 'state' | 'municipality') => string | null): string {
  const q = new URLSearchParams();
  for (const k of ['state', 'municipality'] as const) {
    const v = value(k);
    if (v) q.set(k, v);
  }
  return q.size ? `?${q}` : '';
}

export async function experimentsPage(main: HTMLElement): Promise<void> {
  const s = t();
  const network = state.network!;
  const params = new URLSearchParams(location.search);
  const filterForm = h('form', { class: 'filters', role: 'search' },
    field({ id: 'x-state', label: s.filterState, value: params.get('state') ?? '', options: [{ value: '', label: s.all }, ...STATES.map((x) => ({ value: x, label: s.experimentStatus[x] ?? x }))] }),
    field({ id: 'x-municipality', label: s.filterMunicipality, value: params.get('municipality') ?? '', options: [{ value: '', label: s.all }, ...network.municipalities.map((m) => ({ value: m, label: m }))] }),
    h('button', { type: 'submit', class: 'button button--secondary' }, s.filter),
  );
  filterForm.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(`/app/experiments${filterQuery((k) => inputValue(filterForm, `x-${k}`))}`);
  });
  const listBox = h('div', null, h('p', null, s.loading));
  render(main,
    pageTitle(s.experimentsTitle),
    h('p', { class: 'actions' }, link('/app/experiments/new', s.registerExperiment),
      h('a', { href: `/api/experiments/export.csv?lang=${lang()}`, download: '' }, s.exportCsv),
      h('a', { href: '/api/experiments/export.json', download: '' }, s.exportJson)),
    filterForm, listBox);
  const res = await api<ExperimentList>('GET', `/api/experiments${filterQuery((k) => params.get(k))}`);
  clear(listBox);
  const list = res.ok ? res.data.experiments : [];
  // An empty filtered list says what it was filtered by, not that there are none at all.
  const filteredBy = params.get('municipality');
  listBox.append(list.length === 0 ? h('p', null, filteredBy ? s.noExperimentsIn(filteredBy) : params.get('state') ? s.noExperimentsMatch : s.noExperiments)
    : table(s.experimentsTitle, [s.experiment, s.municipality, s.status, s.startsOn.replace(' *', ''), s.plannedEndOn.replace(' *', ''), s.involved],
      list.map((e) => [link(`/app/experiments/${encodeURIComponent(e.experimentId)}`, e.title), e.municipality, s.experimentStatus[e.status] ?? e.status, formatDate(e.startsOn), formatDate(e.plannedEndOn), String(e.involvedCount)]),
      { captionHidden: true }));
}

export async function registerExperiment(main: HTMLElement): Promise<void> {
  const s = t();
  const network = state.network!;
  const own = state.person?.role === 'coordinator' ? state.person.municipality : null;
  const peopleRes = state.person?.role === 'facilitator' ? await api<PeopleList>('GET', '/api/people') : null;
  const people = peopleRes?.ok ? peopleRes.data.people : [];
  const themes = await loadThemes();
  const outsiders = h('div', { class: 'rows' });
  const renumber = () => [...outsiders.children].forEach((row, i) => {
    (row.querySelector('legend') as HTMLElement).textContent = s.outsider(i + 1);
    row.querySelector('.remove')!.setAttribute('aria-label', s.removeOutsider(i + 1));
    renumberRow(row, 'e-out', i, ['name', 'email', 'role', 'language']);
  });
  const addOutsider = () => {
    const row = h('fieldset', { class: 'row' }, h('legend', null, ''),
      h('div', { class: 'grid' },
        rowField(s.name, h('input', { type: 'text', 'data-part': 'name' })),
        rowField(s.email, h('input', { type: 'email', 'data-part': 'email' })),
        rowField(s.role, h('select', { 'data-part': 'role' }, OUTSIDER_ROLES.map((r) => h('option', { value: r }, s.roles[r] ?? r)))),
        rowField(s.language, h('select', { 'data-part': 'language' }, ['da', 'en'].map((l) => h('option', { value: l }, s.languages[l] ?? l))))),
      h('button', { type: 'button', class: 'button button--secondary remove', onclick: () => { row.remove(); renumber(); } }, s.remove));
    outsiders.append(row);
    renumber();
    (row.querySelector('input') as HTMLElement).focus();
  };
  const button = h('button', { type: 'submit', class: 'button' }, s.registerExperiment);
  const form = h('form', { novalidate: true, class: 'stack' },
    own
      ? h('p', null, `${s.municipality}: ${own}`)
      : field({ id: 'e-municipality', label: `${s.municipality} *`, options: [{ value: '', label: s.choose }, ...network.municipalities.map((m) => ({ value: m, label: m }))] }),
    field({ id: 'e-title', label: s.title }),
    field({ id: 'e-challenge', label: s.challenge, type: 'textarea', rows: 3 }),
    field({ id: 'e-plan', label: s.plan, type: 'textarea', rows: 3 }),
    h('div', { class: 'grid' }, field({ id: 'e-starts', label: s.startsOn, type: 'date' }), field({ id: 'e-ends', label: s.plannedEndOn, type: 'date' })),
    ...memoryFields(themes, 'e'),
    people.length
      ? h('fieldset', null, h('legend', null, s.involvedNetwork),
        h('div', { class: 'checkboxes' }, people.map((p, i) => h('div', { class: 'checkbox' },
          h('input', { type: 'checkbox', id: `e-net-${i}`, name: 'e-net', value: p.id }),
          h('label', { for: `e-net-${i}` }, `${p.name}${p.municipality ? ` (${p.municipality})` : ''}`)))))
      : null,
    h('fieldset', null, h('legend', null, s.outsiders), outsiders,
      h('button', { type: 'button', class: 'button button--secondary', onclick: addOutsider }, s.addOutsider)),
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = [...form.querySelectorAll<HTMLInputElement>('input[name="e-net"]:checked')].map((c) => ({ personId: c.value }));
    const outside = [...outsiders.children].map((row) => Object.fromEntries(['name', 'email', 'role', 'language'].map((f) => [f, (row.querySelector(`[data-part="${f}"]`) as HTMLInputElement).value.trim()])));
    const body = {
      municipality: own ?? inputValue(form, 'e-municipality'),
      title: inputValue(form, 'e-title'),
      challenge: inputValue(form, 'e-challenge'),
      plan: inputValue(form, 'e-plan'),
      startsOn: inputValue(form, 'e-starts'),
      plannedEndOn: inputValue(form, 'e-ends'),
      involved: [...chosen, ...outside],
      ...memoryBody(form, 'e', false),
    };
    const toId = (f: string) => {
      const [head, idx, part] = f.split('.');
      const map: Record<string, string> = { municipality: 'e-municipality', title: 'e-title', challenge: 'e-challenge', plan: 'e-plan', startsOn: 'e-starts', plannedEndOn: 'e-ends' };
      if (head === 'involved' && idx !== undefined) {
        const n = Number(idx) - chosen.length;
        return n >= 0 ? `e-out-${n}-${part ?? 'name'}` : undefined;
      }
      return map[head!] ?? memoryFieldId('e', f);
    };
    await submitForm<ExperimentRegisteredAnswer>(form, button, 'POST', '/api/experiments', body, toId, (registered) => {
      announce(s.registered);
      navigate(`/app/experiments/${encodeURIComponent(registered.experimentId)}`);
    });
  });
  render(main, pageTitle(s.registerExperiment), form);
}

export async function experimentPage(main: HTMLElement, params: Record<string, string>): Promise<void> {
  const s = t();
  const id = params.id!;
  const heading = pageTitle(s.experiment);
  const body = h('div', { class: 'stack' }, h('p', { role: 'status' }, s.loading));
  render(main, heading, body);
  let attempts = 0;
  const load = async (): Promise<void> => {
    if (!body.isConnected) return; // left the page while waiting for it to appear
    const res = await api<ExperimentDetail>('GET', `/api/experiments/${encodeURIComponent(id)}`);
    if (res.status === 404 && ++attempts < 30) {
      setTimeout(() => void load(), 1000);
      return;
    }
    if (!res.ok) {
      clear(body);
      body.append(h('p', null, res.data?.message ?? s.notFound));
      return;
    }
    const e = res.data;
    const themes = await loadThemes();
    heading.textContent = e.title;
    document.title = `${e.title} · ${s.appName}`;
    clear(body);
    const canChange = state.person?.role === 'facilitator' || state.person?.municipality === e.municipality;
    body.append(
      h('dl', { class: 'details' },
        h('dt', null, s.status), h('dd', null, s.experimentStatus[e.status] ?? e.status),
        h('dt', null, s.municipality), h('dd', null, e.municipality),
        h('dt', null, s.challenge.replace(' *', '')), h('dd', { class: 'pre' }, e.challenge),
        h('dt', null, s.plan.replace(' *', '')), h('dd', { class: 'pre' }, e.plan),
        h('dt', null, s.when), h('dd', null, `${formatDate(e.startsOn)} – ${formatDate(e.plannedEndOn)}`),
        e.outcome ? [h('dt', null, s.outcome.replace(' *', '')), h('dd', { class: 'pre' }, e.outcome)] : null,
        e.learnings?.length ? [h('dt', null, s.learnings.replace(' *', '')), h('dd', null, h('ul', null, e.learnings.map((l) => h('li', null, l))))] : null,
        e.reusable ? [h('dt', null, s.reusable.replace(' *', '')), h('dd', { class: 'pre' }, e.reusable)] : null,
        e.abandonedReason ? [h('dt', null, s.abandon), h('dd', null, e.abandonedReason)] : null,
        memoryDetails(e, themes),
      ),
      h('section', null, h('h2', null, s.involved),
        e.involved?.length
          ? table(s.involved, [s.name, s.role, s.delivery], e.involved.map((p) => [p.name, s.roles[p.role] ?? p.role, s.deliveries[p.invitationStatus] ?? p.invitationStatus]), { captionHidden: true })
          : h('p', null, '–')),
      h('section', null, h('h2', null, s.notes),
        e.notes?.length ? h('ul', { class: 'cards' }, e.notes.map((n) => h('li', { class: 'card' }, h('p', { class: 'muted' }, [formatDate(n.date, 'long'), noteAuthor(n.author)].filter(Boolean).join(' · ')), h('p', { class: 'pre' }, n.text)))) : h('p', null, s.noNotes)),
    );
    if (canChange && (e.status === 'planned' || e.status === 'running')) body.append(noteForm(e, load), completeForm(e, load), abandonForm(e, load));
    if (canChange) body.append(...editPanels(e, themes, load));
  };
  await load();
}

function actionForm(title: string, id: string, fields: HTMLElement[], buttonText: string, send: (form: HTMLFormElement) => { path: string; body: unknown; toId: (f: string) => string | undefined }, reload: () => Promise<void>, danger = false) {
  const s = t();
  const button = h('button', { type: 'submit', class: danger ? 'button button--danger' : 'button' }, buttonText);
  const form = h('form', { novalidate: true, class: 'stack' }, ...fields, h('div', { class: 'actions' }, button));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const { path, body, toId } = send(form);
    void submitForm<unknown>(form, button, 'POST', path, body, toId, () => {
      clearErrors(form);
      announce(s.changeAccepted);
      form.replaceWith(notice(s.changeAccepted));
      setTimeout(() => void reload(), 500);
    });
  });
  return h('details', { class: 'panel', id }, h('summary', null, h('h2', null, title)), form);
}

function noteForm(e: ExperimentDetail, reload: () => Promise<void>) {
  const s = t();
  return actionForm(s.addNote, 'note', [field({ id: 'n-date', label: s.noteDate, type: 'date', value: today() }), field({ id: 'n-text', label: s.noteText, type: 'textarea', rows: 3 })], s.addNote,
    (form) => ({ path: `/api/experiments/${encodeURIComponent(e.experimentId)}/notes`, body: { date: inputValue(form, 'n-date'), text: inputValue(form, 'n-text') } satisfies ExperimentNoteRequest, toId: (f) => (f.startsWith('date') ? 'n-date' : 'n-text') }), reload);
}

function completeForm(e: ExperimentDetail, reload: () => Promise<void>) {
  const s = t();
  return actionForm(s.complete, 'complete', [
    field({ id: 'k-outcome', label: s.outcome, type: 'textarea', rows: 3 }),
    field({ id: 'k-learnings', label: s.learnings, hint: s.oneLine, type: 'textarea', rows: 4 }),
    field({ id: 'k-reusable', label: s.reusable, type: 'textarea', rows: 3 }),
    field({ id: 'k-different', label: s.doDifferently, type: 'textarea', rows: 3 }),
    resultField(),
  ], s.completeButton, (form) => ({
    path: `/api/experiments/${encodeURIComponent(e.experimentId)}/complete`,
    body: { outcome: inputValue(form, 'k-outcome'), learnings: lines(inputValue(form, 'k-learnings')), reusable: inputValue(form, 'k-reusable'), doDifferently: inputValue(form, 'k-different'), ...(resultValue(form) ? { result: resultValue(form) as ExperimentCompletion['result'] } : {}) } satisfies ExperimentCompletion,
    toId: (f) => ({ outcome: 'k-outcome', learnings: 'k-learnings', reusable: 'k-reusable', doDifferently: 'k-different', result: 'k-result' } as Record<string, string>)[f.split('.')[0]!],
  }), reload);
}

function abandonForm(e: ExperimentDetail, reload: () => Promise<void>) {
  const s = t();
  return actionForm(s.abandon, 'abandon', [field({ id: 'a-reason', label: s.reason, type: 'textarea', rows: 3 })], s.abandonButton,
    (form) => ({ path: `/api/experiments/${encodeURIComponent(e.experimentId)}/abandon`, body: { reason: inputValue(form, 'a-reason') } satisfies AbandonExperimentRequest, toId: () => 'a-reason' }), reload, true);
}

