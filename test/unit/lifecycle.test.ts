// The meeting lifecycle workflows (functions/meetings/lifecycle.ts) with in-memory ports:
// reschedule diffs, cancel, follow-up with status requests, reminders checked at send time,
// and idempotence under duplicate and crashed deliveries.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetailOf, RsvpAnswer } from '../../functions/contract/events.js';
import type { MailJob, MeetingMailJob, MeetingSnapshot, Recipient } from '../../functions/contract/mail-job.js';
import type { FollowUpRecord, InvitationRecord, InvitationWriteOptions, MeetingRecord, PreviousDetails, ReminderSchedule } from '../../functions/domain/meeting/model.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';
import {
  cancelMeeting,
  followUpMeeting,
  MeetingNotFoundYetError,
  rescheduleMeeting,
  scheduleReminders,
  sendReminders,
  statusRequestFor,
  type LifecyclePorts,
  type RunningExperiment,
} from '../../functions/meetings/lifecycle.js';
import { plannedReminders, reminderName } from '../../functions/domain/meeting/reminders.js';
import { scheduleMeeting } from '../../functions/meetings/schedule.js';

const people: NetworkPerson[] = [
  { personId: 'anna', name: 'Anna', email: 'anna@kolding.dk', role: 'coordinator', municipality: 'Kolding', language: 'da' },
  { personId: 'bo', name: 'Bo', email: 'bo@kolding.dk', role: 'politician', municipality: 'Kolding', language: 'da' },
  { personId: 'carl', name: 'Carl', email: 'carl@varde.dk', role: 'coordinator', municipality: 'Varde', language: 'en' },
  { personId: 'dina', name: 'Dina', email: 'dina@aalborg.dk', role: 'coordinator', municipality: 'Aalborg', language: 'da' },
];

class Memory implements LifecyclePorts {
  meetings = new Map<string, MeetingRecord>();
  invitations = new Map<string, Map<string, Omit<InvitationRecord, 'answer' | 'answeredAt'>>>();
  answers = new Map<string, { answer: RsvpAnswer; answeredAt: string }>();
  jobs: MailJob[] = [];
  schedules = new Map<string, ReminderSchedule>();
  deleted: string[] = [];
  running: RunningExperiment[] = [];
  clock = new Date('2027-02-01T10:00:00Z');
  crashOnEnqueue = false;

