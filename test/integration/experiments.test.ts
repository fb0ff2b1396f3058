// The experiment register with the real adapters against dynalite and aws-ses-v2-local:
// api (createApiHandler with the real store) -> (event) -> experiments workflow -> (mail jobs)
// -> mailer handler -> SES emulator; the state writes, 409s, exports and agenda proposal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2, SQSBatchResponse } from 'aws-lambda';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailJob } from '../../functions/contract/mail-job.js';
import { involvedPersonId } from '../../functions/domain/person/audience.js';
import { parseCsvRecords } from '../../functions/domain/csv.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { httpEvent, lambdaContext, RecordingBus, RecordingQueue, sqsBatches, sqsRecord } from '../support/ports.js';
import { importStores, type Stores } from '../support/stores.js';

type Store = Stores;
type ExperimentsStore = typeof import('../../functions/adapters/experiments-store.js');

const TOKEN = 'test-token-0123456789abcdef';
const NOW = new Date('2027-01-15T09:00:00Z');
/** The api's clock (NOW, except where a test moves it). */
let apiNow = NOW;

let emu: Emulators;
let store: Store;
let xstore: ExperimentsStore;
let experiments: typeof import('../../functions/experiments/handler.js');
let mailer: typeof import('../../functions/mailer/handler.js');
let workflow: typeof import('../../functions/experiments/workflow.js');
let bus: RecordingBus;
let queue: RecordingQueue;
let failPublish = 0;
let api: (method: string, path: string, body?: unknown, query?: Record<string, string>) => Promise<{ status: number; body: any; raw: string; headers: Record<string, string> }>;

beforeAll(async () => {
  emu = await startEmulators();
  store = await importStores();
  xstore = await import('../../functions/adapters/experiments-store.js');
  experiments = await import('../../functions/experiments/handler.js');
  mailer = await import('../../functions/mailer/handler.js');
  workflow = await import('../../functions/experiments/workflow.js');
  const { createApiHandler } = await import('../../functions/api/app.js');
  const { networkSettings } = await import('../../functions/adapters/settings.js');
  bus = new RecordingBus();
  const handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: networkSettings,
    publish: async (type, detail) => {
      if (failPublish > 0) {
        failPublish -= 1;
        throw new Error('PutEvents failed');
      }
      return bus.publish(type, detail);
    },
    listMeetings: store.listMeetings,
    getMeetingWithInvitations: store.getMeetingWithInvitations,
    now: () => apiNow,
    experiments: {
      listPeople: store.listPeople,
      getExperiment: xstore.getExperiment,
      getExperimentDetails: xstore.getExperimentDetails,
      listExperiments: xstore.listExperiments,
      addExperimentNote: (id, e, n, note) => xstore.addExperimentNote(id, e, n, note, NOW),
      abandonExperiment: (id, e, reason) => xstore.abandonExperiment(id, e, reason, NOW),
      completeExperiment: (id, e, c) => xstore.completeExperiment(id, e, c, NOW),
      markCompletionPublished: xstore.markCompletionPublished,
      listAgendaProposals: xstore.listAgendaProposals,
      updateExperiment: xstore.experimentsStore.updateExperiment,
      setInvolved: xstore.experimentsStore.setInvolved,
    },
    search: {
      listExperiments: xstore.listExperiments,
      listExperimentNotes: xstore.listExperimentNotes,
      listMeetings: store.listMeetings,
      listReflections: store.listReflections,
      listPeople: store.listPeople,
    },
  });
  api = async (method, path, body, query) => {
    const event = httpEvent(method, path, { token: TOKEN, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const res = (await handler({ ...event, ...(query ? { queryStringParameters: query } : {}) } as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    const raw = String(res.body ?? '');
    let parsed: unknown = raw;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // CSV
    }
    return { status: res.statusCode ?? 0, body: parsed, raw, headers: (res.headers ?? {}) as Record<string, string> };
  };

  // Meetings around NOW: one already started, the next one, and a later one.
  const meeting = (id: string, startsAt: string) => ({
    meetingId: id, version: 1, title: `Møde ${id}`, agenda: [], startsAt, endsAt: startsAt.replace('T12', 'T15'),
    timeZone: 'Europe/Copenhagen', hostMunicipality: 'Varde', audience: { municipalities: [], roles: [] }, inspirers: [],
  });
  await store.saveMeeting(meeting('m-past', '2027-01-10T12:00:00+01:00'));
  await store.saveMeeting(meeting('m-next', '2027-03-04T12:00:00+01:00'));
  // A cancelled meeting before it: never the next meeting (written as the meetings workflow marks it).
  await store.saveMeeting(meeting('m-cancelled', '2027-02-01T12:00:00+01:00'));
  await DynamoDBDocumentClient.from(emu.dynamo).send(new UpdateCommand({
    TableName: emu.tableName, Key: { pk: 'MEETING#m-cancelled', sk: 'MEETING' },
    UpdateExpression: 'SET #s = :c', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':c': 'cancelled' },
  }));
  await store.saveMeeting(meeting('m-later', '2027-05-06T12:00:00+02:00'));
});

