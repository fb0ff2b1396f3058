// The store's lifecycle writes against dynalite: reservations that let only one of two concurrent
// changes through, answers that keep the latest and survive invitation rewrites, reschedules
// applied in version order, reflections one per person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingSnapshot, Recipient } from '../../functions/contract/mail-job.js';
import { pendingChangeOf } from '../../functions/domain/meeting/fan-out.js';
import type { PendingChange } from '../../functions/domain/meeting/model.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { importStores, type Stores } from '../support/stores.js';

type StoreModule = Stores;
let emu: Emulators;
let store: StoreModule;

beforeAll(async () => {
  emu = await startEmulators({ tableName: 'samskab-demo-lifecycle' });
  store = await importStores();
});
afterAll(async () => emu?.stop());

const meeting = (id: string, version = 1): MeetingSnapshot => ({
  meetingId: id,
  version,
  title: 'Netværksmøde',
  agenda: [],
  startsAt: '2099-03-04T13:00:00+01:00',
  endsAt: '2099-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  place: 'Kolding',
  hostMunicipality: 'Kolding',
  audience: { municipalities: [], roles: [] },
  inspirers: [],
});
const anna: Recipient = { personId: 'anna', name: 'Anna', email: 'anna@example.org', role: 'coordinator', municipality: 'Kolding', language: 'da' };
const bo: Recipient = { personId: 'bo', name: 'Bo', email: 'bo@example.org', role: 'citizen', language: 'en' };
const now = new Date('2099-01-01T10:00:00Z');

