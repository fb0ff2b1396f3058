import { describe, expect, it } from 'vitest';
import { expandAudience, inspirerPersonId, type NetworkPerson } from '../../functions/domain/person/audience.js';

const person = (personId: string, role: NetworkPerson['role'], municipality?: string, language: 'da' | 'en' = 'da'): NetworkPerson => ({
  personId,
  name: personId.toUpperCase(),
  email: `${personId}@example.org`,
  role,
  ...(municipality ? { municipality } : {}),
  language,
});

const people = [
  person('fac', 'facilitator'),
  person('k-coord', 'coordinator', 'Kolding'),
  person('k-pol', 'politician', 'Kolding'),
  person('k-emp', 'employee', 'Kolding'),
  person('v-coord', 'coordinator', 'Varde', 'en'),
  person('a-pol', 'politician', 'Aalborg'),
];
const ids = (rs: { personId: string }[]) => rs.map((r) => r.personId);

describe('expandAudience', () => {
  it('matches municipality AND role', () => {
    expect(ids(expandAudience(people, { municipalities: ['Kolding', 'Varde'], roles: ['coordinator', 'politician'] }, []))).toEqual([
      'k-coord',
      'k-pol',
      'v-coord',
    ]);
  });

  it('treats an empty or omitted dimension as everyone', () => {
    expect(ids(expandAudience(people, { municipalities: [], roles: [] }, []))).toEqual(ids(people));
    expect(ids(expandAudience(people, {}, []))).toEqual(ids(people));
    expect(ids(expandAudience(people, { roles: ['politician'] }, []))).toEqual(['k-pol', 'a-pol']);
    // People without a municipality (the facilitators) only match when municipalities is open.
    expect(ids(expandAudience(people, { municipalities: ['Aalborg'] }, []))).toEqual(['a-pol']);
  });

  it('copies the profile into each recipient', () => {
    expect(expandAudience(people, { municipalities: ['Varde'] }, [])).toEqual([
      { personId: 'v-coord', name: 'V-COORD', email: 'v-coord@example.org', role: 'coordinator', municipality: 'Varde', language: 'en' },
    ]);
  });

  it('adds inspirers with a stable id derived from the email and their topic', () => {
    const inspirer = { name: 'Ina Spira', email: 'Ina@Example.org', topic: 'Paradokser', language: 'en' as const };
    const [r] = expandAudience([], {}, [inspirer]);
    expect(r).toEqual({ personId: inspirerPersonId('ina@example.org'), name: 'Ina Spira', email: 'ina@example.org', role: 'inspirer', language: 'en', topic: 'Paradokser' });
    expect(r!.personId).toMatch(/^x-[0-9a-f]{16}$/);
    expect(inspirerPersonId(' INA@example.org')).toBe(r!.personId);
  });

  it('invites a person who is also an inspirer once, keeping the topic', () => {
    const recipients = expandAudience(
      people,
      { municipalities: ['Kolding'] },
      [
        { name: 'Kolding Politician', email: 'K-POL@example.org', topic: 'Politiske paradokser', language: 'en' },
        { name: 'Twice', email: 'k-pol@example.org', topic: 'Second topic', language: 'en' },
      ],
    );
    expect(ids(recipients)).toEqual(['k-coord', 'k-pol', 'k-emp']);
    expect(recipients[1]).toEqual({
      personId: 'k-pol',
      name: 'K-POL',
      email: 'k-pol@example.org',
      role: 'inspirer',
      municipality: 'Kolding',
      language: 'da',
      topic: 'Politiske paradokser',
    });
  });

  it('invites a person outside the audience who is named as inspirer', () => {
    const recipients = expandAudience(people, { municipalities: ['Varde'] }, [{ name: 'A', email: 'a-pol@example.org', topic: 'T', language: 'da' }]);
    expect(ids(recipients)).toEqual(['v-coord', 'a-pol']);
  });

  it('dedupes people with the same email', () => {
    const dup = { ...person('k-coord-2', 'coordinator', 'Kolding'), email: 'K-COORD@example.org' };
    expect(ids(expandAudience([...people, dup], { municipalities: ['Kolding'] }, []))).toEqual(['k-coord', 'k-pol', 'k-emp']);
  });
});