afterAll(async () => {
  await emu?.stop();
});

const workflowPorts = () => ({
  saveExperiment: (e: Parameters<ExperimentsStore['saveExperiment']>[0]) => xstore.saveExperiment(e, NOW),
  getExperiment: xstore.getExperiment,
  markInvitationsSent: (id: string) => xstore.markInvitationsSent(id, NOW),
  recordCompletion: (id: string, c: Parameters<ExperimentsStore['recordCompletion']>[1]) => xstore.recordCompletion(id, c, NOW),
  markLearningsShared: (id: string) => xstore.markLearningsShared(id, NOW),
  listPeople: store.listPeople,
  enqueue: queue.enqueue,
  findNextMeeting: () => xstore.findNextMeeting(NOW),
  chooseAgendaMeeting: xstore.chooseAgendaMeeting,
  putAgendaProposal: xstore.putAgendaProposal,
  now: () => NOW,
});

async function deliverMail(jobs: readonly MailJob[]) {
  for (const batch of sqsBatches(jobs.map((j) => sqsRecord(JSON.stringify(j))))) {
    expect((await mailer.handler(batch, lambdaContext)) as SQSBatchResponse).toEqual({ batchItemFailures: [] });
  }
}

const registration = {
  municipality: 'Kolding',
  title: 'Ældre og frivillige: »Fællesskab på tværs«',
  challenge: 'Hvordan får vi frivillige med, uden at de bliver gratis arbejdskraft? Et politisk paradoks.',
  plan: 'Tre værksteder med borgere, en frivillig konsulent og en politiker.',
  startsOn: '2027-01-04',
  plannedEndOn: '2027-03-31',
  involved: [
    { personId: 'oliver-smith' },
    { name: 'Politiker Pedersen', email: 'pp@politik.example.org', role: 'politician', language: 'da' },
  ],
};
const completion = {
  outcome: 'Værkstederne gav tre ideer; én afprøves nu i Kolding og Varde.',
  learnings: ['Start i borgernes hverdag', 'Giv de frivillige en afgrænset rolle', 'Politikerne skal med fra første værksted'],
  reusable: 'Værkstedsformatet, invitationen og spørgeguiden.',
  doDifferently: 'Vi ville invitere Ærø-gruppen tidligere.',
};

