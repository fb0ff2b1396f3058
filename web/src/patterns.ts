// Patterns across the municipalities: per theme, the municipalities side by side in a bar chart
// (inline SVG, fit for a slide) with the same figures in a table beside it for screen readers, a
// table per quarter, and the experiments, reflections and meetings behind each figure one click
// away. Facilitators edit the theme list here too. Strings live here (da and en) to keep i18n.ts small.
import { clear, h } from './dom.js';
import { announce, api, link, pageTitle, render, state, table } from './core.js';
import { lang } from './i18n.js';
import type { PatternCell, PatternCounts, PatternsAnswer, Theme, ThemeList, ThemePattern } from '../../functions/contract/api-types.js';

const text = {
  da: {
    title: 'Mønstre på tværs af kommunerne',
    intro: 'Pr. tema: kommunernes eksperimenter, refleksioner og møder side om side. Vælg et tal for at se, hvad der ligger bag.',
    noThemes: 'Netværket har ingen temaer endnu.',
    chart: (theme: string) => `Søjlediagram: ${theme} pr. kommune`,
    figures: (theme: string) => `Tal for ${theme} pr. kommune`,
    perQuarter: (theme: string) => `${theme} pr. kvartal`,
    municipality: 'Kommune',
    quarter: 'Kvartal',
    measures: { experiments: 'Eksperimenter', completed: 'Afsluttede', withLearnings: 'Med læring', didNotWork: 'Virkede ikke', reflections: 'Refleksioner', meetings: 'Møder' },
    behind: (what: string, municipality: string) => `${what} i ${municipality}`,
    anonymous: 'uden navn',
    nothing: 'Intet her.',
    themes: 'Temaer og paradokser',
    addTheme: 'Tilføj tema',
    themeName: 'Navn',
    rename: 'Omdøb',
    remove: 'Slet',
    saved: 'Gemt',
    loading: 'Henter …',
    results: { worked: 'virkede', partly: 'virkede delvist', 'did-not-work': 'virkede ikke' } as Record<string, string>,
  },
  en: {
    title: 'Patterns across the municipalities',
    intro: 'Per theme: the municipalities’ experiments, reflections and meetings side by side. Choose a figure to see what is behind it.',
    noThemes: 'The network has no themes yet.',
    chart: (theme: string) => `Bar chart: ${theme} per municipality`,
    figures: (theme: string) => `Figures for ${theme} per municipality`,
    perQuarter: (theme: string) => `${theme} per quarter`,
    municipality: 'Municipality',
    quarter: 'Quarter',
    measures: { experiments: 'Experiments', completed: 'Completed', withLearnings: 'With learnings', didNotWork: 'Did not work', reflections: 'Reflections', meetings: 'Meetings' },
    behind: (what: string, municipality: string) => `${what} in ${municipality}`,
    anonymous: 'without a name',
    nothing: 'Nothing here.',
    themes: 'Themes and paradoxes',
    addTheme: 'Add theme',
    themeName: 'Name',
    rename: 'Rename',
    remove: 'Delete',
    saved: 'Saved',
    loading: 'Loading …',
    results: { worked: 'worked', partly: 'partly worked', 'did-not-work': 'did not work' } as Record<string, string>,
  },
};
const s = () => text[lang()];

type Measure = keyof (typeof text)['da']['measures'];
const MEASURES: Measure[] = ['experiments', 'completed', 'withLearnings', 'didNotWork', 'reflections', 'meetings'];
/** Bar colours that keep 3:1 contrast against white and stay apart for common colour blindness (Okabe–Ito). */
const COLOURS: Record<Measure, string> = { experiments: '#0072B2', completed: '#009E73', withLearnings: '#56B4E9', didNotWork: '#D55E00', reflections: '#CC79A7', meetings: '#E69F00' };

