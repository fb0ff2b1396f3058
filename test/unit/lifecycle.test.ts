// The meeting lifecycle workflows (functions/meetings/lifecycle.ts) with in-memory ports:
// reschedule diffs, cancel, follow-up with status requests, reminders checked at send time,
// and idempotence under duplicate and crashed deliveries.
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetailOf, RsvpAnswer } from '../../functions/contract/events.js';
import type { MailJob, MeetingMailJob, MeetingSnapshot, Recipient } from '../../functions/contract/mail-job.js';
import type { FanOutProgress, FollowUpRecord, InvitationRecord, InvitationWriteOptions, MeetingRecord, PreviousDetails, ReminderSchedule, SentReminder } from '../../functions/domain/meeting/model.js';
import type { FanOutCheck } from '../../functions/domain/meeting/fan-out.js';
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
import { staleReason } from '../../functions/domain/mail/staleness.js';
import { checkFanOut, FanOutStuckError } from '../../functions/meetings/fan-out-check.js';
import { changeBlockedBy, FAN_OUT_CHECK_DELAY_MS, MAX_FAN_OUT_CHECKS, pendingChangeOf } from '../../functions/domain/meeting/fan-out.js';

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
  checks: FanOutCheck[] = [];
  progress: FanOutProgress[] = [];

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
  applyReschedule = async (m: MeetingSnapshot, previous: PreviousDetails, changed?: readonly string[]) => {
    const cur = this.meetings.get(m.meetingId);
    if (!cur || cur.version >= m.version || (cur.status ?? 'scheduled') !== 'scheduled') return false;
    const { place: _p, onlineUrl: _o, pendingChange: _c, pendingAt: _a, ...rest } = cur;
    this.meetings.set(m.meetingId, { ...rest, ...structuredClone(m), previous, ...(changed ? { changed: [...changed] as MeetingRecord['changed'] } : {}) });
    return true;
  };
  recordFanOutProgress = async (id: string, p: Omit<FanOutProgress, 'at'>) => {
    const m = this.meetings.get(id)!;
    if (m.fanOut && m.fanOut.version > p.version) return;
    m.fanOut = { ...p, at: this.clock.getTime() };
    this.progress.push(m.fanOut);
  };
  armFanOutCheck = async (c: FanOutCheck) => void this.checks.push(c);
  closeMeeting = async (id: string, close: { status: 'cancelled'; reason: string } | { status: 'held'; followUp: FollowUpRecord }) => {
    const cur = this.meetings.get(id);
    if (!cur || (cur.status ?? 'scheduled') !== 'scheduled') return false;
    cur.status = close.status;
    if (close.status === 'cancelled') cur.cancelReason = close.reason;
    else cur.followUp = close.followUp;
    delete cur.pendingStatus;
    delete cur.pendingChange;
    return true;
  };
  markCloseFanOutDone = async (id: string) => void (this.meetings.get(id)!.closeFanOutDone = true);
  recordReminderSent = async (id: string, sent: SentReminder) => {
    const m = this.meetings.get(id)!;
    m.remindersSent = [...(m.remindersSent ?? []), sent];
  };
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
  scheduleReminders = (m: Pick<MeetingSnapshot, 'meetingId' | 'version' | 'startsAt' | 'reminders'>) => scheduleReminders(m, this);
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

  it('marks the cancellation of someone who left the audience, also when only their own record changed, and the mailer sends it', async () => {
    const before = mem.listPeople;
    // Carl moved to Aalborg; the reschedule itself changed only the time.
    mem.listPeople = async () => people.map((p) => (p.personId === 'carl' ? { ...p, municipality: 'Aalborg' } : p));
    await rescheduleMeeting(rescheduled(2, { changed: ['time'] }), mem);
    mem.listPeople = before;
    const carl = mem.jobs.find((j) => j.recipient.personId === 'carl') as MeetingMailJob;
    expect(carl).toMatchObject({ kind: 'cancellation', removedFromAudience: true });
    // The meeting goes ahead at version 2: a removal is still current, a cancel of the whole meeting would not be.
    expect(staleReason(carl, { version: 2, status: 'scheduled', startsAt: '2027-03-05T12:00:00Z' }, { invitedVersion: 1, removedVersion: 2 }, new Date('2027-01-01'))).toBeUndefined();
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

describe("a meeting's own reminders and the nudge", () => {
  const due = { schemaVersion: 1 as const, meetingId: 'm1', version: 1, offsetHours: 168 };

  it("schedules the meeting's own offsets, none when its reminders are off, and records what went out", async () => {
    const own = new Memory();
    await scheduleMeeting(scheduled({ reminders: { enabled: true, offsetsHours: [48, 2] } }), own);
    expect([...own.schedules.keys()].sort()).toEqual(['r-m1-v1-2h', 'r-m1-v1-48h']);
    const off = new Memory();
    await scheduleMeeting(scheduled({ reminders: { enabled: false, offsetsHours: [48] } }), off);
    expect(off.schedules.size).toBe(0);
    // A schedule left from before the reminders changed sends nothing.
    off.jobs.length = 0;
    expect(await sendReminders({ ...due, offsetHours: 48 }, off)).toMatchObject({ status: 'skipped' });
    expect(off.jobs).toHaveLength(0);

    await sendReminders({ ...due, offsetHours: 48 }, own);
    expect(own.meetings.get('m1')!.remindersSent).toEqual([{ version: 1, offsetHours: 48, at: own.clock.toISOString(), recipients: 3 }]);
  });

  it('a reminders-only change moves the version without mailing anyone, and replaces the schedules', async () => {
    const outcome = await rescheduleMeeting(rescheduled(2, { changed: ['reminders'], startsAt: scheduled().startsAt, endsAt: scheduled().endsAt, reminders: { enabled: true, offsetsHours: [3] } }), mem);
    expect(outcome).toMatchObject({ status: 'rescheduled', updates: 0, invitations: 0, reminders: 1 });
    expect(mem.jobs).toHaveLength(0);
    expect([...mem.schedules.keys()]).toEqual(['r-m1-v2-3h']);
    expect((await mem.listInvitations('m1')).every((i) => i.invitedVersion === 2)).toBe(true);
  });

  it('a nudge goes only to those without an answer, with no offset (one per person and version), and is recorded', async () => {
    mem.answer('m1', 'anna', 'accept');
    mem.answer('m1', 'bo', 'decline');
    expect(await sendReminders({ ...due, offsetHours: 500, nudge: true }, mem)).toEqual({ status: 'nudged', nudges: 1 });
    expect(byKind(mem.jobs)).toEqual(['reminder:carl']);
    expect((mem.jobs[0] as MeetingMailJob).reminderOffsetHours).toBeUndefined();
    expect(mem.meetings.get('m1')!.remindersSent).toEqual([{ version: 1, nudge: true, at: mem.clock.toISOString(), recipients: 1 }]);
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
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'held', followUps: 2, shortNotes: 0, copies: 0, statusRequests: 1 });
    expect(byKind(mem.jobs)).toEqual(['follow-up:anna', 'follow-up:bo']);
    const anna = mem.jobs.find((j) => j.recipient.personId === 'anna') as MeetingMailJob;
    expect(anna.followUp).toEqual({ summary: 'Godt møde', decisions: ['A'], nextSteps: ['B'], statusRequest: [{ experimentId: 'e1', title: 'Borgerpanel' }] });
    expect((mem.jobs.find((j) => j.recipient.personId === 'bo') as MeetingMailJob).followUp?.statusRequest).toBeUndefined();
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'already-done' });
    expect(await cancelMeeting({ schemaVersion: 1, meetingId: 'm1', version: 1, reason: 'x' }, mem)).toEqual({ status: 'skipped', reason: 'meeting is held' });
  });

  it('with attendance recorded: in full to those who came, a shorter note to everyone else invited (decliners too), and a copy to the sender', async () => {
    mem.answer('m1', 'carl', 'decline');
    mem.answer('m1', 'bo', 'accept');
    // Anna came without answering; Bo said yes and did not come.
    mem.meetings.get('m1')!.attendance = { present: ['anna'], recordedAt: '2027-03-04T12:10:00.000Z' };
    const held = { schemaVersion: 1 as const, meetingId: 'm1', summary: 'Godt møde', decisions: ['A'], nextSteps: ['B'], sentBy: 'dina' };
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'held', followUps: 1, shortNotes: 2, copies: 1, statusRequests: 0 });
    const by = new Map((mem.jobs as MeetingMailJob[]).map((j) => [j.recipient.personId, j.followUp]));
    expect(by.get('anna')).toEqual({ summary: 'Godt møde', decisions: ['A'], nextSteps: ['B'] });
    expect(by.get('bo')).toMatchObject({ absent: true });
    expect(by.get('carl')).toMatchObject({ absent: true });
    expect(by.get('dina')).toMatchObject({ copy: true, summary: 'Godt møde' });
    // A repeat delivery sends nothing more.
    expect(await followUpMeeting(held, mem)).toEqual({ status: 'already-done' });
  });

  it('asks only coordinators', () => {
    const running = [{ experimentId: 'e1', municipality: 'Kolding', title: 'T' }];
    expect(statusRequestFor({ personId: 'bo', name: 'Bo', email: 'b@x.dk', role: 'politician', municipality: 'Kolding', language: 'da' }, running)).toEqual([]);
  });
});

