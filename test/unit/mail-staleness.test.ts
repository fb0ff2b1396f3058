// The send-time rule: which queued meeting mail the meeting has moved past (functions/domain/mail/staleness.ts).
import { describe, expect, it } from 'vitest';
import type { MeetingMailJob } from '../../functions/contract/mail-job.js';
import { staleReason, type CurrentMeeting } from '../../functions/domain/mail/staleness.js';
import { meetingCounts } from '../../functions/domain/meeting/counts.js';

const startsAt = '2027-03-04T13:00:00+01:00';
const now = new Date('2027-03-01T10:00:00Z');
const mail = (kind: MeetingMailJob['kind'], version: number, extra: Partial<MeetingMailJob> = {}): MeetingMailJob => ({
  kind,
  meeting: {
    meetingId: 'm1',
    version,
    title: 'Møde',
    agenda: [],
    startsAt,
    endsAt: '2027-03-04T16:00:00+01:00',
    timeZone: 'Europe/Copenhagen',
    place: 'Kolding',
    hostMunicipality: 'Kolding',
    audience: { municipalities: [], roles: [] },
    inspirers: [],
  },
  recipient: { personId: 'p1', name: 'P', email: 'p@example.org', role: 'citizen', language: 'da' },
  ...extra,
});
const meeting = (status: CurrentMeeting['status'], version: number): CurrentMeeting => ({ status, version, startsAt });
const removal = (version: number) => mail('cancellation', version, { removedFromAudience: true });

describe('staleReason', () => {
  it('keeps a request (invitation, update, reminder) only while the meeting is scheduled at its version', () => {
    for (const kind of ['invitation', 'update', 'reminder'] as const) {
      expect(staleReason(mail(kind, 2), meeting('scheduled', 2), undefined, now)).toBeUndefined();
      expect(staleReason(mail(kind, 2), meeting('scheduled', 3), undefined, now)).toBe(`${kind} for version 2; meeting is scheduled at version 3`);
      expect(staleReason(mail(kind, 2), meeting('cancelled', 2), undefined, now)).toBe(`${kind} for version 2; meeting is cancelled at version 2`);
      expect(staleReason(mail(kind, 2), meeting('held', 2), undefined, now)).toMatch(/meeting is held/);
    }
  });

  it('drops a reminder once the meeting has started', () => {
    expect(staleReason(mail('reminder', 1), meeting('scheduled', 1), undefined, new Date(startsAt))).toBe('reminder for a meeting that has started');
    expect(staleReason(mail('invitation', 1), meeting('scheduled', 1), undefined, new Date(startsAt))).toBeUndefined();
  });

  it("keeps a cancel's cancellation once the meeting is cancelled", () => {
    expect(staleReason(mail('cancellation', 2, { reason: 'ill' }), meeting('cancelled', 2), undefined, now)).toBeUndefined();
    expect(staleReason(mail('cancellation', 2, { reason: 'ill' }), meeting('scheduled', 2), undefined, now)).toMatch(/^cancellation for version 2/);
  });

  it('keeps a removal cancellation through later versions and a cancel, unless a later version invited the person again', () => {
    const removedAt2 = { invitedVersion: 2, removedVersion: 2 };
    expect(staleReason(removal(2), meeting('scheduled', 2), removedAt2, now)).toBeUndefined();
    expect(staleReason(removal(2), meeting('scheduled', 4), removedAt2, now)).toBeUndefined();
    expect(staleReason(removal(2), meeting('cancelled', 4), removedAt2, now)).toBeUndefined();
    expect(staleReason(removal(2), meeting('scheduled', 3), { invitedVersion: 3 }, now)).toBe('removal at version 2; invited again at version 3');
    // Removed again at 4: that version sent its own cancellation, so the one for 2 is out of date too.
    expect(staleReason(removal(2), meeting('scheduled', 4), { invitedVersion: 4, removedVersion: 4 }, now)).toMatch(/invited again/);
  });

  it('keeps a follow-up only for a held meeting, and sends nothing for a meeting that is gone', () => {
    expect(staleReason(mail('follow-up', 1), meeting('held', 1), undefined, now)).toBeUndefined();
    expect(staleReason(mail('follow-up', 1), meeting('cancelled', 1), undefined, now)).toMatch(/^follow-up; meeting is cancelled/);
    expect(staleReason(mail('invitation', 1), undefined, undefined, now)).toBe('the meeting no longer exists');
  });
});

describe('meetingCounts with stale and unconfirmed mail', () => {
  it('counts both as settled, neither as sent nor unreached, so settled still reaches invited', () => {
    const inv = (deliveryStatus: 'stale' | 'unconfirmed' | 'sent' | 'pending') => ({ answer: null, deliveryStatus });
    expect(meetingCounts([inv('stale'), inv('unconfirmed'), inv('sent'), inv('pending')])).toMatchObject({ invited: 4, sent: 1, unreached: 0, settled: 3 });
  });
});
