// The rules behind the agenda editor's "save without mailing" and the offer to invite a person
// added later (functions/domain/meeting/notify.ts, invite-later.ts).
import { describe, expect, it } from 'vitest';
import { silentChangeError, splitNotify } from '../../functions/domain/meeting/notify.js';
import { offersMeeting } from '../../functions/domain/meeting/invite-later.js';
import type { InvitationRecord, MeetingRecord } from '../../functions/domain/meeting/model.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';

describe('notify on a PATCH', () => {
  it('is true unless the body says false, and must be a boolean', () => {
    expect(splitNotify({ agenda: ['a'] })).toEqual({ ok: true, patch: { agenda: ['a'] }, notify: true });
    expect(splitNotify({ agenda: ['a'], notify: false })).toEqual({ ok: true, patch: { agenda: ['a'] }, notify: false });
    expect(splitNotify({ agenda: ['a'], notify: 'no' })).toEqual({ ok: false, errors: [{ field: 'notify', message: 'must be true or false' }] });
    expect(splitNotify(null)).toEqual({ ok: true, patch: null, notify: true });
  });

  it('may be false for an agenda edit only', () => {
    expect(silentChangeError(false, ['agenda'])).toBeUndefined();
    expect(silentChangeError(true, ['time', 'place'])).toBeUndefined();
    expect(silentChangeError(false, ['agenda', 'time'])).toEqual({ field: 'notify', message: 'may be false only when the agenda alone changes' });
  });
});

describe('meetings offered to a person added later', () => {
  const now = new Date('2027-01-01T10:00:00Z');
  const person: NetworkPerson = { personId: 'ny-person', name: 'Ny Person', email: 'ny@kolding.example.com', role: 'coordinator', municipality: 'Kolding', language: 'da' };
  const meeting = (over: Partial<MeetingRecord> = {}): MeetingRecord => ({
    meetingId: 'm1', version: 1, title: 'Møde', agenda: [], startsAt: '2027-02-01T10:00:00+01:00', endsAt: '2027-02-01T12:00:00+01:00',
    timeZone: 'Europe/Copenhagen', place: 'Kolding', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'], roles: ['coordinator'] },
    inspirers: [], createdAt: '2026-12-01T10:00:00Z', status: 'scheduled', ...over,
  }) as MeetingRecord;
  const invitation = (over: Partial<InvitationRecord> = {}): InvitationRecord => ({ recipient: { ...person }, invitedVersion: 1, ...over }) as InvitationRecord;

  it('offers an open meeting whose audience matches them and that has not invited them', () => {
    expect(offersMeeting(person, meeting(), undefined, now)).toBe(true);
    // Taken out of the audience earlier and matching again: offered.
    expect(offersMeeting(person, meeting(), invitation({ removedVersion: 2 }), now)).toBe(true);
  });

  it('offers no meeting that invites them already, is for others, closed or over', () => {
    expect(offersMeeting(person, meeting(), invitation(), now)).toBe(false);
    expect(offersMeeting(person, meeting({ audience: { municipalities: ['Varde'], roles: [] } }), undefined, now)).toBe(false);
    expect(offersMeeting(person, meeting({ audience: { municipalities: [], roles: ['politician'] } }), undefined, now)).toBe(false);
    expect(offersMeeting(person, meeting({ status: 'cancelled' }), undefined, now)).toBe(false);
    expect(offersMeeting(person, meeting(), undefined, new Date('2027-02-01T12:00:00+01:00'))).toBe(false);
  });
});
