// Writes of the network's people from the app (functions/api/people-routes.ts). Reads use
// listPeople in store.ts. A person is one item in the PEOPLE partition (personItem in the
// contract); an edit updates the profile fields only, so attributes other workflows keep on the
// item (e.g. unsubscriptions) survive it.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Person } from '../contract/network.js';
import { key, personItem } from '../contract/table.js';
import { conditionHeld, doc, putAll, table } from './dynamo.js';

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
