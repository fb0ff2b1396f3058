// Find a learning: full-text search over the network's experiments, their learnings and notes, and
// the reflections left after meetings, in Danish or English. MiniSearch does the indexing and
// ranking; each language's Snowball stemmer (@orama/stemmers) makes "frivillige" find
// "frivillighed". The index is built per request from plain records (records.ts): a network's
// register is tens to a few hundred texts, which index in milliseconds, so nothing is kept in sync.
import type MiniSearch from 'minisearch';
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import type { SearchHit, SearchHitType } from '../../contract/api-types.js';
import { expected, requiredText } from '../field-errors.js';

export type { SearchHit, SearchHitType };

export type SearchLanguage = 'da' | 'en';

/**
 * What a hit can be narrowed by. Experiments carry them where the register has them (themes, kind
 * and outcome come with the register's pattern fields); a reflection carries its meeting's themes
 * and its author's municipality. records.ts reads them from the stored items, matches() applies them.
 */
export interface SearchFacets {
  themes?: readonly string[];
  municipality?: string;
  /** The experiment's kind (does it work, will people use it, ...). */
  kind?: string;
  /** The experiment's outcome as a category (e.g. it did not work), not its free text. */
  outcome?: string;
}

/** One searchable text and where it leads. */
export interface SearchRecord extends SearchFacets {
  id: string;
  type: SearchHitType;
  /** The experiment's title, or the meeting's for a reflection. */
  title: string;
  text: string;
  experimentId?: string;
  meetingId?: string;
  /** When it was written or happened (ISO date or instant). */
  date?: string;
}

export const SEARCH_FILTERS = ['theme', 'municipality', 'kind', 'outcome'] as const;
export type SearchFilters = Partial<Record<(typeof SEARCH_FILTERS)[number], string>>;

const filterValue = () => z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)));

/** The query of GET /api/search (query string parameters; unknown names are refused). */
export const SearchQuery = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    q: requiredText(200),
    lang: z.optional(z.enum(['da', 'en'], expected('da or en'))),
    theme: filterValue(),
    municipality: filterValue(),
    kind: filterValue(),
    outcome: filterValue(),
  }),
);
export type SearchQuery = z.infer<typeof SearchQuery>;

export const MAX_HITS = 50;

type Stemmer = (word: string) => string;

// Cold start: the search libraries are loaded by the first search, not at the api's module init
// (its other routes never need them). esbuild still bundles them; a bundled module reached only by
// a dynamic import() is evaluated when the import runs.
let libraries: Promise<{ MiniSearch: typeof MiniSearch; stemmers: Record<SearchLanguage, Stemmer> }> | undefined;
const searchLibraries = () =>
  (libraries ??= Promise.all([import('minisearch'), import('@orama/stemmers/danish'), import('@orama/stemmers/english')]).then(
    ([minisearch, danish, english]) => ({ MiniSearch: minisearch.default, stemmers: { da: danish.stemmer, en: english.stemmer } }),
  ));

const same = (a: string, b: string) => a.localeCompare(b, 'da', { sensitivity: 'accent' }) === 0;

/** Does a record pass every filter that is set? (A record without the field does not.) */
export function matches(record: SearchFacets, filters: SearchFilters): boolean {
  if (filters.theme !== undefined && !(record.themes ?? []).some((t) => same(t, filters.theme!))) return false;
  if (filters.municipality !== undefined && !(record.municipality !== undefined && same(record.municipality, filters.municipality))) return false;
  if (filters.kind !== undefined && !(record.kind !== undefined && same(record.kind, filters.kind))) return false;
  if (filters.outcome !== undefined && !(record.outcome !== undefined && same(record.outcome, filters.outcome))) return false;
  return true;
}

/** A term as the index keeps it: lower case, stemmed in the query's language. */
const termProcessor = (stem: Stemmer) => (term: string) => {
  const word = term.toLocaleLowerCase('da');
  return word.length > 0 ? stem(word) : null;
};

const SNIPPET_LENGTH = 200;

/** The part of the text around the first word that matched, so a long note shows why it was found. */
function snippetOf(text: string, matchedTerms: readonly string[], process: (t: string) => string | null): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SNIPPET_LENGTH) return flat;
  const wanted = new Set(matchedTerms);
  let at = 0;
  for (const m of flat.matchAll(/[\p{L}\p{N}]+/gu)) {
    const term = process(m[0]);
    if (term && (wanted.has(term) || [...wanted].some((w) => term.startsWith(w)))) {
      at = m.index;
      break;
    }
  }
  const start = Math.max(0, Math.min(at - 60, flat.length - SNIPPET_LENGTH));
  const end = Math.min(flat.length, start + SNIPPET_LENGTH);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

/**
 * The records that match the query and the filters, best first (at most MAX_HITS). Words are
 * matched by stem, as prefixes of longer words, and with a small typo allowance; every word of
 * the query must match (in the title or the text).
 */
export async function searchRecords(records: readonly SearchRecord[], query: { q: string; lang: SearchLanguage } & SearchFilters): Promise<SearchHit[]> {
  const { MiniSearch, stemmers } = await searchLibraries();
  const candidates = records.filter((r) => matches(r, query));
  const process = termProcessor(stemmers[query.lang]);
  const index = new MiniSearch<SearchRecord>({ fields: ['title', 'text'], processTerm: process, idField: 'id' });
  index.addAll(candidates);
  const byId = new Map(candidates.map((r) => [r.id, r]));
  const results = index.search(query.q, {
    combineWith: 'AND',
    prefix: (term) => term.length >= 4,
    fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
    boost: { title: 2 },
  });
  return results.slice(0, MAX_HITS).map((result) => {
    const r = byId.get(String(result.id))!;
    return {
      type: r.type,
      title: r.title,
      snippet: snippetOf(r.text, result.terms, process),
      score: Math.round(result.score * 1000) / 1000,
      ...(r.experimentId !== undefined ? { experimentId: r.experimentId } : {}),
      ...(r.meetingId !== undefined ? { meetingId: r.meetingId } : {}),
      ...(r.municipality !== undefined ? { municipality: r.municipality } : {}),
      ...(r.date !== undefined ? { date: r.date } : {}),
      ...(r.themes !== undefined && r.themes.length > 0 ? { themes: [...r.themes] } : {}),
    };
  });
}