  now = () => this.clock;
  reminderOffsetsHours = () => [168, 24];
  createReminder = async (r: ReminderSchedule) => void this.schedules.set(r.name, r);
  deleteReminder = async (name: string) => {
    this.deleted.push(name);
    this.schedules.delete(name);
  };
  getMeeting = async (id: string) => structuredClone(this.meetings.get(id));
  saveMeeting = async (m: MeetingSnapshot) => {
    const existing = this.meetings.get(m.meetingId);
    if (existing) return { created: false, fanOutDone: (existing.fanOutVersion ?? 0) >= m.version };
    this.meetings.set(m.meetingId, { ...structuredClone(m), status: 'scheduled', createdAt: this.clock.toISOString() });
    return { created: true, fanOutDone: false };
  };
  applyReschedule = async (m: MeetingSnapshot, previous: PreviousDetails) => {
    const cur = this.meetings.get(m.meetingId);
    if (!cur || cur.version >= m.version || (cur.status ?? 'scheduled') !== 'scheduled') return false;
    const { place: _p, onlineUrl: _o, ...rest } = cur;
    this.meetings.set(m.meetingId, { ...rest, ...structuredClone(m), previous });
    return true;
  };
  closeMeeting = async (id: string, close: { status: 'cancelled'; reason: string } | { status: 'held'; followUp: FollowUpRecord }) => {
    const cur = this.meetings.get(id);
    if (!cur || (cur.status ?? 'scheduled') !== 'scheduled') return false;
    cur.status = close.status;
    if (close.status === 'cancelled') cur.cancelReason = close.reason;
    else cur.followUp = close.followUp;
    delete cur.pendingStatus;
    return true;
  };
  markCloseFanOutDone = async (id: string) => void (this.meetings.get(id)!.closeFanOutDone = true);
  listPeople = async () => people;
  listInvitations = async (id: string): Promise<InvitationRecord[]> =>
    [...(this.invitations.get(id)?.values() ?? [])].map((i) => ({ ...structuredClone(i), ...(this.answers.get(`${id}/${i.recipient.personId}`) ?? {}) }));
  putInvitations = async (id: string, version: number, recipients: readonly Recipient[], options: InvitationWriteOptions = {}) => {
    const m = this.invitations.get(id) ?? new Map();
    for (const r of recipients) m.set(r.personId, { recipient: r, invitedVersion: version, firstVersion: options.firstVersion?.get(r.personId) ?? version });
    for (const r of options.removed ?? []) m.set(r.personId, { recipient: r, invitedVersion: version, firstVersion: version, removedVersion: version });
    this.invitations.set(id, m);
  };
  enqueue = async (jobs: readonly MailJob[]) => {
    if (this.crashOnEnqueue) {
      this.crashOnEnqueue = false;
      throw new Error('crash');
    }
    this.jobs.push(...structuredClone(jobs));
  };
  markFanOutDone = async (id: string, v: number) => {
    const m = this.meetings.get(id)!;
    m.fanOutVersion = Math.max(m.fanOutVersion ?? 0, v);
  };
  runningExperiments = async () => this.running;
  scheduleReminders = (m: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'startsAt'>) => scheduleReminders(m, this);
  answer(id: string, personId: string, answer: RsvpAnswer) {
    this.answers.set(`${id}/${personId}`, { answer, answeredAt: this.clock.toISOString() });
  }
}

const scheduled = (overrides: Partial<DetailOf<'meeting-scheduled'>> = {}): DetailOf<'meeting-scheduled'> => ({
  schemaVersion: 1,
  meetingId: 'm1',
  version: 1,
  title: 'Netværksmøde',
  agenda: ['Velkomst'],
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding', 'Varde'], roles: [] },
  inspirers: [],
  ...overrides,
});

const rescheduled = (version: number, over: Partial<DetailOf<'meeting-rescheduled'>> = {}): DetailOf<'meeting-rescheduled'> => {
  const { version: _v, ...base } = scheduled();
  return { ...base, version, changed: ['time'], startsAt: '2027-03-05T13:00:00+01:00', endsAt: '2027-03-05T16:00:00+01:00', ...over };
};

const byKind = (jobs: MailJob[]) => jobs.map((j) => `${j.kind}:${j.recipient.personId}`).sort();

let mem: Memory;
beforeEach(async () => {
  mem = new Memory();
  await scheduleMeeting(scheduled(), mem);
  mem.jobs.length = 0;
});

describe('reminder schedules', () => {
  it('plans one schedule per offset, skipping offsets already past, with derivable names of at most 64 characters', () => {
    const id = '0b4c2f0e-5d8a-4b71-9a3c-6f1e2d3c4b5a';
    const plan = plannedReminders({ meetingId: id, version: 12, startsAt: '2027-03-04T13:00:00+01:00' }, [168, 24, 24], new Date('2027-02-28T12:00:00Z'));
    expect(plan.map((p) => p.detail.offsetHours)).toEqual([24]);
    expect(plan[0]!.at.toISOString()).toBe('2027-03-03T12:00:00.000Z');
    expect(plan[0]!.name).toBe(`r-${id}-v12-24h`);
    expect(reminderName('x'.repeat(64), 100, 1440).length).toBeLessThanOrEqual(64);
  });

  it('schedules the first version reminders when the meeting is scheduled', () => {
    expect([...mem.schedules.keys()].sort()).toEqual(['r-m1-v1-168h', 'r-m1-v1-24h']);
  });
});

