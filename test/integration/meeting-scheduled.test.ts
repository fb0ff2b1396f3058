// The meeting-scheduled workflow with the real AWS SDK clients against dynalite and
// aws-ses-v2-local: api handler -> (event) -> meetings workflow -> (mail jobs) -> mailer handler
// -> SES emulator, and the sent mail read back and checked down to the calendar fields.
import type { MeetingMailJob } from '../../functions/contract/mail-job.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import ICAL from 'ical.js';
import { MessageRejected, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { MailJob } from '../../functions/contract/mail-job.js';
import type { ComposedMail } from '../../functions/mail/index.js';
import { startEmulators, type Emulators, type StoredEmail } from '../support/emulators.js';
import { httpEvent, lambdaContext, RecordingBus, RecordingQueue, sqsBatches, sqsRecord } from '../support/ports.js';
import { koldingMeeting } from '../support/meeting.js';
import { importStores, type Stores } from '../support/stores.js';

type ApiModule = typeof import('../../functions/api/app.js');
type StoreModule = Stores;
type MeetingsModule = typeof import('../../functions/meetings/handler.js');
type MailerModule = typeof import('../../functions/mailer/handler.js');

const TOKEN = 'test-token-0123456789abcdef';
const NOW = new Date('2027-01-15T09:00:00Z');

let emu: Emulators;
let store: StoreModule;
let meetings: MeetingsModule;
let mailer: MailerModule;
let createApiHandler: ApiModule['createApiHandler'];
let bus: RecordingBus;
let queue: RecordingQueue;
let api: (event: unknown) => Promise<{ status: number; body: any; headers: Record<string, string> }>;

const meetingBody = (overrides: Record<string, unknown> = {}) => ({
  ...koldingMeeting,
  audience: { municipalities: ['Kolding', 'Varde'], roles: ['coordinator', 'politician', 'citizen'] },
  inspirers: [
    { name: 'Navn Efternavn', email: 'inspirator@example.org', topic: 'Politiske paradokser i samskabelse', language: 'da' },
    { name: 'Jane Doe', email: 'jane.doe@example.com', topic: 'Volunteer consultants in co-creation', language: 'en' },
  ],
  ...overrides,
});

/** Kolding and Varde coordinators, politicians and citizens in networks/demo.json, and the two inspirers. */
const EXPECTED_INVITEES = [
  'mette.kjaer@kolding.example.com',
  'birgitte.lund@kolding.example.com',
  'aksel.holm@kolding.example.com',
  'anne.marie.friis@varde.example.com',
  'ida.soendergaard@varde.example.com',
  'oliver.smith@varde.example.com',
  'inspirator@example.org',
  'jane.doe@example.com',
].sort();
const ENGLISH = new Set(['oliver.smith@varde.example.com', 'jane.doe@example.com']);

beforeAll(async () => {
  emu = await startEmulators();
  store = await importStores();
  meetings = await import('../../functions/meetings/handler.js');
  mailer = await import('../../functions/mailer/handler.js');
  ({ createApiHandler } = await import('../../functions/api/app.js'));
  const { networkSettings } = await import('../../functions/adapters/settings.js');
  bus = new RecordingBus();
  const handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: networkSettings,
    publish: bus.publish,
    listMeetings: store.listMeetings,
    getMeetingWithInvitations: store.getMeetingWithInvitations,
    now: () => NOW,
  });
  api = async (event) => {
    const res = (await handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode ?? 0, body: JSON.parse(String(res.body)), headers: (res.headers ?? {}) as Record<string, string> };
  };
});

afterAll(async () => {
  await emu?.stop();
});

beforeEach(async () => {
  bus.events.length = 0;
  queue = new RecordingQueue();
  await emu.clearSes();
});

const meetingPorts = () => ({
  saveMeeting: (m: Parameters<StoreModule['saveMeeting']>[0]) => store.saveMeeting(m),
  listPeople: store.listPeople,
  putInvitations: store.putInvitations,
  enqueue: queue.enqueue,
  markFanOutDone: store.markFanOutDone,
  recordFanOutProgress: store.recordFanOutProgress,
  // Reminders and fan-out checks are covered by test/integration/api-handler.test.ts and the unit tests.
  scheduleReminders: async () => 0,
  armFanOutCheck: async () => undefined,
});

async function scheduleViaApi(body = meetingBody()) {
  const res = await api(httpEvent('POST', '/api/meetings', { token: TOKEN, body: JSON.stringify(body) }));
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const event = bus.events.at(-1)!;
  return { meetingId: res.body.meetingId as string, event };
}

