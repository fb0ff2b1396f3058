// The input rules of issue 13 (findings 6 and 9) as plain functions: the service limits computed
// as the services compute them, text that shows nothing, bidi controls, date ranges, and answer
// links that carry the meeting version.
import { describe, expect, it } from 'vitest';
import { eventEntryOf } from '../../functions/contract/event-entry.js';
import { eventSchemas } from '../../functions/contract/events.js';
import {
  dynamoItemSize,
  DYNAMODB_ITEM_MAX_BYTES,
  EVENTBRIDGE_ENTRY_MAX_BYTES,
  oversizedEvent,
  putEventsEntrySize,
} from '../../functions/contract/limits.js';
import { PersonName } from '../../functions/contract/network.js';
import { hasVisibleText, stripBidiControls } from '../../functions/contract/text.js';
import { CompletionBody, validateExperimentRequest, validateNote } from '../../functions/domain/experiment/rules.js';
import { signToken, verifyToken } from '../../functions/domain/link-token.js';
import { validateMeetingRequest } from '../../functions/domain/meeting/request.js';

const ctx = { municipalities: ['Kolding', 'Varde'], timeZone: 'Europe/Copenhagen', now: new Date('2027-02-01T10:00:00Z') };
const meeting = (over: Record<string, unknown> = {}) => ({
  title: 'Netværksmøde',
  startsAt: '2027-03-04T13:00',
  endsAt: '2027-03-04T16:00',
  place: 'Kolding Rådhus',
  hostMunicipality: 'Kolding',
  ...over,
});
const fieldsOf = (r: { ok: boolean; errors?: { field: string }[] }) => (r.ok ? [] : r.errors!.map((e) => e.field));

