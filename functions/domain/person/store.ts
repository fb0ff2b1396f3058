// The ports of the person aggregate: the network's people (functions/adapters/people-store.ts)
// and a person's export and erasure (functions/adapters/privacy-store.ts).
import type { Person } from '../../contract/network.js';
import type { NetworkPerson } from './audience.js';
import type { ErasureSummary, PersonExport } from './model.js';

/** Why a person could not be written: the field another person (or a write in flight) holds. */
export interface PersonConflict {
  personId: string;
  field: 'id' | 'email';
  message: string;
}

export type PersonWrite = { ok: true } | { ok: false; conflict: PersonConflict };

export interface PeopleStore {
  listPeople(): Promise<NetworkPerson[]>;
  /** One person by id (one GetItem). */
  getPerson(personId: string): Promise<NetworkPerson | undefined>;
  /** The person who holds an address (its address key and the person: two GetItems at most). */
  personByAddress(email: string): Promise<NetworkPerson | undefined>;
  /** Claims the address, then writes the person; refused when either is taken (also concurrently). */
  createPerson(person: Person): Promise<PersonWrite>;
  /** Updates the profile fields only (other attributes survive); a new address is claimed first. */
  updatePerson(person: Person): Promise<PersonWrite | 'missing'>;
  /** New people from an import: all of them, or (on any conflict or failure) none. */
  importPeople(people: readonly Person[]): Promise<{ ok: true } | { ok: false; conflicts: PersonConflict[] }>;
  /** Claims the address key of each listed person who has none (people stored before the keys existed). */
  backfillAddressKeys(people: readonly NetworkPerson[]): Promise<number>;
}

export interface PrivacyStore {
  /** Everything stored about the person; undefined when nothing ever was. */
  exportPerson(personId: string, now?: Date): Promise<PersonExport | undefined>;
  /** Erases the person (idempotent); undefined when nothing was ever stored about them. */
  erasePerson(personId: string, now?: Date): Promise<ErasureSummary | undefined>;
}
