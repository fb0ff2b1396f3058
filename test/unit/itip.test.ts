// The rules for calendar answers (functions/inbound/itip.ts): which REPLY is whose answer to which
// meeting version, and when it counts.
import { describe, expect, it } from 'vitest';
import { answerTime, decideReply, readCalendarReplies } from '../../functions/inbound/itip.js';

const reply = (lines: string[], method = 'REPLY') =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Client//EN', `METHOD:${method}`, 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');

const meetingId = '3f2a9c1e-0b7d-4f1a-9e2b-5c8d7a6b4e10';
const base = [`UID:${meetingId}@samskab`, 'DTSTAMP:20270301T101500Z', 'DTSTART:20270304T120000Z'];

describe('readCalendarReplies', () => {
  it('reads UID, ATTENDEE (normalized), PARTSTAT and SEQUENCE; ORGANIZER may be missing', async () => {
    const found = await readCalendarReplies(reply([...base, 'SEQUENCE:1', 'ATTENDEE;PARTSTAT=ACCEPTED;CN="Mette":MAILTO:Mette.Kjaer@Kolding.Example.com']));
    expect(found).toEqual([{ meetingId, attendee: 'mette.kjaer@kolding.example.com', answer: 'accept', version: 2, answeredAt: new Date('2027-03-01T10:15:00Z') }]);
  });

  it('maps DECLINED and TENTATIVE, and a missing SEQUENCE is 0 (version 1)', async () => {
    expect((await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=DECLINED:mailto:a@example.org'])))[0]).toMatchObject({ answer: 'decline', version: 1 });
    expect((await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=TENTATIVE:mailto:a@example.org'])))[0]).toMatchObject({ answer: 'maybe', version: 1 });
  });

  it('ignores what is not an answer to one of our meetings', async () => {
    // Not a REPLY (a REQUEST forwarded to the reply address).
    expect(await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org'], 'REQUEST'))).toEqual([]);
    // Someone else's event.
    expect(await readCalendarReplies(reply(['UID:abc@google.com', 'DTSTAMP:20270301T101500Z', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org']))).toEqual([]);
    // No answer yet, or delegated.
    expect(await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:a@example.org']))).toEqual([]);
    expect(await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=DELEGATED:mailto:a@example.org']))).toEqual([]);
    // An attendee without a mail address.
    expect(await readCalendarReplies(reply([...base, 'ATTENDEE;PARTSTAT=ACCEPTED:urn:uuid:1234']))).toEqual([]);
    // One occurrence of a recurring event (our meetings have none).
    expect(await readCalendarReplies(reply([...base, 'RECURRENCE-ID:20270304T120000Z', 'ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org']))).toEqual([]);
  });

  it('throws on text that is not iCalendar (the mail is then treated as a plain reply)', async () => {
    await expect(readCalendarReplies('hello')).rejects.toThrow();
  });
});

describe('answerTime', () => {
  const received = new Date('2027-03-01T11:00:00Z');
  it('is DTSTAMP, the same on every copy of the mail', () => {
    expect(answerTime({ answeredAt: new Date('2027-03-01T10:15:00Z') }, received)).toEqual(new Date('2027-03-01T10:15:00Z'));
  });
  it('is the arrival when DTSTAMP is missing or lies after it (a clock ahead)', () => {
    expect(answerTime({}, received)).toEqual(received);
    expect(answerTime({ answeredAt: new Date('2027-03-02T00:00:00Z') }, received)).toEqual(received);
  });
});

describe('decideReply', () => {
  const meeting = { status: 'scheduled' as const, version: 2, startsAt: '2027-03-04T12:00:00Z', endsAt: '2027-03-04T15:00:00Z' };
  const at = new Date('2027-03-01T10:00:00Z');
  const invited = { };

  it('records an answer to the current version', () => {
    expect(decideReply(meeting, invited, { answer: 'accept', version: 2 }, at)).toEqual({ record: true });
  });

  it('does not count a REPLY to an older SEQUENCE after a move as (re)confirmation', () => {
    const d = decideReply(meeting, invited, { answer: 'accept', version: 1 }, at);
    expect(d.record).toBe(false);
    expect(d).toMatchObject({ reason: expect.stringContaining('moved to version 2') });
  });

  it('refuses a version the meeting never had, someone not invited or taken out, and a closed meeting', () => {
    expect(decideReply(meeting, invited, { answer: 'accept', version: 3 }, at).record).toBe(false);
    expect(decideReply(meeting, undefined, { answer: 'accept', version: 2 }, at).record).toBe(false);
    expect(decideReply(meeting, { removedVersion: 2 }, { answer: 'accept', version: 2 }, at).record).toBe(false);
    expect(decideReply({ ...meeting, status: 'cancelled' }, invited, { answer: 'accept', version: 2 }, at).record).toBe(false);
    expect(decideReply(meeting, invited, { answer: 'accept', version: 2 }, new Date('2027-03-05T00:00:00Z')).record).toBe(false);
  });
});
