// Changes to an experiment after registration (PATCH, involved people), on the experiment item
// (keys in contract/table.ts). Split from experiments-store.ts, which keeps registration, state
// changes and reading.
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import type { ExperimentUpdate } from '../domain/experiment/edit.js';
import type { StateWrite } from '../domain/experiment/model.js';
import type { InvolvedPerson } from '../domain/experiment/rules.js';
import { conditionHeld, doc, isConditionFailure, putAll, table } from './dynamo.js';

/** The person's byPerson entry for an experiment they are involved in (ids only). */
export const involvementItem = (experimentId: string, personId: string) => ({
  ...key.involvement(experimentId, personId),
  type: 'involvement',
  experimentId,
  personId,
  [TableKeys.byPerson.partitionKey]: key.personRef(personId),
  [TableKeys.byPerson.sortKey]: byPersonSortKey.involvement(experimentId),
});


export async function updateExperiment(experimentId: string, update: ExperimentUpdate, now = new Date()): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':now': now.toISOString() };
  const sets = ['updatedAt = :now'];
  Object.entries(update.set).forEach(([field, value], i) => {
    names[`#s${i}`] = field;
    values[`:s${i}`] = value;
    sets.push(`#s${i} = :s${i}`);
  });
  // The register lists by start date (byCollection): a new start date moves the entry.
  if (update.set.startsOn !== undefined) {
    names['#gsk'] = TableKeys.byCollection.sortKey;
    values[':gsk'] = `${update.set.startsOn}#${experimentId}`;
    sets.push('#gsk = :gsk');
  }
  const removes = update.remove.map((field, i) => {
    names[`#r${i}`] = field;
    return `#r${i}`;
  });
  return conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.experiment(experimentId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

export async function setInvolved(
  experimentId: string,
  expectedRev: number,
  involved: readonly InvolvedPerson[],
  change: { added?: string; removed?: string },
  now = new Date(),
): Promise<StateWrite> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.experiment(experimentId),
        UpdateExpression: 'SET involved = :involved, involvedRev = :next, updatedAt = :now',
        // Items from before the counter existed have none: they count as revision 0.
        ConditionExpression: expectedRev === 0 ? 'attribute_exists(pk) AND attribute_not_exists(involvedRev)' : 'involvedRev = :rev',
        ExpressionAttributeValues: {
          ':involved': [...involved],
          ':next': expectedRev + 1,
          ':now': now.toISOString(),
          ...(expectedRev === 0 ? {} : { ':rev': expectedRev }),
        },
      }),
    );
  } catch (err) {
    if (isConditionFailure(err)) return 'conflict';
    throw err;
  }
  if (change.added !== undefined) await putAll([involvementItem(experimentId, change.added)]);
  if (change.removed !== undefined) {
    await conditionHeld(doc.send(new DeleteCommand({ TableName: table(), Key: key.involvement(experimentId, change.removed) })));
  }
  return 'ok';
}

export const experimentEditStore = { updateExperiment, setInvolved };
