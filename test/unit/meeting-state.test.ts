import { describe, expect, it } from 'vitest';
import {
  cancel,
  checkReminder,
  recordAnswer,
  recordDelivery,
  recordHeld,
  reschedule,
  type InvitationState,
  type MeetingState,
} from '../../functions/domain/meeting/state.js';
import type { DeliveryStatus } from '../../functions/domain/meeting/model.js';

const startsAt = '2027-03-04T13:00:00+01:00';
const endsAt = '2027-03-04T16:00:00+01:00';
const before = new Date('2027-03-01T09:00:00Z');
const during = new Date('2027-03-04T13:00:00Z');
const after = new Date('2027-03-04T15:00:00Z'); // 16:00 Copenhagen: the end itself

const scheduled: MeetingState = { status: 'scheduled', version: 1, startsAt, endsAt };
const cancelled: MeetingState = { ...scheduled, status: 'cancelled' };
const held: MeetingState = { ...scheduled, status: 'held' };

const refused = (r: { ok: boolean; conflict?: string }) => {
  expect(r.ok).toBe(false);
  expect(r.conflict).toMatch(/\w+ .*\./);
  return r.conflict!;
};

describe('meeting: reschedule', () => {
  it('raises the version and takes new times', () => {
    const r = reschedule(scheduled, { startsAt: '2027-03-05T13:00:00+01:00', endsAt: '2027-03-05T16:00:00+01:00' });
    expect(r).toEqual({
      ok: true,
      next: { status: 'scheduled', version: 2, startsAt: '2027-03-05T13:00:00+01:00', endsAt: '2027-03-05T16:00:00+01:00' },
    });
  });

  it('keeps the other fields of the stored record', () => {
    const r = reschedule({ ...scheduled, version: 3, title: 'Netværksmøde' });
    expect(r).toEqual({ ok: true, next: { ...scheduled, version: 4, title: 'Netværksmøde' } });
  });

  it('is refused for a cancelled or held meeting', () => {
    expect(refused(reschedule(cancelled))).toMatch(/cancelled/);
    expect(refused(reschedule(held))).toMatch(/held/);
  });

  it('is refused, asked at a time, once the meeting has started', () => {
    expect(reschedule(scheduled, {}, before).ok).toBe(true);
    expect(reschedule(scheduled, {}, new Date(Date.parse(startsAt) - 1)).ok).toBe(true);
    expect(refused(reschedule(scheduled, {}, new Date(Date.parse(startsAt))))).toMatch(/already started/);
    expect(refused(reschedule(scheduled, {}, during))).toMatch(/already started/);
  });
});

describe('meeting: cancel', () => {
  it('cancels a scheduled meeting and keeps its version', () => {
    expect(cancel({ ...scheduled, version: 2 })).toEqual({ ok: true, next: { ...scheduled, version: 2, status: 'cancelled' } });
  });

  it('is refused when already cancelled or held', () => {
    expect(refused(cancel(cancelled))).toMatch(/already cancelled/);
    expect(refused(cancel(held))).toMatch(/held/);
  });
});

describe('meeting: follow-up (record held)', () => {
  it('records a scheduled meeting as held once it has ended', () => {
    expect(recordHeld(scheduled, after)).toEqual({ ok: true, next: { ...scheduled, status: 'held' } });
  });

  it('is refused before the end, including during the meeting', () => {
    expect(refused(recordHeld(scheduled, before))).toMatch(/not ended/);
    expect(refused(recordHeld(scheduled, during))).toMatch(/not ended/);
  });

  it('is refused for a cancelled meeting and a second time', () => {
    expect(refused(recordHeld(cancelled, after))).toMatch(/cancelled/);
    expect(refused(recordHeld(held, after))).toMatch(/already/);
  });
});