const recordsOf = (jobs: readonly MailJob[]) => jobs.map((job) => sqsRecord(JSON.stringify(job)));

async function runMailer(event: SQSEvent, ports?: Parameters<MailerModule['handleMailBatch']>[1]): Promise<SQSBatchResponse> {
  // No SQS here: throttled mails stay reported as failures, as when ChangeMessageVisibility is not possible.
  const keepInQueue = async (messages: ReadonlyArray<{ messageId: string }>) => messages.map((m) => m.messageId);
  return ports ? mailer.handleMailBatch(event, ports, undefined, keepInQueue) : ((await mailer.handler(event, lambdaContext)) as SQSBatchResponse);
}

/** DTSTART read through the calendar's own VTIMEZONE, so the instant checks the zone rules sent. */
function startOf(vcalendar: ICAL.Component): ICAL.Time {
  const vtimezone = vcalendar.getFirstSubcomponent('vtimezone')!;
  const zone = new ICAL.Timezone(vtimezone);
  const start = (vcalendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('dtstart') as ICAL.Time).clone();
  start.zone = zone;
  return start;
}

async function calendarOf(mail: ParsedMail) {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  expect(part, 'calendar part').toBeDefined();
  return { part: part!, vcalendar: new ICAL.Component(ICAL.parse(part!.content.toString('utf8'))) };
}

