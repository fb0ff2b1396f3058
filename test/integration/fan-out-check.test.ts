// Issue 13, finding 5, against dynalite: a meeting-scheduled fan-out that dies half-way (the queue
// fails after a few chunks, and no retry comes) leaves part of the invitations and no done mark;
// the fan-out check, when it fires, finishes it from the meeting item and re-arms itself, and the
// next check finds nothing to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventBridgeEvent } from 'aws-lambda';
import { eventDetailOf } from '../../functions/contract/event-entry.js';
import { eventSchemas, type DetailInput } from '../../functions/contract/events.js';
import type { MailJob } from '../../functions/contract/mail-job.js';
import type { FanOutCheck } from '../../functions/domain/meeting/fan-out.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { importStores, type Stores } from '../support/stores.js';

type MeetingsModule = typeof import('../../functions/meetings/handler.js');

let emu: Emulators;
let store: Stores;
let meetings: MeetingsModule;

beforeAll(async () => {
  emu = await startEmulators({ tableName: 'samskab-demo-fan-out-check' });
  store = await importStores();
  meetings = await import('../../functions/meetings/handler.js');
});
afterAll(async () => emu?.stop());

const people: NetworkPerson[] = Array.from({ length: 430 }, (_, i) => ({
  personId: `p-${i}`, name: `Deltager ${i}`, email: `p.${i}@example.org`, role: 'citizen', municipality: 'Varde', language: 'da',
}));

const event = <T extends 'meeting-scheduled' | 'fan-out-check'>(detailType: T, detail: DetailInput<T>): EventBridgeEvent<string, unknown> => ({
  version: '0', id: `e-${Math.random()}`, 'detail-type': detailType, source: 'samskab', account: '0', time: '', region: 'eu-north-1', resources: [],
  detail: eventDetailOf(eventSchemas, detailType, detail),
});

describe('a fan-out that stopped half-way', () => {
  it('is finished by the fan-out check, which re-arms itself until everything is out', async () => {
    const jobs: MailJob[] = [];
    const checks: FanOutCheck[] = [];
    let clock = new Date('2099-01-10T10:00:00Z');
    let enqueueCalls = 0;
    let failAfter = 3;
    const overrides = {
      listPeople: async () => people,
      enqueue: async (part: readonly MailJob[]) => {
        if (++enqueueCalls > failAfter) throw new Error('the function died here');
        jobs.push(...part);
      },
      armFanOutCheck: async (c: FanOutCheck) => void checks.push(c),
      createReminder: async () => undefined,
      deleteReminder: async () => undefined,
      scheduleReminders: async () => 0,
      now: () => clock,
    };
    const scheduled = event('meeting-scheduled', {
      meetingId: 'half-way', version: 1, title: 'Stormøde', agenda: [], startsAt: '2099-03-04T13:00:00+01:00', endsAt: '2099-03-04T16:00:00+01:00',
      timeZone: 'Europe/Copenhagen', place: 'Varde', hostMunicipality: 'Varde', audience: { municipalities: ['Varde'], roles: [] }, inspirers: [],
    });
    await expect(meetings.handleMeetingEvent(scheduled, overrides)).rejects.toThrow('the function died here');
    const stopped = await store.getMeeting('half-way');
    expect(stopped?.fanOutVersion).toBeUndefined();
    expect(stopped?.fanOut).toMatchObject({ version: 1, kind: 'invitation', total: 430 });
    expect(jobs.length).toBeLessThan(people.length);
    expect(checks.map((c) => c.name)).toEqual(['f-half-way-v1-1']);

    // Five minutes on, nothing has moved for longer than a fan-out may run: the check finishes it.
    clock = new Date(clock.getTime() + 5 * 60_000);
    failAfter = Infinity;
    const outcome = await meetings.handleMeetingEvent(event('fan-out-check', checks[0]!.detail), overrides);
    expect(outcome).toMatchObject({ status: 'resumed', nextCheck: 2, result: { status: 'invited', invitees: 430 } });
    expect(checks.map((c) => c.name)).toEqual(['f-half-way-v1-1', 'f-half-way-v1-2']);
    const done = await store.getMeeting('half-way');
    expect(done?.fanOutVersion).toBe(1);
    expect(done?.fanOut).toMatchObject({ version: 1, total: 430, enqueued: 400 });
    expect((await store.listInvitations('half-way')).length).toBe(430);
    expect(new Set(jobs.map((j) => j.recipient.personId)).size).toBe(430);

    clock = new Date(clock.getTime() + 5 * 60_000);
    expect(await meetings.handleMeetingEvent(event('fan-out-check', checks[1]!.detail), overrides)).toEqual({ status: 'complete' });
    expect(checks).toHaveLength(2);
  });
});