describe('meeting lifecycle in the table', () => {
  const change = (id: string, version: number): PendingChange => {
    const { meetingId: _m, version: _v, ...details } = meeting(id, version);
    return pendingChangeOf('meeting-rescheduled', { ...details, meetingId: id, version, changed: ['time'] });
  };
  const cancelChange = (id: string): PendingChange => pendingChangeOf('meeting-cancelled', { meetingId: id, version: 1, reason: 'Sygdom' });

  it('lets one of two concurrent reschedules reserve the next version, and releases a failed one', async () => {
    await store.saveMeeting(meeting('r1'));
    await store.markFanOutDone('r1', 1);
    const results = await Promise.all([store.reserveReschedule('r1', 1, change('r1', 2), now), store.reserveReschedule('r1', 1, change('r1', 2), now)]);
    expect(results.sort()).toEqual([false, true]);
    // The change is stored with the reservation (the fan-out check applies it if its event never arrives).
    expect((await store.getMeeting('r1'))?.pendingChange).toEqual(change('r1', 2));
    expect(await store.reserveClose('r1', 1, 'cancelled', cancelChange('r1'), now)).toBe(false);
    await store.releaseReservation('r1', now);
    expect(await store.getMeeting('r1')).not.toHaveProperty('pendingChange');
    expect(await store.reserveClose('r1', 1, 'cancelled', cancelChange('r1'), now)).toBe(true);
    await store.releaseReservation('r1', now);
    expect((await store.getMeeting('r1'))?.pendingVersion).toBeUndefined();
  });

  it('never hands a version out twice: a pending change blocks the next however old it is (finding 3)', async () => {
    await store.saveMeeting(meeting('r4'));
    await store.markFanOutDone('r4', 1);
    expect(await store.reserveReschedule('r4', 1, change('r4', 2), now)).toBe(true);
    expect(await store.reserveReschedule('r4', 1, change('r4', 2), new Date(now.getTime() + 60_000))).toBe(false);
    // Long after the old two-minute lease: still the first client's version.
    expect(await store.reserveReschedule('r4', 1, change('r4', 2), new Date(now.getTime() + 3_600_000))).toBe(false);
    expect(await store.reserveClose('r4', 1, 'cancelled', cancelChange('r4'), new Date(now.getTime() + 3_600_000))).toBe(false);
    expect((await store.getMeeting('r4'))?.pendingAt).toBe(now.getTime());
    // Applied: the change is gone, and once its fan-out is out the next version can be reserved.
    const prev = { version: 1, title: 'Netværksmøde', startsAt: '2099-03-04T13:00:00+01:00', endsAt: '2099-03-04T16:00:00+01:00', place: 'Kolding' };
    expect(await store.applyReschedule(meeting('r4', 2), prev, ['time'])).toBe(true);
    const applied = await store.getMeeting('r4');
    expect(applied).toMatchObject({ version: 2, changed: ['time'] });
    expect(applied).not.toHaveProperty('pendingChange');
    expect(await store.reserveReschedule('r4', 2, change('r4', 3), now)).toBe(false);
    await store.markFanOutDone('r4', 2);
    expect(await store.reserveReschedule('r4', 2, change('r4', 3), now)).toBe(true);
  });

  it('accepts no change while the current version is still going out, and records how far it got', async () => {
    await store.saveMeeting(meeting('r5'));
    await store.recordFanOutProgress('r5', { version: 1, kind: 'invitation', total: 2003, enqueued: 0 }, now);
    await store.recordFanOutProgress('r5', { version: 1, kind: 'invitation', total: 2003, enqueued: 800 }, now);
    expect(await store.reserveReschedule('r5', 1, change('r5', 2), now)).toBe(false);
    expect(await store.reserveClose('r5', 1, 'cancelled', cancelChange('r5'), now)).toBe(false);
    expect((await store.getMeeting('r5'))?.fanOut).toEqual({ version: 1, kind: 'invitation', total: 2003, enqueued: 800, at: now.getTime() });
    await store.markFanOutDone('r5', 1);
    expect(await store.reserveClose('r5', 1, 'cancelled', cancelChange('r5'), now)).toBe(true);
    // A late progress report of an older version does not overwrite a newer fan-out's.
    await store.recordFanOutProgress('r5', { version: 2, kind: 'update', total: 10, enqueued: 0 }, now);
    await store.recordFanOutProgress('r5', { version: 1, kind: 'invitation', total: 2003, enqueued: 2000 }, now);
    expect((await store.getMeeting('r5'))?.fanOut).toMatchObject({ version: 2, kind: 'update' });
  });

  it('applies reschedules in version order only, keeping the previous time and place', async () => {
    await store.saveMeeting(meeting('r2'));
    const v2 = { ...meeting('r2', 2), startsAt: '2099-03-05T13:00:00+01:00', endsAt: '2099-03-05T16:00:00+01:00', place: undefined, onlineUrl: 'https://meet.example.org/x' };
    const prev = { version: 1, title: 'Netværksmøde', startsAt: '2099-03-04T13:00:00+01:00', endsAt: '2099-03-04T16:00:00+01:00', place: 'Kolding' };
    expect(await store.applyReschedule(v2, prev)).toBe(true);
    expect(await store.applyReschedule(v2, prev)).toBe(false);
    const m = await store.getMeeting('r2');
    expect(m).toMatchObject({ version: 2, startsAt: '2099-03-05T13:00:00+01:00', onlineUrl: 'https://meet.example.org/x', previous: prev, status: 'scheduled' });
    expect(m?.place).toBeUndefined();
    expect(await store.closeMeeting('r2', { status: 'cancelled', reason: 'Sygdom' })).toBe(true);
    expect(await store.closeMeeting('r2', { status: 'held', followUp: { summary: 's', decisions: [], nextSteps: [] } })).toBe(false);
    await store.markFanOutDone('r2', 2);
    expect(await store.reserveReschedule('r2', 2, change('r2', 3), now)).toBe(false);
    expect(await store.applyReschedule({ ...v2, version: 3 }, prev)).toBe(false);
  });

  it('keeps the latest answer, and invitation rewrites never overwrite it', async () => {
    await store.saveMeeting(meeting('r3'));
    await store.putInvitations('r3', 1, [anna, bo]);
    expect(await store.saveAnswer('r3', 'anna', 'maybe', new Date('2099-01-02T10:00:00Z'))).toBe('recorded');
    expect(await store.saveAnswer('r3', 'anna', 'accept', new Date('2099-01-03T10:00:00Z'))).toBe('recorded');
    expect(await store.saveAnswer('r3', 'anna', 'decline', new Date('2099-01-02T12:00:00Z'))).toBe('older');
    // A duplicate or later fan-out rewrites the invitations (and removes bo).
    await store.putInvitations('r3', 2, [anna], { removed: [bo], firstVersion: new Map([['anna', 1]]) });
    const invitations = await store.listInvitations('r3');
    expect(invitations.find((i) => i.recipient.personId === 'anna')).toMatchObject({ answer: 'accept', invitedVersion: 2, firstVersion: 1 });
    expect(invitations.find((i) => i.recipient.personId === 'bo')).toMatchObject({ removedVersion: 2 });
    const page = await store.getMeetingWithInvitations('r3');
    expect(page?.invitations.map((i) => [i.personId, i.answer, i.answeredAt])).toEqual([['anna', 'accept', '2099-01-03T10:00:00.000Z']]);
    expect(await store.getInvitation('r3', 'bo')).toMatchObject({ removedVersion: 2 });
  });

  it("keeps a meeting's own texts and reminders through a reschedule, removes what it drops, and notes reminders sent", async () => {
    const own = { ...meeting('c1'), description: 'Om borgerbudgetter', practicalInfo: { text: { da: 'Kaffe kl. 9.30' } }, reminders: { enabled: true, offsetsHours: [48] } };
    await store.saveMeeting(own);
    expect(await store.getMeeting('c1')).toMatchObject({ description: 'Om borgerbudgetter', practicalInfo: { text: { da: 'Kaffe kl. 9.30' } }, reminders: { enabled: true, offsetsHours: [48] } });
    const { practicalInfo: _p, ...withoutPractical } = own;
    const prev = { version: 1, title: 'Netværksmøde', startsAt: own.startsAt, endsAt: own.endsAt, place: 'Kolding' };
    expect(await store.applyReschedule({ ...withoutPractical, version: 2, reconfirmSince: 2, reminders: { enabled: false, offsetsHours: [] } }, prev, ['time'])).toBe(true);
    const moved = await store.getMeeting('c1');
    expect(moved).toMatchObject({ version: 2, reconfirmSince: 2, description: 'Om borgerbudgetter', reminders: { enabled: false, offsetsHours: [] } });
    expect(moved).not.toHaveProperty('practicalInfo');
    await store.recordReminderSent('c1', { version: 2, nudge: true, at: '2099-01-01T10:00:00.000Z', recipients: 3 });
    await store.recordReminderSent('c1', { version: 2, offsetHours: 48, at: '2099-03-02T12:00:00.000Z', recipients: 5 });
    expect((await store.getMeeting('c1'))?.remindersSent).toEqual([
      { version: 2, nudge: true, at: '2099-01-01T10:00:00.000Z', recipients: 3 },
      { version: 2, offsetHours: 48, at: '2099-03-02T12:00:00.000Z', recipients: 5 },
    ]);
  });

  it('keeps the version answered and the comment with an answer; a later answer without a comment keeps it', async () => {
    await store.saveMeeting(meeting('c2'));
    await store.putInvitations('c2', 1, [anna]);
    await store.saveAnswer('c2', 'anna', 'accept', new Date('2099-01-02T10:00:00Z'), undefined, { version: 1, comment: 'Vegetar' });
    await store.saveAnswer('c2', 'anna', 'accept', new Date('2099-01-03T10:00:00Z'), undefined, { version: 2 });
    const [inv] = await store.listInvitations('c2');
    expect(inv).toMatchObject({ answer: 'accept', answeredVersion: 2, comment: 'Vegetar' });
    const page = await store.getMeetingWithInvitations('c2');
    expect(page?.invitations[0]).toMatchObject({ answeredVersion: 2, comment: 'Vegetar' });
  });

  it('keeps one reflection per person (the latest)', async () => {
    await store.saveReflection('r3', { personId: 'anna', name: 'Anna', text: 'Første', submittedAt: '2099-03-06T10:00:00.000Z' });
    await store.saveReflection('r3', { personId: 'anna', name: 'Anna', text: 'Anden', submittedAt: '2099-03-06T11:00:00.000Z' });
    expect(await store.listReflections('r3')).toEqual([{ personId: 'anna', name: 'Anna', text: 'Anden', submittedAt: '2099-03-06T11:00:00.000Z' }]);
  });
});
