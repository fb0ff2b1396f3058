// Find a learning (signed in: facilitators and coordinators):
//   GET /api/search?q=&lang=da|en&theme=&municipality=&kind=&outcome=
// The search itself is functions/domain/search; this route gathers the records from the stores.
import type * as Api from '../contract/api-types.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ExperimentStore } from '../domain/experiment/store.js';
import type { MeetingStore, ReflectionStore } from '../domain/meeting/store.js';
import type { PeopleStore } from '../domain/person/store.js';
import { experimentRecords, reflectionRecords } from '../domain/search/records.js';
import { SearchQuery, searchRecords, type SearchRecord } from '../domain/search/search.js';
import { validateBody } from '../domain/field-errors.js';
import type { ApiContext } from './context.js';
import { invalid, json, type Event, type Result } from './http.js';

export type SearchApiPorts = Pick<ExperimentStore, 'listExperiments' | 'getExperimentDetails'> &
  Pick<MeetingStore, 'listMeetings'> &
  Pick<ReflectionStore, 'listReflections'> &
  Pick<PeopleStore, 'listPeople'>;

export function searchRoutes(context: ApiContext, p: SearchApiPorts): ApiRoute[] {
  /** Everything searchable: one Query per experiment (notes) and per meeting (reflections); a network has tens of each. */
  async function allRecords(): Promise<SearchRecord[]> {
    const [experiments, meetings, people] = await Promise.all([p.listExperiments(), p.listMeetings(), p.listPeople()]);
    const municipalityOf = new Map(people.map((x) => [x.personId, x.municipality]));
    const perExperiment = await Promise.all(
      experiments.map(async (e) => {
        // Only the notes are read here: the involved people's addresses are not needed.
        const details = await p.getExperimentDetails(e.experimentId, () => '');
        return experimentRecords({ ...e, notes: details?.notes ?? [] });
      }),
    );
    const perMeeting = await Promise.all(
      meetings.map(async (m) => reflectionRecords(m, await p.listReflections(m.meetingId), (id) => municipalityOf.get(id))),
    );
    return [...perExperiment.flat(), ...perMeeting.flat()];
  }

  async function search(event: Event): Promise<Result> {
    const parsed = validateBody(SearchQuery, event.queryStringParameters ?? {});
    if (!parsed.ok) return invalid('search', parsed.errors);
    const { q, lang = context.settings().defaultLanguage, ...filters } = parsed.value;
    const hits = await searchRecords(await allRecords(), { q, lang, ...filters });
    return json(200, { query: q, lang, hits } satisfies Api.SearchAnswer);
  }

  return [{ method: 'GET', path: '/api/search', access: access.signedIn, handler: search }];
}
