import { describe, expect, it } from 'vitest';
import {
  abandon,
  AbandonBody,
  complete,
  CompletionBody,
  addNote,
  todayIn,
  validateExperimentRequest,
  validateNote,
  type ExperimentRequestContext,
  type ExperimentState,
  type KnownPerson,
} from '../../functions/domain/experiment/rules.js';
import { validateBody } from '../../functions/domain/field-errors.js';

const people: KnownPerson[] = [
  { personId: 'mette-varde', name: 'Mette Sørensen', email: 'mette@varde.dk', role: 'coordinator', language: 'da' },
  { personId: 'lars-aalborg', name: 'Lars Ærø', email: 'lars@aalborg.dk', role: 'employee', language: 'da' },
];
const ctx: ExperimentRequestContext = { municipalities: ['Kolding', 'Ikast-Brande', 'Varde', 'Aalborg'], people };

const valid = {
  municipality: 'Varde',
  title: 'Frivillige konsulenter i velfærdsløsninger',
  challenge: 'Hvordan inddrager vi borgere, når løsningen allerede er politisk besluttet?',
  plan: 'Tre workshops med borgere og en frivillig konsulent.',
  startsOn: '2027-03-01',
  plannedEndOn: '2027-05-31',
  involved: [
    { personId: 'lars-aalborg' },
    { name: 'Jens Byrådsmedlem', email: 'Jens@Example.DK', role: 'politician', language: 'da' },
    { name: 'Ann Consultant', email: 'ann@example.org', role: 'volunteer-consultant', language: 'en' },
  ],
};

const fields = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : r.errors!.map((e) => e.field).sort());

describe('POST /api/experiments body', () => {
  it('accepts a valid request and resolves network people', () => {
    const r = validateExperimentRequest(valid, ctx);
    expect(r).toEqual({
      ok: true,
      experiment: {
        ...valid,
        involved: [
          { personId: 'lars-aalborg', name: 'Lars Ærø', email: 'lars@aalborg.dk', role: 'employee', language: 'da' },
          { name: 'Jens Byrådsmedlem', email: 'jens@example.dk', role: 'politician', language: 'da' },
          { name: 'Ann Consultant', email: 'ann@example.org', role: 'volunteer-consultant', language: 'en' },
        ],
      },
    });
  });

  it('allows no involved people, and a one-day experiment', () => {
    const { involved: _, ...rest } = valid;
    const r = validateExperimentRequest({ ...rest, plannedEndOn: rest.startsOn }, ctx);
    expect(r.ok && r.experiment.involved).toEqual([]);
  });

  it('treats an outsider with a network email as that person', () => {
    const r = validateExperimentRequest(
      { ...valid, involved: [{ name: 'M. S.', email: 'METTE@varde.dk', role: 'citizen', language: 'en' }] },
      ctx,
    );
    expect(r.ok && r.experiment.involved).toEqual([{ ...people[0] }]);
  });

  it('reports every field error at once, with paths into the body', () => {
    const r = validateExperimentRequest(
      {
        municipality: 'Odense',
        title: '   ',
        plan: 42,
        startsOn: '2027-02-30',
        plannedEndOn: 'soon',
        involved: [
          { personId: 'lars-aalborg' },
          { name: 'X', email: 'not-an-email', role: 'mayor', language: 'de' },
          { personId: 'nobody' },
          { personId: 'lars-aalborg' },
          { name: 'Y', email: 'y@example.org', role: 'citizen', language: 'da', phone: '1234' },
          'Jens',
        ],
        colour: 'blue',
      },
      ctx,
    );
    expect(fields(r)).toEqual(
      [
        'municipality',
        'title',
        'challenge',
        'plan',
        'startsOn',
        'plannedEndOn',
        'involved.1.email',
        'involved.1.role',
        'involved.1.language',
        'involved.2.personId',
        'involved.3',
        'involved.4.phone',
        'involved.5',
        'colour',
      ].sort(),
    );
    if (r.ok) return;
    const message = (f: string) => r.errors.find((e) => e.field === f)?.message;
    expect(message('challenge')).toBe('is required');
    expect(message('plan')).toBe('must be a string');
    expect(message('municipality')).toContain('Kolding, Ikast-Brande, Varde, Aalborg');
    expect(message('involved.2.personId')).toBe('is not a person of the network');
    expect(message('colour')).toBe('is not a known field');
    expect(message('involved.3')).toBe('is already involved');
    expect(message('involved.5')).toMatch(/^must be an object with either personId/);
    expect(message('involved.1.role')).toContain('politician');
  });

  it('reports a person involved twice', () => {
    const r = validateExperimentRequest({ ...valid, involved: [...valid.involved, { personId: 'lars-aalborg' }] }, ctx);
    expect(fields(r)).toEqual(['involved.3']);
  });

  it('requires plannedEndOn on or after startsOn, alongside other errors', () => {
    const r = validateExperimentRequest({ ...valid, title: '', startsOn: '2027-06-01', plannedEndOn: '2027-05-31' }, ctx);
    expect(fields(r)).toEqual(['plannedEndOn', 'title']);
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, 'x', [], 7]) expect(fields(validateExperimentRequest(body, ctx))).toEqual(['body']);
  });
});

