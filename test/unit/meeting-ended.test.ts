// GET /api/meetings and GET /api/meetings/{id} say whether each meeting has ended by the api's
// clock (its `now` port), so the app never judges by the browser's clock.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NetworkSettings } from '../../functions/contract/network.js';
import type { MeetingRecord, MeetingSummary } from '../../functions/adapters/store.js';
import { createApiHandler } from '../../functions/api/app.js';
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
    expect(rest).toEqual({ ...meeting, invitations: [] });
    const { ended: listedEnded, ...listedRest } = await listed(endMs);
    expect(listedEnded).toBe(true);
    expect(listedRest).toEqual(summary);
  });
});
