// What the api tells the app about meetings: whether each has ended by the api's clock (its `now`
// port, so the app never judges by the browser's clock), the counts of a meeting's invitations,
// and the overview of upcoming and recent meetings with their counts in one request.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NetworkSettings } from '../../functions/contract/network.js';
import type { DeliveryStatus, InvitationView, MeetingRecord, MeetingSummary } from '../../functions/domain/meeting/model.js';
import { createApiHandler } from '../../functions/api/app.js';
import { meetingCounts } from '../../functions/domain/meeting/counts.js';
import { httpEvent, lambdaContext } from '../support/ports.js';

const TOKEN = 'T'.repeat(40);
const settings = NetworkSettings.parse({
  name: 'Test', municipalities: ['Kolding'], senderAddress: 'n@example.org', organizerMailbox: 'm@example.org',
  contact: { name: 'C', phone: '+45 1234', email: 'c@example.org' }, practicalInfo: { text: { da: 'Kaffe.' } },
});

// Far in the past by the machine's clock: only the api's `now` can say it has not ended yet.
const ENDS_AT = '2001-03-04T16:00:00+01:00';
const endMs = Date.parse(ENDS_AT);

const meeting: MeetingRecord = {
  meetingId: 'm-1', version: 1, title: 'Netværksmøde', agenda: ['Velkomst'], startsAt: '2001-03-04T13:00:00+01:00', endsAt: ENDS_AT,
  timeZone: 'Europe/Copenhagen', place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'], roles: [] }, inspirers: [],
  createdAt: '2001-02-01T10:00:00Z', status: 'scheduled',
};
const summary: MeetingSummary = {
  meetingId: meeting.meetingId, version: 1, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt,
  timeZone: meeting.timeZone, place: meeting.place, hostMunicipality: meeting.hostMunicipality, status: 'scheduled',
};