describe('reschedule', () => {
  it('updates existing invitees (with what changed, what they were told and their answer), invites new ones, cancels removed ones', async () => {
    mem.answer('m1', 'anna', 'accept');
    const outcome = await rescheduleMeeting(rescheduled(2, { changed: ['time', 'audience'], audience: { municipalities: ['Kolding', 'Aalborg'], roles: [] } }), mem);
    expect(outcome).toMatchObject({ status: 'rescheduled', updates: 2, invitations: 1, cancellations: 1, reminders: 2 });
    expect(byKind(mem.jobs)).toEqual(['cancellation:carl', 'invitation:dina', 'update:anna', 'update:bo']);
    const anna = mem.jobs.find((j) => j.recipient.personId === 'anna') as MeetingMailJob;
    expect(anna).toMatchObject({ changed: ['time', 'audience'], answer: 'accept', previous: { startsAt: '2027-03-04T13:00:00+01:00', place: 'Kolding Rådhus' } });
    expect(anna.meeting).toMatchObject({ version: 2, startsAt: '2027-03-05T13:00:00+01:00' });
    // The removed invitee's cancellation shows the meeting as they knew it, at the new version (higher SEQUENCE).
    const carl = mem.jobs.find((j) => j.recipient.personId === 'carl') as MeetingMailJob;
    expect(carl.meeting).toMatchObject({ version: 2, startsAt: '2027-03-04T13:00:00+01:00' });
    // Old reminders gone, new ones there.
    expect([...mem.schedules.keys()].sort()).toEqual(['r-m1-v2-168h', 'r-m1-v2-24h']);
    expect(mem.deleted.sort()).toEqual(['r-m1-v1-168h', 'r-m1-v1-24h']);
    // The answer is kept.
    expect((await mem.listInvitations('m1')).find((i) => i.recipient.personId === 'anna')?.answer).toBe('accept');
  });

  it('does nothing for a duplicate or an older version', async () => {
    await rescheduleMeeting(rescheduled(2), mem);
    const n = mem.jobs.length;
    expect(await rescheduleMeeting(rescheduled(2), mem)).toEqual({ status: 'already-done' });
    await rescheduleMeeting(rescheduled(3), mem);
    const m = n + (mem.jobs.length - n);
    expect((await rescheduleMeeting(rescheduled(2), mem)).status).toBe('skipped');
    expect(mem.jobs.length).toBe(m);
  });

  it('redoes a crashed fan-out with the same mails (new people still get an invitation, removed ones a cancellation)', async () => {
    mem.crashOnEnqueue = true;
    const event = rescheduled(2, { changed: ['audience'], audience: { municipalities: ['Kolding', 'Aalborg'], roles: [] } });
    await expect(rescheduleMeeting(event, mem)).rejects.toThrow('crash');
    expect(mem.jobs).toHaveLength(0);
    await rescheduleMeeting(event, mem);
    expect(byKind(mem.jobs)).toEqual(['cancellation:carl', 'invitation:dina', 'update:anna', 'update:bo']);
  });

  it('is retried while the meeting is not stored yet, and skipped once it is cancelled', async () => {
    await expect(rescheduleMeeting(rescheduled(2, { meetingId: 'nope' }), mem)).rejects.toBeInstanceOf(MeetingNotFoundYetError);
    await cancelMeeting({ schemaVersion: 1, meetingId: 'm1', version: 1, reason: 'Sygdom' }, mem);
    expect(await rescheduleMeeting(rescheduled(2), mem)).toEqual({ status: 'skipped', reason: 'meeting is cancelled' });
  });
});

