// The calendar feed tokens against dynalite: one token however many first calls race, a revocation
// stops the old token at once (also when its item survived), the person's invitations as the feed
// lists them (not the ones a reschedule took back), and erasure removes the feed with the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { importStores, type Stores } from '../support/stores.js';

let emu: Emulators;
let store: Stores;
let feeds: typeof import('../../functions/adapters/calendar-feed-store.js');

const meeting = (meetingId: string) => ({
  meetingId, version: 1, title: 'Netværksmøde', agenda: [], startsAt: '2027-03-04T13:00:00+01:00', endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen', place: 'Varde', hostMunicipality: 'Varde', audience: { municipalities: ['Varde'], roles: [] }, inspirers: [],
});
const recipient = (personId: string) => ({ personId, name: personId, email: `${personId}@varde.example.com`, role: 'coordinator' as const, municipality: 'Varde', language: 'da' as const });

beforeAll(async () => {
  emu = await startEmulators({ tableName: 'samskab-demo-calendar-feed' });
  store = await importStores();
  feeds = await import('../../functions/adapters/calendar-feed-store.js');
});
afterAll(async () => emu?.stop());

describe('calendar feed store', () => {
  it('gives one token to concurrent first calls, and the same on later calls', async () => {
    expect(await feeds.existingFeedToken('anne')).toBeUndefined();
    expect(await feeds.existingFeedToken('anne'), 'reading makes no token').toBeUndefined();
    const tokens = await Promise.all([1, 2, 3, 4].map(() => feeds.feedTokenOf('anne')));
    expect(await feeds.existingFeedToken('anne')).toBe(tokens[0]);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await feeds.feedTokenOf('anne')).toBe(tokens[0]);
    expect(await feeds.personOfFeedToken(tokens[0]!)).toBe('anne');
  });

  it('stops the old token at once on revocation, even if its item was left behind', async () => {
    const old = await feeds.feedTokenOf('rasmus');
    const next = await feeds.revokeFeedToken('rasmus');
    expect(next).not.toBe(old);
    expect(await feeds.personOfFeedToken(old)).toBeUndefined();
    expect(await feeds.personOfFeedToken(next)).toBe('rasmus');
    expect(await feeds.personOfFeedToken('A'.repeat(43))).toBeUndefined();
    // A crash between the person's item and the old token's delete leaves the old item: still refused.
    const { doc, table } = await import('../../functions/adapters/dynamo.js');
    const { key } = await import('../../functions/contract/table.js');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(`samskab-calendar-feed:${old}`).digest('hex');
    await doc.send(new PutCommand({ TableName: table(), Item: { ...key.calendarFeedToken(hash), type: 'calendar-feed-token', personId: 'rasmus' } }));
    expect(await feeds.personOfFeedToken(old)).toBeUndefined();
    await doc.send(new DeleteCommand({ TableName: table(), Key: key.calendarFeedToken(hash) }));
  });

  it('lists the person’s invitations with answers, without those a reschedule took back', async () => {
    await store.saveMeeting(meeting('feed-m1'));
    await store.saveMeeting(meeting('feed-m2'));
    await store.putInvitations('feed-m1', 1, [recipient('lene')], { endsAt: meeting('feed-m1').endsAt });
    await store.putInvitations('feed-m2', 2, [], { removed: [recipient('lene')], endsAt: meeting('feed-m2').endsAt });
    await store.saveAnswer('feed-m1', 'lene', 'maybe', new Date('2027-03-01T10:00:00Z'), meeting('feed-m1').endsAt);
    expect(await feeds.invitationsOf('lene')).toEqual([{ meetingId: 'feed-m1', answer: 'maybe' }]);
  });

  it('serves the feed from one batched read, the same calendar as reading each meeting on its own', async () => {
    // More than one BatchGetItem's 100 keys, one invitation whose meeting item is missing, starts out of order.
    const ids = Array.from({ length: 130 }, (_, i) => `feed-batch-${String(i).padStart(3, '0')}`);
    for (const [i, id] of ids.entries()) {
      const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
      if (i !== 5) await store.saveMeeting({ ...meeting(id), title: `Møde ${i}`, startsAt: `2027-03-${day}T13:00:00+01:00`, endsAt: `2027-03-${day}T16:00:00+01:00` });
      await store.putInvitations(id, 1, [recipient('karen')], { endsAt: meeting(id).endsAt });
    }
    await store.saveAnswer(ids[7]!, 'karen', 'accept', new Date('2027-02-01T10:00:00Z'), meeting(ids[7]!).endsAt);
    const { calendarFeedRoutes } = await import('../../functions/api/calendar-feed-routes.js');
    const { buildCalendarFeed } = await import('../../functions/mail/calendar-feed.js');
    const { NetworkSettings } = await import('../../functions/contract/network.js');
    const settings = NetworkSettings.parse({
      name: 'Test', municipalities: ['Varde'], senderAddress: 'n@example.org', organizerMailbox: 'm@example.org',
      contact: { name: 'C', phone: '+45 1234', email: 'c@example.org' }, practicalInfo: { text: { da: 'Kaffe.' } },
    });
    const now = new Date('2027-02-15T08:00:00Z');
    const karen = { ...recipient('karen'), role: 'coordinator' as const };
    const routes = calendarFeedRoutes(
      { settings: () => settings, publish: async () => 'id', now: () => now, newId: () => 'id' },
      { ...feeds.calendarFeedStore, getPerson: async (id) => (id === 'karen' ? karen : undefined), linkSecret: async () => 's'.repeat(32) },
    );
    const token = await feeds.feedTokenOf('karen');
    const feed = routes.find((r) => r.method === 'GET' && r.path.startsWith('/calendar/'))!;
    const res = (await feed.handler({ pathParameters: { file: `${token}.ics` }, headers: {}, requestContext: { domainName: 'api.example.org' } } as never)) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);

    // The calendar as the route built it before: one consistent GetItem per invitation.
    const invitations = await feeds.invitationsOf('karen');
    const oneByOne = (await Promise.all(invitations.map(async (i) => ({ ...i, meeting: await store.getMeeting(i.meetingId) }))))
      .filter((m): m is typeof m & { meeting: NonNullable<typeof m.meeting> } => m.meeting !== undefined)
      .sort((a, b) => a.meeting.startsAt.localeCompare(b.meeting.startsAt));
    expect(oneByOne).toHaveLength(129);
    const expected = buildCalendarFeed({
      person: karen, settings, now,
      meetings: oneByOne.map(({ meeting: m, answer }) => ({ meeting: m, cancelled: m.status === 'cancelled', ...(answer ? { answer } : {}) })),
    });
    expect(res.body).toBe(expected);
    expect(res.body.match(/BEGIN:VEVENT/g)).toHaveLength(129);
  });

  it('is erased with the person', async () => {
    const token = await feeds.feedTokenOf('lene');
    const { erasePerson } = await import('../../functions/adapters/privacy-store.js');
    await erasePerson('lene');
    expect(await feeds.personOfFeedToken(token)).toBeUndefined();
  });
});
