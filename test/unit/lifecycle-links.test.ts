// Pure pieces of the lifecycle: PATCH validation merged with the current meeting, and the signed
// links the mailer puts in each meeting mail kind.
import { describe, expect, it } from 'vitest';
import type { MeetingMailJob } from '../../functions/contract/mail-job.js';
import { verifyToken } from '../../functions/domain/link-token.js';
import { validateMeetingPatch, type MeetingDraft } from '../../functions/domain/meeting/request.js';
import { mailLinks } from '../../functions/mailer/links.js';

const current: MeetingDraft = {
  title: 'Netværksmøde',
  agenda: ['Velkomst'],
  startsAt: '2027-03-04T13:00:00+01:00',
  endsAt: '2027-03-04T16:00:00+01:00',
  timeZone: 'Europe/Copenhagen',
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding'], roles: [] },
  inspirers: [],
};
const ctx = { municipalities: ['Kolding', 'Varde'], timeZone: 'Europe/Copenhagen', now: new Date('2027-02-01T10:00:00Z') };

describe('validateMeetingPatch', () => {
  it('merges the change into the meeting, validates it like a new one and names what changed', () => {
    const r = validateMeetingPatch({ startsAt: '2027-03-05T13:00', endsAt: '2027-03-05T16:00', place: null, onlineUrl: 'https://meet.example.org/x' }, current, ctx);
    expect(r).toMatchObject({ ok: true, changed: ['time', 'place', 'onlineUrl'], meeting: { startsAt: '2027-03-05T13:00:00+01:00', onlineUrl: 'https://meet.example.org/x' } });
    expect(r.ok && r.meeting.place).toBeUndefined();
  });

  it('reports bad fields, fixed fields, cross-field rules and empty changes by name', () => {
    expect(validateMeetingPatch({ endsAt: '2027-03-04T12:00' }, current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'endsAt', message: 'must be after startsAt' }] });
    expect(validateMeetingPatch({ hostMunicipality: 'Varde', colour: 'red' }, current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'hostMunicipality' }, { field: 'colour' }] });
    expect(validateMeetingPatch({ place: null }, current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'place' }] });
    expect(validateMeetingPatch({ place: 'Kolding Rådhus' }, current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    expect(validateMeetingPatch({}, current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    expect(validateMeetingPatch([], current, ctx)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
  });
});

describe('mailLinks', () => {
  const secret = 's'.repeat(32);
  const job = (kind: MeetingMailJob['kind']): MeetingMailJob => ({
    kind,
    meeting: { ...current, audience: { municipalities: ['Kolding'], roles: [] }, meetingId: 'm1', version: 2 },
    recipient: { personId: 'anna', name: 'Anna', email: 'anna@example.org', role: 'coordinator', language: 'da' },
  });

  it('signs three answer links (expiring at the end) for invitations, updates and reminders', () => {
    for (const kind of ['invitation', 'update', 'reminder'] as const) {
      const links = mailLinks(job(kind), secret, 'https://app.example.org/');
      expect(Object.keys(links.rsvp ?? {})).toEqual(['accept', 'decline', 'maybe']);
      const url = new URL(links.rsvp!.decline);
      expect(url.pathname).toBe('/rsvp/decline');
      const v = verifyToken(secret, url.searchParams.get('t'), 'rsvp', new Date('2027-03-01T00:00:00Z'));
      expect(v).toMatchObject({ ok: true, claims: { meetingId: 'm1', personId: 'anna', answer: 'decline' } });
      expect(v.ok && v.expiresAt.toISOString()).toBe('2027-03-04T15:00:00.000Z');
    }
  });

  it('signs a reflection link for the follow-up (open 60 days after) and none for a cancellation', () => {
    const links = mailLinks({ ...job('follow-up'), followUp: { summary: 's', decisions: [], nextSteps: [] } }, secret, 'https://app.example.org');
    const t = new URL(links.reflection!).searchParams.get('t');
    expect(verifyToken(secret, t, 'reflection', new Date('2027-04-30T00:00:00Z')).ok).toBe(true);
    expect(verifyToken(secret, t, 'reflection', new Date('2027-05-04T00:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(secret, t, 'rsvp', new Date('2027-04-01T00:00:00Z'))).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(mailLinks(job('cancellation'), secret, 'https://app.example.org')).toEqual({});
  });
});