describe('cancel', () => {
  it('sends every invitee (also those who declined) a cancellation with the reason, deletes reminders, once', async () => {
    mem.answer('m1', 'bo', 'decline');
    const event = { schemaVersion: 1 as const, meetingId: 'm1', version: 1, reason: 'Sygdom' };
    const get = mem.getMeeting;
    let reads = 0;
    mem.getMeeting = (id: string) => (reads++, get(id));
    expect(await cancelMeeting(event, mem)).toEqual({ status: 'cancelled', cancellations: 3 });
    // The applied close is not read back: one GetItem per delivery.
    expect(reads).toBe(1);
    expect(byKind(mem.jobs)).toEqual(['cancellation:anna', 'cancellation:bo', 'cancellation:carl']);
    expect(mem.jobs.every((j) => (j as MeetingMailJob).reason === 'Sygdom')).toBe(true);
    expect(mem.schedules.size).toBe(0);
    expect(await cancelMeeting(event, mem)).toEqual({ status: 'already-done' });
    expect(mem.jobs).toHaveLength(3);
  });
});

describe('reminders at send time', () => {
  it('reminds everyone who has not declined, and nobody for an old version, a cancelled or a started meeting', async () => {
    mem.answer('m1', 'bo', 'decline');
    mem.answer('m1', 'anna', 'maybe');
    const due = { schemaVersion: 1 as const, meetingId: 'm1', version: 1, offsetHours: 168 };
    expect(await sendReminders(due, mem)).toEqual({ status: 'reminded', reminders: 2 });
    expect(byKind(mem.jobs)).toEqual(['reminder:anna', 'reminder:carl']);
    expect((mem.jobs[0] as MeetingMailJob).reminderOffsetHours).toBe(168);

    await rescheduleMeeting(rescheduled(2), mem);
    mem.jobs.length = 0;
    expect((await sendReminders(due, mem)).status).toBe('skipped');
    mem.clock = new Date('2027-03-06T10:00:00Z');
    expect(await sendReminders({ ...due, version: 2 }, mem)).toEqual({ status: 'skipped', reason: 'meeting has already started' });
    mem.clock = new Date('2027-02-01T10:00:00Z');
    await cancelMeeting({ schemaVersion: 1, meetingId: 'm1', version: 2, reason: 'x' }, mem);
    mem.jobs.length = 0;
    expect((await sendReminders({ ...due, version: 2 }, mem)).status).toBe('skipped');
    expect(mem.jobs).toHaveLength(0);
  });
});

describe('follow-up', () => {
  it('goes to everyone who did not decline; coordinators are asked about their municipality running experiments', async () => {
    mem.answer('m1', 'carl', 'decline');
    mem.running = [
      { experimentId: 'e1', municipality: 'Kolding', title: 'Borgerpanel' },
      { experimentId: 'e2', municipality: 'Varde', title: 'Walk and talk' },
    ];
    const held = { schemaVersion: 1 as const, meetingId: 'm1', summary: 'Godt møde', decisions: ['A'], nextSteps: ['B'] };
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'held', followUps: 2, statusRequests: 1 });
    expect(byKind(mem.jobs)).toEqual(['follow-up:anna', 'follow-up:bo']);
    const anna = mem.jobs.find((j) => j.recipient.personId === 'anna') as MeetingMailJob;
    expect(anna.followUp).toEqual({ summary: 'Godt møde', decisions: ['A'], nextSteps: ['B'], statusRequest: [{ experimentId: 'e1', title: 'Borgerpanel' }] });
    expect((mem.jobs.find((j) => j.recipient.personId === 'bo') as MeetingMailJob).followUp?.statusRequest).toBeUndefined();
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'already-done' });
    expect(await cancelMeeting({ schemaVersion: 1, meetingId: 'm1', version: 1, reason: 'x' }, mem)).toEqual({ status: 'skipped', reason: 'meeting is held' });
  });

  it('asks only coordinators', () => {
    const running = [{ experimentId: 'e1', municipality: 'Kolding', title: 'T' }];
    expect(statusRequestFor({ personId: 'bo', name: 'Bo', email: 'b@x.dk', role: 'politician', municipality: 'Kolding', language: 'da' }, running)).toEqual([]);
  });
});
