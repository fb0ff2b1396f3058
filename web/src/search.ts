// Find a learning: one search box over experiments, learnings, notes and reflections, with the
// filters GET /api/search takes. The query lives in the URL, so a search can be shared and the
// back button returns to it.
import { clear, h } from './dom.js';
import { api, field, formatDate, inputValue, link, navigate, pageTitle, render, showErrors, state } from './core.js';
import { fieldMessage, lang, t } from './i18n.js';
import type { ApiError, SearchAnswer, SearchHit } from '../../functions/contract/api-types.js';

/** The parameters of the page and of GET /api/search (the same names). */
const PARAMS = ['q', 'lang', 'theme', 'municipality', 'kind', 'outcome'] as const;

function hitLink(hit: SearchHit): HTMLElement {
  if (hit.experimentId) return link(`/app/experiments/${encodeURIComponent(hit.experimentId)}`, hit.title);
  // Meeting pages are for facilitators; a coordinator sees the meeting's title only.
  if (hit.meetingId && state.person?.role !== 'coordinator') return link(`/app/meetings/${encodeURIComponent(hit.meetingId)}`, hit.title);
  return h('span', null, hit.title);
}

export async function searchPage(main: HTMLElement): Promise<void> {
  const s = t();
  const network = state.network!;
  const params = new URLSearchParams(location.search);
  const form = h('form', { class: 'stack', role: 'search', novalidate: true },
    field({ id: 'q', label: s.searchLabel, type: 'search', value: params.get('q') ?? '', attrs: { spellcheck: 'true', maxlength: '200' } }),
    h('div', { class: 'filters' },
      field({ id: 'lang', label: s.searchLang, value: params.get('lang') ?? lang(), options: ['da', 'en'].map((l) => ({ value: l, label: s.languages[l] ?? l })) }),
      field({ id: 'municipality', label: s.municipality, value: params.get('municipality') ?? '', options: [{ value: '', label: s.all }, ...network.municipalities.map((m) => ({ value: m, label: m }))] }),
      field({ id: 'theme', label: s.searchTheme, value: params.get('theme') ?? '' }),
      field({ id: 'kind', label: s.searchKind, value: params.get('kind') ?? '' }),
      field({ id: 'outcome', label: s.searchOutcome, value: params.get('outcome') ?? '' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button' }, s.searchButton)),
  );
  const results = h('div', { 'aria-live': 'polite' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const name of PARAMS) {
      const v = inputValue(form, name).trim();
      if (v) q.set(name, v);
    }
    navigate(`/app/search?${q}`);
  });
  render(main, pageTitle(s.searchTitle), h('p', { class: 'lead' }, s.searchIntro), form, results);

  const q = params.get('q')?.trim();
  if (!q) return;
  const query = new URLSearchParams();
  for (const name of PARAMS) {
    const v = params.get(name);
    if (v) query.set(name, v);
  }
  if (!query.has('lang')) query.set('lang', lang());
  const res = await api<SearchAnswer, ApiError>('GET', `/api/search?${query}`);
  if (!res.ok) {
    const errors = (res.data as ApiError | undefined)?.errors ?? [{ field: 'q', message: (res.data as ApiError | undefined)?.message ?? s.genericError }];
    showErrors(form, errors.map((e) => ({ ...e, message: fieldMessage(e.message) })), (f) => (PARAMS as readonly string[]).includes(f) ? f : 'q');
    return;
  }
  const { hits } = res.data;
  clear(results);
  results.append(
    h('h2', null, hits.length === 0 ? s.searchNone(q) : s.searchCount(hits.length, q)),
    h('ol', { class: 'search-hits' },
      hits.map((hit) => h('li', { class: 'search-hit' },
        h('p', null, h('span', { class: 'badge' }, s.searchHitTypes[hit.type] ?? hit.type), ' ', hitLink(hit),
          hit.municipality ? h('span', { class: 'small' }, ` · ${hit.municipality}`) : null,
          hit.date ? h('span', { class: 'small' }, ` · ${formatDate(hit.date.slice(0, 10))}`) : null),
        h('p', null, hit.snippet),
      ))),
  );
}
