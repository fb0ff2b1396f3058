// The ports of the person aggregate: the network's people (functions/adapters/people-store.ts)
// and a person's export and erasure (functions/adapters/privacy-store.ts).
import type { Person } from '../../contract/network.js';
import type { NetworkPerson } from './audience.js';
import type { ErasureSummary, PersonExport } from './model.js';

export interface PeopleStore {
  listPeople(): Promise<NetworkPerson[]>;
  createPerson(person: Person): Promise<'created' | 'exists'>;
  /** Updates the profile fields only; other attributes on the person's item survive. */
  updatePerson(person: Person): Promise<'updated' | 'missing'>;
  /** New people from an import (the caller checked ids and emails are free). */
  putPeople(people: readonly Person[]): Promise<void>;
}

export interface PrivacyStore {
  /** Everything stored about the person; undefined when nothing ever was. */
  exportPerson(personId: string, now?: Date): Promise<PersonExport | undefined>;
  /** Erases the person (idempotent); undefined when nothing was ever stored about them. */
  erasePerson(personId: string, now?: Date): Promise<ErasureSummary | undefined>;
}
