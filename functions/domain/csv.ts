// CSV as RFC 4180 writes it (CRLF, fields quoted when they need it, quotes doubled), for the
// experiment register export and the people import.
export type CsvValue = string | number | null | undefined | readonly string[];
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvColumn<K extends string = string> {
  key: K;
  header: string;
}

export interface CsvWriteOptions {
  /**
   * Start with a UTF-8 byte order mark. Excel reads a CSV file without one in the system's
   * legacy code page, which turns æ, ø and å into mojibake.
   */
  bom?: boolean;
  /** ',' by default (';' for lang 'da'). Excel with Danish regional settings splits on ';' when a file is opened. */
  delimiter?: CsvDelimiter;
  /** The reader's language: 'da' writes what Danish Excel opens (';', BOM), 'en' stays RFC 4180 (','). */
  lang?: 'da' | 'en';
  /** On by default: see neutraliseFormula. Turn off only for output no spreadsheet will read. */
  neutraliseFormulas?: boolean;
}

const BOM = '\uFEFF';
/** Characters a spreadsheet takes as the start of a formula (or that hide one after them). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Defuses spreadsheet formula injection: a cell such as =HYPERLINK(...) typed into a form would
 * run when the export is opened. A leading apostrophe makes the spreadsheet show it as text.
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function cellText(value: CsvValue, neutralise: boolean): string {
  if (value === null || value === undefined) return '';
  // Numbers come from our own data, and a negative number must stay a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = typeof value === 'string' ? value : value.join('; ');
  return neutralise ? neutraliseFormula(text) : text;
}

function quote(field: string, delimiter: string): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** One header line, then one line per row, each ended by CRLF. Missing values are empty. */
export function toCsv<K extends string>(
  rows: readonly NoInfer<Partial<Record<K, CsvValue>>>[],
  columns: readonly CsvColumn<K>[],
  options: CsvWriteOptions = {},
): string {
  const { lang, bom = lang === 'da', delimiter = lang === 'da' ? ';' : ',', neutraliseFormulas = true } = options;
  const line = (cells: readonly string[]) =>
    cells.map((c) => quote(c, delimiter)).join(delimiter) + '\r\n';
  let out = line(columns.map((c) => cellText(c.header, neutraliseFormulas)));
  for (const row of rows) out += line(columns.map((c) => cellText(row[c.key], neutraliseFormulas)));
  return (bom ? BOM : '') + out;
}

export class CsvParseError extends Error {
  constructor(
    message: string,
    /** 1-based line of the text where the problem is. */
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvParseError';
  }
}

const countLineBreaks = (s: string) => s.match(/\r\n|\r|\n/g)?.length ?? 0;

interface Row {
  fields: string[];
  /** The line of the text the row starts on. */
  line: number;
}

function parseRows(text: string, delimiter: string): Row[] {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const rows: Row[] = [];
  if (src.length === 0) return rows;

  let row: Row = { fields: [], line: 1 };
  let i = 0;
  let line = 1;
  for (;;) {
    let field = '';
    if (src[i] === '"') {
      const startLine = line;
      let from = i + 1;
      for (;;) {
        const q = src.indexOf('"', from);
        if (q === -1) throw new CsvParseError('a quoted field is not closed', startLine);
        field += src.slice(from, q);
        if (src[q + 1] === '"') {
          field += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      line += countLineBreaks(field);
      const next = src[i];
      if (next !== undefined && next !== delimiter && next !== '\r' && next !== '\n') {
        throw new CsvParseError('unexpected text after a closing quote', line);
      }
    } else {
      let end = i;
      while (end < src.length && src[end] !== delimiter && src[end] !== '\r' && src[end] !== '\n') end++;
      field = src.slice(i, end);
      i = end;
    }
    row.fields.push(field);

    if (i >= src.length) break;
    if (src[i] === delimiter) {
      i++;
      continue;
    }
    i += src[i] === '\r' && src[i + 1] === '\n' ? 2 : 1;
    line++;
    rows.push(row);
    row = { fields: [], line };
    if (i >= src.length) return rows;
  }
  rows.push(row);
  return rows;
}

/**
 * Reads RFC 4180 CSV into rows of fields. Lenient where files from spreadsheets differ: a BOM is
 * skipped, LF or CR alone also end a line, the last line break is optional, and a quote inside
 * an unquoted field is kept as it is. A quoted field that never closes, or text after a closing
 * quote, is an error rather than a guess.
 */
export function parseCsv(text: string, options: { delimiter?: CsvDelimiter } = {}): string[][] {
  return parseRows(text, options.delimiter ?? ',').map((r) => r.fields);
}

/**
 * Reads CSV whose first row names the columns into one object per later row. Blank lines are
 * skipped; a row with a different number of fields than the header is an error.
 */
export function parseCsvRecords(text: string, options: { delimiter?: CsvDelimiter } = {}): Record<string, string>[] {
  const [header, ...rows] = parseRows(text, options.delimiter ?? ',').filter(
    (r) => !(r.fields.length === 1 && r.fields[0] === ''),
  );
  if (!header) return [];
  return rows.map((r) => {
    if (r.fields.length !== header.fields.length) {
      throw new CsvParseError(`the row has ${r.fields.length} fields, the header has ${header.fields.length}`, r.line);
    }
    return Object.fromEntries(header.fields.map((h, k) => [h, r.fields[k] ?? '']));
  });
}

/**
 * A file's bytes as text: UTF-8 (with or without a BOM) when the bytes are valid UTF-8, else
 * Windows-1252, which is what Danish Excel saves "CSV (semikolonsepareret)" in. Any valid
 * UTF-8 file decodes as UTF-8; a Windows-1252 file with æ, ø or å is never valid UTF-8.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    // fatal: an invalid sequence throws instead of becoming U+FFFD; the BOM is dropped.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const latin = new TextDecoder('windows-1252').decode(bytes);
    return { text: latin.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] || c), encoding: 'windows-1252' };
  }
}

/**
 * Windows-1252's characters for the bytes 0x80-0x9F (€, „, ", Š, ...; empty where it has none).
 * Node's TextDecoder('windows-1252') decodes these as Latin-1's C1 controls (seen on Node 20),
 * so they are mapped here whichever way the runtime decodes them.
 */
const WINDOWS_1252_HIGH = [
  '€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
  '', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
];

/**
 * The separator of a file: the one of ';', tab and ',' that occurs most often in its header line
 * outside quotes (a header names columns, so it holds no separators of its own), ',' when none.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const header = (text.startsWith(BOM) ? text.slice(1) : text).split(/\r\n|\r|\n/, 1)[0] ?? '';
  const unquoted = header.replace(/"(?:[^"]|"")*"/g, '');
  const count = (c: string) => unquoted.split(c).length - 1;
  const candidates: CsvDelimiter[] = [';', '\t', ','];
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const c of candidates) {
    if (count(c) > bestCount) [best, bestCount] = [c, count(c)];
  }
  return best;
}
