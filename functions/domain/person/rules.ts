// The rules of a network person: what a valid person is (the contract's Person schema, the
// network's municipalities, one person per email) and the id made from a name. The api's people
// routes apply them (functions/api/people-routes.ts); the CSV import is import.ts.
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import { Person } from '../../contract/network.js';
import { fieldErrors, type FieldError } from '../field-errors.js';
import type { NetworkPerson } from './audience.js';

const PERSON_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** What a network person's id looks like (made from the name, or given). */
export const isPersonId = (id: string) => PERSON_ID.test(id);

// Built on first use (lazySchema), not at module init: see the note in contract/events.ts.
const PersonBody = /* @__PURE__ */ lazySchema(() =>
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
