// The network's people in the network's table: one item each in the PEOPLE partition
// (personItem in the contract). Implements PeopleStore (functions/domain/person/store.ts). An
// edit updates the profile fields only, so attributes other workflows keep on the item (e.g.
// unsubscriptions) survive it.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Language, Person, Role } from '../contract/network.js';
import { key, personItem, sortKeyPrefix } from '../contract/table.js';
import type { NetworkPerson } from '../domain/person/audience.js';
import type { PeopleStore } from '../domain/person/store.js';
import { conditionHeld, doc, putAll, queryAll, table } from './dynamo.js';

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

export async function createPerson(person: Person): Promise<'created' | 'exists'> {
  const created = await conditionHeld(
    doc.send(new PutCommand({ TableName: table(), Item: personItem(person), ConditionExpression: 'attribute_not_exists(pk)' })),
  );
  return created ? 'created' : 'exists';
}

export async function updatePerson(person: Person): Promise<'updated' | 'missing'> {
  const hasMunicipality = person.municipality !== undefined;
  const updated = await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.person(person.id),
        UpdateExpression: `SET #name = :name, email = :email, #role = :role, #language = :language${hasMunicipality ? ', municipality = :municipality' : ' REMOVE municipality'}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name', '#role': 'role', '#language': 'language' },
        ExpressionAttributeValues: {
          ':name': person.name,
          ':email': person.email,
          ':role': person.role,
          ':language': person.language,
          ...(hasMunicipality ? { ':municipality': person.municipality } : {}),
        },
      }),
    ),
  );
  return updated ? 'updated' : 'missing';
}

/** New people from an import: batch writes of 25 (the caller checked ids and emails are free). */
export async function putPeople(people: readonly Person[]): Promise<void> {
  await putAll(people.map(personItem));
}

export const peopleStore: PeopleStore = { listPeople, createPerson, updatePerson, putPeople };
