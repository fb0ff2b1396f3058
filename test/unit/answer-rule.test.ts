// One rule decides whether an answer counts (decideAnswer), for the answer links' POST and for
// calendar replies alike: the current version counts, an older one (a link or REPLY from before a
// move) does not and the link shows the meeting as it is now, nothing counts after a cancel. The
// link route is driven through its handler with the stores in memory.
import { describe, expect, it } from 'vitest';
import type { RsvpAnswer } from '../../functions/contract/events.js';
import { meetingLinkRoutes } from '../../functions/api/meeting-link-routes.js';
import type { MeetingLifecycleApiPorts } from '../../functions/api/meeting-routes.js';
import { decideAnswer } from '../../functions/domain/meeting/answer-rule.js';
import type { InvitationRecord, MeetingRecord } from '../../functions/domain/meeting/model.js';
import { reconfirmationOf } from '../../functions/domain/meeting/reconfirmation.js';
import { signToken } from '../../functions/domain/link-token.js';
import { decideReply } from '../../functions/inbound/itip.js';
import { httpEvent } from '../support/ports.js';

const SECRET = 's'.repeat(32);
const NOW = new Date('2027-03-01T10:00:00Z');
const base: MeetingRecord = {
  meetingId: 'm1', version: 2, title: 'Netværksmøde', agenda: ['Velkomst'], startsAt: '2027-03-04T13:00:00+01:00', endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen', place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'], roles: [] }, inspirers: [],
  createdAt: '2027-02-01T10:00:00Z', status: 'scheduled', changed: ['time'], reconfirmSince: 2,
};
const anna: InvitationRecord = {
  recipient: { personId: 'anna', name: 'Anna', email: 'anna@example.org', role: 'coordinator', municipality: 'Kolding', language: 'en' },
  invitedVersion: 2, firstVersion: 1, answer: 'accept', answeredAt: '2027-02-02T10:00:00Z', answeredVersion: 1,
};

describe('decideAnswer', () => {
  const invited = { removedVersion: undefined };
  it('counts an answer for the current version only, after the state and the invitation allow one', () => {
    expect(decideAnswer(base, invited, { answer: 'accept', version: 2 }, NOW)).toEqual({ record: true });
    expect(decideAnswer(base, invited, { answer: 'accept', version: 1 }, NOW)).toMatchObject({ record: false, refusal: 'older-version' });
    expect(decideAnswer(base, invited, { answer: 'accept', version: 3 }, NOW)).toMatchObject({ record: false, refusal: 'unknown-version' });
    expect(decideAnswer(base, invited, { answer: 'accept', version: undefined }, NOW)).toMatchObject({ record: false, refusal: 'unconfirmed' });
    expect(decideAnswer(base, invited, { answer: 'accept', version: Number.NaN }, NOW)).toMatchObject({ record: false, refusal: 'unconfirmed' });
    expect(decideAnswer(base, undefined, { answer: 'accept', version: 2 }, NOW)).toMatchObject({ record: false, refusal: 'not-invited' });
    expect(decideAnswer(base, { removedVersion: 2 }, { answer: 'accept', version: 2 }, NOW)).toMatchObject({ record: false, refusal: 'taken-out' });
    // After a cancel nothing counts, whatever version it names.
    for (const version of [1, 2]) {
      expect(decideAnswer({ ...base, status: 'cancelled' }, invited, { answer: 'accept', version }, NOW)).toMatchObject({ record: false, refusal: 'closed' });
    }
    expect(decideAnswer(base, invited, { answer: 'accept', version: 2 }, new Date('2027-03-05T00:00:00Z'))).toMatchObject({ refusal: 'closed' });
  });

  it('is the rule calendar replies use', () => {
    expect(decideReply).toBe(decideAnswer);
  });
});

