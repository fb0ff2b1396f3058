// The people CSV import as Danish offices send it: the file's bytes (UTF-8 with or without a BOM,
// else Windows-1252, as Danish Excel saves), separated by ';', ',' or tab, with Danish or English
// column names and values. Each row is checked on its own: the valid rows can be saved while the
// others are listed with what is wrong, a missing value told apart from an invalid one, and for a
// value outside a list, the values allowed. The api's people routes apply it (functions/api/people-routes.ts).
import { LANGUAGES, ROLE_NAMES_DA, ROLES } from '../../contract/network.js';
import type { ImportFieldError } from '../../contract/api-types.js';
import { CsvParseError, decodeCsvBytes, detectDelimiter, parseCsvRecords, type CsvDelimiter } from '../csv.js';
import type { FieldError } from '../field-errors.js';
import { validatePerson, type PeopleDirectory } from './rules.js';
import type { Person } from '../../contract/network.js';

export const MAX_IMPORT_ROWS = 1000;
/** The largest file the import reads (bytes or characters). */
export const MAX_IMPORT_SIZE = 1_000_000;

type Column = 'id' | 'name' | 'email' | 'role' | 'municipality' | 'language';
const REQUIRED_COLUMNS = ['name', 'email', 'role'] as const;

const COLUMN_ALIASES: Record<string, Column> = {
  id: 'id',
  name: 'name', navn: 'name',
  email: 'email', 'e-mail': 'email', mail: 'email', 'e-mailadresse': 'email',
  role: 'role', rolle: 'role',
  municipality: 'municipality', kommune: 'municipality',
  language: 'language', sprog: 'language',
};

const ROLE_ALIASES: Record<string, string> = {
  'frivillig-konsulent': 'volunteer-consultant',
  ...Object.fromEntries(Object.entries(ROLE_NAMES_DA).map(([code, da]) => [da, code])),
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
  errors: ImportFieldError[];
}

export interface ImportPreview {
  rows: ImportRow[];
  fileErrors: FieldError[];
  /** How the bytes were read (text sent as a string is 'utf-8'). */
  encoding: 'utf-8' | 'windows-1252';
  delimiter: CsvDelimiter;
}

/** A value from a list, matched without regard to case and surrounding space. */
function fromList(value: string, aliases: Record<string, string>): string | undefined {
  return aliases[value.trim().toLowerCase().replace(/\s+/g, ' ')];
}

const notAllowed = (field: Column, label: string, value: string, allowed: readonly string[]): ImportFieldError => ({
  field,
  problem: 'not-allowed',
  value,
  allowed: [...allowed],
  message: `${label}: '${value}' is not one of: ${allowed.join(', ')}`,
});

const UNREADABLE = 'has characters that could not be read (\uFFFD): send the file itself, or save it as UTF-8';

const missing = (field: Column): ImportFieldError => ({ field, problem: 'missing', message: 'is required' });

/** The person's own rules (validatePerson) name the field; a value that is there but wrong is invalid, a taken one taken. */
function classified(error: FieldError, input: Record<string, string>): ImportFieldError {
  const field = error.field.split('.')[0] ?? error.field;
  const value = input[field] ?? '';
  if (value.trim() === '' && field !== 'id') return { ...error, field, problem: 'missing', message: 'is required' };
  const taken = /already belongs to|appears twice in the file|is already taken/.test(error.message);
  return { ...error, field, problem: taken ? 'taken' : 'invalid', value };
}

/**
 * Reads a people CSV (bytes, or text a browser already decoded) into one checked row per data
 * row. Nothing is saved here; the valid rows carry the person to save.
 */
export function previewImport(
  file: Uint8Array | string,
  ctx: { municipalities: readonly string[]; directory: PeopleDirectory },
): ImportPreview {
  const { text, encoding } = typeof file === 'string' ? { text: file, encoding: 'utf-8' as const } : decodeCsvBytes(file);
  const delimiter = detectDelimiter(text);
  const fail = (message: string): ImportPreview => ({ rows: [], fileErrors: [{ field: 'csv', message }], encoding, delimiter });
  let records: Record<string, string>[];
  try {
    records = parseCsvRecords(text, { delimiter });
  } catch (err) {
    return fail(err instanceof CsvParseError ? err.message : String(err));
  }
  if (records.length === 0) return fail('has no rows under the header');
  if (records.length > MAX_IMPORT_ROWS) return fail(`has more than ${MAX_IMPORT_ROWS} rows`);
  const headers = Object.keys(records[0]!);
  const mapped = headers.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()]);
  const absent = REQUIRED_COLUMNS.filter((c) => !mapped.includes(c));
  if (absent.length > 0) return fail(`the header must name the columns ${absent.join(', ')} (found: ${headers.join(', ')})`);

  const municipalityByName = Object.fromEntries(ctx.municipalities.map((m) => [m.toLowerCase(), m]));
  // A copy: rows taken by the file count as taken for later rows only within this preview.
  const directory = { ...ctx.directory, ids: new Set(ctx.directory.ids) };
  const emails = new Map<string, string>();
  const rows = records.map((record, i): ImportRow => {
    const input: Record<string, string> = {};
    headers.forEach((h, k) => {
      const column = mapped[k];
      if (column) input[column] = (record[h] ?? '').trim();
    });
    const errors: ImportFieldError[] = [];
    // U+FFFD is what a decoder left for bytes it could not read (a Windows-1252 file sent as UTF-8 text).
    for (const [column, value] of Object.entries(input)) {
      if (value.includes('\uFFFD')) errors.push({ field: column, problem: 'invalid', value, message: UNREADABLE });
    }
    for (const column of REQUIRED_COLUMNS) if (!input[column]) errors.push(missing(column));
    const role = input.role ? fromList(input.role, ROLE_ALIASES) : undefined;
    if (input.role && !role && !errors.some((e) => e.field === 'role')) errors.push(notAllowed('role', 'Role', input.role, ROLES));
    const municipality = input.municipality ? fromList(input.municipality, municipalityByName) : undefined;
    if (input.municipality && !municipality) errors.push(notAllowed('municipality', 'Municipality', input.municipality, ctx.municipalities));
    const language = input.language ? fromList(input.language, LANGUAGE_ALIASES) : undefined;
    if (input.language && !language) errors.push(notAllowed('language', 'Language', input.language, LANGUAGES));

    const result = validatePerson(
      {
        ...(input.id ? { id: input.id } : {}),
        name: input.name ?? '',
        email: input.email ?? '',
        role: role ?? 'citizen',
        ...(municipality ? { municipality } : {}),
        ...(language ? { language } : {}),
      },
      { municipalities: ctx.municipalities, directory, extraEmails: emails },
    );
    if (!result.ok) {
      // One error per field: a missing or not-allowed value says all there is to say about it.
      for (const error of result.errors.map((e) => classified(e, input))) {
        if (!errors.some((e) => e.field === error.field)) errors.push(error);
      }
    }
    if (errors.length > 0 || !result.ok) return { row: i + 1, input, errors };
    emails.set(result.person.email, `row ${i + 1}`);
    // Later rows see this one's id as taken.
    directory.ids.add(result.person.id);
    return { row: i + 1, input, person: result.person, errors: [] };
  });
  return { rows, fileErrors: [], encoding, delimiter };
}
