// The network's people, for facilitators only (peopleAccess):
//   GET  /api/people                   everyone, with who may sign in to the app
//   POST /api/people                   add one (id made from the name unless given)
//   PUT  /api/people/{personId}        edit one
//   POST /api/people/import            the file's bytes (text/csv or application/octet-stream; saves
//                                      at once, ?dryRun=true previews), or JSON {csv, dryRun} (a
//                                      preview unless dryRun is false): saves the valid rows and
//                                      lists the others with what is wrong
// What a valid person is, and how an import reads a CSV file, are the person's rules
// (functions/domain/person/rules.ts, import.ts).
import { isPersonId, peopleDirectory, toPerson, validatePerson } from '../domain/person/rules.js';
import { MAX_IMPORT_SIZE, previewImport } from '../domain/person/import.js';
import type { PeopleStore } from '../domain/person/store.js';
import { appRoleOf } from '../auth/sessions.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, json, mediaType, noSuch, readJsonObject, type Event, type Result } from './http.js';
import type { PersonConflict } from '../domain/person/store.js';

/** A write another request got to first (the address or id is held now): 409 naming the field. */
const conflict = (conflicts: readonly PersonConflict[]): Result =>
  json(409, {
    message: `already taken: ${[...new Set(conflicts.map((c) => c.field))].join(', ')}`,
    errors: conflicts.map(({ field, message }) => ({ field, message })),
  });

const importError = (field: string, message: string) =>
  new HttpError(400, `invalid import: check ${field}`, { errors: [{ field, message }] });

export type PeopleApiPorts = PeopleStore & {
  /** Person ids from the config's `facilitators`. */
  facilitators(): readonly string[];
};

/** Coordinators never see or change the network's people (nor, in privacy-routes.ts, their data). */
export const peopleAccess = access.facilitators("only facilitators may manage the network's people");

export function peopleRoutes(context: ApiContext, p: PeopleApiPorts): ApiRoute[] {
  const municipalities = () => context.settings().municipalities;

  async function list(): Promise<Result> {
    const facilitators = p.facilitators();
    const stored = await p.listPeople();
    // People stored before address keys existed get theirs here, so they can sign in (see docs/architecture.md).
    await p.backfillAddressKeys(stored);
    const people = stored
      .map((person) => ({ ...toPerson(person), canSignIn: appRoleOf(person, facilitators) ?? null }))
      .sort((a, b) => a.name.localeCompare(b.name, 'da'));
    return json(200, { people });
  }

  async function add(event: Event): Promise<Result> {
    const body = readJsonObject(event);
    const result = validatePerson(body, { municipalities: municipalities(), directory: peopleDirectory(await p.listPeople()) });
    if (!result.ok) return invalid('person', result.errors);
    // The check above reads the list; the store's conditional writes decide between concurrent requests.
    const written = await p.createPerson(result.person);
    if (!written.ok) return conflict([written.conflict]);
    return json(201, { person: result.person }, { location: `/api/people/${result.person.id}` });
  }

  async function edit(event: Event): Promise<Result> {
    const id = event.pathParameters?.personId ?? '';
    const people = await p.listPeople();
    if (!isPersonId(id) || !people.some((x) => x.personId === id)) throw noSuch('person', id);
    const body = readJsonObject(event);
    if (body.id !== undefined && body.id !== id) return invalid('person', [{ field: 'id', message: 'cannot be changed' }]);
    const result = validatePerson({ ...body, id }, { municipalities: municipalities(), directory: peopleDirectory(people), self: id });
    if (!result.ok) return invalid('person', result.errors);
    const written = await p.updatePerson(result.person);
    if (written === 'missing') throw noSuch('person', id);
    if (!written.ok) return conflict([written.conflict]);
    return json(200, { person: result.person });
  }

  /**
   * The file of an import and whether to save it. Bytes are the way to send a file: the HTTP API
   * passes a text/* body as a UTF-8 string (a Windows-1252 file's æøå arrive as U+FFFD, which the
   * import then refuses per cell) and base64-encodes any other type, so the app sends
   * application/octet-stream and the encoding is detected here, where the bytes are.
   */
  function importRequest(event: Event): { file: Uint8Array | string; dryRun: boolean } {
    const type = mediaType(event);
    if (type === 'text/csv' || type === 'application/octet-stream') {
      const bytes = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
      if (bytes.length === 0) throw importError('body', 'is required');
      if (bytes.length > MAX_IMPORT_SIZE) throw importError('body', 'must be at most 1 MB');
      const dryRun = event.queryStringParameters?.dryRun;
      if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') throw importError('dryRun', 'must be true or false');
      return { file: new Uint8Array(bytes), dryRun: dryRun === 'true' };
    }
    const body = readJsonObject(event);
    if (typeof body.csv !== 'string' || body.csv.trim() === '') throw importError('csv', 'is required');
    if (body.csv.length > MAX_IMPORT_SIZE) throw importError('csv', 'must be at most 1 MB');
    return { file: body.csv, dryRun: body.dryRun !== false };
  }

  /** Saves the valid rows (all of them, or none when another request took an id or address since the check). */
  async function importCsv(event: Event): Promise<Result> {
    const { file, dryRun } = importRequest(event);
    const preview = previewImport(file, { municipalities: municipalities(), directory: peopleDirectory(await p.listPeople()) });
    const good = preview.rows.filter((r) => r.person !== undefined);
    const answer = {
      dryRun, rows: preview.rows, fileErrors: preview.fileErrors, valid: good.length, invalid: preview.rows.length - good.length,
      encoding: preview.encoding, delimiter: preview.delimiter,
    };
    if (preview.fileErrors.length > 0) return json(400, { message: 'the file cannot be read', ...answer, saved: 0 });
    if (dryRun) return json(200, { ...answer, saved: 0 });
    if (good.length === 0) return json(400, { message: `none of the ${answer.invalid} rows is valid; nothing was saved`, ...answer, saved: 0 });
    const written = await p.importPeople(good.map((r) => r.person!));
    if (!written.ok) {
      const rowOf = new Map(good.map((r) => [r.person!.id, r.row]));
      const conflicts = written.conflicts.map((c) => ({ row: rowOf.get(c.personId), field: c.field, message: c.message }));
      return json(409, { message: `${conflicts.length} rows were taken meanwhile (${conflicts.map((c) => c.field).join(', ')}); nothing was saved`, ...answer, conflicts, saved: 0 });
    }
    return json(201, { ...answer, saved: good.length });
  }

  return [
    { method: 'GET', path: '/api/people', access: peopleAccess, handler: list },
    { method: 'POST', path: '/api/people', access: peopleAccess, handler: add },
    { method: 'PUT', path: '/api/people/{personId}', access: peopleAccess, handler: edit },
    { method: 'POST', path: '/api/people/import', access: peopleAccess, handler: importCsv },
  ];
}