describe('meeting-scheduled, end to end through the emulators', () => {
  it('sends one invitation with a correct calendar invite per invitee, in their language', async () => {
    const { meetingId, event } = await scheduleViaApi();
    expect(bus.events).toHaveLength(1);
    expect(event['detail-type']).toBe('meeting-scheduled');
    expect(event.detail).toMatchObject({ meetingId, version: 1, startsAt: '2027-03-04T13:00:00+01:00', timeZone: 'Europe/Copenhagen' });

    const outcome = await meetings.handleMeetingEvent(event, meetingPorts());
    expect(outcome).toEqual({ status: 'invited', invitees: EXPECTED_INVITEES.length, reminders: 0 });
    expect(queue.jobs.map((j) => j.recipient.email).sort()).toEqual(EXPECTED_INVITEES);

    // The raw MIME as sent, to check headers the emulator's store does not keep.
    const raws = new Map<string, ComposedMail>();
    const teeing = { ...mailer.mailerPorts, send: (mail: ComposedMail, job: MailJob) => (raws.set(mail.to, mail), mailer.mailerPorts.send(mail, job)) };
    for (const batch of sqsBatches(recordsOf(queue.jobs))) {
      expect(await runMailer(batch, teeing)).toEqual({ batchItemFailures: [] });
    }

    const emails = await emu.sesEmails();
    expect(emails.map((e) => e.destination.to.join(',').replace(/^.*<|>$/g, '')).sort()).toEqual(EXPECTED_INVITEES);

    for (const to of EXPECTED_INVITEES) {
      const composed = raws.get(to)!;
      const mail = await simpleParser(Buffer.from(composed.raw));
      const stored = emails.find((e: StoredEmail) => e.destination.to.some((t) => t.includes(to)))!;
      expect(stored.subject).toBe(mail.subject);
      expect(mail.from?.value[0]?.address).toBe('netvaerk@example.org');

      const english = ENGLISH.has(to);
      expect(mail.text).toContain(english ? 'We would like to invite you' : 'Vi vil gerne invitere dig');
      expect(stored.body.text).toContain(english ? 'We would like to invite you' : 'Vi vil gerne invitere dig');

      const { part, vcalendar } = await calendarOf(mail);
      expect((part.headers.get('content-type') as { params?: Record<string, string> }).params?.method).toBe('REQUEST');
      // The emulator's stored copy carries the same calendar.
      const storedIcs = stored.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      expect(Buffer.from(storedIcs!.content, 'base64').toString('utf8')).toBe(part.content.toString('utf8'));

      expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(vcalendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Copenhagen');
      const vevent = vcalendar.getFirstSubcomponent('vevent')!;
      expect(vevent.getFirstPropertyValue('uid')).toBe(`${meetingId}@samskab`);
      expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
      expect(String(vevent.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:svar@example.org');
      const attendees = vevent.getAllProperties('attendee');
      expect(attendees).toHaveLength(1);
      expect(String(attendees[0]!.getFirstValue()).toLowerCase()).toBe(`mailto:${to}`);
      expect(attendees[0]!.getParameter('rsvp')).toBe('TRUE');
      const dtstart = vevent.getFirstProperty('dtstart')!;
      expect(dtstart.getParameter('tzid')).toBe('Europe/Copenhagen');
      const start = startOf(vcalendar);
      expect([start.hour, start.minute]).toEqual([13, 0]);
      expect(new Date(start.toUnixTime() * 1000).toISOString()).toBe('2027-03-04T12:00:00.000Z');
      expect(vevent.getFirstPropertyValue('summary')).toBe('Netværksmøde: politiske paradokser');
    }

    // The facilitator's view: every invitee, delivered.
    const page = await api(httpEvent('GET', `/api/meetings/${meetingId}`, { token: TOKEN }));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(page.body).toMatchObject({ meetingId, version: 1, title: 'Netværksmøde: politiske paradokser', hostMunicipality: 'Kolding' });
    expect(page.body.invitations.map((i: { email: string }) => i.email).sort()).toEqual(EXPECTED_INVITEES);
    for (const invitation of page.body.invitations) {
      expect(invitation).toMatchObject({ answer: null, deliveryStatus: 'sent' });
      expect(Object.keys(invitation)).toEqual(
        expect.arrayContaining(['personId', 'name', 'email', 'role', 'municipality', 'language', 'answer', 'deliveryStatus']),
      );
    }
    const oliver = page.body.invitations.find((i: { email: string }) => i.email === 'oliver.smith@varde.example.com');
    expect(oliver).toMatchObject({ personId: 'oliver-smith', role: 'citizen', municipality: 'Varde', language: 'en' });
    const jane = page.body.invitations.find((i: { email: string }) => i.email === 'jane.doe@example.com');
    expect(jane).toMatchObject({ role: 'inspirer', municipality: null, language: 'en', topic: 'Volunteer consultants in co-creation' });

    const list = await api(httpEvent('GET', '/api/meetings', { token: TOKEN }));
    expect(list.status).toBe(200);
    expect(list.body.meetings).toContainEqual(expect.objectContaining({ meetingId, startsAt: '2027-03-04T13:00:00+01:00' }));
    // A summary: the meeting's time, place and status, without its agenda, audience or inspirers.
    const summary = list.body.meetings.find((m: { meetingId: string }) => m.meetingId === meetingId);
    expect(summary).toMatchObject({ version: 1, timeZone: 'Europe/Copenhagen', hostMunicipality: 'Kolding', status: 'scheduled' });
    for (const left of ['agenda', 'audience', 'inspirers', 'createdAt', 'fanOutVersion']) expect(summary).not.toHaveProperty(left);
  });

  it('sends exactly one mail per invitee when the event and every queue message arrive twice', async () => {
    const { event } = await scheduleViaApi(meetingBody({ startsAt: '2027-06-10T13:00', endsAt: '2027-06-10T16:00' }));

    // Two concurrent deliveries both fan out (neither sees the other's marker yet) ...
    const outcomes = await Promise.all([meetings.handleMeetingEvent(event, meetingPorts()), meetings.handleMeetingEvent(event, meetingPorts())]);
    expect(outcomes.filter((o) => o.status === 'invited').length).toBeGreaterThanOrEqual(1);
    // ... and a later redelivery finds the fan-out done and does nothing.
    const jobsBefore = queue.jobs.length;
    expect(await meetings.handleMeetingEvent(event, meetingPorts())).toEqual({ status: 'already-done' });
    expect(queue.jobs.length).toBe(jobsBefore);

    // Every queue message delivered twice: in the same batch, in separate batches, and concurrently.
    const records = recordsOf([...queue.jobs, ...queue.jobs]);
    const reversed = [...records].reverse().map((r) => sqsRecord(r.body));
    const results = await Promise.all([...sqsBatches(records), ...sqsBatches(reversed, 7)].map((batch) => runMailer(batch)));
    // A copy that met another copy's claim mid-flight comes back later; by then it is done.
    const retried = results.flatMap((r) => r.batchItemFailures.map((f) => f.itemIdentifier));
    const all = [...records, ...reversed];
    for (const batch of sqsBatches(all.filter((r) => retried.includes(r.messageId)))) {
      expect(await runMailer(batch)).toEqual({ batchItemFailures: [] });
    }

    const emails = await emu.sesEmails();
    const recipients = emails.map((e) => e.destination.to.join(',').replace(/^.*<|>$/g, '')).sort();
    expect(recipients).toEqual(EXPECTED_INVITEES);

    // A summer meeting: 13:00 in Copenhagen is 11:00Z.
    const ics = emails[0]!.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    const start = startOf(new ICAL.Component(ICAL.parse(Buffer.from(ics.content, 'base64').toString('utf8'))));
    expect([start.hour, start.minute, start.zone?.tzid]).toEqual([13, 0, 'Europe/Copenhagen']);
    expect(new Date(start.toUnixTime() * 1000).toISOString()).toBe('2027-06-10T11:00:00.000Z');
  });

  it('never takes over a claim whose holder stopped (lease expired): it is abandoned, and recorded unconfirmed', async () => {
    const { meetingId, event } = await scheduleViaApi();
    await meetings.handleMeetingEvent(event, meetingPorts());
    const [job, other] = queue.jobs;
    const t0 = new Date();
    expect(await store.claimMail(job!, t0)).toBe('claimed');
    expect(await store.claimMail(job!, new Date(t0.getTime() + 1000))).toBe('in-progress');
    const later = new Date(t0.getTime() + store.MAIL_CLAIM_LEASE_MS + 1000);
    expect(await store.claimMail(job!, later)).toBe('abandoned');
    await store.recordMailUnconfirmed(job!, 'stopped', later);
    expect(await store.claimMail(job!, later)).toBe('done');
    // A late record of the send wins over 'unconfirmed' (the mail did go out).
    await store.markMailSent({ job: job!, sesMessageId: 'm-1', sentAt: new Date() });
    expect((await store.getMeetingWithInvitations(meetingId))!.invitations.find((i) => i.personId === job!.recipient.personId)!.deliveryStatus).toBe('sent');
    // A stale record never replaces a claim or a sent mail.
    expect(await store.claimMail(other!, t0)).toBe('claimed');
    await store.recordMailStale(other!, 'outdated');
    await store.recordMailStale(job!, 'outdated');
    const page = (await store.getMeetingWithInvitations(meetingId))!.invitations;
    expect(page.find((i) => i.personId === other!.recipient.personId)!.deliveryStatus).toBe('sending');
    expect(page.find((i) => i.personId === job!.recipient.personId)!.deliveryStatus).toBe('sent');
  });

  it("reads a batch's meetings and its removal cancellations' invitations in one BatchGetItem", async () => {
    const { meetingId, event } = await scheduleViaApi();
    await meetings.handleMeetingEvent(event, meetingPorts());
    const [job] = queue.jobs as MeetingMailJob[];
    const removal: MeetingMailJob = { ...job!, kind: 'cancellation', removedFromAudience: true };
    const gone: MeetingMailJob = { ...job!, meeting: { ...job!.meeting, meetingId: 'no-such-meeting' } };
    const read = await store.currentMeetingStates([job!, removal, gone]);
    expect(read.meetings.get(meetingId)).toEqual({ version: 1, status: 'scheduled', startsAt: job!.meeting.startsAt });
    expect(read.meetings.has('no-such-meeting')).toBe(false);
    expect(read.invitations.get(`${meetingId}#${job!.recipient.personId}`)).toEqual({ invitedVersion: 1 });
  });

  it('rejects bad input field by field and stores and publishes nothing', async () => {
    const before = (await store.listMeetings()).length;
    const res = await api(
      httpEvent('POST', '/api/meetings', {
        token: TOKEN,
        body: JSON.stringify(
          meetingBody({
            title: '',
            startsAt: '2027-03-28T02:30',
            hostMunicipality: 'Odense',
            place: undefined,
            audience: { municipalities: ['Kolding', 'Odense'], roles: ['mayor'] },
            inspirers: [{ name: 'A', email: 'not-an-email', topic: 'x', language: 'da' }],
          }),
        ),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'audience.municipalities.1',
      'audience.roles.0',
      'hostMunicipality',
      'inspirers.0.email',
      'place',
      'startsAt',
      'title',
    ]);

    const notJson = await api(httpEvent('POST', '/api/meetings', { token: TOKEN, body: '{"title": ' }));
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ field: 'body', message: expect.stringContaining('not valid JSON') }]);
    const empty = await api(httpEvent('POST', '/api/meetings', { token: TOKEN }));
    expect(empty.status).toBe(400);

    expect(bus.events).toHaveLength(0);
    expect((await store.listMeetings()).length).toBe(before);
  });

  it('answers 401 without a valid token and does nothing', async () => {
    const body = JSON.stringify(meetingBody());
    for (const token of [undefined, '', 'wrong-token', `${TOKEN}x`]) {
      const res = await api(httpEvent('POST', '/api/meetings', { body, ...(token !== undefined ? { token } : {}) }));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await api(httpEvent('GET', '/api/meetings', { headers: { authorization: `Basic ${TOKEN}` } }))).status).toBe(401);
    expect(bus.events).toHaveLength(0);
  });

  it('answers 404 for unknown meetings and routes, 405 for a wrong method', async () => {
    expect((await api(httpEvent('GET', '/api/meetings/does-not-exist', { token: TOKEN }))).status).toBe(404);
    expect((await api(httpEvent('GET', '/api/nothing-here', { token: TOKEN }))).status).toBe(404);
    const wrong = await api(httpEvent('DELETE', '/api/meetings', { token: TOKEN }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST, GET');
  });

  it('retries throttled sends through the queue without losing a mail, and records a permanent rejection', async () => {
    const { meetingId, event } = await scheduleViaApi(meetingBody({ onlineUrl: 'https://meet.example.org/netvaerk' }));
    await meetings.handleMeetingEvent(event, meetingPorts());
    const records = recordsOf(queue.jobs);

    const throttled = new Set(['mette.kjaer@kolding.example.com', 'oliver.smith@varde.example.com']);
    const rejected = 'jane.doe@example.com';
    const flaky = {
      ...mailer.mailerPorts,
      send: async (mail: ComposedMail, job: MailJob) => {
        if (throttled.has(mail.to)) throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
        if (mail.to === rejected) throw new MessageRejected({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } });
        return mailer.mailerPorts.send(mail, job);
      },
    };

    const failures = (await Promise.all(sqsBatches(records).map((b) => runMailer(b, flaky)))).flatMap((r) => r.batchItemFailures);
    const failedEmails = failures.map((f) => JSON.parse(records.find((r) => r.messageId === f.itemIdentifier)!.body).recipient.email).sort();
    expect(failedEmails).toEqual([...throttled].sort());

    let page = await api(httpEvent('GET', `/api/meetings/${meetingId}`, { token: TOKEN }));
    const status = (email: string) => page.body.invitations.find((i: { email: string }) => i.email === email).deliveryStatus;
    expect(status('mette.kjaer@kolding.example.com')).toBe('retrying');
    expect(status(rejected)).toBe('rejected');
    expect(status('ida.soendergaard@varde.example.com')).toBe('sent');

    // The queue redelivers the failed items (and, being at least once, the rejected one too).
    const redelivered = records.filter((r) => failures.some((f) => f.itemIdentifier === r.messageId) || r.body.includes(rejected));
    expect(await runMailer({ Records: redelivered })).toEqual({ batchItemFailures: [] });

    const recipients = (await emu.sesEmails()).map((e) => e.destination.to.join(',').replace(/^.*<|>$/g, '')).sort();
    expect(recipients).toEqual(EXPECTED_INVITEES.filter((e) => e !== rejected));

    page = await api(httpEvent('GET', `/api/meetings/${meetingId}`, { token: TOKEN }));
    const janeRow = page.body.invitations.find((i: { email: string }) => i.email === rejected);
    expect(janeRow).toMatchObject({ deliveryStatus: 'rejected', deliveryDetail: expect.stringContaining('MessageRejected') });
    expect(page.body.invitations.filter((i: { deliveryStatus: string }) => i.deliveryStatus === 'sent')).toHaveLength(EXPECTED_INVITEES.length - 1);
  });

  it('sends a malformed queue message back as a failure (it ends in the DLQ) and the rest of the batch through', async () => {
    const { event } = await scheduleViaApi();
    await meetings.handleMeetingEvent(event, meetingPorts());
    const good = recordsOf(queue.jobs.slice(0, 2));
    const bad = [sqsRecord('not json'), sqsRecord(JSON.stringify({ kind: 'invitation' }))];
    const res = await runMailer({ Records: [...good, ...bad] });
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(bad.map((r) => r.messageId).sort());
    expect(await emu.sesEmails()).toHaveLength(2);
  });

  it('rejects an event that breaks the contract', async () => {
    const { event } = await scheduleViaApi();
    const broken = { ...event, detail: { ...(event.detail as object), startsAt: 'tomorrow' } };
    await expect(meetings.handleMeetingEvent(broken, meetingPorts())).rejects.toThrow(/invalid meeting-scheduled event/);
    expect(queue.jobs).toHaveLength(0);
  });
});
