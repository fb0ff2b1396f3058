// Input the api refuses before anything is written or published (issue 13, findings 6 and 9):
// requests whose event would not fit EventBridge's entry (413), bodies not sent as JSON (415),
// text that shows nothing, years far ahead, and answer links from a version before a reschedule.
// The api with the real stores on dynalite, a recording bus and the meetings workflow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { signToken } from '../../functions/domain/link-token.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { httpEvent, lambdaContext, RecordingBus, RecordingQueue } from '../support/ports.js';
import { koldingMeeting } from '../support/meeting.js';
import { importStores, type Stores } from '../support/stores.js';

const TOKEN = 'test-token-0123456789abcdef';
const LINK_SECRET = 'l'.repeat(32);
const NOW = new Date('2027-01-15T09:00:00Z');

let emu: Emulators;
let store: Stores;
let meetings: typeof import('../../functions/meetings/handler.js');
let bus: RecordingBus;
let clock = NOW;
let handler: (event: never, context: never) => Promise<unknown>;

beforeAll(async () => {
  emu = await startEmulators();
  store = await importStores();
  meetings = await import('../../functions/meetings/handler.js');
  const { createApiHandler } = await import('../../functions/api/app.js');
  const { networkSettings } = await import('../../functions/adapters/settings.js');
  const { reflectionStore } = await import('../../functions/adapters/reflection-store.js');
  bus = new RecordingBus();
  handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: networkSettings,
    publish: bus.publish,
    listMeetings: store.listMeetings,
    getMeetingWithInvitations: store.getMeetingWithInvitations,
    now: () => clock,
    lifecycle: {
      getMeeting: store.getMeeting,
      reserveReschedule: store.reserveReschedule,
      reserveClose: store.reserveClose,
      releaseReservation: store.releaseReservation,
      getInvitation: store.getInvitation,
      saveAnswer: store.saveAnswer,
      armFanOutCheck: async () => undefined,
      ...reflectionStore,
      linkSecret: async () => LINK_SECRET,
    },
  }) as never;
});

afterAll(async () => {
  await emu?.stop();
});

