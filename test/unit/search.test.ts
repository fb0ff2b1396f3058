// Find a learning: Danish and English stemming, filters, what a hit shows (no names), and the route's query schema.
import { describe, expect, it } from 'vitest';
import { experimentRecords, reflectionRecords, type SearchableExperiment } from '../../functions/domain/search/records.js';
import { matches, SearchQuery, searchRecords } from '../../functions/domain/search/search.js';
import { validateBody } from '../../functions/domain/field-errors.js';

const volunteers: SearchableExperiment = {
  experimentId: 'exp-frivillig',
  title: 'Naboer hjælper naboer',
  municipality: 'Varde',
  challenge: 'Hvordan får vi flere med i fællesskabet?',
  plan: 'Vi prøver en café drevet af borgere.',
  outcome: 'Mange kom, få blev.',
  learnings: ['Frivillighed kræver, at nogen spørger personligt.', 'Kaffe alene samler ikke folk.'],
  reusable: 'Invitationsbrevet',
  registeredAt: '2026-09-01T10:00:00Z',
  completedAt: '2026-12-01T10:00:00Z',
  notes: [{ date: '2026-10-01', text: 'Første café: 12 deltagere, to politikere kom forbi.', n: 1 }],
};
const politics: SearchableExperiment & { themes: string[]; kind: string; result: string } = {
  experimentId: 'exp-politik',
  title: 'Politikere som medskabere',
  municipality: 'Kolding',
  challenge: 'Politiske paradokser i samskabelse',
  plan: 'Byrådet deltager i værksteder.',
  learnings: ['Politikerne skal have en klar rolle fra start.'],
  registeredAt: '2026-09-02T10:00:00Z',
  notes: [],
  themes: ['Politiske paradokser'],
  kind: 'does-it-work',
  result: 'did-not-work',
};
const records = [
  ...experimentRecords(volunteers),
  ...experimentRecords(politics),
  ...reflectionRecords(
    { meetingId: 'm-1', title: 'Netværksmøde i Aalborg', startsAt: '2026-11-01T12:00:00Z', themes: ['Frivillighed'] } as never,
    [{ personId: 'karen-aeroe', text: 'De frivillige vil gerne spørges direkte; volunteers want to be asked.', submittedAt: '2026-11-02T08:00:00Z' }],
    (id) => (id === 'karen-aeroe' ? 'Aalborg' : undefined),
  ),
];

describe('search', () => {
  it('"frivillige" finds the learning about "frivillighed" (Danish stemming), and the reflection', async () => {
    const hits = await searchRecords(records, { q: 'frivillige', lang: 'da' });
    expect(hits.map((h) => [h.type, h.experimentId ?? h.meetingId])).toEqual(
      expect.arrayContaining([['learning', 'exp-frivillig'], ['reflection', 'm-1']]),
    );
    expect(hits.find((h) => h.type === 'learning')!.snippet).toBe('Frivillighed kræver, at nogen spørger personligt.');
    // Without the stemmer the word would not match: "frivillige" is no prefix of "frivillighed".
    expect('frivillighed'.startsWith('frivillige')).toBe(false);
  });

  it('finds by other inflections and in notes; every word must match', async () => {
    expect((await searchRecords(records, { q: 'politikerne', lang: 'da' })).map((h) => h.type)).toEqual(expect.arrayContaining(['experiment', 'learning', 'note']));
    expect((await searchRecords(records, { q: 'café deltagere', lang: 'da' })).map((h) => h.type)).toEqual(['note']);
    expect(await searchRecords(records, { q: 'café byrådet', lang: 'da' })).toEqual([]);
    expect(await searchRecords(records, { q: 'ukendtord', lang: 'da' })).toEqual([]);
  });

  it('stems English queries with the English stemmer', async () => {
    expect((await searchRecords(records, { q: 'volunteer', lang: 'en' })).map((h) => h.type)).toEqual(['reflection']);
  });

  it('filters by theme, municipality, kind and outcome (a record without the field does not match)', async () => {
    expect((await searchRecords(records, { q: 'politikere', lang: 'da', theme: 'politiske paradokser' })).map((h) => h.experimentId)).toEqual(['exp-politik', 'exp-politik']);
    expect((await searchRecords(records, { q: 'politikere', lang: 'da', municipality: 'varde' })).map((h) => h.type)).toEqual(['note']);
    expect(await searchRecords(records, { q: 'politikere', lang: 'da', kind: 'does-it-work', outcome: 'did-not-work' })).toHaveLength(2);
    expect((await searchRecords(records, { q: 'frivillige', lang: 'da', theme: 'Frivillighed' })).map((h) => h.type)).toEqual(['reflection']);
    expect((await searchRecords(records, { q: 'frivillige', lang: 'da', municipality: 'Aalborg' })).map((h) => h.type)).toEqual(['reflection']);
    expect(matches({}, { kind: 'does-it-work' })).toBe(false);
    expect(matches({}, {})).toBe(true);
  });

  it('shows a reflection without its author', async () => {
    const [hit] = await searchRecords(records, { q: 'volunteers', lang: 'en' });
    expect(JSON.stringify(hit)).not.toContain('karen');
    expect(hit).toMatchObject({ type: 'reflection', title: 'Netværksmøde i Aalborg', meetingId: 'm-1', municipality: 'Aalborg', themes: ['Frivillighed'] });
  });

  it('cuts a long text to the part around the match', async () => {
    const long = { ...volunteers, experimentId: 'lang', notes: [{ date: '2026-10-02', text: `${'indledning '.repeat(40)}her står ordet samskabelse ${'afslutning '.repeat(40)}`, n: 1 }] };
    const [hit] = await searchRecords(experimentRecords(long), { q: 'samskabelse', lang: 'da' });
    expect(hit!.snippet).toMatch(/^….*samskabelse.*…$/);
    expect(hit!.snippet.length).toBeLessThanOrEqual(202);
  });

  it('validates the query: q required, lang da or en, unknown parameters named', () => {
    expect(validateBody(SearchQuery, { q: 'x', lang: 'da', theme: 'Frivillighed' })).toMatchObject({ ok: true });
    expect(validateBody(SearchQuery, {})).toMatchObject({ ok: false, errors: [{ field: 'q', message: 'is required' }] });
    expect(validateBody(SearchQuery, { q: ' ', lang: 'de', page: '2' })).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([{ field: 'q', message: 'must not be empty' }, { field: 'lang', message: 'must be da or en' }, { field: 'page', message: 'is not a known field' }]),
    });
  });
});
