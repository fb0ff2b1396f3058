// Find a learning (signed in: facilitators and coordinators):
//   GET /api/search?q=&lang=da|en&theme=&municipality=&kind=&outcome=
// The search itself is functions/domain/search; this route gathers the records from the stores.
import type * as Api from '../contract/api-types.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ExperimentNote } from '../domain/experiment/model.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { MeetingStore, ReflectionStore } from '../domain/meeting/store.js';
import type { PeopleStore } from '../domain/person/store.js';
import { experimentRecords, reflectionRecords } from '../domain/search/records.js';
import { SearchQuery, searchRecords, type SearchRecord } from '../domain/search/search.js';
import { validateBody } from '../domain/field-errors.js';
import { cachedFor } from '../shared/cached-for.js';
import { forEachLimit } from '../shared/concurrency.js';
import type { ApiContext } from './context.js';
import { invalid, json, type Event, type Result } from './http.js';

export type SearchApiPorts = Pick<ExperimentStore, 'listExperiments'> &
  Pick<MeetingStore, 'listMeetings'> &
  Pick<ReflectionStore, 'listReflections'> &
  Pick<PeopleStore, 'listPeople'> & {
    /** An experiment's notes, without the rest of its partition (mail records of every person). */
    listExperimentNotes(experimentId: string): Promise<ExperimentNote[]>;
  };

/**
 * How long a container reuses the records it read: a new experiment, learning, note or reflection
 * (or an erased one gone) shows in search at most this long after it was written.
 */
export const SEARCH_RECORDS_MAX_AGE_MS = 60_000;

/** Partition reads in flight at once while the records are gathered. */
const READ_CONCURRENCY = 8;

export function searchRoutes(context: ApiContext, p: SearchApiPorts): ApiRoute[] {
  /**
   * Everything searchable. The table has no list of all notes or reflections (each lives in its
   * experiment's or meeting's partition), so the register and meetings are read with one Query
   * each, then the notes of every experiment and the reflections of every held meeting (only a
   * follow-up carries the reflection link) with one narrow Query per partition, 8 at a time.
   */
  async function readRecords(): Promise<SearchRecord[]> {
    const [experiments, meetings, people] = await Promise.all([p.listExperiments(), p.listMeetings(), p.listPeople()]);
    const municipalityOf = new Map(people.map((x) => [x.personId, x.municipality]));
    const records = new Map<string, SearchRecord[]>();
    await Promise.all([
      forEachLimit(experiments, READ_CONCURRENCY, async (e) => {
        records.set(`experiment:${e.experimentId}`, experimentRecords({ ...e, notes: await p.listExperimentNotes(e.experimentId) }));
      }),
      forEachLimit(meetings.filter((m) => m.status === 'held'), READ_CONCURRENCY, async (m) => {
        records.set(`meeting:${m.meetingId}`, reflectionRecords(m, await p.listReflections(m.meetingId), (id) => municipalityOf.get(id)));
      }),
    ]);
    // In the order of the lists, as before: ranking ties keep a stable order.
    return [
      ...experiments.flatMap((e) => records.get(`experiment:${e.experimentId}`) ?? []),
      ...meetings.flatMap((m) => records.get(`meeting:${m.meetingId}`) ?? []),
    ];
  }

  // Per container (this route table is built once per container): repeated searches within the
  // minute reuse the records instead of reading every partition again.
  const allRecords = cachedFor(SEARCH_RECORDS_MAX_AGE_MS, () => context.now().getTime(), readRecords);

  async function search(event: Event): Promise<Result> {
    const parsed = validateBody(SearchQuery, event.queryStringParameters ?? {});
    if (!parsed.ok) return invalid('search', parsed.errors);
    const { q, lang = context.settings().defaultLanguage, ...filters } = parsed.value;
    const hits = await searchRecords(await allRecords(), { q, lang, ...filters });
    return json(200, { query: q, lang, hits } satisfies Api.SearchAnswer);
  }

  return [{ method: 'GET', path: '/api/search', access: access.signedIn, handler: search }];
}