beforeEach(() => {
  bus.events.length = 0;
  clock = NOW;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const event = httpEvent(method, path, { token: TOKEN, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  const res = (await handler(event as never, lambdaContext as never)) as APIGatewayProxyStructuredResultV2;
  const text = String(res.body ?? '');
  return { status: res.statusCode ?? 0, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
}

const meetingBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({ ...koldingMeeting, audience: { municipalities: ['Kolding'], roles: ['coordinator'] }, ...overrides });

/** The 329 KB request: 50 agenda items of 500 "€" and 200 inspirers with long names and topics. */
const hugeMeeting = () =>
  meetingBody({
    agenda: Array.from({ length: 50 }, () => '€'.repeat(500)),
    inspirers: Array.from({ length: 200 }, (_, i) => ({
      name: `Inspirator ${i} ${'Æ'.repeat(100)}`,
      email: `inspirator.${i}@example.org`,
      topic: '€'.repeat(300),
      language: 'da',
    })),
  });

/** The meetings workflow without mail or schedules: a recording queue, reminders left out. */
const noMailNoReminders = () => ({
  enqueue: new RecordingQueue().enqueue,
  scheduleReminders: async () => 0,
  createReminder: async () => undefined,
  deleteReminder: async () => undefined,
  armFanOutCheck: async () => undefined,
});

/** Schedules through the api and applies the event with the meetings workflow (no mail: a recording queue). */
async function scheduled(overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/meetings', meetingBody(overrides));
  expect(res.status, res.text).toBe(202);
  await meetings.handleMeetingEvent(bus.events.at(-1)!, noMailNoReminders());
  return res.body.meetingId as string;
}

describe('requests larger than the services take (413)', () => {
  it('refuses the 329 KB meeting naming the field, and publishes nothing', async () => {
    const body = JSON.stringify(hugeMeeting());
    expect(Buffer.byteLength(body)).toBeGreaterThan(300_000);
    const res = await call('POST', '/api/meetings', body);
    expect(res.status, res.text).toBe(413);
    expect(res.body.message).toMatch(/256 KB/);
    expect(res.body.message).toContain('inspirers');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('inspirers');
    expect(bus.events).toHaveLength(0);
  });

  it('refuses a reschedule that would be too large before reserving the version', async () => {
    const meetingId = await scheduled();
    bus.events.length = 0;
    const { agenda, inspirers } = hugeMeeting();
    const res = await call('PATCH', `/api/meetings/${meetingId}`, { agenda, inspirers });
    expect(res.status, res.text).toBe(413);
    expect(bus.events).toHaveLength(0);
    const stored = await store.getMeeting(meetingId);
    expect(stored).toMatchObject({ version: 1, status: 'scheduled' });
    expect(stored?.pendingVersion).toBeUndefined();
    // The next, smaller change is not blocked by a reservation.
    expect((await call('PATCH', `/api/meetings/${meetingId}`, { title: 'Nyt navn' })).status).toBe(202);
  });

  it('refuses a follow-up too large for one event (105,000 characters of "€") and leaves the meeting open', async () => {
    const meetingId = await scheduled();
    bus.events.length = 0;
    clock = new Date('2027-03-05T09:00:00Z');
    const long = '€'.repeat(1000);
    const res = await call('POST', `/api/meetings/${meetingId}/follow-up`, {
      summary: '€'.repeat(5000),
      decisions: Array.from({ length: 50 }, () => long),
      nextSteps: Array.from({ length: 50 }, () => long),
    });
    expect(res.status, res.text).toBe(413);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(bus.events).toHaveLength(0);
    const stored = await store.getMeeting(meetingId);
    expect(stored?.status).toBe('scheduled');
    expect(stored?.pendingStatus).toBeUndefined();
  });
});

describe('JSON routes take only application/json (415)', () => {
  it('refuses JSON sent as text/plain or without a type on every JSON meeting route, and changes nothing', async () => {
    const meetingId = await scheduled();
    bus.events.length = 0;
    const routes: [string, string, unknown][] = [
      ['POST', '/api/meetings', meetingBody()],
      ['PATCH', `/api/meetings/${meetingId}`, { title: 'Nyt navn' }],
      ['POST', `/api/meetings/${meetingId}/cancel`, { reason: 'Aflyst' }],
    ];
    for (const [method, path, body] of routes) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
        const res = await call(method, path, JSON.stringify(body), { 'content-type': type });
        expect(res.status, `${method} ${path} as "${type}"`).toBe(415);
        expect(res.body.errors).toEqual([{ field: 'content-type', message: 'must be application/json' }]);
      }
    }
    expect(bus.events).toHaveLength(0);
    expect(await store.getMeeting(meetingId)).toMatchObject({ version: 1, status: 'scheduled' });
    // With its type (and a charset) the same request is taken.
    expect((await call('PATCH', `/api/meetings/${meetingId}`, { title: 'Nyt navn' }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(202);
  });
});

describe('text and dates', () => {
  it('counts a title of zero-width and bidi characters as empty, and strips overrides from stored text', async () => {
    const invisible = await call('POST', '/api/meetings', meetingBody({ title: '\u200B\u200C\u200D\u2060\uFEFF\u202E\u2066\u00AD \u3164' }));
    expect(invisible.status).toBe(400);
    expect(invisible.body.errors).toContainEqual({ field: 'title', message: 'must not be empty' });
    const inspirer = await call('POST', '/api/meetings', meetingBody({ inspirers: [{ name: '\u202E\u200F', email: 'a@example.org', topic: 'x', language: 'da' }] }));
    expect(inspirer.status).toBe(400);
    expect(inspirer.body.errors.map((e: { field: string }) => e.field)).toContain('inspirers.0.name');
    expect(bus.events).toHaveLength(0);

    const ok = await call('POST', '/api/meetings', meetingBody({ title: 'Møde \u202Etxt.exe\u202C i Kolding' }));
    expect(ok.status).toBe(202);
    expect((bus.events.at(-1)!.detail as { title: string }).title).toBe('Møde txt.exe i Kolding');
  });

  it('refuses a meeting in year 9999 (or more than 5 years ahead), saying the range', async () => {
    const res = await call('POST', '/api/meetings', meetingBody({ startsAt: '9999-03-04T13:00', endsAt: '9999-03-04T16:00' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'startsAt', message: 'must be at most 5 years ahead (before 2032-01-15)' },
      { field: 'endsAt', message: 'must be at most 5 years ahead (before 2032-01-15)' },
    ]);
    expect(bus.events).toHaveLength(0);
    expect((await call('POST', '/api/meetings', meetingBody({ startsAt: '2031-12-04T13:00', endsAt: '2031-12-04T16:00' }))).status).toBe(202);
  });
});

describe('an answer link from before a reschedule', () => {
  const PERSON = 'mette-kjaer';
  const answerOf = async (meetingId: string) =>
    (await store.getMeetingWithInvitations(meetingId))?.invitations.find((i) => i.personId === PERSON)?.answer ?? null;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

  it('shows the new time and asks again; only a confirmation of the current version is recorded', async () => {
    const meetingId = await scheduled();
    const v1Link = signToken(LINK_SECRET, { purpose: 'rsvp', meetingId, personId: PERSON, answer: 'accept', version: 1 }, new Date('2027-03-04T15:00:00Z'));
    const res = await call('PATCH', `/api/meetings/${meetingId}`, { startsAt: '2027-03-11T09:00', endsAt: '2027-03-11T12:00' });
    expect(res.status, res.text).toBe(202);
    await meetings.handleMeetingEvent(bus.events.at(-1)!, noMailNoReminders());
    expect(await store.getMeeting(meetingId)).toMatchObject({ version: 2 });

    const page = await callWithQuery('GET', '/rsvp/accept', v1Link, '', {});
    expect(page.status).toBe(409);
    expect(page.text).toContain('Mødet er ændret');
    expect(page.text).toMatch(/11\. marts 2027/);
    expect(page.text).toContain('name="v" value="2"');

    // The old link posted as is (a one-click client, or the page of before the reschedule): asked again, nothing recorded.
    const form1 = { 'content-type': 'application/x-www-form-urlencoded' };
    const stale = await callWithQuery('POST', '/rsvp/accept', v1Link, form({ v: '1' }), form1);
    expect(stale.status).toBe(409);
    const bare = await callWithQuery('POST', '/rsvp/accept', v1Link, '', form1);
    expect(bare.status).toBe(409);
    expect(await answerOf(meetingId)).toBeNull();
    expect(bus.events.filter((e) => e['detail-type'] === 'rsvp-received')).toHaveLength(0);

    // Confirmed on the page that showed version 2: recorded.
    const confirmed = await callWithQuery('POST', '/rsvp/accept', v1Link, form({ v: '2' }), form1);
    expect(confirmed.status).toBe(200);
    expect(await answerOf(meetingId)).toBe('accept');
  });

  it('records a link of the current version in one step, as before', async () => {
    const meetingId = await scheduled();
    const link = signToken(LINK_SECRET, { purpose: 'rsvp', meetingId, personId: PERSON, answer: 'decline', version: 1 }, new Date('2027-03-04T15:00:00Z'));
    const page = await callWithQuery('GET', '/rsvp/decline', link, '', {});
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Mødet er ændret');
    const res = await callWithQuery('POST', '/rsvp/decline', link, '', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status, res.text).toBe(200);
    expect(res.text).toContain('Tak for dit svar');
    expect(await answerOf(meetingId)).toBe('decline');
  });
});

/** A public link request: the token in ?t=, a form body. */
async function callWithQuery(method: string, path: string, token: string, body: string, headers: Record<string, string>) {
  const event = httpEvent(method, path, { headers, ...(body ? { body } : {}) });
  const withQuery = { ...event, rawQueryString: `t=${encodeURIComponent(token)}`, queryStringParameters: { t: token }, pathParameters: undefined };
  const res = (await handler(withQuery as never, lambdaContext as never)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode ?? 0, text: String(res.body ?? '') };
}