describe('fan-out progress and the fan-out check', () => {
  const later = (ms: number) => (mem.clock = new Date(mem.clock.getTime() + ms));
  const check = (attempt = 1, version = 1) => checkFanOut({ schemaVersion: 1, meetingId: 'm1', version, attempt }, mem);

  it('arms a check when a fan-out starts, records its total, and the check finds nothing to do once it is out', async () => {
    expect(mem.checks.map((c) => [c.name, c.at.getTime() - mem.clock.getTime()])).toEqual([['f-m1-v1-1', FAN_OUT_CHECK_DELAY_MS]]);
    expect(mem.progress[0]).toMatchObject({ version: 1, kind: 'invitation', total: 3, enqueued: 0 });
    later(FAN_OUT_CHECK_DELAY_MS);
    expect(await check()).toEqual({ status: 'complete' });
    expect(mem.checks).toHaveLength(1);
  });

  it('refuses a change while the fan-out runs, saying how far it got, and while a change is pending', async () => {
    const m = (await mem.getMeeting('m1'))!;
    expect(changeBlockedBy(m)).toBeUndefined();
    const running = { ...m, fanOutVersion: 0, fanOut: { version: 1, kind: 'invitation' as const, total: 2003, enqueued: 812, at: 0 } };
    expect(changeBlockedBy(running)).toBe('Invitations are still going out (812 of 2,003); try again when they have all been sent.');
    expect(changeBlockedBy({ ...running, version: 2, fanOutVersion: 1, fanOut: { ...running.fanOut, version: 2, kind: 'update' as const } })).toMatch(/^Updates are still going out \(812 of 2,003\)/);
    expect(changeBlockedBy({ ...m, pendingVersion: 2 })).toMatch(/still being applied/);
    expect(changeBlockedBy({ ...m, pendingStatus: 'cancelled' })).toMatch(/still being applied/);
  });

  it('finishes a reschedule fan-out that stopped half-way, and re-arms itself until it is out', async () => {
    mem.crashOnEnqueue = true;
    await expect(rescheduleMeeting(rescheduled(2), mem)).rejects.toThrow('crash');
    // Early: the fan-out may still be running.
    later(60_000);
    expect(await check(1, 2)).toMatchObject({ status: 'waiting', nextCheck: 2 });
    later(FAN_OUT_CHECK_DELAY_MS);
    expect(await check(2, 2)).toMatchObject({ status: 'resumed', nextCheck: 3, result: { status: 'rescheduled', updates: 3 } });
    expect(byKind(mem.jobs)).toEqual(['update:anna', 'update:bo', 'update:carl']);
    expect((await mem.getMeeting('m1'))?.fanOutVersion).toBe(2);
    expect((await mem.listInvitations('m1')).map((i) => i.invitedVersion)).toEqual([2, 2, 2]);
    expect(mem.checks.map((c) => c.name)).toEqual(['f-m1-v1-1', 'f-m1-v2-1', 'f-m1-v2-2', 'f-m1-v2-3']);
    later(FAN_OUT_CHECK_DELAY_MS);
    expect(await check(3, 2)).toEqual({ status: 'complete' });
  });

  it('applies an accepted change whose event never arrived, once its lease is over (the same version, not a new one)', async () => {
    const { schemaVersion: _s, ...detail } = rescheduled(2);
    const m = mem.meetings.get('m1')!;
    Object.assign(m, { pendingVersion: 2, pendingAt: mem.clock.getTime(), pendingChange: pendingChangeOf('meeting-rescheduled', detail) });
    expect(await check(1, 2)).toMatchObject({ status: 'waiting' });
    later(FAN_OUT_CHECK_DELAY_MS);
    expect(await check(2, 2)).toMatchObject({ status: 'applied-pending', result: { status: 'rescheduled', updates: 3 } });
    expect(mem.meetings.get('m1')).toMatchObject({ version: 2, fanOutVersion: 2, startsAt: '2027-03-05T13:00:00+01:00' });
    expect(mem.meetings.get('m1')?.pendingChange).toBeUndefined();
    // The event arriving after all changes nothing.
    expect(await rescheduleMeeting(rescheduled(2), mem)).toEqual({ status: 'already-done' });
  });

  it('finishes a cancel fan-out from the stored reason, and gives up loudly after the last check', async () => {
    mem.crashOnEnqueue = true;
    await expect(cancelMeeting({ schemaVersion: 1, meetingId: 'm1', version: 1, reason: 'Sygdom' }, mem)).rejects.toThrow('crash');
    later(FAN_OUT_CHECK_DELAY_MS);
    expect(await check()).toMatchObject({ status: 'resumed', result: { status: 'cancelled', cancellations: 3 } });
    expect(mem.jobs.every((j) => j.kind === 'cancellation' && (j as MeetingMailJob).reason === 'Sygdom')).toBe(true);
    mem.meetings.get('m1')!.closeFanOutDone = false;
    later(FAN_OUT_CHECK_DELAY_MS);
    await expect(check(MAX_FAN_OUT_CHECKS)).rejects.toBeInstanceOf(FanOutStuckError);
  });
});
