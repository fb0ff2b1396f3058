// The network's people, for facilitators only (peopleAccess):
//   GET  /api/people                   everyone, with who may sign in to the app
//   POST /api/people                   add one (id made from the name unless given)
//   PUT  /api/people/{personId}        edit one
//   POST /api/people/import            {csv, dryRun}: a preview with per-row errors; without
//                                      dryRun and without errors, saves every row (else nothing)
// What a valid person is, and how an import reads a CSV file, are the person's rules
// (functions/domain/person/rules.ts).
import { isPersonId, peopleDirectory, previewImport, toPerson, validatePerson } from '../domain/person/rules.js';
import type { PeopleStore } from '../domain/person/store.js';
import { appRoleOf } from '../auth/sessions.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { invalid, json, noSuch, readJsonObject, type Event, type Result } from './http.js';
import type { PersonConflict } from '../domain/person/store.js';

/** A write another request got to first (the address or id is held now): 409 naming the field. */
const conflict = (conflicts: readonly PersonConflict[]): Result =>
  json(409, {
    message: `already taken: ${[...new Set(conflicts.map((c) => c.field))].join(', ')}`,
    errors: conflicts.map(({ field, message }) => ({ field, message })),
  });

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

  /** A preview with per-row errors; without dryRun and without errors, saves every row (else nothing). */
  async function importCsv(event: Event): Promise<Result> {
    const body = readJsonObject(event);
    if (typeof body.csv !== 'string' || body.csv.trim() === '') return invalid('import', [{ field: 'csv', message: 'is required' }]);
    if (body.csv.length > 1_000_000) return invalid('import', [{ field: 'csv', message: 'must be at most 1 MB' }]);
    const dryRun = body.dryRun !== false;
    const preview = previewImport(body.csv, { municipalities: municipalities(), directory: peopleDirectory(await p.listPeople()) });
    const rowsWithErrors = preview.rows.filter((r) => r.errors.length > 0).length;
    const answer = { dryRun, rows: preview.rows, fileErrors: preview.fileErrors, valid: preview.rows.length - rowsWithErrors, invalid: rowsWithErrors };
    if (preview.fileErrors.length > 0) return json(400, { message: 'the file cannot be read', ...answer, saved: 0 });
    if (dryRun) return json(200, { ...answer, saved: 0 });
    if (rowsWithErrors > 0) return json(400, { message: `${rowsWithErrors} rows have errors; nothing was saved`, ...answer, saved: 0 });
    const written = await p.importPeople(preview.rows.map((r) => r.person!));
    if (!written.ok) {
      // Another request took an id or address since the preview: nothing of this import is kept.
      const rowOf = new Map(preview.rows.map((r) => [r.person!.id, r.row]));
      const conflicts = written.conflicts.map((c) => ({ row: rowOf.get(c.personId), field: c.field, message: c.message }));
      return json(409, { message: `${conflicts.length} rows were taken meanwhile (${conflicts.map((c) => c.field).join(', ')}); nothing was saved`, ...answer, conflicts, saved: 0 });
    }
    return json(201, { ...answer, saved: preview.rows.length });
  }

  return [
    { method: 'GET', path: '/api/people', access: peopleAccess, handler: list },
    { method: 'POST', path: '/api/people', access: peopleAccess, handler: add },
    { method: 'PUT', path: '/api/people/{personId}', access: peopleAccess, handler: edit },
    { method: 'POST', path: '/api/people/import', access: peopleAccess, handler: importCsv },
  ];
}
