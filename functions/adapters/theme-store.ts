// The theme list and the themes of meetings in the network's table (keys in contract/table.ts):
//   theme          pk THEMES            sk THEME#<themeId>
//   seed marker    pk THEMES            sk SEEDED
//   meeting themes pk MEETING#<id>      sk THEMES           gsi1 MEETING-THEMES / <meetingId>
// Key lookups and Queries only.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Theme } from '../contract/api-types.js';
import { key, sortKeyPrefix, TableKeys } from '../contract/table.js';
import { themeIdOf } from '../domain/theme/rules.js';
import type { ThemeStore } from '../domain/theme/store.js';
import { conditionHeld, doc, isConditionFailure, queryAll, table } from './dynamo.js';

const themeFrom = (i: Record<string, unknown>): Theme => ({ themeId: i.themeId as string, name: i.name as string, createdAt: i.createdAt as string });

const themeItem = (t: Theme) => ({ ...key.theme(t.themeId), type: 'theme', ...t });

async function readThemes(): Promise<Record<string, unknown>[]> {
  return queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': key.themesSeeded.pk },
    ConsistentRead: true,
  });
}

export async function listThemes(seed: readonly string[], now = new Date()): Promise<Theme[]> {
  const items = await readThemes();
  if (items.some((i) => i.sk === key.themesSeeded.sk)) return items.filter((i) => String(i.sk).startsWith(sortKeyPrefix.theme)).map(themeFrom);
  // First use: the config's themes, each written only if missing (a concurrent first use writes the same).
  for (const name of seed) {
    await conditionHeld(
      doc.send(new PutCommand({ TableName: table(), Item: themeItem({ themeId: themeIdOf(name), name, createdAt: now.toISOString() }), ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  }
  await conditionHeld(doc.send(new PutCommand({ TableName: table(), Item: { ...key.themesSeeded, type: 'themes-seeded', at: now.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' })));
  return (await readThemes()).filter((i) => String(i.sk).startsWith(sortKeyPrefix.theme)).map(themeFrom);
}

export async function createTheme(theme: Theme): Promise<'created' | 'exists'> {
  const created = await conditionHeld(doc.send(new PutCommand({ TableName: table(), Item: themeItem(theme), ConditionExpression: 'attribute_not_exists(pk)' })));
  return created ? 'created' : 'exists';
}

export async function renameTheme(themeId: string, name: string): Promise<Theme | undefined> {
  try {
    const out = await doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.theme(themeId),
        UpdateExpression: 'SET #name = :name',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':name': name },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return themeFrom(out.Attributes ?? {});
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function deleteTheme(themeId: string): Promise<boolean> {
  return conditionHeld(doc.send(new DeleteCommand({ TableName: table(), Key: key.theme(themeId), ConditionExpression: 'attribute_exists(pk)' })));
}

export async function putMeetingThemes(meetingId: string, themes: readonly string[]): Promise<void> {
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...key.meetingThemes(meetingId),
        type: 'meeting-themes',
        [TableKeys.byCollection.partitionKey]: key.meetingThemesCollection,
        [TableKeys.byCollection.sortKey]: meetingId,
        meetingId,
        themes: [...themes],
      },
    }),
  );
}

export async function getMeetingThemes(meetingId: string): Promise<string[]> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.meetingThemes(meetingId) }));
  return (out.Item?.themes as string[] | undefined) ?? [];
}

export async function listMeetingThemes(): Promise<Map<string, string[]>> {
  const items = await queryAll({
    TableName: table(),
    IndexName: TableKeys.byCollection.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TableKeys.byCollection.partitionKey },
    ExpressionAttributeValues: { ':pk': key.meetingThemesCollection },
  });
  return new Map(items.map((i) => [i.meetingId as string, (i.themes as string[] | undefined) ?? []]));
}

export const themeStore: ThemeStore = { listThemes, createTheme, renameTheme, deleteTheme, putMeetingThemes, getMeetingThemes, listMeetingThemes };
