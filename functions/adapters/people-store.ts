// The network's people in the network's table: one item each in the PEOPLE partition
// (personItem in the contract) and one address key each in the ADDRESSES partition (addressItem),
// which makes an address unique without transactions (dynalite has none):
// - a write claims the address key first (conditional put), then writes the person; a person is
//   never stored without its key, so a crash in between leaves at worst a key without its person;
// - a key whose person is gone, or holds another address now, is stale: it is taken over with a
//   condition on the claim that wrote it (a key younger than the lease may belong to a write in
//   flight and is left alone);
// - a refused or failed write deletes what it wrote, each delete conditional on its own claim
//   token, so it never removes what another request wrote.
// Implements PeopleStore (functions/domain/person/store.ts). An edit updates the profile fields
// only, so attributes other workflows keep on the item (e.g. unsubscriptions) survive it.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language, Person, Role } from '../contract/network.js';
import { addressItem, key, normalizeAddress, personItem, sortKeyPrefix } from '../contract/table.js';
import type { NetworkPerson } from '../domain/person/audience.js';
import type { PeopleStore, PersonConflict, PersonWrite } from '../domain/person/store.js';
import { forEachLimit } from '../shared/concurrency.js';
import { conditionHeld, doc, queryAll, table, type Item } from './dynamo.js';

/** How long an address key without its person is taken to belong to a write still in flight. */
export const ADDRESS_CLAIM_LEASE_MS = 60_000;
/** Conditional writes of one import in flight at once. */
const IMPORT_WRITES_AT_ONCE = 8;

export async function listPeople(): Promise<NetworkPerson[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)',
    // The people partition key comes from the contract's key design (one partition for all people).
    ExpressionAttributeValues: { ':pk': key.person('').pk, ':person': sortKeyPrefix.person },
  });
  return items.map(personFrom);
}

/** A person's fields as stored on a person or an invitation item. */
export function personFrom(i: Record<string, unknown>): NetworkPerson {
  return {
    personId: i.personId as string,
    name: i.name as string,
    email: i.email as string,
    role: i.role as Role,
    ...(typeof i.municipality === 'string' ? { municipality: i.municipality } : {}),
    language: i.language as Language,
  };
}

const getItem = async (Key: Item): Promise<Item | undefined> =>
  (await doc.send(new GetCommand({ TableName: table(), Key, ConsistentRead: true }))).Item;

export async function getPerson(personId: string): Promise<NetworkPerson | undefined> {
  const item = await getItem(key.person(personId));
  return item ? personFrom(item) : undefined;
}

/** The person holding the address: its key names them, and they still hold it. */
export async function personByAddress(email: string): Promise<NetworkPerson | undefined> {
  const holder = await getItem(key.address(email));
  if (typeof holder?.personId !== 'string') return undefined;
  const person = await getPerson(holder.personId);
  return person && normalizeAddress(person.email) === normalizeAddress(email) ? person : undefined;
}

// ---- address keys ----

interface Claim {
  email: string;
  personId: string;
  token: string;
}

type ClaimResult = { ok: true; claim: Claim } | { ok: false; message: string };

const newClaim = (personId: string, email: string): Claim => ({ personId, email: normalizeAddress(email), token: randomUUID() });

/**
 * Claims an address for a person: a conditional put that succeeds when nobody holds the address
 * (`mayHoldAlready`: or the person themself, for an edit). A stale key is taken over.
 */
