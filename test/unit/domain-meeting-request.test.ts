import { describe, expect, it } from 'vitest';
import { validateMeetingRequest, type FieldError } from '../../functions/domain/meeting/request.js';
import { formatInstantInZone, parseMeetingTime } from '../../functions/domain/zoned-time.js';

const ctx = {
  municipalities: ['Kolding', 'Ikast-Brande', 'Varde', 'Aalborg'],
  timeZone: 'Europe/Copenhagen',
  now: new Date('2027-01-15T09:00:00Z'),
};

const valid = () => ({
  title: 'Netværksmøde: politiske paradokser',
  agenda: ['Velkomst', 'Oplæg ved inspirator'],
  startsAt: '2027-03-04T13:00',
  endsAt: '2027-03-04T16:00',
  place: 'Kolding Rådhus, Akseltorv 1, 6000 Kolding',
  hostMunicipality: 'Kolding',
  audience: { municipalities: ['Kolding', 'Varde'], roles: ['coordinator', 'politician'] },
  inspirers: [{ name: 'Navn Efternavn', email: 'inspirator@example.org', topic: 'Politiske paradokser i samskabelse', language: 'da' }],
});

function errorsOf(body: unknown, context = ctx): FieldError[] {
  const result = validateMeetingRequest(body, context);
  if (result.ok) throw new Error('expected the request to be rejected');
  return result.errors;
}
const fields = (body: unknown) => errorsOf(body).map((e) => e.field).sort();

