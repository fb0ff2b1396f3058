// The daily digest with the real adapters against dynalite and aws-ses-v2-local: a facilitator's
// preference, the digest workflow reading the table (meetings, answers, reflections), the mail
// jobs it queues, and the mailer sending them. Nothing is sent when nothing came in the day before
// (or nobody asked for it); a second run the same day sends nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SQSBatchResponse } from 'aws-lambda';
import type { DigestMailJob, MailJob } from '../../functions/contract/mail-job.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { lambdaContext, RecordingQueue, sqsBatches, sqsRecord } from '../support/ports.js';
import { importStores, type Stores } from '../support/stores.js';

let emu: Emulators;
let store: Stores;
let digest: typeof import('../../functions/adapters/digest-store.js');
let workflow: typeof import('../../functions/digest/workflow.js');
let mailer: typeof import('../../functions/mailer/handler.js');
let queue: RecordingQueue;

const FACILITATOR = 'camilla-norby';
const meeting = {
  meetingId: 'digest-m1',
  version: 1,
  title: 'Netværksmøde i Varde',
  agenda: [],
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  place: 'Varde',
  hostMunicipality: 'Varde',
  audience: { municipalities: ['Varde'], roles: [] },
  inspirers: [],
};
const recipient = (personId: string, name: string) => ({ personId, name, email: `${personId}@varde.example.com`, role: 'coordinator' as const, municipality: 'Varde', language: 'da' as const });

beforeAll(async () => {
  emu = await startEmulators({ tableName: 'samskab-demo-digest' });
  store = await importStores();
  digest = await import('../../functions/adapters/digest-store.js');
  workflow = await import('../../functions/digest/workflow.js');
  mailer = await import('../../functions/mailer/handler.js');
  await store.saveMeeting(meeting, new Date('2027-02-01T09:00:00Z'));
  await store.putInvitations(meeting.meetingId, 1, [recipient('anne-marie-friis', 'Anne Marie Friis'), recipient('rasmus-krogh', 'Rasmus Krogh')], { endsAt: meeting.endsAt });
});
afterAll(async () => emu?.stop());

/** A run of the digest at `now`, its jobs captured. */
async function runAt(now: string) {
  queue = new RecordingQueue();
  const outcome = await workflow.sendDailyDigest({
    listDigestSubscribers: digest.listDigestSubscribers,
    listMeetings: store.listMeetings,
    listInvitations: store.listInvitations,
    listReflections: store.listReflections,
    listPeople: store.listPeople,
    enqueue: queue.enqueue,
    facilitators: () => ['camilla-norby', 'thomas-berg'],
    timeZone: () => 'Europe/Copenhagen',
    now: () => new Date(now),
  });
  return { outcome, jobs: queue.jobs };
}

async function deliver(jobs: readonly MailJob[]) {
  for (const batch of sqsBatches(jobs.map((j) => sqsRecord(JSON.stringify(j))))) {
    expect((await mailer.handler(batch, lambdaContext)) as SQSBatchResponse).toEqual({ batchItemFailures: [] });
  }
}

describe('the daily digest', () => {
  it('sends nothing while nobody asked for it', async () => {
    await store.saveAnswer(meeting.meetingId, 'anne-marie-friis', 'accept', new Date('2027-02-10T10:00:00Z'), meeting.endsAt);
    expect((await runAt('2027-02-11T06:00:00Z')).outcome).toEqual({ status: 'no-subscribers', date: '2027-02-10' });
  });

  it('a facilitator turns it on (a repeat is the same); others and people no longer facilitators are not subscribers', async () => {
    await digest.setDigestSubscription(FACILITATOR, true, new Date('2027-02-10T08:00:00Z'));
    await digest.setDigestSubscription(FACILITATOR, true, new Date('2027-02-10T08:00:01Z'));
    await digest.setDigestSubscription('mette-kjaer', true, new Date('2027-02-10T08:00:00Z'));
    expect(await digest.isDigestSubscriber(FACILITATOR)).toBe(true);
    expect((await digest.listDigestSubscribers()).sort()).toEqual([FACILITATOR, 'mette-kjaer']);
  });

  it('sends what came in on the local day before: answers and reflections, one mail per subscribing facilitator', async () => {
    // 23:30 local on the 10th (22:30Z) is in; 00:30 local on the 11th (23:30Z) is the next day's.
    await store.saveAnswer(meeting.meetingId, 'rasmus-krogh', 'decline', new Date('2027-02-10T22:30:00Z'), meeting.endsAt);
    await store.saveReflection(meeting.meetingId, { personId: 'anne-marie-friis', name: 'Anne Marie Friis', text: 'Et lærerigt møde', submittedAt: '2027-02-10T12:00:00.000Z' }, meeting.endsAt);
    const { outcome, jobs } = await runAt('2027-02-11T06:00:00Z');
    expect(outcome).toEqual({ status: 'sent', date: '2027-02-10', mails: 1, meetings: 1 });
    const job = jobs[0] as DigestMailJob;
    expect(job.recipient.personId).toBe(FACILITATOR);
    expect(job.meetings).toEqual([{
      meetingId: meeting.meetingId,
      title: meeting.title,
      startsAt: meeting.startsAt,
      answers: [{ name: 'Anne Marie Friis', answer: 'accept' }, { name: 'Rasmus Krogh', answer: 'decline' }],
      reflections: [{ name: 'Anne Marie Friis', text: 'Et lærerigt møde' }],
      more: 0,
    }]);

    await emu.clearSes();
    await deliver(jobs);
    // The same day's run again (a retried invocation): the same job, and the mailer sends it once.
    await deliver((await runAt('2027-02-11T09:00:00Z')).jobs);
    const sent = await emu.sesEmails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.destination.to[0]).toContain('camilla');
    expect(sent[0]!.subject).toMatch(/nye svar og refleksioner/);
  });

  it('sends nothing on a day nothing came in', async () => {
    expect((await runAt('2027-02-13T06:00:00Z')).outcome).toEqual({ status: 'nothing-new', date: '2027-02-12' });
  });

  it('stops when the facilitator turns it off', async () => {
    await digest.setDigestSubscription(FACILITATOR, false, new Date('2027-02-12T08:00:00Z'));
    await store.saveAnswer(meeting.meetingId, 'anne-marie-friis', 'maybe', new Date('2027-02-13T10:00:00Z'), meeting.endsAt);
    expect((await runAt('2027-02-14T06:00:00Z')).outcome).toEqual({ status: 'no-subscribers', date: '2027-02-13' });
  });
});
