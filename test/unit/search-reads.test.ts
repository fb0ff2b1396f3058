// What GET /api/search reads: the register, meetings and people once, each experiment's notes and
// each held meeting's reflections; and, per container, nothing again for a minute (the staleness
// bound in docs/architecture.md), however many searches come, even at once.
import { describe, expect, it } from 'vitest';
import { SEARCH_RECORDS_MAX_AGE_MS, searchRoutes, type SearchApiPorts } from '../../functions/api/search-routes.js';
import type { ExperimentNote } from '../../functions/domain/experiment/model.js';
import { cachedFor } from '../../functions/shared/cached-for.js';
import { httpEvent } from '../support/ports.js';

const T0 = Date.parse('2027-03-01T10:00:00Z');

function setup() {
  let now = T0;
  const calls: string[] = [];
  const notes = new Map<string, ExperimentNote[]>([['x1', [{ date: '2027-02-01', text: 'Borgerpanelet mødte op', n: 1, createdAt: '2027-02-01T10:00:00Z' }]]]);
  const ports: SearchApiPorts = {
    listExperiments: async () => (calls.push('experiments'), [{ experimentId: 'x1', title: 'Borgerpanel', municipality: 'Kolding', challenge: 'Inddragelse', plan: 'Et panel', registeredAt: '2027-01-01T10:00:00Z' }] as never),
    listMeetings: async () => (calls.push('meetings'), [
      { meetingId: 'm-held', title: 'Netværksmøde i Varde', startsAt: '2027-02-10T12:00:00Z', status: 'held' },
      { meetingId: 'm-next', title: 'Næste møde', startsAt: '2027-04-10T12:00:00Z', status: 'scheduled' },
    ] as never),
    listPeople: async () => (calls.push('people'), [{ personId: 'lene', name: 'Lene', email: 'l@example.org', role: 'coordinator', municipality: 'Varde', language: 'da' }]),
    listExperimentNotes: async (id) => (calls.push(`notes ${id}`), notes.get(id) ?? []),
    listReflections: async (id) => (calls.push(`reflections ${id}`), id === 'm-held' ? [{ personId: 'lene', name: 'Lene', text: 'Frivillighed kræver tid', submittedAt: '2027-02-11T10:00:00Z' }] : []),
  };
  const [route] = searchRoutes({ settings: () => ({ defaultLanguage: 'da' }) as never, publish: async () => 'id', now: () => new Date(now), newId: () => 'id' }, ports);
  const search = async (q: string) => {
    const res = (await route!.handler({ ...httpEvent('GET', '/api/search'), queryStringParameters: { q } } as never)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    return (JSON.parse(res.body) as { hits: { type: string; snippet: string }[] }).hits;
  };
  return { calls, notes, search, advance: (ms: number) => (now += ms) };
}

describe('GET /api/search reads', () => {
  it('each experiment’s notes and only held meetings’ reflections (no other meeting can have any)', async () => {
    const { calls, search } = setup();
    expect((await search('borgerpanelet')).map((h) => h.type)).toContain('note');
    expect((await search('frivillighed')).map((h) => h.type)).toEqual(['reflection']);
    expect(calls.sort()).toEqual(['experiments', 'meetings', 'notes x1', 'people', 'reflections m-held']);
  });

  it('reads nothing again within the minute, then again after it (a new note shows within the bound)', async () => {
    const { calls, notes, search, advance } = setup();
    await Promise.all([search('panel'), search('panel'), search('frivillighed')]);
    const once = calls.length;
    expect(once).toBe(5);
    notes.get('x1')!.push({ date: '2027-03-01', text: 'Ungdomsrådet vil være med', n: 2, createdAt: '2027-03-01T09:00:00Z' });
    advance(SEARCH_RECORDS_MAX_AGE_MS - 1);
    expect(await search('ungdomsrådet')).toEqual([]);
    expect(calls.length).toBe(once);
    advance(1);
    expect((await search('ungdomsrådet')).map((h) => h.snippet)).toEqual(['Ungdomsrådet vil være med']);
    expect(calls.length).toBe(2 * once);
  });
});

describe('cachedFor', () => {
  it('shares one load among callers, keeps no failure, and expires when the clock goes back', async () => {
    let now = 0;
    let loads = 0;
    let fail = true;
    const get = cachedFor(1000, () => now, async () => {
      loads++;
      if (fail) throw new Error('read failed');
      return loads;
    });
    await expect(get()).rejects.toThrow('read failed');
    fail = false;
    expect(await Promise.all([get(), get()])).toEqual([2, 2]);
    now = -1;
    expect(await get()).toBe(3);
  });
});