describe('the answer link (POST /rsvp/{answer})', () => {
  function setup(meeting: MeetingRecord = base) {
    const saved: { answer: RsvpAnswer; version: number | undefined }[] = [];
    const published: unknown[] = [];
    let invitation: InvitationRecord = { ...anna };
    const ports = {
      linkSecret: async () => SECRET,
      getMeeting: async (id: string) => (id === meeting.meetingId ? meeting : undefined),
      getInvitation: async (id: string, personId: string) => (id === meeting.meetingId && personId === 'anna' ? invitation : undefined),
      saveAnswer: async (_m: string, _p: string, answer: RsvpAnswer, at: Date, _e?: string, extras?: { version?: number }) => {
        saved.push({ answer, version: extras?.version });
        invitation = { ...invitation, answer, answeredAt: at.toISOString(), ...(extras?.version !== undefined ? { answeredVersion: extras.version } : {}) };
        return 'recorded' as const;
      },
    } as unknown as MeetingLifecycleApiPorts;
    const routes = meetingLinkRoutes({ settings: () => { throw new Error('unused'); }, publish: async (_t, d) => (published.push(d), 'id'), now: () => NOW, newId: () => 'id' }, ports);
    const call = async (method: 'GET' | 'POST', linkVersion: number | undefined, form: Record<string, string> = {}) => {
      const token = signToken(SECRET, { purpose: 'rsvp', meetingId: 'm1', personId: 'anna', answer: 'accept', ...(linkVersion !== undefined ? { version: linkVersion } : {}) }, new Date('2027-03-04T15:00:00Z'));
      const route = routes.find((r) => r.method === method && r.path === '/rsvp/{answer}')!;
      const event = {
        ...httpEvent(method, '/rsvp/accept', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, ...(method === 'POST' ? { body: new URLSearchParams(form).toString() } : {}) }),
        pathParameters: { answer: 'accept' },
        queryStringParameters: { t: token },
      };
      return (await route.handler(event as never)) as { statusCode: number; body: string };
    };
    return { saved, published, call, invitation: () => invitation };
  }

  it('records an answer for the current version (and publishes it once)', async () => {
    const { saved, published, call, invitation } = setup();
    const res = await call('POST', 2);
    expect(res.statusCode).toBe(200);
    expect(saved).toEqual([{ answer: 'accept', version: 2 }]);
    expect(published).toHaveLength(1);
    // After the move, an accept for the new version is the reconfirmation.
    expect(reconfirmationOf({ answer: invitation().answer, answeredVersion: invitation().answeredVersion }, base.reconfirmSince)).toBe('confirmed');
  });

  it('shows the meeting as it is now for a link from an older version, and records nothing', async () => {
    const { saved, published, call, invitation } = setup();
    // The confirm page: the new time, the notice that the meeting changed, a button for version 2.
    const shown = await call('GET', 1);
    expect(shown.statusCode).toBe(409);
    expect(shown.body).toContain('The meeting has changed since the mail');
    expect(shown.body).toContain('name="v" value="2"');
    expect((await call('GET', 2)).statusCode).toBe(200);
    const posted = await call('POST', 1);
    expect(posted.statusCode).toBe(409);
    expect(posted.body).toContain('name="v" value="2"');
    // A page's button that confirmed an older version counts no more than the link.
    expect((await call('POST', 2, { v: '1' })).statusCode).toBe(409);
    expect((await call('POST', 1, { v: 'x' })).statusCode).toBe(409);
    expect(saved).toEqual([]);
    expect(published).toEqual([]);
    expect(reconfirmationOf({ answer: invitation().answer, answeredVersion: invitation().answeredVersion }, base.reconfirmSince)).toBe('awaiting');
    // Confirming the time shown (v=2) is the reconfirmation.
    expect((await call('POST', 1, { v: '2' })).statusCode).toBe(200);
    expect(saved).toEqual([{ answer: 'accept', version: 2 }]);
    expect(reconfirmationOf({ answer: invitation().answer, answeredVersion: invitation().answeredVersion }, base.reconfirmSince)).toBe('confirmed');
  });

  it('asks a link without a version to confirm, and records the confirmation', async () => {
    const { saved, call } = setup();
    expect((await call('POST', undefined)).statusCode).toBe(200);
    expect(saved).toEqual([]);
    expect((await call('POST', undefined, { v: '2' })).statusCode).toBe(200);
    expect(saved).toEqual([{ answer: 'accept', version: 2 }]);
  });

  it('closes every link after a cancel, for any version, recording nothing', async () => {
    const { saved, call } = setup({ ...base, status: 'cancelled' });
    for (const [method, version] of [['GET', 2], ['POST', 2], ['POST', 1]] as const) {
      const res = await call(method, version, { v: '2' });
      expect(res.statusCode).toBe(410);
    }
    expect(saved).toEqual([]);
  });
});
