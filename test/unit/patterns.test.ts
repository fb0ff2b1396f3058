// The patterns across municipalities (functions/domain/experiment/patterns.ts): where each
// experiment, meeting and reflection counts, per theme, municipality and quarter.
import { describe, expect, it } from 'vitest';
import { patterns, quarterOfDate, quarterOfInstant, type PatternsInput } from '../../functions/domain/experiment/patterns.js';

const base: PatternsInput = {
  themes: [
    { themeId: 'politiske-paradokser', name: 'Politiske paradokser' },
    { themeId: 'frivillighed', name: 'Frivillighed' },
  ],
  municipalities: ['Kolding', 'Varde'],
  timeZone: 'Europe/Copenhagen',
  experiments: [
    { experimentId: 'e1', title: 'Værksteder', municipality: 'Kolding', status: 'completed', startsOn: '2027-01-10', themes: ['frivillighed'], learnings: ['Start i hverdagen'], result: 'worked' },
    { experimentId: 'e2', title: 'Café', municipality: 'Kolding', status: 'completed', startsOn: '2027-04-01', themes: ['frivillighed', 'politiske-paradokser'], learnings: ['Det holdt ikke'], result: 'did-not-work' },
    { experimentId: 'e3', title: 'Gåtur', municipality: 'Varde', status: 'running', startsOn: '2027-02-01', themes: ['frivillighed', 'deleted-theme'] },
    { experimentId: 'e4', title: 'Uden tema', municipality: 'Varde', status: 'planned', startsOn: '2027-02-01' },
  ],
  meetings: [
    { meetingId: 'm1', title: 'Netværksmøde', hostMunicipality: 'Varde', startsAt: '2027-03-31T22:30:00Z', status: 'held', themes: ['frivillighed'] },
    { meetingId: 'm2', title: 'Aflyst', hostMunicipality: 'Kolding', startsAt: '2027-02-01T12:00:00Z', status: 'cancelled', themes: ['frivillighed'] },
  ],
  reflections: [
    { meetingId: 'm1', text: 'Frivillige er ikke gratis', submittedAt: '2027-04-02T08:00:00Z', name: 'Mette Kjær', municipality: 'Kolding', shareName: true },
    { meetingId: 'm1', text: 'Godt møde', submittedAt: '2027-03-31T23:00:00Z', name: 'Jane Doe' },
    { meetingId: 'm2', text: 'Om et aflyst møde', submittedAt: '2027-02-01T12:00:00Z', name: 'X', municipality: 'Kolding' },
  ],
};

const cell = (theme: ReturnType<typeof patterns>['themes'][number], municipality: string, quarter?: string) =>
  (quarter === undefined ? theme.byMunicipality : theme.byQuarter.find((q) => q.quarter === quarter)!.byMunicipality).find((c) => c.municipality === municipality)!.counts;

describe('patterns per theme and municipality', () => {
  const answer = patterns(base);
  const frivillighed = answer.themes.find((t) => t.themeId === 'frivillighed')!;

  it('counts experiments by status, those completed with learnings and those that did not work', () => {
    expect(cell(frivillighed, 'Kolding')).toEqual({ planned: 0, running: 0, completed: 2, abandoned: 0, withLearnings: 2, didNotWork: 1, reflections: 1, meetings: 0 });
    expect(cell(frivillighed, 'Varde')).toMatchObject({ running: 1, planned: 0, meetings: 1, reflections: 1 });
    const paradoxes = answer.themes.find((t) => t.themeId === 'politiske-paradokser')!;
    expect(cell(paradoxes, 'Kolding')).toMatchObject({ completed: 1, didNotWork: 1 });
    expect(paradoxes.experiments.map((e) => e.experimentId)).toEqual(['e2']);
  });

  it('leaves out cancelled meetings, their reflections, untagged experiments and deleted themes', () => {
    expect(frivillighed.meetings.map((m) => m.meetingId)).toEqual(['m1']);
    expect(frivillighed.reflections.map((r) => r.text)).not.toContain('Om et aflyst møde');
    expect(frivillighed.experiments.map((e) => e.experimentId)).toEqual(['e1', 'e2', 'e3']);
    expect(answer.themes.map((t) => t.themeId)).toEqual(['politiske-paradokser', 'frivillighed']);
  });

  it('shows a reflection with its author only when they agreed, under their municipality or else the host', () => {
    expect(frivillighed.reflections).toEqual([
      expect.objectContaining({ text: 'Frivillige er ikke gratis', name: 'Mette Kjær', municipality: 'Kolding' }),
      expect.objectContaining({ text: 'Godt møde', name: null, municipality: 'Varde' }),
    ]);
  });

  it('splits by quarter in the network time zone', () => {
    // m1 starts 2027-03-31 22:30 UTC = 1 April 00:30 in Copenhagen: Q2.
    expect(frivillighed.byQuarter.map((q) => q.quarter)).toEqual(['2027-Q1', '2027-Q2']);
    expect(cell(frivillighed, 'Varde', '2027-Q2')).toMatchObject({ meetings: 1, reflections: 1, running: 0 });
    expect(cell(frivillighed, 'Varde', '2027-Q1')).toMatchObject({ running: 1, meetings: 0 });
    expect(cell(frivillighed, 'Kolding', '2027-Q1')).toMatchObject({ completed: 1, didNotWork: 0 });
    expect(cell(frivillighed, 'Kolding', '2027-Q2')).toMatchObject({ completed: 1, didNotWork: 1, reflections: 1 });
  });

  it('names quarters from dates and instants', () => {
    expect(quarterOfDate('2027-12-31')).toBe('2027-Q4');
    expect(quarterOfDate('2027-04-01')).toBe('2027-Q2');
    expect(quarterOfInstant('2026-12-31T23:30:00Z', 'Europe/Copenhagen')).toBe('2027-Q1');
    expect(quarterOfInstant('2026-12-31T23:30:00Z', 'UTC')).toBe('2026-Q4');
  });
});