describe('service limits', () => {
  it('sizes a PutEvents entry as EventBridge does: Time 14 bytes, Source, DetailType, Detail and Resources in UTF-8 bytes', () => {
    expect(putEventsEntrySize({ Source: 'samskab', DetailType: 'x', Detail: '{"a":"€"}' })).toBe(7 + 1 + 11);
    expect(putEventsEntrySize({ Source: 'samskab', DetailType: 'x', Time: new Date(), Resources: ['arn:æ'] })).toBe(7 + 1 + 14 + 6);
    // The bus name and the JSON around the entry do not count.
    const entry = eventEntryOf(eventSchemas, 'a-very-long-bus-name', 'person-erased', { personId: 'p1' });
    expect(putEventsEntrySize(entry)).toBe(7 + 'person-erased'.length + Buffer.byteLength(entry.Detail));
    expect(EVENTBRIDGE_ENTRY_MAX_BYTES).toBe(262_144);
  });

  it('names the fields of a meeting whose event would exceed 256 KB (the issue\'s 329 KB body)', () => {
    const draft = validateMeetingRequest(
      meeting({
        agenda: Array.from({ length: 50 }, () => '€'.repeat(500)),
        inspirers: Array.from({ length: 200 }, (_, i) => ({ name: `Inspirator ${i} ${'Æ'.repeat(100)}`, email: `i${i}@example.org`, topic: '€'.repeat(300), language: 'da' })),
      }),
      ctx,
    );
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    const over = oversizedEvent('meeting-scheduled', { ...draft.meeting, meetingId: crypto.randomUUID(), version: 1 });
    expect(over?.bytes).toBeGreaterThan(EVENTBRIDGE_ENTRY_MAX_BYTES);
    expect(over?.fields[0]?.field).toBe('inspirers');
    // The same meeting with half the inspirers fits.
    const half = { ...draft.meeting, inspirers: draft.meeting.inspirers.slice(0, 100), meetingId: 'm', version: 1 as const };
    expect(oversizedEvent('meeting-scheduled', half)).toBeUndefined();
  });

  it('sizes a DynamoDB item as DynamoDB does: names and values, numbers by digits, lists and maps with overhead', () => {
    expect(dynamoItemSize({ a: 'xyz' })).toBe(1 + 3);
    expect(dynamoItemSize({ n: 12345 })).toBe(1 + 4);
    expect(dynamoItemSize({ b: true, z: null })).toBe(2 + 2);
    expect(dynamoItemSize({ l: ['ab', 'c'] })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(dynamoItemSize({ m: { k: 'v' } })).toBe(1 + 3 + 1 + (1 + 1));
  });

  it('keeps the largest experiment item (registration and completion of the longest valid text) under 400 KB', () => {
    const fat = (n: number) => '€'.repeat(n);
    const involved = Array.from({ length: 200 }, (_, i) => ({ name: fat(120), email: `${'a'.repeat(60)}${i}@example.org`, role: 'citizen', language: 'da' }));
    const reg = validateExperimentRequest(
      { municipality: 'Kolding', title: fat(200), challenge: fat(3000), plan: fat(3000), startsOn: '2027-03-01', plannedEndOn: '2027-06-01', involved },
      { municipalities: ['Kolding'], people: [] },
    );
    const done = CompletionBody.safeParse({ outcome: fat(3000), learnings: Array.from({ length: 30 }, () => fat(500)), reusable: fat(3000), doDifferently: fat(3000) });
    expect(reg.ok && done.success).toBe(true);
    if (!reg.ok || !done.success) return;
    expect(oversizedEvent('experiment-registered', { ...reg.experiment, experimentId: crypto.randomUUID() })).toBeUndefined();
    expect(oversizedEvent('experiment-completed', { experimentId: crypto.randomUUID(), ...done.data })).toBeUndefined();
    const item = { pk: 'EXPERIMENT#x', sk: 'EXPERIMENT', ...reg.experiment, ...done.data, status: 'completed', registeredAt: new Date().toISOString() };
    expect(dynamoItemSize(item)).toBeLessThan(DYNAMODB_ITEM_MAX_BYTES);
  });
});

describe('text that shows nothing, and bidi controls', () => {
  const invisible = ['\u200B', '\u200C\u200D', '\u2060\uFEFF', '\u202E', '\u2066\u2069', '\u00AD', ' \u00A0\u3000', '\u3164', '\u200E\u200F', '\uFE0F'];

  it('counts zero-width, format, bidi and white-space characters as no text', () => {
    for (const s of invisible) expect(hasVisibleText(s), JSON.stringify(s)).toBe(false);
    expect(hasVisibleText('\u200Bx')).toBe(true);
    expect(hasVisibleText('مرحبا')).toBe(true);
  });

  it('refuses such a title, agenda item and name as empty', () => {
    for (const s of invisible) {
      const r = validateMeetingRequest(meeting({ title: s, agenda: [s] }), ctx);
      expect(fieldsOf(r), JSON.stringify(s)).toEqual(['title', 'agenda.0']);
      expect(PersonName.safeParse(s).success).toBe(false);
    }
    const exp = validateExperimentRequest(
      { municipality: 'Kolding', title: '\u200B', challenge: '\u202E', plan: 'p', startsOn: '2027-03-01', plannedEndOn: '2027-06-01' },
      { municipalities: ['Kolding'], people: [] },
    );
    expect(fieldsOf(exp)).toEqual(['title', 'challenge']);
  });

  it('strips embeddings, overrides and isolates from stored text, keeping the marks', () => {
    expect(stripBidiControls('a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j')).toBe('abcdefghij');
    expect(stripBidiControls('שלום\u200F!')).toBe('שלום\u200F!');
    const r = validateMeetingRequest(meeting({ title: 'Møde \u202Eexe.txt' }), ctx);
    expect(r.ok && r.meeting.title).toBe('Møde exe.txt');
    expect(PersonName.parse('\u202EAnna\u202C Hansen')).toBe('Anna Hansen');
  });
});

describe('dates within a sane range', () => {
  it('refuses a meeting more than 5 years ahead, saying until when', () => {
    const r = validateMeetingRequest(meeting({ startsAt: '9999-03-04T13:00', endsAt: '9999-03-04T16:00' }), ctx);
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'startsAt', message: 'must be at most 5 years ahead (before 2032-02-01)' },
        { field: 'endsAt', message: 'must be at most 5 years ahead (before 2032-02-01)' },
      ],
    });
    expect(fieldsOf(validateMeetingRequest(meeting({ endsAt: '2040-01-01T10:00' }), ctx))).toEqual(['endsAt']);
    expect(validateMeetingRequest(meeting({ startsAt: '2032-01-31T13:00', endsAt: '2032-01-31T16:00' }), ctx).ok).toBe(true);
  });

  it('refuses experiment and note dates outside 2000-01-01 to 2099-12-31', () => {
    const exp = validateExperimentRequest(
      { municipality: 'Kolding', title: 't', challenge: 'c', plan: 'p', startsOn: '1999-12-31', plannedEndOn: '9999-01-01' },
      { municipalities: ['Kolding'], people: [] },
    );
    expect(exp).toMatchObject({
      ok: false,
      errors: [
        { field: 'startsOn', message: 'must be between 2000-01-01 and 2099-12-31' },
        { field: 'plannedEndOn', message: 'must be between 2000-01-01 and 2099-12-31' },
      ],
    });
    expect(fieldsOf(validateNote({ date: '0202-03-01', text: 'x' }, '2027-03-01'))).toEqual(['date']);
  });
});

describe('answer links carry the meeting version', () => {
  const secret = 's'.repeat(32);
  const at = new Date('2027-03-01T00:00:00Z');
  const expires = new Date('2027-03-04T15:00:00Z');

  it('signs and reads the version; a link signed without one still verifies, without a version', () => {
    const t = signToken(secret, { purpose: 'rsvp', meetingId: 'm1', personId: 'anna', answer: 'accept', version: 3 }, expires);
    expect(verifyToken(secret, t, 'rsvp', at)).toMatchObject({ ok: true, claims: { version: 3 } });
    const old = signToken(secret, { purpose: 'rsvp', meetingId: 'm1', personId: 'anna', answer: 'accept' }, expires);
    const v = verifyToken(secret, old, 'rsvp', at);
    expect(v.ok && 'version' in v.claims).toBe(false);
  });
});
