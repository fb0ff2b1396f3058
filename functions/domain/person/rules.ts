// The rules of a network person: what a valid person is (the contract's Person schema, the
// network's municipalities, one person per email), the id made from a name, and the CSV import
// with its column and value aliases. The api's people routes apply them (functions/api/people-routes.ts).
import * as z from 'zod/mini';
import { LANGUAGES, Person, ROLES } from '../../contract/network.js';
import { CsvParseError, parseCsvRecords } from '../csv.js';
import { fieldErrors, type FieldError } from '../field-errors.js';
import type { NetworkPerson } from './audience.js';

export const MAX_IMPORT_ROWS = 1000;
const PERSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What a network person's id looks like (made from the name, or given). */
export const isPersonId = (id: string) => PERSON_ID.test(id);

// Built on first use (z.lazy), not at module init: see the note in contract/events.ts.
const PersonBody = z.lazy(() =>
  z.strictObject({
    id: z.optional(z.string()),
    name: z.unknown(),
    email: z.unknown(),
    role: z.unknown(),
    municipality: z.optional(z.unknown()),
    language: z.optional(z.unknown()),
  }),
);

/** "Mette Kjær" -> "mette-kjaer". */
export function personIdFromName(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
    .replace(/-+$/, '');
  return base || 'person';
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A stored person as the contract's Person (the shape the api answers and takes). */
export const toPerson = (p: NetworkPerson): Person => ({
  id: p.personId,
  name: p.name,
  email: p.email,
  role: p.role,
  ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
  language: p.language,
});

/** The taken ids and who owns each email, built once per request (an import checks every row against it). */
export interface PeopleDirectory {
  ids: Set<string>;
  emailOwners: Map<string, { personId: string; name: string }>;
}

export function peopleDirectory(people: readonly NetworkPerson[]): PeopleDirectory {
  return {
    ids: new Set(people.map((p) => p.personId)),
    emailOwners: new Map(people.map((p) => [p.email.toLowerCase(), { personId: p.personId, name: p.name }])),
  };
}

/** Validates one person (an empty municipality means none). */
export function validatePerson(
  input: Record<string, unknown>,
  ctx: { municipalities: readonly string[]; directory: PeopleDirectory; self?: string; extraEmails?: ReadonlyMap<string, string> },
): { ok: true; person: Person } | { ok: false; errors: FieldError[] } {
  const shape = PersonBody.safeParse(input);
  if (!shape.success) return { ok: false, errors: fieldErrors(shape.error) };
  const raw = { ...input };
  if (raw.municipality === '' || raw.municipality === null) delete raw.municipality;
  if (raw.language === '' || raw.language === null) delete raw.language;
  const taken = ctx.directory.ids;
  if (raw.id === undefined || raw.id === '') {
    raw.id = ctx.self ?? uniqueId(personIdFromName(typeof raw.name === 'string' ? raw.name : ''), taken);
  }
  const parsed = Person.safeParse(raw);
  const errors = parsed.success ? [] : fieldErrors(parsed.error);
  if (typeof raw.municipality === 'string' && !ctx.municipalities.includes(raw.municipality.trim())) {
    errors.push({ field: 'municipality', message: `must be one of the network's municipalities: ${ctx.municipalities.join(', ')}` });
  }
  if (parsed.success) {
    const email = parsed.data.email;
    const found = ctx.directory.emailOwners.get(email);
    const owner = found && found.personId !== parsed.data.id ? found : undefined;
    if (owner) errors.push({ field: 'email', message: `already belongs to ${owner.name}` });
    const earlier = ctx.extraEmails?.get(email);
    if (earlier) errors.push({ field: 'email', message: `appears twice in the file (also ${earlier})` });
    if (ctx.self === undefined && taken.has(parsed.data.id)) errors.push({ field: 'id', message: 'is already taken' });
  }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, person: parsed.data };
}

// ---- CSV ----

const COLUMN_ALIASES: Record<string, 'id' | 'name' | 'email' | 'role' | 'municipality' | 'language'> = {
  id: 'id',
  name: 'name', navn: 'name',
  email: 'email', 'e-mail': 'email', mail: 'email', 'e-mailadresse': 'email',
  role: 'role', rolle: 'role',
  municipality: 'municipality', kommune: 'municipality',
  language: 'language', sprog: 'language',
};

const ROLE_ALIASES: Record<string, string> = {
  facilitator: 'facilitator', koordinator: 'coordinator', medarbejder: 'employee', politiker: 'politician',
  'frivillig konsulent': 'volunteer-consultant', 'frivillig-konsulent': 'volunteer-consultant', borger: 'citizen', inspirator: 'inspirer',
  ...Object.fromEntries(ROLES.map((r) => [r, r])),
};
const LANGUAGE_ALIASES: Record<string, string> = {
  dansk: 'da', danish: 'da', engelsk: 'en', english: 'en', ...Object.fromEntries(LANGUAGES.map((l) => [l, l])),
};

export interface ImportRow {
  /** 1-based data row (the header is row 0). */
  row: number;
  person?: Person;
  input: Record<string, string>;
  errors: FieldError[];
}

export function previewImport(
  csv: string,
  ctx: { municipalities: readonly string[]; directory: PeopleDirectory },
): { rows: ImportRow[]; fileErrors: FieldError[] } {
  const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  let records: Record<string, string>[];
  try {
    records = parseCsvRecords(csv, { delimiter });
  } catch (err) {
    return { rows: [], fileErrors: [{ field: 'csv', message: err instanceof CsvParseError ? err.message : String(err) }] };
  }
  if (records.length === 0) return { rows: [], fileErrors: [{ field: 'csv', message: 'has no rows under the header' }] };
  if (records.length > MAX_IMPORT_ROWS) return { rows: [], fileErrors: [{ field: 'csv', message: `has more than ${MAX_IMPORT_ROWS} rows` }] };
  const headers = Object.keys(records[0]!);
  const mapped = headers.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()]);
  const missing = (['name', 'email', 'role'] as const).filter((c) => !mapped.includes(c));
  if (missing.length > 0) {
    return { rows: [], fileErrors: [{ field: 'csv', message: `the header must name the columns ${missing.join(', ')} (found: ${headers.join(', ')})` }] };
  }
  // A copy: rows taken by the file count as taken for later rows only within this preview.
  const directory = { ...ctx.directory, ids: new Set(ctx.directory.ids) };
  const emails = new Map<string, string>();
  const rows = records.map((record, i): ImportRow => {
    const input: Record<string, string> = {};
    headers.forEach((h, k) => {
      const column = mapped[k];
      if (column) input[column] = (record[h] ?? '').trim();
    });
    const role = ROLE_ALIASES[(input.role ?? '').toLowerCase()] ?? input.role;
    const language = input.language ? LANGUAGE_ALIASES[input.language.toLowerCase()] ?? input.language : undefined;
    const result = validatePerson({ ...input, role, ...(language !== undefined ? { language } : {}) }, {
      municipalities: ctx.municipalities,
      directory,
      extraEmails: emails,
    });
    if (!result.ok) return { row: i + 1, input, errors: result.errors };
    emails.set(result.person.email, `row ${i + 1}`);
    // Later rows see this one's id as taken.
    directory.ids.add(result.person.id);
    return { row: i + 1, input, person: result.person, errors: [] };
  });
  return { rows, fileErrors: [] };
}