async function claimAddress(claim: Claim, now: Date, mayHoldAlready: boolean): Promise<ClaimResult> {
  const Item = addressItem({ id: claim.personId, email: claim.email }, { claimedAt: now.toISOString(), claim: claim.token });
  for (let attempt = 0; attempt < 3; attempt++) {
    const fresh = await conditionHeld(
      doc.send(
        new PutCommand({
          TableName: table(),
          Item,
          ConditionExpression: mayHoldAlready ? 'attribute_not_exists(pk) OR personId = :me' : 'attribute_not_exists(pk)',
          ...(mayHoldAlready ? { ExpressionAttributeValues: { ':me': claim.personId } } : {}),
        }),
      ),
    );
    if (fresh) return { ok: true, claim };
    const held = await getItem(key.address(claim.email));
    if (!held) continue; // released meanwhile: try again
    const holder = typeof held.personId === 'string' ? await getPerson(held.personId) : undefined;
    if (holder && normalizeAddress(holder.email) === claim.email) return { ok: false, message: `already belongs to ${holder.name}` };
    const claimedAt = Date.parse(String(held.claimedAt));
    if (!holder && now.getTime() - claimedAt < ADDRESS_CLAIM_LEASE_MS) {
      return { ok: false, message: 'is being saved for someone else right now; try again in a minute' };
    }
    // Stale (the person is gone or holds another address now): take it over unless it changed since read.
    const takenOver = await conditionHeld(
      doc.send(new PutCommand({ TableName: table(), Item, ConditionExpression: 'claim = :seen', ExpressionAttributeValues: { ':seen': held.claim } })),
    );
    if (takenOver) return { ok: true, claim };
  }
  return { ok: false, message: 'is being changed by another request; try again' };
}

/** Deletes an address key this claim wrote (and only that). */
async function releaseAddress(claim: Claim): Promise<void> {
  await conditionHeld(
    doc.send(new DeleteCommand({ TableName: table(), Key: key.address(claim.email), ConditionExpression: 'claim = :mine', ExpressionAttributeValues: { ':mine': claim.token } })),
  );
}

/** Deletes a person this write created (and only that one: its claim token is on the item). */
async function deleteCreatedPerson(claim: Claim): Promise<void> {
  await conditionHeld(
    doc.send(new DeleteCommand({ TableName: table(), Key: key.person(claim.personId), ConditionExpression: 'createdBy = :mine', ExpressionAttributeValues: { ':mine': claim.token } })),
  );
}

/** Puts a new person, tagged with the claim that wrote it; false when the id is taken. */
const putNewPerson = (person: Person, claim: Claim) =>
  conditionHeld(
    doc.send(new PutCommand({ TableName: table(), Item: { ...personItem(person), createdBy: claim.token }, ConditionExpression: 'attribute_not_exists(pk)' })),
  );

const idTaken = (personId: string): PersonConflict => ({ personId, field: 'id', message: 'is already taken' });

// ---- writes ----

export async function createPerson(person: Person, now = new Date()): Promise<PersonWrite> {
  const claimed = await claimAddress(newClaim(person.id, person.email), now, false);
  if (!claimed.ok) return { ok: false, conflict: { personId: person.id, field: 'email', message: claimed.message } };
  try {
    if (await putNewPerson(person, claimed.claim)) return { ok: true };
  } catch (err) {
    await releaseAddress(claimed.claim);
    throw err;
  }
  await releaseAddress(claimed.claim);
  return { ok: false, conflict: idTaken(person.id) };
}

