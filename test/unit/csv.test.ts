import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParseError, decodeCsvBytes, detectDelimiter, neutraliseFormula, parseCsv, parseCsvRecords, toCsv } from '../../functions/domain/csv.js';

const columns = [
  { key: 'title', header: 'Titel' },
  { key: 'municipality', header: 'Kommune' },
  { key: 'learnings', header: 'Læring' },
  { key: 'count', header: 'Antal' },
] as const;

describe('toCsv', () => {
  it('writes RFC 4180: CRLF lines, quoting only where needed, arrays joined', () => {
    const csv = toCsv(
      [
        { title: 'Plain', municipality: 'Varde', learnings: ['Start småt', 'Inviter tidligt'], count: 3 },
        { title: 'Comma, here', municipality: null, learnings: [], count: undefined },
        { title: 'She said "hej"', municipality: 'Line\nbreak', learnings: ['a'], count: -2 },
      ],
      columns,
    );
    expect(csv).toBe(
      'Titel,Kommune,Læring,Antal\r\n' +
        'Plain,Varde,Start småt; Inviter tidligt,3\r\n' +
        '"Comma, here",,,\r\n' +
        '"She said ""hej""","Line\nbreak",a,-2\r\n',
    );
  });

  it('adds a BOM on request, and quotes for the delimiter chosen', () => {
    const rows = [{ title: 'a;b', municipality: 'c,d' }];
    expect(toCsv(rows, columns.slice(0, 2), { bom: true })).toBe('\uFEFFTitel,Kommune\r\na;b,"c,d"\r\n');
    expect(toCsv(rows, columns.slice(0, 2), { delimiter: ';' })).toBe('Titel;Kommune\r\n"a;b";c,d\r\n');
  });

  it('neutralises formula injection in text cells, not in numbers', () => {
    const cells = ['=HYPERLINK("http://evil","klik")', '+1', '-1+2', '@SUM(A1)', '\tx', '\rx', 'ok=fine'];
    expect(cells.map(neutraliseFormula)).toEqual([
      `'=HYPERLINK("http://evil","klik")`,
      "'+1",
      "'-1+2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok=fine',
    ]);
    const csv = toCsv([{ title: '=1+1', learnings: ['=cmd', 'ok'], count: -5 }], [columns[0], columns[2], columns[3]]);
    expect(parseCsv(csv)[1]).toEqual(["'=1+1", "'=cmd; ok", '-5']);
    expect(parseCsv(toCsv([{ title: '=1+1' }], [columns[0]], { neutraliseFormulas: false }))[1]).toEqual(['=1+1']);
  });
});

describe('parseCsv', () => {
  it('round-trips Danish letters, with and without a BOM', () => {
    const rows = [{ title: 'Æblegrød på Ærø', municipality: 'Ikast-Brande', learnings: ['Øv dig', 'Få borgerne med'], count: 1 }];
    for (const bom of [false, true]) {
      const csv = toCsv(rows, columns, { bom });
      const bytes = Buffer.from(csv, 'utf8');
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(bom);
      expect(parseCsvRecords(bytes.toString('utf8'))).toEqual([
        { Titel: 'Æblegrød på Ærø', Kommune: 'Ikast-Brande', Læring: 'Øv dig; Få borgerne med', Antal: '1' },
      ]);
    }
  });

  it('reads quotes, delimiters and newlines inside quoted fields', () => {
    expect(parseCsv('a,"b ""c"", d","line1\r\nline2\nline3"\r\nx,,""\r\n')).toEqual([
      ['a', 'b "c", d', 'line1\r\nline2\nline3'],
      ['x', '', ''],
    ]);
  });

  it('accepts LF or CR line ends, an optional final line break, and bare quotes inside a field', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a\rb\r')).toEqual([['a'], ['b']]);
    expect(parseCsv('5" skærm,x')).toEqual([['5" skærm', 'x']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
  });

  it('reads semicolon-separated files', () => {
    expect(parseCsv('a;"b;c"\r\n', { delimiter: ';' })).toEqual([['a', 'b;c']]);
  });

  it('reports an unclosed quote or text after a closing quote with its line', () => {
    expect(() => parseCsv('a\r\n"open,b\r\nc')).toThrow(new CsvParseError('a quoted field is not closed', 2));
    expect(() => parseCsv('"a\nb"x,c')).toThrow(/after a closing quote \(line 2\)/);
  });

  it('reads records by header, skips blank lines, and names the line of a short row', () => {
    expect(parseCsvRecords('navn,email\r\n\r\nAnne,anne@kolding.dk\r\n')).toEqual([{ navn: 'Anne', email: 'anne@kolding.dk' }]);
    expect(() => parseCsvRecords('navn,email\r\n"Anne\r\nB",x\r\nBo\r\n')).toThrow(/line 4/);
    expect(parseCsvRecords('')).toEqual([]);
  });

  it('round-trips any text (formulas left as they are)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 2, maxLength: 2 })), (cells) => {
        const rows = cells.map(([a, b]) => ({ a, b }));
        const csv = toCsv(rows, [{ key: 'a', header: 'A' }, { key: 'b', header: 'B' }], { neutraliseFormulas: false, bom: true });
        expect(parseCsv(csv)).toEqual([['A', 'B'], ...cells]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CSV as Danish offices use it', () => {
  it("writes for lang 'da' with semicolons and a BOM, for 'en' with commas", () => {
    const rows = [{ title: 'a,b', municipality: 'Kolding' }];
    expect(toCsv(rows, columns.slice(0, 2), { lang: 'da' })).toBe('\uFEFFTitel;Kommune\r\na,b;Kolding\r\n');
    expect(toCsv(rows, columns.slice(0, 2), { lang: 'en' })).toBe('Titel,Kommune\r\n"a,b",Kolding\r\n');
  });

  it('reads UTF-8 with or without a BOM, and Windows-1252 where the bytes are not UTF-8', () => {
    const text = 'navn;email\r\nSøren Æbelø;s@x.dk\r\n';
    expect(decodeCsvBytes(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsvBytes(new TextEncoder().encode('\uFEFF' + text))).toEqual({ text, encoding: 'utf-8' });
    // Windows-1252 (Latin-1 for these letters): ø is one byte, 0xF8, which UTF-8 never allows alone.
    expect(decodeCsvBytes(Buffer.from(text, 'latin1'))).toEqual({ text, encoding: 'windows-1252' });
    // 0x80 is the euro sign in Windows-1252 (not a C1 control as in Latin-1).
    expect(decodeCsvBytes(Uint8Array.of(0x80, 0x41)).text).toBe('€A');
  });

  it('detects the separator from the header line', () => {
    expect(detectDelimiter('navn;email;rolle\r\na,b;c;d')).toBe(';');
    expect(detectDelimiter('navn\temail\trolle\n')).toBe('\t');
    expect(detectDelimiter('\uFEFFname,email,role\n')).toBe(',');
    expect(detectDelimiter('"navn, fulde";email;rolle')).toBe(';');
    expect(detectDelimiter('navn')).toBe(',');
    expect(parseCsvRecords('a\tb\r\n1\t2\r\n', { delimiter: '\t' })).toEqual([{ a: '1', b: '2' }]);
  });
});
