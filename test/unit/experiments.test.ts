// Experiments: request validation and the state model (domain), the workflow with in-memory
// ports, the two mails, and the register's CSV export.
import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import { eventDetailOf } from '../../functions/contract/event-entry.js';
import { eventSchemas } from '../../functions/contract/events.js';
import type { ExperimentMailJob, MailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import { NetworkSettings } from '../../functions/contract/network.js';
import type { AgendaProposal, Completion, ExperimentRecord, UpcomingMeeting } from '../../functions/domain/experiment/model.js';
import { exportCsv, EXPORT_KEYS, type ExportedExperiment } from '../../functions/domain/experiment/export.js';
import { inspirerPersonId, involvedPersonId, type NetworkPerson } from '../../functions/domain/person/audience.js';
import { parseCsv, parseCsvRecords } from '../../functions/domain/csv.js';
import {
  abandon,
  addNote,
  complete,
  contactPerson,
  CompletionBody,
  todayIn,
  validateExperimentRequest,
  validateNote,
  type ExperimentState,
} from '../../functions/domain/experiment/rules.js';
import { validateBody } from '../../functions/domain/field-errors.js';
import { composeExperimentMail } from '../../functions/mail/experiment-mail.js';
import { composeMail } from '../../functions/mail/index.js';
import { handleCompleted, handleRegistered, type ExperimentsPorts } from '../../functions/experiments/workflow.js';

const people: NetworkPerson[] = [
  { personId: 'mette-kjaer', name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com', role: 'coordinator', municipality: 'Kolding', language: 'da' },
  { personId: 'birgitte-lund', name: 'Birgitte Lund', email: 'birgitte.lund@kolding.example.com', role: 'politician', municipality: 'Kolding', language: 'da' },
  { personId: 'oliver-smith', name: 'Oliver Smith', email: 'oliver.smith@varde.example.com', role: 'citizen', municipality: 'Varde', language: 'en' },
  { personId: 'karen-aeroe', name: 'Karen Ærø', email: 'karen.aeroe@aalborg.example.com', role: 'coordinator', municipality: 'Aalborg', language: 'da' },
];
const ctx = { municipalities: ['Kolding', 'Ikast-Brande', 'Varde', 'Aalborg'], people };

const request = (overrides: Record<string, unknown> = {}) => ({
  municipality: 'Kolding',
  title: 'Frivillige i ældreplejen',
  challenge: 'Hvordan får vi frivillige med i løsningen, uden at de føler sig som gratis arbejdskraft?',
  plan: 'Vi inviterer borgere og en frivillig konsulent til tre værksteder.',
  startsOn: '2026-11-01',
  plannedEndOn: '2027-02-28',
  involved: [
    { personId: 'oliver-smith' },
    { name: 'Politiker Pedersen', email: 'Politiker@Example.ORG', role: 'politician', language: 'da' },
  ],
  ...overrides,
});

describe('validateExperimentRequest', () => {
  it('accepts a valid request; people of the network by id, outsiders by name, email, role and language', () => {
    const result = validateExperimentRequest(request(), ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.experiment.involved).toEqual([
      { personId: 'oliver-smith', name: 'Oliver Smith', email: 'oliver.smith@varde.example.com', role: 'citizen', language: 'en' },
      { name: 'Politiker Pedersen', email: 'politiker@example.org', role: 'politician', language: 'da' },
    ]);
  });

  it('treats an outsider whose email belongs to a person of the network as that person', () => {
    const result = validateExperimentRequest(
      request({ involved: [{ name: 'B. Lund', email: 'birgitte.lund@kolding.example.com', role: 'citizen', language: 'en' }] }),
      ctx,
    );
    expect(result.ok && result.experiment.involved[0]).toMatchObject({ personId: 'birgitte-lund', role: 'politician', language: 'da' });
  });

  it('reports every bad field at once, by name', () => {
    const result = validateExperimentRequest(
      {
        municipality: 'Odense',
        title: '  ',
        challenge: 'x',
        plan: 'y',
        startsOn: '2027-03-01',
        plannedEndOn: '2027-02-01',
        involved: [{ personId: 'nobody' }, { name: 'A', email: 'not-an-email', role: 'mayor', language: 'de' }, { personId: 'oliver-smith' }, { personId: 'oliver-smith' }],
        colour: 'blue',
      },
      ctx,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const fields = result.errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['municipality', 'title', 'plannedEndOn', 'involved.0.personId', 'involved.1.email', 'involved.1.role', 'involved.1.language', 'involved.3', 'colour']),
    );
    expect(result.errors.find((e) => e.field === 'plannedEndOn')?.message).toBe('must be on or after startsOn');
    expect(result.errors.find((e) => e.field === 'involved.3')?.message).toBe('is already involved');
  });

  it('names missing fields as required', () => {
    const result = validateExperimentRequest({}, ctx);
    expect(!result.ok && result.errors.filter((e) => e.message === 'is required').map((e) => e.field).sort()).toEqual(
      ['challenge', 'municipality', 'plan', 'plannedEndOn', 'startsOn', 'title'],
    );
  });
});

describe('the experiment state model', () => {
  const planned: ExperimentState = { status: 'planned', startsOn: '2027-01-10' };

  it('a note moves a begun planned experiment to running, and keeps a not yet begun one planned', () => {
    expect(addNote(planned, '2027-01-10')).toEqual({ ok: true, next: { ...planned, status: 'running' } });
    expect(addNote(planned, '2027-01-09')).toEqual({ ok: true, next: planned });
  });

  it('completes a running (or begun planned) experiment, and refuses the rest', () => {
    expect(complete({ ...planned, status: 'running' }, '2027-01-05')).toMatchObject({ ok: true, next: { status: 'completed' } });
    expect(complete(planned, '2027-01-10')).toMatchObject({ ok: true, next: { status: 'completed' } });
    expect(complete(planned, '2027-01-09')).toMatchObject({ ok: false, conflict: expect.stringContaining('has not started yet') });
    expect(complete({ ...planned, status: 'completed' }, '2027-02-01')).toMatchObject({ ok: false, conflict: 'The experiment is already completed.' });
    expect(complete({ ...planned, status: 'abandoned' }, '2027-02-01')).toMatchObject({ ok: false });
  });

  it('abandons planned or running experiments only; finished ones take no notes', () => {
    expect(abandon({ ...planned, status: 'running' }, 'no time')).toMatchObject({ ok: true, next: { status: 'abandoned', abandonedReason: 'no time' } });
    expect(abandon({ ...planned, status: 'completed' }, 'x')).toMatchObject({ ok: false });
    expect(abandon({ ...planned, status: 'abandoned' }, 'x')).toMatchObject({ ok: false, conflict: 'The experiment is already abandoned.' });
    expect(addNote({ ...planned, status: 'completed' }, '2027-03-01')).toMatchObject({ ok: false });
    expect(addNote({ ...planned, status: 'abandoned' }, '2027-03-01')).toMatchObject({ ok: false });
  });

  it('validates notes and completions', () => {
    expect(validateNote({ date: '2027-01-11', text: 'Første værksted' }, '2027-01-10')).toEqual({
      ok: false,
      errors: [{ field: 'date', message: 'must not be after today (2027-01-10)' }],
    });
    expect(validateNote({ date: '2027-01-10', text: 'x' }, '2027-01-10').ok).toBe(true);
    const c = validateBody(CompletionBody, { outcome: 'o', learnings: ['a'], reusable: 'r', doDifferently: '' });
    expect(c).toEqual({ ok: true, value: { outcome: 'o', learnings: ['a'], reusable: 'r' } });
    const bad = validateBody(CompletionBody, { outcome: '', learnings: [], reusable: 3 });
    expect(!bad.ok && bad.errors.map((e) => e.field).sort()).toEqual(['learnings', 'outcome', 'reusable']);
  });

  it('today is the date in the network time zone', () => {
    expect(todayIn('Europe/Copenhagen', new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });
});

// ---- the workflow with in-memory ports ----

function memoryPorts(options: { meetings?: UpcomingMeeting[]; failEnqueueOnce?: boolean } = {}) {
  const experiments = new Map<string, ExperimentRecord>();
  const jobs: MailJob[] = [];
  const proposals = new Map<string, AgendaProposal>();
  let failEnqueue = options.failEnqueueOnce ?? false;
  const ports: ExperimentsPorts = {
    async saveExperiment(e) {
      const existing = experiments.get(e.experimentId);
      if (existing) return { created: false, record: structuredClone(existing) };
      const record: ExperimentRecord = { ...structuredClone(e), status: 'planned', registeredAt: '2027-01-01T00:00:00Z' };
      experiments.set(e.experimentId, record);
      return { created: true, record: structuredClone(record) };
    },
    async getExperiment(id) {
      const e = experiments.get(id);
      return e ? structuredClone(e) : undefined;
    },
    async markInvitationsSent(id) {
      experiments.get(id)!.invitationsSentAt ??= 'now';
    },
    async recordCompletion(id, c) {
      const e = experiments.get(id);
      if (!e) return 'missing';
      if (e.status === 'abandoned') return 'abandoned';
      e.status = 'completed';
      e.outcome ??= c.outcome;
      e.learnings ??= c.learnings;
      e.reusable ??= c.reusable;
      if (c.doDifferently !== undefined) e.doDifferently ??= c.doDifferently;
      return structuredClone(e);
    },
    async markLearningsShared(id) {
      experiments.get(id)!.learningsSharedAt ??= 'now';
    },
    listPeople: async () => structuredClone(people),
    async enqueue(batch) {
      if (failEnqueue) {
        failEnqueue = false;
        jobs.push(...structuredClone(batch).slice(0, 1));
        throw new Error('SQS failed halfway');
      }
      jobs.push(...structuredClone(batch));
    },
    findNextMeeting: async () => options.meetings?.[0],
    async chooseAgendaMeeting(id, meetingId) {
      const e = experiments.get(id)!;
      e.agendaMeetingId ??= meetingId;
      return e.agendaMeetingId;
    },
    async putAgendaProposal(meetingId, p) {
      const k = `${meetingId}/${p.experimentId}`;
      if (!proposals.has(k)) proposals.set(k, p);
    },
    now: () => new Date('2027-02-01T10:00:00Z'),
  };
  return { ports, experiments, jobs, proposals };
}

const registered = () => {
  const r = validateExperimentRequest(request(), ctx);
  if (!r.ok) throw new Error('fixture invalid');
  return eventDetailOf(eventSchemas, 'experiment-registered', { ...r.experiment, experimentId: 'exp-1' });
};
const completion: Completion = {
  outcome: 'Tre værksteder med 24 borgere; to ideer afprøves nu.',
  learnings: ['Start med borgernes hverdag, ikke med ydelsen', 'Frivillige vil have en klar, afgrænset rolle'],
  reusable: 'Værkstedsformatet og invitationsteksten.',
  doDifferently: 'Involvere politikerne tidligere.',
};
const completed = () => eventDetailOf(eventSchemas, 'experiment-completed', { experimentId: 'exp-1', ...completion });

describe('experiment-registered', () => {
  it('stores the experiment and enqueues one invitation per involved person, in their language', async () => {
    const m = memoryPorts();
    expect(await handleRegistered(registered(), m.ports)).toEqual({ status: 'invited', invitees: 2 });
    expect(m.experiments.get('exp-1')).toMatchObject({ status: 'planned', title: 'Frivillige i ældreplejen' });
    expect(m.jobs.map((j) => [j.kind, j.recipient.email, j.recipient.language])).toEqual([
      ['experiment-invitation', 'oliver.smith@varde.example.com', 'en'],
      ['experiment-invitation', 'politiker@example.org', 'da'],
    ]);
    const [oliver, outsider] = m.jobs as ExperimentMailJob[];
    // The person from another municipality keeps their municipality; the outsider gets a stable derived id.
    expect(oliver!.recipient).toMatchObject({ personId: 'oliver-smith', municipality: 'Varde' });
    expect(outsider!.recipient.personId).toBe(inspirerPersonId('politiker@example.org'));
    expect(outsider!.contact).toEqual({ name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com' });
    // No one else's contact data travels in a mail job.
    expect(oliver!.experiment.involved).toEqual([]);
  });

  it('does nothing on a duplicate delivery, and repeats only an unfinished fan-out (same mail keys)', async () => {
    const m = memoryPorts({ failEnqueueOnce: true });
    await expect(handleRegistered(registered(), m.ports)).rejects.toThrow(/SQS failed/);
    const firstKeys = m.jobs.map(mailKey);
    expect(await handleRegistered(registered(), m.ports)).toEqual({ status: 'invited', invitees: 2 });
    expect(await handleRegistered(registered(), m.ports)).toEqual({ status: 'already-done' });
    expect(m.jobs).toHaveLength(3);
    // The retried job has the same idempotency key, so the mailer's claim sends it once.
    expect(new Set(m.jobs.map(mailKey)).size).toBe(2);
    expect(m.jobs.map(mailKey)).toEqual(expect.arrayContaining(firstKeys));
  });

  it('names the municipality coordinator as contact, or nobody', () => {
    expect(contactPerson('Aalborg', people)).toEqual({ name: 'Karen Ærø', email: 'karen.aeroe@aalborg.example.com' });
    expect(contactPerson('Ikast-Brande', people)).toBeUndefined();
  });
});

describe('experiment-completed', () => {
  const next: UpcomingMeeting = { meetingId: 'm-next', title: 'Netværksmøde', startsAt: '2027-03-04T12:00:00.000Z' };

  it('mails every person of the network and every involved outsider once and proposes the experiment for the next meeting', async () => {
    const m = memoryPorts({ meetings: [next] });
    await handleRegistered(registered(), m.ports);
    const outsiders = registered().involved.filter((p) => p.personId === undefined).map((p) => involvedPersonId(p));
    expect(outsiders.length).toBeGreaterThan(0);
    m.jobs.length = 0;
    const outcome = await handleCompleted(completed(), m.ports);
    expect(outcome).toEqual({ status: 'shared', recipients: people.length + outsiders.length, agendaMeetingId: 'm-next' });
    expect(m.jobs.map((j) => j.recipient.personId).sort()).toEqual([...people.map((p) => p.personId), ...outsiders].sort());
    expect(m.jobs.every((j) => j.kind === 'experiment-learnings' && (j as ExperimentMailJob).completion?.learnings.length === 2)).toBe(true);
    expect(m.proposals.get('m-next/exp-1')).toMatchObject({ experimentId: 'exp-1', municipality: 'Kolding', ...completion });
    expect(m.experiments.get('exp-1')).toMatchObject({ status: 'completed', agendaMeetingId: 'm-next', learningsSharedAt: 'now' });

    expect(await handleCompleted(completed(), m.ports)).toEqual({ status: 'already-done' });
    expect(m.jobs).toHaveLength(people.length + outsiders.length);
  });

  it('shares what the register holds, not a differing redelivery', async () => {
    const m = memoryPorts();
    await handleRegistered(registered(), m.ports);
    await m.ports.recordCompletion('exp-1', completion);
    m.jobs.length = 0;
    const other = eventDetailOf(eventSchemas, 'experiment-completed', { experimentId: 'exp-1', ...completion, outcome: 'Something else' });
    expect(await handleCompleted(other, m.ports)).toMatchObject({ status: 'shared', agendaMeetingId: null });
    expect((m.jobs[0] as ExperimentMailJob).completion?.outcome).toBe(completion.outcome);
  });

  it('throws for an unknown experiment (retried, then the DLQ) and skips an abandoned one', async () => {
    const m = memoryPorts();
    await expect(handleCompleted(completed(), m.ports)).rejects.toThrow(/not registered/);
    await handleRegistered(registered(), m.ports);
    m.experiments.get('exp-1')!.status = 'abandoned';
    expect(await handleCompleted(completed(), m.ports)).toMatchObject({ status: 'skipped' });
  });
});

// ---- the mails ----

const settings = NetworkSettings.parse({
  name: 'Samskabelsesnetværket',
  municipalities: ['Kolding', 'Varde'],
  senderAddress: 'netvaerk@example.org',
  organizerMailbox: 'moeder@example.org',
  contact: { name: 'Camilla Nørby', phone: '+45 70 10 20 30', email: 'camilla.norby@example.org' },
  practicalInfo: { url: 'https://example.org/praktisk' },
});

function job(kind: ExperimentMailJob['kind'], recipient: Partial<ExperimentMailJob['recipient']> = {}): ExperimentMailJob {
  const { schemaVersion: _v, ...experiment } = registered();
  return {
    kind,
    experiment: { ...experiment, involved: [] },
    recipient: { personId: 'oliver-smith', name: 'Oliver Smith', email: 'oliver.smith@varde.example.com', role: 'citizen', municipality: 'Varde', language: 'en', ...recipient },
    ...(kind === 'experiment-learnings' ? { completion } : { contact: { name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com' } }),
  };
}

const parse = (raw: Uint8Array) => simpleParser(Buffer.from(raw));

describe('experiment mails', () => {
  it('invites in English: the experiment, the part, the municipality across the network, the contact; no calendar', async () => {
    const mail = await parse((await composeMail(job('experiment-invitation'), settings)).raw);
    expect(mail.subject).toBe('Invitation to an experiment: Frivillige i ældreplejen');
    expect(mail.text).toContain('Kolding is running a small co-creation experiment');
    expect(mail.text).toContain('You take part as a citizen.');
    expect(mail.text).toContain('you are from Varde, and the experiment takes place in Kolding');
    expect(mail.text).toContain('uden at de føler sig som gratis arbejdskraft');
    expect(mail.text).toContain('1 November 2026 – 28 February 2027');
    expect(mail.text).toContain('please contact Mette Kjær at mette.kjaer@kolding.example.com');
    expect(mail.replyTo?.value[0]?.address).toBe('mette.kjaer@kolding.example.com');
    expect(mail.attachments.some((a) => a.contentType === 'text/calendar')).toBe(false);
    expect(mail.headers.get('content-language')).toBe('en');
  });

  it('invites an outside politician in Danish', async () => {
    const mail = await parse(
      composeExperimentMail(job('experiment-invitation', { personId: inspirerPersonId('p@example.org'), email: 'p@example.org', name: 'Politiker Pedersen', role: 'politician', language: 'da', municipality: undefined }), settings).raw,
    );
    expect(mail.subject).toBe('Invitation til eksperiment: Frivillige i ældreplejen');
    expect(mail.text).toContain('Du er med som politiker.');
    expect(mail.text).toContain('spille bolden tilbage');
    expect(mail.text).toContain('Du er inviteret med udefra');
    expect(mail.text).toContain('1. november 2026 – 28. februar 2027');
  });

  it('shares the learnings, with the unsubscribe headers when a link is given', async () => {
    const composed = await composeMail(job('experiment-learnings', { language: 'da' }), settings, { links: { unsubscribe: 'https://example.org/u/abc' } });
    const headerBlock = Buffer.from(composed.raw).toString('utf8').split('\r\n\r\n')[0]!;
    expect(headerBlock).toContain('\r\nList-Unsubscribe: <https://example.org/u/abc>\r\n');
    expect(headerBlock).toContain('\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    const da = await parse(composed.raw);
    expect(da.subject).toBe('Det lærte vi: Frivillige i ældreplejen (Kolding)');
    for (const part of [completion.outcome, ...completion.learnings, completion.reusable, completion.doDifferently!]) expect(da.text).toContain(part);
    expect(da.html).toContain('<li>Start med borgernes hverdag, ikke med ydelsen</li>');
    expect(da.text).toContain('https://example.org/u/abc');

    const en = await parse((await composeMail(job('experiment-learnings'), settings)).raw);
    expect(en.subject).toBe('What we learned: Frivillige i ældreplejen (Kolding)');
    expect(en.text).toContain('What others could reuse');
    expect(Buffer.from((await composeMail(job('experiment-learnings'), settings)).raw).toString('utf8')).not.toContain('List-Unsubscribe');
  });

  it('escapes user text in HTML and keeps it out of headers', async () => {
    const j = job('experiment-learnings');
    j.experiment.title = 'Bad\r\nBcc: x@evil.example <script>';
    j.completion = { ...completion, learnings: ['<img src=x onerror=alert(1)>'] };
    const mail = await parse((await composeMail(j, settings)).raw);
    expect(mail.headers.get('bcc')).toBeUndefined();
    expect(mail.subject).toContain('Bad Bcc: x@evil.example <script>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses a learnings job without the completion', async () => {
    const j = job('experiment-learnings');
    delete j.completion;
    await expect(composeMail(j, settings)).rejects.toThrow(/needs the completion/);
  });
});

// ---- the export ----

describe('the register as CSV', () => {
  const TZ = 'Europe/Copenhagen';
  const row: ExportedExperiment = {
    experimentId: 'exp-1',
    municipality: 'Ikast-Brande',
    title: 'Ældre, børn og "fællesskab"; på tværs',
    status: 'completed',
    challenge: 'Hvordan, hvornår og hvorfor?\nTo linjer.',
    plan: 'Prøve det',
    startsOn: '2026-11-01',
    plannedEndOn: '2027-02-28',
    registeredAt: '2026-10-01T00:00:00Z',
    involvedCount: 1,
    involvedPeople: [{ name: 'Søren Østergaard', role: 'coordinator' }],
    notes: [{ date: '2026-12-01', text: 'Første værksted gik godt', n: 1, createdAt: '' }],
    outcome: 'Æbler, øl og ål',
    learnings: ['Lær én ting', '=SUM(A1) er tekst'],
    reusable: 'Alt',
  };

  it('round-trips through the parser with æøå, quotes, semicolons and line breaks intact', () => {
    const csv = exportCsv([row], 'da', TZ);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [header] = parseCsv(csv, { delimiter: ';' });
    expect(header).toHaveLength(EXPORT_KEYS.length);
    expect(header).toContain('Læringer');
    const [record] = parseCsvRecords(csv, { delimiter: ';' });
    expect(record).toMatchObject({
      Titel: row.title,
      Kommune: 'Ikast-Brande',
      Udfordring: row.challenge,
      Resultat: 'Æbler, øl og ål',
      Involverede: 'Søren Østergaard (koordinator)',
      Status: 'Afsluttet',
      Noter: '2026-12-01: Første værksted gik godt',
      'Det ville vi gøre anderledes': '',
    });
    // A formula-looking learning is defused for spreadsheets (only the cell's start is affected).
    expect(record!['Læringer']!.split('\n')).toEqual(['Lær én ting', '=SUM(A1) er tekst']);
    expect(parseCsvRecords(exportCsv([row], 'en', TZ))[0]).toMatchObject({ Learnings: 'Lær én ting\n=SUM(A1) er tekst' });
  });

  it("writes Danish files for Danish Excel (';', Danish labels, the network's clock) and English ones as before", () => {
    // 12:30Z is 13:30 in Copenhagen in winter, 14:30 in summer.
    const winter = { ...row, completedAt: '2027-01-15T12:30:00.000Z' };
    const summer = { ...row, completedAt: '2027-06-15T12:30:00.000Z', status: 'running' as const };
    const da = exportCsv([winter, summer], 'da', TZ);
    expect(da.split('\r\n')[0]!.startsWith('\uFEFFEksperiment-id;Kommune;Titel;Status;')).toBe(true);
    const records = parseCsvRecords(da, { delimiter: ';' });
    expect(records.map((r) => [r.Status, r.Afsluttet])).toEqual([['Afsluttet', '2027-01-15 13:30'], ['I gang', '2027-06-15 14:30']]);
    const en = parseCsvRecords(exportCsv([winter], 'en', TZ));
    expect(en[0]).toMatchObject({ Status: 'completed', Completed: '2027-01-15T12:30:00.000Z', Involved: 'Søren Østergaard (coordinator)' });
  });

  it('neutralises a cell that starts like a formula', () => {
    const [record] = parseCsvRecords(exportCsv([{ ...row, title: '=HYPERLINK("x")' }], 'en', TZ));
    expect(record!.Title).toBe(`'=HYPERLINK("x")`);
  });

  it('gives outsiders the same derived person id as meeting inspirers', () => {
    expect(involvedPersonId({ email: 'A@Example.org' })).toBe(inspirerPersonId('a@example.org'));
    expect(involvedPersonId({ personId: 'oliver-smith', email: 'x@y.z' })).toBe('oliver-smith');
  });
});