/** The api at a given instant of its own clock. */
function apiAt(nowMs: number) {
  const handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: () => settings,
    publish: async () => 'id',
    listMeetings: async () => [summary],
    getMeetingWithInvitations: async (id) => (id === meeting.meetingId ? { ...meeting, invitations: [] } : undefined),
    now: () => new Date(nowMs),
  });
  return async (path: string): Promise<Record<string, unknown>> => {
    const res = (await handler(httpEvent('GET', path, { token: TOKEN }) as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(200);
    return JSON.parse(String(res.body)) as Record<string, unknown>;
  };
}

const listed = async (nowMs: number) => ((await apiAt(nowMs)('/api/meetings')).meetings as Record<string, unknown>[])[0]!;
const page = (nowMs: number) => apiAt(nowMs)(`/api/meetings/${meeting.meetingId}`);

describe('a meeting has ended by the api clock', () => {
  it.each([
    ['a minute before its end', false, endMs - 60_000],
    ['a millisecond before its end', false, endMs - 1],
    ['at its end', true, endMs],
    ['a day after its end', true, endMs + 86_400_000],
  ])('%s: ended is %s in the list and on the meeting page', async (_when, ended, nowMs) => {
    expect(await listed(nowMs)).toMatchObject({ meetingId: meeting.meetingId, endsAt: ENDS_AT, ended });
    expect(await page(nowMs)).toMatchObject({ meetingId: meeting.meetingId, endsAt: ENDS_AT, invitations: [], ended });
  });

  it('adds ended and leaves the rest of the answer as stored', async () => {
    const { ended, ...rest } = await page(endMs);
    expect(ended).toBe(true);
    expect(rest).toEqual({
      ...meeting,
      invitations: [],
      nextCursor: null,
      counts: { invited: 0, accepted: 0, declined: 0, maybe: 0, noAnswer: 0, sent: 0, unreached: 0, settled: 0 },
      // An ended meeting has nothing more to come.
      reminderStatus: { enabled: true, offsetsHours: [168, 24], custom: false, sent: [], next: null, upcoming: [] },
      // No attendance recorded; a scheduled meeting says whom a cancel would tell.
      attendanceSummary: null,
      cancellation: { status: 'before', willBeTold: 0 },
    });
    const { ended: listedEnded, ...listedRest } = await listed(endMs);
    expect(listedEnded).toBe(true);
    expect(listedRest).toEqual(summary);
  });
});

const invitation = (personId: string, answer: InvitationView['answer'], deliveryStatus: DeliveryStatus): InvitationView => ({
  personId, name: personId, email: `${personId}@example.org`, role: 'citizen', municipality: 'Kolding', language: 'da',
  answer, answeredAt: answer ? '2001-02-02T10:00:00Z' : null, deliveryStatus,
});

describe('meetingCounts', () => {
  it('counts answers, and mails that went out, did not reach the person, or are still on their way', () => {
    const c = meetingCounts([
      invitation('a', 'accept', 'sent'),
      invitation('b', 'decline', 'delivered'),
      invitation('c', 'maybe', 'delayed'),
      invitation('d', null, 'soft-bounced'),
      invitation('e', null, 'bounced'),
      invitation('f', null, 'complained'),
      invitation('g', null, 'rejected'),
      invitation('h', null, 'suppressed'),
      invitation('i', null, 'sending'),
      invitation('j', null, 'retrying'),
      invitation('k', null, 'pending'),
    ]);
    expect(c).toEqual({ invited: 11, accepted: 1, declined: 1, maybe: 1, noAnswer: 8, sent: 4, unreached: 4, settled: 8 });
  });

  it('keeps a mail SES has since reported as delivered among the sent ones', () => {
    // On AWS, SES's delivery report replaces 'sent' on the invitation a few seconds later.
    expect(meetingCounts([invitation('a', null, 'sent'), invitation('b', null, 'delivered')])).toMatchObject({ sent: 2, settled: 2 });
  });
});

describe('the overview', () => {
  const DAY = 86_400_000;
  const nowMs = Date.parse('2027-06-01T12:00:00Z');
  const at = (days: number) => new Date(nowMs + days * DAY).toISOString();
  const summaryAt = (id: string, days: number): MeetingSummary => ({ ...summary, meetingId: id, title: id, startsAt: at(days), endsAt: at(days + 0.1) });
  // 25 past meetings, one running now and 12 upcoming, in start order as the store lists them.
  const later = Array.from({ length: 10 }, (_, i) => summaryAt(`later-${i + 1}`, 20 + i));
  const meetings = [...Array.from({ length: 25 }, (_, i) => summaryAt(`past-${25 - i}`, -(25 - i))), summaryAt('running', -0.05), summaryAt('next', 7), summaryAt('next-but-one', 14), ...later];
  const invitationsOf = (id: string) => (id === 'next' ? [invitation('a', 'accept', 'delivered'), invitation('b', null, 'bounced'), invitation('c', null, 'sending')] : [invitation('z', 'decline', 'sent')]);
  const read: string[] = [];
  let reading = 0;
  let mostAtOnce = 0;
  const handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: () => settings,
    publish: async () => 'id',
    listMeetings: async () => meetings,
    getMeetingWithInvitations: async (id) => {
      read.push(id);
      mostAtOnce = Math.max(mostAtOnce, ++reading);
      await new Promise((r) => setTimeout(r, 1));
      reading--;
      const m = meetings.find((x) => x.meetingId === id);
      return m && { ...meeting, ...m, invitations: invitationsOf(id) };
    },
    now: () => new Date(nowMs),
  });

  it('lists upcoming meetings soonest first and the 10 latest ended ones; counts (reads) only the 10 soonest and those, 4 at a time', async () => {
    const res = (await handler(httpEvent('GET', '/api/meetings/overview', { token: TOKEN }) as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(String(res.body)) as { upcoming: Record<string, unknown>[]; past: Record<string, unknown>[] };
    expect(body.upcoming.map((m) => m.meetingId)).toEqual(['running', 'next', 'next-but-one', ...later.map((m) => m.meetingId)]);
    expect(body.past.map((m) => m.meetingId)).toEqual(Array.from({ length: 10 }, (_, i) => `past-${i + 1}`));
    // However many meetings are planned, one overview reads at most 20 meeting partitions.
    expect(body.upcoming.slice(10).map((m) => m.counts)).toEqual([null, null, null]);
    expect(body.upcoming[1]).toMatchObject({ ended: false, counts: { invited: 3, accepted: 1, noAnswer: 2, sent: 1, unreached: 1, settled: 2 } });
    expect(body.past[0]).toMatchObject({ ended: true, counts: { invited: 1, declined: 1, settled: 1 } });
    expect(read.sort()).toEqual([...body.upcoming.slice(0, 10), ...body.past].map((m) => m.meetingId as string).sort());
    // A few partitions in memory at a time, not all 23 (each can be a few MB).
    expect(mostAtOnce).toBe(4);
  });
});

describe('the meeting page, paged', () => {
  const names = ['Åse', 'Bo', 'Anna', 'Øjvind', 'Carl', 'Anna'];
  const invitations = names.map((name, i) => ({ ...invitation(`p-${i}`, i % 2 ? 'accept' : null, 'sent'), name }));
  const handler = createApiHandler({
    apiToken: async () => TOKEN,
    settings: () => settings,
    publish: async () => 'id',
    listMeetings: async () => [summary],
    getMeetingWithInvitations: async (id) => (id === meeting.meetingId ? { ...meeting, invitations } : undefined),
  });
  const get = async (query: string) => {
    const event = { ...httpEvent('GET', `/api/meetings/${meeting.meetingId}`, { token: TOKEN }), rawQueryString: query, queryStringParameters: Object.fromEntries(new URLSearchParams(query)) };
    const res = (await handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) as { invitations: InvitationView[]; nextCursor: string | null; counts: { invited: number; accepted: number }; errors?: unknown } };
  };

  it('answers a page by name (Danish order) with the counts of all, and the cursor walks every invitee once', async () => {
    const first = await get('limit=4');
    expect(first.status).toBe(200);
    expect(first.body.counts).toMatchObject({ invited: 6, accepted: 3 });
    expect(first.body.invitations.map((i) => i.name)).toEqual(['Anna', 'Anna', 'Bo', 'Carl']);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`limit=4&cursor=${encodeURIComponent(first.body.nextCursor!)}`);
    expect(second.body.invitations.map((i) => i.name)).toEqual(['Øjvind', 'Åse']);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.invitations, ...second.body.invitations].map((i) => i.personId)).size).toBe(6);
  });

  it('gives at most 200 invitees without a limit, and refuses a bad limit or cursor naming it', async () => {
    expect((await get('')).body.invitations).toHaveLength(6);
    expect(await get('limit=0')).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
    expect(await get('limit=5000')).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
    expect(await get('cursor=nonsense')).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
  });
});

describe('invitationPage', () => {
  it('answers 200 of 2,002 invitees by default, and the cursors cover all of them once', async () => {
    const { invitationPage, invitationPageRequest } = await import('../../functions/domain/meeting/invitation-page.js');
    const all = Array.from({ length: 2002 }, (_, i) => ({ name: `Deltager ${i % 97}`, personId: `p-${i}` }));
    const first = invitationPageRequest({});
    if (!first.ok) throw new Error('default request refused');
    let page = invitationPage(all, first.request);
    expect(page.invitations).toHaveLength(200);
    const seen = page.invitations.map((i) => i.personId);
    while (page.nextCursor) {
      const next = invitationPageRequest({ cursor: page.nextCursor, limit: '1000' });
      if (!next.ok) throw new Error('cursor refused');
      page = invitationPage(all, next.request);
      seen.push(...page.invitations.map((i) => i.personId));
    }
    expect(seen).toHaveLength(2002);
    expect(new Set(seen).size).toBe(2002);
  });
});
