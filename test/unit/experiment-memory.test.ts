// The register as memory: themes (ids from names, checked lists), an experiment's kind and result,
// editing after registration, adding people (functions/domain/theme/rules.ts,
// functions/domain/experiment/edit.ts and rules.ts), and who gets the learnings.
import { describe, expect, it } from 'vitest';
import { validateInvolve, validateUpdate } from '../../functions/domain/experiment/edit.js';
import { CompletionBody, validateExperimentRequest, type KnownPerson } from '../../functions/domain/experiment/rules.js';
import { validateBody } from '../../functions/domain/field-errors.js';
import { inspirerPersonId } from '../../functions/domain/person/audience.js';
import { themeIdErrors, themeIdOf } from '../../functions/domain/theme/rules.js';
import { learningsRecipients } from '../../functions/experiments/workflow.js';

const themes = [{ themeId: 'frivillighed' }, { themeId: 'politiske-paradokser' }];
const people: KnownPerson[] = [{ personId: 'mette-kjaer', name: 'Mette Kjær', email: 'mette@kolding.dk', role: 'coordinator', language: 'da' }];
const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : r.errors!.map((e) => e.field).sort());

describe('themes', () => {
  it('gives a theme an id from its name: lower-case ASCII with dashes, æøå spelt out', () => {
    expect(themeIdOf('Politiske paradokser')).toBe('politiske-paradokser');
    expect(themeIdOf('Ledelse på tværs')).toBe('ledelse-paa-tvaers');
    expect(themeIdOf('  Frivillighed! ')).toBe('frivillighed');
    expect(themeIdOf('Søren & Ærø')).toBe('soeren-aeroe');
    expect(themeIdOf('Café')).toBe('cafe');
    expect(themeIdOf('???')).toBe('theme');
  });

  it('names unknown and repeated theme ids by their place in the list', () => {
    expect(themeIdErrors(['frivillighed', 'nope', 'frivillighed'], themes)).toEqual([
      { field: 'themes.1', message: "is not one of the network's themes: frivillighed, politiske-paradokser" },
      { field: 'themes.2', message: 'is listed twice' },
    ]);
    expect(themeIdErrors([], themes)).toEqual([]);
  });
});

describe('registering with themes and a kind', () => {
  const base = { municipality: 'Kolding', title: 't', challenge: 'c', plan: 'p', startsOn: '2027-03-01', plannedEndOn: '2027-04-01' };
  const ctx = { municipalities: ['Kolding'], people, themes };

  it('accepts themes of the list, a kind, a review date and the meeting it was planned at', () => {
    const r = validateExperimentRequest({ ...base, themes: ['frivillighed'], kind: 'will-it-last', reviewOn: '2027-06-01', plannedAtMeetingId: 'm-1' }, ctx);
    expect(r).toMatchObject({ ok: true, experiment: { themes: ['frivillighed'], kind: 'will-it-last', reviewOn: '2027-06-01', plannedAtMeetingId: 'm-1' } });
  });

  it('refuses an unknown theme, kind and a bad review date, each by field', () => {
    const r = validateExperimentRequest({ ...base, themes: ['nope'], kind: 'maybe', reviewOn: '2027-13-01' }, ctx);
    expect(fields(r)).toEqual(['kind', 'reviewOn', 'themes.0']);
  });

  it('takes "it did not work" as a result of the completion, and refuses other values', () => {
    expect(validateBody(CompletionBody, { outcome: 'o', learnings: ['l'], reusable: 'r', result: 'did-not-work' })).toEqual({ ok: true, value: { outcome: 'o', learnings: ['l'], reusable: 'r', result: 'did-not-work' } });
    expect(fields(validateBody(CompletionBody, { outcome: 'o', learnings: ['l'], reusable: 'r', result: 'meh' }))).toEqual(['result']);
  });
});

describe('editing an experiment', () => {
  const current = { startsOn: '2027-03-01', plannedEndOn: '2027-04-01' };

  it('sets the given fields and removes those sent as null', () => {
    const r = validateUpdate({ title: ' Ny titel ', kind: null, presentedAtMeetingId: 'm-2', themes: ['politiske-paradokser'] }, current, themes);
    expect(r).toEqual({
      ok: true,
      update: { set: { title: 'Ny titel', themes: ['politiske-paradokser'], presentedAtMeetingId: 'm-2' }, remove: ['kind'], meetingIds: [{ field: 'presentedAtMeetingId', meetingId: 'm-2' }] },
    });
  });

  it('checks the dates against the stored ones, and refuses an empty or unknown change', () => {
    expect(fields(validateUpdate({ plannedEndOn: '2027-02-01' }, current, themes))).toEqual(['plannedEndOn']);
    expect(fields(validateUpdate({ startsOn: '2027-05-01' }, current, themes))).toEqual(['startsOn']);
    expect(fields(validateUpdate({}, current, themes))).toEqual(['body']);
    expect(fields(validateUpdate({ status: 'completed', title: '' }, current, themes))).toEqual(['status', 'title']);
    expect(fields(validateUpdate({ themes: ['nope'] }, current, themes))).toEqual(['themes.0']);
  });

  it('adds a person of the network by id or an outsider, but not one already involved', () => {
    expect(validateInvolve({ personId: 'mette-kjaer' }, people, [])).toMatchObject({ ok: true, person: { personId: 'mette-kjaer', email: 'mette@kolding.dk' } });
    const outsider = { name: 'Kirsten Konsulent', email: 'Kirsten@Example.org', role: 'volunteer-consultant', language: 'da' };
    expect(validateInvolve(outsider, people, [])).toMatchObject({ ok: true, person: { email: 'kirsten@example.org' } });
    expect(validateInvolve(outsider, people, [{ name: 'K', email: 'kirsten@example.org', role: 'citizen', language: 'da' }])).toEqual({ ok: false, errors: [{ field: 'email', message: 'is already involved in the experiment' }] });
    expect(fields(validateInvolve({ personId: 'ghost' }, people, []))).toEqual(['personId']);
  });
});

describe('who gets the learnings', () => {
  it('everyone of the network and every involved outsider, each once', () => {
    const network = [{ ...people[0]!, municipality: 'Kolding' }];
    const recipients = learningsRecipients(network, [
      { personId: 'mette-kjaer', name: 'Mette Kjær', email: 'mette@kolding.dk', role: 'coordinator', language: 'da' },
      { name: 'Kirsten Konsulent', email: 'kirsten@example.org', role: 'volunteer-consultant', language: 'en' },
      { name: 'Mette again', email: 'METTE@kolding.dk', role: 'citizen', language: 'da' },
    ]);
    expect(recipients.map((r) => [r.personId, r.language])).toEqual([['mette-kjaer', 'da'], [inspirerPersonId('kirsten@example.org'), 'en']]);
  });
});
