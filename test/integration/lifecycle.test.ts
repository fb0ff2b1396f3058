// The store's lifecycle writes against dynalite: reservations that let only one of two concurrent
// changes through, answers that keep the latest and survive invitation rewrites, reschedules
// applied in version order, reflections one per person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingSnapshot, Recipient } from '../../functions/contract/mail-job.js';
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
  it('lets one of two concurrent reschedules reserve the next version, and releases a failed one', async () => {
    await store.saveMeeting(meeting('r1'));
    const results = await Promise.all([store.reserveReschedule('r1', 1, now), store.reserveReschedule('r1', 1, now)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.reserveClose('r1', 'cancelled', now)).toBe(true);
    await store.releaseReservation('r1', now);
    expect((await store.getMeeting('r1'))?.pendingVersion).toBeUndefined();
    // A reservation whose api crashed before publishing expires.
    expect(await store.reserveReschedule('r1', 1, now)).toBe(true);
    expect(await store.reserveReschedule('r1', 1, new Date(now.getTime() + 60_000))).toBe(false);
    expect(await store.reserveReschedule('r1', 1, new Date(now.getTime() + store.PENDING_CHANGE_LEASE_MS + 1))).toBe(true);
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
    expect(await store.reserveReschedule('r2', 2, now)).toBe(false);
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

  it('keeps one reflection per person (the latest)', async () => {
    await store.saveReflection('r3', { personId: 'anna', name: 'Anna', text: 'Første', submittedAt: '2099-03-06T10:00:00.000Z' });
    await store.saveReflection('r3', { personId: 'anna', name: 'Anna', text: 'Anden', submittedAt: '2099-03-06T11:00:00.000Z' });
    expect(await store.listReflections('r3')).toEqual([{ personId: 'anna', name: 'Anna', text: 'Anden', submittedAt: '2099-03-06T11:00:00.000Z' }]);
  });
});
