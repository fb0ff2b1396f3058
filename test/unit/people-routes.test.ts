// The people endpoints' rules: one person per email, ids from names, the CSV preview.
import { describe, expect, it } from 'vitest';
import { peopleDirectory, personIdFromName, validatePerson } from '../../functions/domain/person/rules.js';
import { previewImport } from '../../functions/domain/person/import.js';
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
    expect(rows[1]!.errors).toEqual([{ field: 'email', problem: 'taken', value: 'bo@example.org', message: 'appears twice in the file (also row 1)' }]);
    expect(rows[2]!.errors.map((e) => e.field).sort()).toEqual(['email', 'municipality', 'role']);
    expect(previewImport('name,email\nA,a@b.dk\n', ctx).fileErrors[0]!.message).toMatch(/must name the columns role/);
    expect(previewImport('name,email,role\n"A,a@b.dk,citizen\n', ctx).fileErrors[0]!.message).toMatch(/not closed/);
  });

  it('reads a Windows-1252 semicolon file from Danish Excel: Søren, not S\uFFFDren', () => {
    const text = 'Navn;E-mail;Rolle;Kommune\r\nSøren Østergård;soeren@aalborg.example.com;Koordinator;aalborg\r\nÆble Å;aeble@varde.example.com;borger;VARDE\r\n';
    const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
    // The file is not UTF-8: the Danish letters are single bytes.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const preview = previewImport(bytes, { municipalities: ['Aalborg', 'Varde'], directory: peopleDirectory([]) });
    expect(preview).toMatchObject({ encoding: 'windows-1252', delimiter: ';', fileErrors: [] });
    expect(preview.rows.map((r) => r.person)).toEqual([
      { id: 'soeren-oestergaard', name: 'Søren Østergård', email: 'soeren@aalborg.example.com', role: 'coordinator', municipality: 'Aalborg', language: 'da' },
      { id: 'aeble-aa', name: 'Æble Å', email: 'aeble@varde.example.com', role: 'citizen', municipality: 'Varde', language: 'da' },
    ]);
  });

  it('reads UTF-8 bytes with a BOM and tab separators the same way', () => {
    const bytes = new TextEncoder().encode('\uFEFFname\temail\trole\r\nSøren\ts@example.org\tcitizen\r\n');
    const preview = previewImport(bytes, ctx);
    expect(preview).toMatchObject({ encoding: 'utf-8', delimiter: '\t' });
    expect(preview.rows[0]!.person?.name).toBe('Søren');
  });

  it('refuses a cell a decoder could not read rather than saving S\uFFFDren', () => {
    const { rows } = previewImport('name,email,role\nS\uFFFDren,s@example.org,citizen\n', ctx);
    expect(rows[0]!.person).toBeUndefined();
    expect(rows[0]!.errors).toMatchObject([{ field: 'name', problem: 'invalid' }]);
  });

  it('lists bad rows with the allowed values and tells a missing value from an invalid one', () => {
    const csv = [
      'navn;e-mail;rolle;kommune;sprog',
      'God Række;god@example.org;medarbejder;kolding;da',
      'Borgmester;bm@example.org;borgmester;Odense;fransk',
      'Uden Adresse;;borger;;',
      'Forkert Adresse;ikke-en-adresse;borger;;',
      ';x@example.org;;;',
    ].join('\r\n');
    const { rows } = previewImport(csv, ctx);
    expect(rows[0]!.person).toMatchObject({ role: 'employee', municipality: 'Kolding' });
    expect(rows[1]!.errors).toEqual([
      { field: 'role', problem: 'not-allowed', value: 'borgmester', allowed: ['facilitator', 'coordinator', 'employee', 'politician', 'volunteer-consultant', 'citizen', 'inspirer'],
        message: "Role: 'borgmester' is not one of: facilitator, coordinator, employee, politician, volunteer-consultant, citizen, inspirer" },
      { field: 'municipality', problem: 'not-allowed', value: 'Odense', allowed: ['Kolding', 'Varde'], message: "Municipality: 'Odense' is not one of: Kolding, Varde" },
      { field: 'language', problem: 'not-allowed', value: 'fransk', allowed: ['da', 'en'], message: "Language: 'fransk' is not one of: da, en" },
    ]);
    expect(rows[2]!.errors).toEqual([{ field: 'email', problem: 'missing', message: 'is required' }]);
    expect(rows[3]!.errors).toEqual([{ field: 'email', problem: 'invalid', value: 'ikke-en-adresse', message: 'not a valid email address' }]);
    expect(rows[4]!.errors.map((e) => [e.field, e.problem])).toEqual([['name', 'missing'], ['role', 'missing']]);
  });
});