export async function updatePerson(person: Person, now = new Date()): Promise<PersonWrite | 'missing'> {
  const current = await getPerson(person.id);
  if (!current) return 'missing';
  const oldAddress = normalizeAddress(current.email);
  const moves = oldAddress !== normalizeAddress(person.email);
  // The new address is claimed before the person names it, the old one let go after.
  const claimed = moves ? await claimAddress(newClaim(person.id, person.email), now, true) : undefined;
  if (claimed && !claimed.ok) return { ok: false, conflict: { personId: person.id, field: 'email', message: claimed.message } };
  const hasMunicipality = person.municipality !== undefined;
  const updated = await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.person(person.id),
        UpdateExpression: `SET #name = :name, email = :email, #role = :role, #language = :language${hasMunicipality ? ', municipality = :municipality' : ' REMOVE municipality'}`,
        // On the address it read: a concurrent edit of the address makes this one a conflict.
        ConditionExpression: 'attribute_exists(pk) AND email = :old',
        ExpressionAttributeNames: { '#name': 'name', '#role': 'role', '#language': 'language' },
        ExpressionAttributeValues: {
          ':name': person.name,
          ':email': person.email,
          ':old': current.email,
          ':role': person.role,
          ':language': person.language,
          ...(hasMunicipality ? { ':municipality': person.municipality } : {}),
        },
      }),
    ),
  );
  if (!updated) {
    if (claimed?.ok) await releaseAddress(claimed.claim);
    return (await getPerson(person.id)) ? { ok: false, conflict: { personId: person.id, field: 'email', message: 'was changed by someone else meanwhile; reload and try again' } } : 'missing';
  }
  if (moves) {
    await conditionHeld(
      doc.send(new DeleteCommand({ TableName: table(), Key: key.address(oldAddress), ConditionExpression: 'personId = :me', ExpressionAttributeValues: { ':me': person.id } })),
    );
  }
  return { ok: true };
}

/**
 * An import, all or nothing: every address is claimed (in address order, so concurrent imports of
 * the same rows meet at the same first key), then every person is written with a condition. On any
 * conflict or failure, everything this import wrote is deleted again (each delete conditional on its
 * own claim token) and the conflicts (or the error) are reported.
 */
export async function importPeople(people: readonly Person[], now = new Date()): Promise<{ ok: true } | { ok: false; conflicts: PersonConflict[] }> {
  const claims = new Map(people.map((p) => [p.id, newClaim(p.id, p.email)]));
  const ordered = [...people].sort((a, b) => normalizeAddress(a.email).localeCompare(normalizeAddress(b.email)));
  const claimed: Claim[] = [];
  const created: Claim[] = [];
  const conflicts: PersonConflict[] = [];
  const undo = async () => {
    await forEachLimit(created, IMPORT_WRITES_AT_ONCE, deleteCreatedPerson);
    await forEachLimit(claimed, IMPORT_WRITES_AT_ONCE, releaseAddress);
  };
  try {
    await forEachLimit(ordered, IMPORT_WRITES_AT_ONCE, async (p) => {
      if (conflicts.length > 0) return;
      const result = await claimAddress(claims.get(p.id)!, now, false);
      if (result.ok) claimed.push(result.claim);
      else conflicts.push({ personId: p.id, field: 'email', message: result.message });
    });
    if (conflicts.length === 0) {
      await forEachLimit(people, IMPORT_WRITES_AT_ONCE, async (p) => {
        if (conflicts.length > 0) return;
        const claim = claims.get(p.id)!;
        if (await putNewPerson(p, claim)) created.push(claim);
        else conflicts.push(idTaken(p.id));
      });
    }
  } catch (err) {
    await undo();
    throw err;
  }
  if (conflicts.length === 0) return { ok: true };
  await undo();
  return { ok: false, conflicts };
}

/**
 * Gives people without an address key theirs (people added before address keys existed): one Query
 * of the keys, and a claim for each person missing one. Returns how many were claimed; an address
 * that another person's key holds stays as it is (that person keeps it).
 */
export async function backfillAddressKeys(people: readonly NetworkPerson[], now = new Date()): Promise<number> {
  const keys = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.address('').pk },
    ProjectionExpression: 'sk',
  });
  const held = new Set(keys.map((k) => k.sk));
  const missing = people.filter((p) => !held.has(key.address(p.email).sk));
  let claimed = 0;
  await forEachLimit(missing, IMPORT_WRITES_AT_ONCE, async (p) => {
    if ((await claimAddress(newClaim(p.personId, p.email), now, true)).ok) claimed++;
  });
  return claimed;
}

export const peopleStore: PeopleStore = { listPeople, getPerson, personByAddress, createPerson, updatePerson, importPeople, backfillAddressKeys };