describe('meeting: reminder check', () => {
  it('sends for the current version of a scheduled meeting before it starts', () => {
    expect(checkReminder({ ...scheduled, version: 2 }, 2, before)).toEqual({ send: true });
  });

  it.each([
    ['an older version', { ...scheduled, version: 2 }, 1, before],
    ['a cancelled meeting', cancelled, 1, before],
    ['a held meeting', held, 1, before],
    ['a meeting that has started', scheduled, 1, during],
    ['a meeting that has ended', scheduled, 1, after],
  ] as const)('sends nothing for %s', (_name, meeting, version, now) => {
    const r = checkReminder(meeting, version, now);
    expect(r.send).toBe(false);
  });
});

describe('invitation: delivery', () => {
  const inv = (delivery: DeliveryStatus): InvitationState => ({ delivery, answer: 'none' });
  const allowed: [DeliveryStatus, DeliveryStatus][] = [
    ['pending', 'sent'],
    ['pending', 'delivered'],
    ['pending', 'bounced'],
    ['pending', 'rejected'],
    ['sent', 'delivered'],
    ['sent', 'bounced'],
    ['sent', 'rejected'],
    ['delivered', 'bounced'],
  ];
  const all: DeliveryStatus[] = ['pending', 'sent', 'delivered', 'bounced', 'rejected'];

  it.each(allowed)('%s -> %s', (from, to) => {
    expect(recordDelivery(inv(from), to)).toEqual({ ok: true, next: inv(to) });
  });

  it.each(all)('%s again is a duplicate: ok and unchanged', (s) => {
    const current = inv(s);
    const r = recordDelivery(current, s);
    expect(r).toEqual({ ok: true, next: current });
  });

  const forbidden = all.flatMap((from) =>
    all.filter((to) => to !== from && !allowed.some(([f, t]) => f === from && t === to)).map((to) => [from, to] as const),
  );
  it.each(forbidden)('%s -> %s is a conflict', (from, to) => {
    expect(refused(recordDelivery(inv(from), to))).toContain(`already ${from}`);
  });

  it('covers every pair', () => {
    expect(allowed.length + forbidden.length + all.length).toBe(all.length * all.length);
  });

  it('moves nowhere from a state the model does not follow (the mailer in flight, SES\'s milder reports)', () => {
    expect(refused(recordDelivery(inv('sending'), 'sent'))).toContain('already sending');
    expect(refused(recordDelivery(inv('delayed'), 'delivered'))).toContain('already delayed');
  });
});

describe('invitation: answer', () => {
  const fresh: InvitationState = { delivery: 'delivered', answer: 'none' };

  it('records a first answer with its time', () => {
    expect(recordAnswer(fresh, scheduled, 'accept', before)).toEqual({
      ok: true,
      next: { delivery: 'delivered', answer: 'accept', answeredAt: before.toISOString() },
    });
  });

  it('keeps the latest of several answers', () => {
    const first = recordAnswer(fresh, scheduled, 'accept', before);
    if (!first.ok) throw new Error('expected ok');
    const later = new Date(before.getTime() + 60_000);
    const second = recordAnswer(first.next, scheduled, 'decline', later);
    expect(second).toEqual({ ok: true, next: { ...fresh, answer: 'decline', answeredAt: later.toISOString() } });
    // The first answer delivered again afterwards changes nothing.
    if (!second.ok) throw new Error('expected ok');
    expect(recordAnswer(second.next, scheduled, 'accept', before)).toEqual({ ok: true, next: second.next });
  });

  it('is allowed while the meeting runs, and for a bounced invitation', () => {
    expect(recordAnswer(fresh, scheduled, 'maybe', during).ok).toBe(true);
    expect(recordAnswer({ delivery: 'bounced', answer: 'none' }, scheduled, 'maybe', before).ok).toBe(true);
  });

  it('is refused once the meeting has ended, was cancelled, or was held', () => {
    expect(refused(recordAnswer(fresh, scheduled, 'accept', after))).toMatch(/ended/);
    expect(refused(recordAnswer(fresh, cancelled, 'accept', before))).toMatch(/cancelled/);
    expect(refused(recordAnswer(fresh, held, 'accept', before))).toMatch(/taken place/);
  });
});