describe('validateMeetingRequest', () => {
  it('accepts the documented example and converts local times to instants with offset', () => {
    const result = validateMeetingRequest(valid(), ctx);
    expect(result).toEqual({
      ok: true,
      meeting: {
        ...valid(),
        startsAt: '2027-03-04T13:00:00+01:00',
        endsAt: '2027-03-04T16:00:00+01:00',
        timeZone: 'Europe/Copenhagen',
      },
    });
  });

  it('uses summer time offsets for a summer meeting (13:00 stays 13:00)', () => {
    const result = validateMeetingRequest({ ...valid(), startsAt: '2027-06-10T13:00', endsAt: '2027-06-10T16:00' }, ctx);
    expect(result.ok && result.meeting.startsAt).toBe('2027-06-10T13:00:00+02:00');
    expect(result.ok && result.meeting.endsAt).toBe('2027-06-10T16:00:00+02:00');
  });

  it('rejects a wall-clock time in the spring-forward gap, naming the field', () => {
    const errors = errorsOf({ ...valid(), startsAt: '2027-03-28T02:30', endsAt: '2027-03-28T05:00' });
    expect(errors).toEqual([{ field: 'startsAt', message: expect.stringContaining('does not exist in Europe/Copenhagen') }]);
  });

  it('takes the earlier instant for an ambiguous autumn time', () => {
    const result = validateMeetingRequest({ ...valid(), startsAt: '2027-10-31T02:30', endsAt: '2027-10-31T05:00' }, ctx);
    expect(result.ok && result.meeting.startsAt).toBe('2027-10-31T02:30:00+02:00');
  });

  it('accepts an explicit offset and writes the instant in the network time zone', () => {
    const r1 = validateMeetingRequest({ ...valid(), startsAt: '2027-03-04T13:00:00+01:00', endsAt: '2027-03-04T15:00:00Z' }, ctx);
    expect(r1.ok && r1.meeting.startsAt).toBe('2027-03-04T13:00:00+01:00');
    expect(r1.ok && r1.meeting.endsAt).toBe('2027-03-04T16:00:00+01:00');
  });

  it('rejects malformed and impossible dates', () => {
    expect(errorsOf({ ...valid(), startsAt: '4 March 2027 13:00' }).map((e) => e.field)).toContain('startsAt');
    expect(errorsOf({ ...valid(), startsAt: '2027-02-30T13:00' })).toContainEqual({ field: 'startsAt', message: 'is not a valid date and time' });
    expect(errorsOf({ ...valid(), endsAt: '2027-03-04T24:30' }).map((e) => e.field)).toContain('endsAt');
  });

  it('requires the end after the start', () => {
    expect(errorsOf({ ...valid(), endsAt: '2027-03-04T13:00' })).toEqual([{ field: 'endsAt', message: 'must be after startsAt' }]);
    expect(fields({ ...valid(), endsAt: '2027-03-04T12:00' })).toEqual(['endsAt']);
  });

  it('requires the start in the future', () => {
    expect(errorsOf({ ...valid(), startsAt: '2027-01-15T09:00', endsAt: '2027-01-15T12:00' })).toEqual([
      { field: 'startsAt', message: 'must be in the future' },
    ]);
  });

  it('requires a title', () => {
    expect(errorsOf({ ...valid(), title: undefined })).toEqual([{ field: 'title', message: 'is required' }]);
    expect(errorsOf({ ...valid(), title: '   ' })).toEqual([{ field: 'title', message: 'must not be empty' }]);
    expect(fields({ ...valid(), title: 42 })).toEqual(['title']);
  });

  it('requires agenda items to be non-empty strings and allows an omitted agenda', () => {
    expect(fields({ ...valid(), agenda: ['Velkomst', ''] })).toEqual(['agenda.1']);
    expect(fields({ ...valid(), agenda: 'Velkomst' })).toEqual(['agenda']);
    const { agenda: _agenda, ...withoutAgenda } = valid();
    const result = validateMeetingRequest(withoutAgenda, ctx);
    expect(result.ok && result.meeting.agenda).toEqual([]);
  });

  it('requires a place or an online link, and accepts either or both', () => {
    const { place: _place, ...noPlace } = valid();
    expect(errorsOf(noPlace)).toEqual([{ field: 'place', message: 'give a place, an onlineUrl, or both' }]);
    expect(validateMeetingRequest({ ...noPlace, onlineUrl: 'https://meet.example.org/abc' }, ctx).ok).toBe(true);
    expect(validateMeetingRequest({ ...valid(), onlineUrl: 'http://meet.example.org/abc' }, ctx).ok).toBe(true);
    expect(fields({ ...valid(), onlineUrl: 'javascript:alert(1)' })).toEqual(['onlineUrl']);
    expect(fields({ ...valid(), onlineUrl: 'not a url' })).toEqual(['onlineUrl']);
  });

  it("requires the host municipality to be one of the network's", () => {
    expect(errorsOf({ ...valid(), hostMunicipality: 'Odense' })).toEqual([
      { field: 'hostMunicipality', message: expect.stringContaining('Kolding, Ikast-Brande, Varde, Aalborg') },
    ]);
    expect(fields({ ...valid(), hostMunicipality: undefined })).toEqual(['hostMunicipality']);
  });

  it('checks the audience per item and treats omitted or empty lists as everyone', () => {
    expect(fields({ ...valid(), audience: { municipalities: ['Kolding', 'Odense'], roles: ['mayor'] } })).toEqual([
      'audience.municipalities.1',
      'audience.roles.0',
    ]);
    const omitted = validateMeetingRequest({ ...valid(), audience: undefined }, ctx);
    expect(omitted.ok && omitted.meeting.audience).toEqual({ municipalities: [], roles: [] });
    const partial = validateMeetingRequest({ ...valid(), audience: { roles: ['citizen'] } }, ctx);
    expect(partial.ok && partial.meeting.audience).toEqual({ municipalities: [], roles: ['citizen'] });
  });

  it('checks each inspirer field with its path', () => {
    const inspirers = [
      valid().inspirers[0],
      { name: '', email: 'not-an-email', topic: 'x', language: 'de' },
      { name: 'Evil\r\nBcc: x@example.org', email: 'a@example.org', language: 'en' },
    ];
    expect(fields({ ...valid(), inspirers })).toEqual([
      'inspirers.1.email',
      'inspirers.1.language',
      'inspirers.1.name',
      'inspirers.2.name',
      'inspirers.2.topic',
    ]);
  });

  it('normalises inspirer emails to lower case', () => {
    const result = validateMeetingRequest({ ...valid(), inspirers: [{ ...valid().inspirers[0], email: ' Inspirator@Example.ORG ' }] }, ctx);
    expect(result.ok && result.meeting.inspirers[0]?.email).toBe('inspirator@example.org');
  });

  it('rejects unknown fields, also nested ones', () => {
    expect(
      errorsOf({ ...valid(), onlineURL: 'https://x.example.org', audience: { municipalities: [], team: 'a' } }),
    ).toEqual(
      expect.arrayContaining([
        { field: 'onlineURL', message: 'is not a known field' },
        { field: 'audience.team', message: 'is not a known field' },
      ]),
    );
  });

  it('reports every failure at once', () => {
    const errors = errorsOf({
      title: '',
      agenda: [''],
      startsAt: '2027-03-04T13:00',
      endsAt: '2027-03-04T12:00',
      hostMunicipality: 'Odense',
      inspirers: [{ name: 'A', email: 'nope', topic: 't', language: 'da' }],
    });
    expect(errors.map((e) => e.field).sort()).toEqual(['agenda.0', 'endsAt', 'hostMunicipality', 'inspirers.0.email', 'place', 'title']);
  });

  it('names the body when it is not an object', () => {
    expect(errorsOf(null)).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
    expect(errorsOf([1, 2])).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });
});

describe('zoned time', () => {
  it('formats instants with the offset in force at that instant', () => {
    expect(formatInstantInZone(Date.parse('2027-03-28T00:59:00Z'), 'Europe/Copenhagen')).toBe('2027-03-28T01:59:00+01:00');
    expect(formatInstantInZone(Date.parse('2027-03-28T01:00:00Z'), 'Europe/Copenhagen')).toBe('2027-03-28T03:00:00+02:00');
    expect(formatInstantInZone(Date.parse('2027-03-04T12:00:00Z'), 'America/St_Johns')).toBe('2027-03-04T08:30:00-03:30');
  });

  it('treats the gap edges correctly', () => {
    expect(parseMeetingTime('2027-03-28T01:59', 'Europe/Copenhagen')).toEqual({ ok: true, epochMs: Date.parse('2027-03-28T00:59:00Z') });
    expect(parseMeetingTime('2027-03-28T02:00', 'Europe/Copenhagen')).toEqual({ ok: false, reason: 'nonexistent' });
    expect(parseMeetingTime('2027-03-28T03:00', 'Europe/Copenhagen')).toEqual({ ok: true, epochMs: Date.parse('2027-03-28T01:00:00Z') });
  });
});
