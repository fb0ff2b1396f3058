// The people endpoints' rules: one person per email, ids from names, the CSV preview.
import { describe, expect, it } from 'vitest';
import { peopleDirectory, personIdFromName, previewImport, validatePerson } from '../../functions/domain/person/rules.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';

const people: NetworkPerson[] = [
  { personId: 'mette-kjaer', name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com', role: 'coordinator', municipality: 'Kolding', language: 'da' },
];
const municipalities = ['Kolding', 'Varde'];
const ctx = { municipalities, directory: peopleDirectory(people) };

describe('people', () => {
  it('makes ids from Danish names', () => {
    expect(personIdFromName('Mette Kjær')).toBe('mette-kjaer');
    expect(personIdFromName('Søren Østergaard-Ålund')).toBe('soeren-oestergaard-aalund');
    expect(personIdFromName('  ')).toBe('person');
  });

  it('validates with the contract, the municipalities and unique emails', () => {
    const ok = validatePerson({ name: 'Mette Kjær', email: 'Mette.K@Varde.example.com', role: 'employee', municipality: 'Varde' }, ctx);
    expect(ok).toEqual({ ok: true, person: { id: 'mette-kjaer-2', name: 'Mette Kjær', email: 'mette.k@varde.example.com', role: 'employee', municipality: 'Varde', language: 'da' } });
    const bad = validatePerson({ name: '', email: 'mette.kjaer@kolding.example.com', role: 'boss', municipality: 'Odense' }, ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['municipality', 'name', 'role']);
    const taken = validatePerson({ name: 'Anden', email: 'mette.kjaer@kolding.example.com', role: 'employee' }, ctx);
    expect(taken).toEqual({ ok: false, errors: [{ field: 'email', message: 'already belongs to Mette Kjær' }] });
    expect(validatePerson({ name: 'X', email: 'x@example.org', role: 'citizen', extra: 1 }, ctx)).toMatchObject({ ok: false, errors: [{ field: 'extra' }] });
  });

  it('previews a CSV import row by row (Danish headers, ; delimiter, duplicates in the file)', () => {
    const csv = '\uFEFFnavn;e-mail;rolle;kommune;sprog\r\nBo Ravn;bo@example.org;borger;Varde;dansk\r\nBo Ravn;bo@example.org;borger;Varde;engelsk\r\nUden;nej;chef;Odense;da\r\n';
    const { rows, fileErrors } = previewImport(csv, ctx);
    expect(fileErrors).toEqual([]);
    expect(rows[0]).toMatchObject({ row: 1, person: { id: 'bo-ravn', role: 'citizen', language: 'da' }, errors: [] });
    expect(rows[1]!.errors).toEqual([{ field: 'email', message: 'appears twice in the file (also row 1)' }]);
    expect(rows[2]!.errors.map((e) => e.field).sort()).toEqual(['email', 'municipality', 'role']);
    expect(previewImport('name,email\nA,a@b.dk\n', ctx).fileErrors[0]!.message).toMatch(/must name the columns role/);
    expect(previewImport('name,email,role\n"A,a@b.dk,citizen\n', ctx).fileErrors[0]!.message).toMatch(/not closed/);
  });
});