describe('notes, completion and abandon bodies', () => {
  it('accepts a note dated today or earlier, not later', () => {
    expect(validateNote({ date: '2027-03-10', text: 'Første workshop holdt.' }, '2027-03-10').ok).toBe(true);
    expect(fields(validateNote({ date: '2027-03-11', text: 'x' }, '2027-03-10'))).toEqual(['date']);
    expect(fields(validateNote({ date: 'i går', text: '' }, '2027-03-10'))).toEqual(['date', 'text']);
  });

  const completion = {
    outcome: 'Borgerne tog ejerskab.',
    learnings: ['Start småt', 'Inviter politikeren tidligt'],
    reusable: 'Workshopformatet.',
  };

  it('accepts a completion, dropping an empty doDifferently', () => {
    expect(validateBody(CompletionBody, { ...completion, doDifferently: '  ' })).toEqual({ ok: true, value: completion });
    expect(validateBody(CompletionBody, { ...completion, doDifferently: 'Mere tid.' })).toEqual({
      ok: true,
      value: { ...completion, doDifferently: 'Mere tid.' },
    });
  });

  it('needs 1 to 30 short learnings', () => {
    expect(fields(validateBody(CompletionBody, { ...completion, learnings: [] }))).toEqual(['learnings']);
    expect(fields(validateBody(CompletionBody, { ...completion, learnings: Array(31).fill('x') }))).toEqual(['learnings']);
    expect(fields(validateBody(CompletionBody, { ...completion, learnings: ['ok', '', 'x'.repeat(501)] }))).toEqual([
      'learnings.1',
      'learnings.2',
    ]);
  });

  it('needs a reason to abandon', () => {
    expect(validateBody(AbandonBody, { reason: 'Ingen borgere meldte sig.' }).ok).toBe(true);
    expect(fields(validateBody(AbandonBody, {}))).toEqual(['reason']);
  });
});

describe('experiment state model', () => {
  const planned: ExperimentState = { status: 'planned', startsOn: '2027-03-01' };
  const running: ExperimentState = { ...planned, status: 'running' };
  const completed: ExperimentState = { ...planned, status: 'completed' };
  const abandoned: ExperimentState = { ...planned, status: 'abandoned', abandonedReason: 'x' };
  const beforeStart = '2027-02-20';
  const afterStart = '2027-03-15';

  it('a note starts a planned experiment once its start date has come', () => {
    expect(addNote(planned, afterStart)).toEqual({ ok: true, next: running });
    expect(addNote(planned, '2027-03-01')).toEqual({ ok: true, next: running });
  });

  it('a note before the start date keeps it planned; a running one stays running', () => {
    expect(addNote(planned, beforeStart)).toEqual({ ok: true, next: planned });
    expect(addNote(running, afterStart)).toEqual({ ok: true, next: running });
  });

  it('no notes on a finished experiment', () => {
    expect(addNote(completed, afterStart)).toMatchObject({ ok: false, conflict: expect.stringMatching(/completed/) });
    expect(addNote(abandoned, afterStart)).toMatchObject({ ok: false, conflict: expect.stringMatching(/abandoned/) });
  });

  it('completes a running experiment, or a planned one whose start date has come', () => {
    expect(complete(running, afterStart)).toEqual({ ok: true, next: completed });
    expect(complete(planned, afterStart)).toEqual({ ok: true, next: completed });
  });

  it('refuses to complete before the start, twice, or after abandoning', () => {
    expect(complete(planned, beforeStart)).toMatchObject({ ok: false, conflict: expect.stringMatching(/not started/) });
    expect(complete(completed, afterStart)).toMatchObject({ ok: false, conflict: expect.stringMatching(/already completed/) });
    expect(complete(abandoned, afterStart)).toMatchObject({ ok: false, conflict: expect.stringMatching(/abandoned/) });
  });

  it('abandons a planned or running experiment with its reason', () => {
    expect(abandon(planned, 'Ingen tid')).toEqual({ ok: true, next: { ...planned, status: 'abandoned', abandonedReason: 'Ingen tid' } });
    expect(abandon(running, 'Ingen tid')).toEqual({ ok: true, next: { ...running, status: 'abandoned', abandonedReason: 'Ingen tid' } });
  });

  it('refuses to abandon a completed or abandoned experiment', () => {
    expect(abandon(completed, 'x')).toMatchObject({ ok: false, conflict: expect.stringMatching(/completed/) });
    expect(abandon(abandoned, 'x')).toMatchObject({ ok: false, conflict: expect.stringMatching(/already abandoned/) });
  });

  it("today's date follows the network's time zone", () => {
    const lateEvening = new Date('2027-03-14T23:30:00Z'); // 00:30 on the 15th in Copenhagen
    expect(todayIn('Europe/Copenhagen', lateEvening)).toBe('2027-03-15');
    expect(todayIn('UTC', lateEvening)).toBe('2027-03-14');
  });
});