describe('the experiment register through the api, the workflow and the mailer', () => {
  let experimentId: string;

  it('refuses bad input field by field and stores and publishes nothing', async () => {
    queue = new RecordingQueue();
    const res = await api('POST', '/api/experiments', { ...registration, municipality: 'Odense', startsOn: '2027-13-01', involved: [{ personId: 'ghost' }, { name: 'X', email: 'nope', role: 'citizen', language: 'da' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['involved.0.personId', 'involved.1.email', 'municipality', 'startsOn']);
    expect((await api('POST', '/api/experiments', '{"title":')).status).toBe(400);
    expect(bus.events).toHaveLength(0);
    expect(await xstore.listExperiments()).toEqual([]);
  });

  it('registers: stores the experiment and invites each involved person once, in their language', async () => {
    const res = await api('POST', '/api/experiments', registration);
    expect(res.status).toBe(202);
    experimentId = res.body.experimentId;
    expect(res.headers.location).toBe(`/api/experiments/${experimentId}`);
    const event = bus.events.at(-1)!;
    expect(event['detail-type']).toBe('experiment-registered');

    expect(await experiments.handleExperimentEvent(event, workflowPorts())).toEqual({ status: 'invited', invitees: 2 });
    expect(await experiments.handleExperimentEvent(event, workflowPorts())).toEqual({ status: 'already-done' });
    await deliverMail([...queue.jobs, ...queue.jobs]);
    const mails = await emu.sesEmails();
    expect(mails.map((m) => [m.destination.to.join(','), m.subject]).sort()).toEqual([
      [expect.stringContaining('oliver.smith@varde.example.com'), 'Invitation to an experiment: Ældre og frivillige: »Fællesskab på tværs«'],
      [expect.stringContaining('pp@politik.example.org'), 'Invitation til eksperiment: Ældre og frivillige: »Fællesskab på tværs«'],
    ]);

    const page = await api('GET', `/api/experiments/${experimentId}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ experimentId, status: 'planned', municipality: 'Kolding', notes: [] });
    expect(page.body.involved.map((p: { name: string; invitationStatus: string }) => [p.name, p.invitationStatus])).toEqual([
      ['Oliver Smith', 'sent'],
      ['Politiker Pedersen', 'sent'],
    ]);
  });

  it('takes dated notes (planned -> running) and refuses a note dated in the future', async () => {
    const future = await api('POST', `/api/experiments/${experimentId}/notes`, { date: '2027-01-16', text: 'x' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'date', message: 'must not be after today (2027-01-15)' }]);
    const a = await api('POST', `/api/experiments/${experimentId}/notes`, { date: '2027-01-12', text: 'Første værksted: 14 borgere.' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'running', note: { date: '2027-01-12', n: 1 } });
    const b = await api('POST', `/api/experiments/${experimentId}/notes`, { date: '2027-01-12', text: 'Samme dag, anden note.' });
    expect(b.body).toMatchObject({ status: 'running', note: { n: 2 } });
    expect((await api('GET', `/api/experiments/${experimentId}`)).body.notes.map((n: { text: string }) => n.text)).toEqual([
      'Første værksted: 14 borgere.',
      'Samme dag, anden note.',
    ]);
  });

  it('completes: stores the learnings, mails every person of the network and the involved outsider once, proposes it for the next meeting', async () => {
    queue = new RecordingQueue();
    await emu.clearSes();
    const bad = await api('POST', `/api/experiments/${experimentId}/complete`, { outcome: '', learnings: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['learnings', 'outcome', 'reusable']);
    expect((await xstore.getExperiment(experimentId))?.status).toBe('running');

    const res = await api('POST', `/api/experiments/${experimentId}/complete`, completion);
    expect(res.status).toBe(202);
    expect(await xstore.getExperiment(experimentId)).toMatchObject({ status: 'completed', completionEvent: 'published', ...completion });
    const event = bus.events.at(-1)!;
    expect(event['detail-type']).toBe('experiment-completed');

    const outcome = await experiments.handleExperimentEvent(event, workflowPorts());
    expect(outcome).toEqual({ status: 'shared', recipients: emu.config.people.length + 1, agendaMeetingId: 'm-next' });
    expect(await experiments.handleExperimentEvent(event, workflowPorts())).toEqual({ status: 'already-done' });
    await deliverMail(queue.jobs);
    await deliverMail(queue.jobs); // a redelivery of every job sends nothing more
    const mails = await emu.sesEmails();
    expect(mails).toHaveLength(emu.config.people.length + 1);
    const to = mails.map((m) => m.destination.to.join(',').replace(/^.*<|>$/g, '')).sort();
    expect(to).toEqual([...emu.config.people.map((p) => p.email), 'pp@politik.example.org'].sort());
    const emma = mails.find((m) => m.destination.to.join().includes('emma.wilson'))!;
    expect(emma.subject).toBe('What we learned: Ældre og frivillige: »Fællesskab på tværs« (Kolding)');
    expect(emma.body.text).toContain('Politikerne skal med fra første værksted');

    const proposals = await api('GET', '/api/meetings/m-next/agenda-proposals');
    expect(proposals.body).toEqual({
      meetingId: 'm-next',
      experiments: [expect.objectContaining({ experimentId, municipality: 'Kolding', learnings: completion.learnings })],
    });
    expect((await api('GET', '/api/meetings/m-later/agenda-proposals')).body.experiments).toEqual([]);
  });

  it('answers 409 on forbidden transitions and writes nothing', async () => {
    const note = await api('POST', `/api/experiments/${experimentId}/notes`, { date: '2027-01-15', text: 'for sent' });
    expect(note.status).toBe(409);
    expect(note.body).toEqual({ message: 'The experiment is completed, so it cannot get more notes.', status: 'completed' });
    expect((await api('POST', `/api/experiments/${experimentId}/abandon`, { reason: 'x' })).status).toBe(409);
    expect((await api('POST', `/api/experiments/${experimentId}/complete`, completion)).status).toBe(409);
    expect((await xstore.getExperiment(experimentId))?.noteCount).toBe(2);
    expect((await api('POST', '/api/experiments/nope/complete', completion)).status).toBe(404);
  });

  it('finds a learning by another inflection through GET /api/search, filtered by municipality', async () => {
    // "politikere" is neither the stored word ("Politikerne") nor a prefix of it: the Danish stemmer finds it.
    const found = await api('GET', '/api/search', undefined, { q: 'politikere værksted', lang: 'da' });
    expect(found.status).toBe(200);
    expect(found.body.hits).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'learning', experimentId, snippet: 'Politikerne skal med fra første værksted', municipality: 'Kolding' }),
    ]));
    expect((await api('GET', '/api/search', undefined, { q: 'politikere', municipality: 'Varde' })).body.hits).toEqual([]);
    // Search reads an experiment's notes alone, not the mail records in its partition.
    expect((await xstore.listExperimentNotes(experimentId)).map((n) => n.n)).toEqual([1, 2]);
    const bad = await api('GET', '/api/search', undefined, { q: '', lang: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lang', 'q']);
  });

  it('lists the register with filters and exports it as CSV and JSON', async () => {
    const all = await api('GET', '/api/experiments');
    expect(all.body.experiments).toEqual([expect.objectContaining({ experimentId, status: 'completed', learnings: completion.learnings, involvedCount: 2 })]);
    expect(all.body.experiments[0].involved).toBeUndefined();
    expect((await api('GET', '/api/experiments', undefined, { state: 'completed', municipality: 'Kolding' })).body.experiments).toHaveLength(1);
    expect((await api('GET', '/api/experiments', undefined, { state: 'running' })).body.experiments).toHaveLength(0);
    expect((await api('GET', '/api/experiments', undefined, { municipality: 'Varde' })).body.experiments).toHaveLength(0);
    const bad = await api('GET', '/api/experiments', undefined, { state: 'done', municipality: 'Odense', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'municipality', 'state']);

    const csv = await api('GET', '/api/experiments/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="experiments-2027-01-15\.csv"$/);
    expect(csv.raw.startsWith('\uFEFF')).toBe(true);
    const [row] = parseCsvRecords(csv.raw, { delimiter: ';' });
    expect(row).toMatchObject({
      Titel: registration.title,
      Status: 'Afsluttet',
      Læringer: completion.learnings.join('\n'),
      'Det ville vi gøre anderledes': completion.doDifferently,
      Involverede: 'Oliver Smith (borger)\nPolitiker Pedersen (politiker)',
    });
    const json = await api('GET', '/api/experiments/export.json');
    expect(json.headers['content-disposition']).toMatch(/^attachment; filename="experiments-2027-01-15\.json"$/);
    // The file is named by the network's date: 23:30 UTC is already the next day in Copenhagen.
    apiNow = new Date('2027-01-15T23:30:00Z');
    try {
      expect((await api('GET', '/api/experiments/export.csv')).headers['content-disposition']).toBe('attachment; filename="experiments-2027-01-16.csv"');
    } finally {
      apiNow = NOW;
    }
    expect(json.body.experiments[0]).toMatchObject({ title: registration.title, learnings: completion.learnings, notes: [expect.any(Object), expect.any(Object)] });
    expect(JSON.stringify(json.body)).not.toContain('pp@politik.example.org');
  });

  it('lets only one of two concurrent completions win', async () => {
    const res = await api('POST', '/api/experiments', { ...registration, title: 'Anden', involved: [] });
    const id = res.body.experimentId as string;
    queue = new RecordingQueue();
    await experiments.handleExperimentEvent(bus.events.at(-1)!, workflowPorts());
    const statuses = (await Promise.all([
      api('POST', `/api/experiments/${id}/complete`, completion),
      api('POST', `/api/experiments/${id}/abandon`, { reason: 'Ingen tid' }),
      api('POST', `/api/experiments/${id}/complete`, completion),
    ])).map((r) => r.status);
    expect(statuses.filter((s) => s === 202 || s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
  });

  it('publishes a completion whose event did not get out when the request is repeated', async () => {
    const res = await api('POST', '/api/experiments', { ...registration, title: 'Tredje', involved: [] });
    const id = res.body.experimentId as string;
    await experiments.handleExperimentEvent(bus.events.at(-1)!, workflowPorts());
    const before = bus.events.length;
    failPublish = 1;
    expect((await api('POST', `/api/experiments/${id}/complete`, completion)).status).toBe(500);
    expect(await xstore.getExperiment(id)).toMatchObject({ status: 'completed', completionEvent: 'pending' });
    expect((await api('POST', `/api/experiments/${id}/complete`, { ...completion, outcome: 'andet' })).status).toBe(409);
    expect((await api('POST', `/api/experiments/${id}/complete`, completion)).status).toBe(202);
    expect(bus.events.length).toBe(before + 1);
    expect(await xstore.getExperiment(id)).toMatchObject({ completionEvent: 'published' });
  });

  it('finds the next meeting: not started, not cancelled; none when none is coming', async () => {
    expect(involvedPersonId({ email: 'pp@politik.example.org' })).toMatch(/^x-/);
    expect(await xstore.findNextMeeting(new Date('2027-06-01T00:00:00Z'))).toBeUndefined();
    expect(await xstore.findNextMeeting(new Date('2027-03-04T11:00:00Z'))).toMatchObject({ meetingId: 'm-later' });
    expect(await xstore.findNextMeeting(new Date('2027-03-04T10:59:59Z'))).toMatchObject({ meetingId: 'm-next' });
    expect(await xstore.findNextMeeting(new Date('2027-01-20T00:00:00Z'))).toMatchObject({ meetingId: 'm-next' });
  });
});

describe('personal data of people involved in an experiment', () => {
  it('export and erasure find the experiment before any mail about it was sent or recorded', async () => {
    const privacy = await import('../../functions/adapters/privacy-store.js');
    const outsider = { name: 'Ulla Udefra', email: 'ulla@forening.example.org', role: 'citizen', language: 'da' } as const;
    const experimentId = 'involved-before-any-mail';
    await xstore.saveExperiment({
      experimentId, municipality: 'Kolding', title: 'Foreningsliv', challenge: 'Hvem taler for de unge?', plan: 'Et panel.',
      startsOn: '2027-02-01', plannedEndOn: '2027-05-01', involved: [outsider],
    });
    const ulla = involvedPersonId(outsider);
    const exported = await privacy.exportPerson(ulla);
    expect(exported?.experiments).toEqual([expect.objectContaining({ experimentId, involvement: expect.objectContaining({ email: outsider.email }) })]);
    expect(exported?.other).toEqual([]);

    expect(await privacy.erasePerson(ulla)).toMatchObject({ experimentsUpdated: 1 });
    expect(JSON.stringify(await xstore.getExperiment(experimentId)).toLowerCase()).not.toContain('ulla');
    expect(await privacy.exportPerson(ulla)).toBeUndefined();
  });
});