const figure = (c: PatternCounts, m: Measure): number =>
  m === 'experiments' ? c.planned + c.running + c.completed + c.abandoned : c[m];

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attrs: Record<string, string | number>, ...children: (Element | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** A grouped bar chart: one group per municipality, one bar per measure, the value above each bar. */
function barChart(theme: ThemePattern): SVGElement {
  const cells = theme.byMunicipality;
  const bar = 14;
  const group = MEASURES.length * bar + 24;
  const width = Math.max(320, cells.length * group + 40);
  const height = 220;
  const top = 20;
  const base = height - 40;
  const max = Math.max(1, ...cells.flatMap((c) => MEASURES.map((m) => figure(c.counts, m))));
  const scale = (base - top) / max;
  const title = svg('title', {}, s().chart(theme.name));
  const parts: Element[] = [title, svg('line', { x1: 30, y1: base, x2: width - 10, y2: base, stroke: '#333' })];
  cells.forEach((c, gi) => {
    const x0 = 40 + gi * group;
    MEASURES.forEach((m, mi) => {
      const v = figure(c.counts, m);
      const hgt = v * scale;
      const x = x0 + mi * bar;
      parts.push(svg('rect', { x, y: base - hgt, width: bar - 2, height: hgt, fill: COLOURS[m] }, svg('title', {}, `${c.municipality}, ${s().measures[m]}: ${v}`)));
      if (v > 0) parts.push(svg('text', { x: x + (bar - 2) / 2, y: base - hgt - 4, 'text-anchor': 'middle', 'font-size': 10 }, String(v)));
    });
    parts.push(svg('text', { x: x0 + (MEASURES.length * bar) / 2, y: base + 16, 'text-anchor': 'middle', 'font-size': 12 }, c.municipality));
  });
  // The legend: the measures' colours, in one row under the municipalities.
  MEASURES.forEach((m, i) => {
    const x = 30 + i * ((width - 40) / MEASURES.length);
    parts.push(svg('rect', { x, y: height - 14, width: 10, height: 10, fill: COLOURS[m] }), svg('text', { x: x + 14, y: height - 5, 'font-size': 10 }, s().measures[m]));
  });
  // Shown to sighted readers; the table beside it carries the same figures for screen readers.
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-hidden': 'true', class: 'chart' }, ...parts);
}

/** What is behind one figure: the experiments, reflections or meetings it counts. */
function behind(theme: ThemePattern, municipality: string, m: Measure, quarter?: string): HTMLElement {
  const here = <T extends { municipality: string; quarter: string }>(x: T) => x.municipality === municipality && (quarter === undefined || x.quarter === quarter);
  const t = s();
  if (m === 'reflections') {
    const list = theme.reflections.filter(here);
    return list.length ? h('ul', { class: 'cards' }, list.map((r) => h('li', { class: 'card' }, h('p', { class: 'pre' }, r.text), h('p', { class: 'muted' }, `${r.name ?? t.anonymous} · ${r.meetingTitle}`)))) : h('p', null, t.nothing);
  }
  if (m === 'meetings') {
    const list = theme.meetings.filter(here);
    return list.length ? h('ul', null, list.map((x) => h('li', null, link(`/app/meetings/${encodeURIComponent(x.meetingId)}`, x.title)))) : h('p', null, t.nothing);
  }
  const list = theme.experiments.filter(here).filter((e) =>
    m === 'experiments' ? true : m === 'completed' ? e.status === 'completed' : m === 'withLearnings' ? e.status === 'completed' && e.learnings.length > 0 : e.result === 'did-not-work');
  return list.length
    ? h('ul', null, list.map((e) => h('li', null, link(`/app/experiments/${encodeURIComponent(e.experimentId)}`, e.title), e.result ? ` (${t.results[e.result] ?? e.result})` : '')))
    : h('p', null, t.nothing);
}

/** The figures as a table: each number opens what is behind it in `out`. */
function figuresTable(theme: ThemePattern, caption: string, rows: { label: string; cell: PatternCell; quarter?: string }[], out: HTMLElement, extra?: string): HTMLElement {
  const t = s();
  const headers = [...(extra ? [extra] : []), t.municipality, ...MEASURES.map((m) => t.measures[m])];
  return table(caption, headers, rows.map(({ label, cell, quarter }) => [
    ...(extra ? [label] : []),
    cell.municipality,
    ...MEASURES.map((m) => {
      const v = figure(cell.counts, m);
      return v === 0 ? '0' : h('button', {
        type: 'button', class: 'figure-button', 'aria-label': `${v} ${t.behind(t.measures[m], cell.municipality)}${quarter ? `, ${quarter}` : ''}`,
        onclick: () => {
          clear(out);
          out.append(h('h4', null, `${t.behind(t.measures[m], cell.municipality)}${quarter ? `, ${quarter}` : ''}`), behind(theme, cell.municipality, m, quarter));
          out.focus();
        },
      }, String(v));
    }),
  ]));
}

function themeSection(theme: ThemePattern): HTMLElement {
  const t = s();
  const out = h('div', { class: 'panel', tabindex: '-1', 'aria-live': 'polite' });
  const quarters = theme.byQuarter.flatMap((q) => q.byMunicipality.filter((c) => MEASURES.some((m) => figure(c.counts, m) > 0)).map((cell) => ({ label: q.quarter, cell, quarter: q.quarter })));
  return h('section', { class: 'stack pattern', 'data-theme': theme.themeId },
    h('h2', null, theme.name),
    h('div', { class: 'chart-with-table' },
      h('figure', null, barChart(theme), h('figcaption', { class: 'muted' }, t.chart(theme.name))),
      figuresTable(theme, t.figures(theme.name), theme.byMunicipality.map((cell) => ({ label: cell.municipality, cell })), out)),
    quarters.length ? figuresTable(theme, t.perQuarter(theme.name), quarters, out, t.quarter) : null,
    out,
  );
}

function themeEditor(themes: Theme[], reload: () => Promise<void>): HTMLElement {
  const t = s();
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await api<unknown>(method, path, body);
    announce(res.ok ? t.saved : res.data?.message ?? '');
    if (res.ok) await reload();
  };
  const name = h('input', { type: 'text', id: 'theme-name', maxlength: '80' });
  const form = h('form', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: 'theme-name' }, t.themeName), name), h('button', { type: 'submit', class: 'button button--secondary' }, t.addTheme));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send('POST', '/api/themes', { name: name.value.trim() });
  });
  return h('details', { class: 'panel' }, h('summary', null, h('h2', null, t.themes)),
    h('ul', null, themes.map((theme) => {
      const input = h('input', { type: 'text', value: theme.name, 'aria-label': `${t.themeName}: ${theme.name}`, maxlength: '80' });
      return h('li', { class: 'actions' }, input,
        h('button', { type: 'button', class: 'button button--secondary', onclick: () => void send('PATCH', `/api/themes/${encodeURIComponent(theme.themeId)}`, { name: input.value.trim() }) }, t.rename),
        h('button', { type: 'button', class: 'button button--danger', onclick: () => void send('DELETE', `/api/themes/${encodeURIComponent(theme.themeId)}`) }, t.remove));
    })),
    form);
}

export async function patternsPage(main: HTMLElement): Promise<void> {
  const t = s();
  const body = h('div', { class: 'stack' }, h('p', { role: 'status' }, t.loading));
  render(main, pageTitle(t.title), h('p', { class: 'lead' }, t.intro), body);
  const load = async (): Promise<void> => {
    const [patterns, themes] = await Promise.all([api<PatternsAnswer>('GET', '/api/patterns'), api<ThemeList>('GET', '/api/themes')]);
    clear(body);
    if (state.person?.role === 'facilitator' && themes.ok) body.append(themeEditor(themes.data.themes, load));
    if (!patterns.ok) return void body.append(h('p', null, patterns.data?.message ?? ''));
    if (patterns.data.themes.length === 0) return void body.append(h('p', null, t.noThemes));
    body.append(...patterns.data.themes.map(themeSection));
  };
  await load();
}
