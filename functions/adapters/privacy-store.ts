// Personal data rights: everything stored about one person (export) and its erasure, found through
// the byPerson GSI (gsi2pk PERSON#<id>) that every personal item carries: the profile, invitations,
// answers, reflections, mail and delivery records, the mail status. Queries and key operations
// only (no Scan, no transactions). Experiment involvement is found through the person's experiment
// mail records (the experiment item lists its involved people), meetings they were an inspirer of
// through their invitations.
import { randomBytes } from 'node:crypto';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { key, TableKeys } from '../contract/table.js';
import { inspirerPersonId } from '../domain/person/audience.js';
import type { ErasureSummary, ExperimentInvolvement, PersonExport } from '../domain/person/model.js';
import type { PrivacyStore } from '../domain/person/store.js';
import { conditionHeld, doc, table, queryAll, type Item } from './dynamo.js';

/** What an erased person's anonymised items are called. */
export const ERASED_NAME = '(slettet)';
/** How long the erasure's tombstone stops mail still queued for the person (queues keep 14 days). */
export const TOMBSTONE_DAYS = 30;


/** Every item that carries the person in the byPerson GSI. */
async function itemsAbout(personId: string): Promise<Item[]> {
  return queryAll({
    TableName: table(),
    IndexName: TableKeys.byPerson.indexName,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': TableKeys.byPerson.partitionKey },
    ExpressionAttributeValues: { ':pk': key.personRef(personId) },
  });
}

// csrfToken: a live session's secret is not part of an export (the session itself is listed).
const INTERNAL = new Set(['pk', 'sk', TableKeys.byPerson.partitionKey, TableKeys.byPerson.sortKey, TableKeys.byCollection.partitionKey, TableKeys.byCollection.sortKey, 'statusRank', 'claimedAt', 'claim', 'createdBy', 'csrfToken']);
const strip = (item: Item): Item => Object.fromEntries(Object.entries(item).filter(([k]) => !INTERNAL.has(k)));

const emailsOf = (items: readonly Item[]) =>
  new Set(items.map((i) => i.email ?? i.undeliverableEmail).filter((e): e is string => typeof e === 'string').map((e) => e.toLowerCase()));

const involves = (personId: string, emails: ReadonlySet<string>) => (p: Item) =>
  p.personId === personId ||
  (typeof p.email === 'string' && (emails.has(p.email.toLowerCase()) || inspirerPersonId(p.email) === personId));

/** The experiments the person's experiment mails are about (involvement and learnings). */
async function experimentsOf(items: readonly Item[]): Promise<Item[]> {
  // Involvement items name every experiment the person is in; experiment mail records cover
  // experiments registered before those items existed.
  const ids = [...new Set(items.filter((i) => i.type === 'involvement' || (i.type === 'mail' && i.subjectType === 'experiment')).map((i) => i.experimentId as string))];
  const found = await Promise.all(
    ids.map((id) => doc.send(new GetCommand({ TableName: table(), Key: key.experiment(id), ConsistentRead: true })).then((o) => o.Item)),
  );
  return found.filter((i): i is Item => i !== undefined);
}

/** Everything stored about the person, or undefined when nothing is. */
export async function exportPerson(personId: string, now = new Date()): Promise<PersonExport | undefined> {
  const items = await itemsAbout(personId);
  if (items.length === 0) return undefined;
  const of = (type: string) => items.filter((i) => i.type === type).map(strip);
  const emails = emailsOf(items);
  const experiments = (await experimentsOf(items)).flatMap((e): ExperimentInvolvement[] => {
    const mine = ((e.involved as Item[] | undefined) ?? []).find(involves(personId, emails));
    return mine
      ? [{ experimentId: e.experimentId as string, title: e.title as string, municipality: e.municipality as string, status: e.status as string, involvement: mine }]
      : [];
  });
  // The address key repeats the profile's address: deleted by an erasure, not exported twice.
  const known = new Set(['person', 'address', 'mail-status', 'invitation', 'answer', 'reflection', 'mail', 'delivery', 'involvement']);
  return {
    personId,
    exportedAt: now.toISOString(),
    profile: of('person')[0] ?? null,
    mailStatus: of('mail-status')[0] ?? null,
    invitations: of('invitation'),
    answers: of('answer'),
    reflections: of('reflection'),
    experiments,
    mails: of('mail'),
    deliveryEvents: of('delivery'),
    other: items.filter((i) => !known.has(String(i.type))).map(strip),
  };
}

/**
 * Erases the person: first a tombstone that stops any mail still queued for them, then every item
 * about them deleted, or anonymised where a meeting's counts need it (invitation and answer move to
 * a random pseudonym, without name, address or topic, and are marked removed so no workflow mails
 * them), their entry in a meeting's inspirers dropped and in an experiment's involved people
 * anonymised. Idempotent: a repeat (or a retry after a crash) finds what is left and reuses the
 * pseudonym. Undefined when nothing was ever stored about the person.
 */
export async function erasePerson(personId: string, now = new Date()): Promise<ErasureSummary | undefined> {
  const statusKey = key.mailStatus(personId);
  const [items, tomb] = await Promise.all([
    itemsAbout(personId),
    doc.send(new GetCommand({ TableName: table(), Key: statusKey, ConsistentRead: true })).then((o) => o.Item),
  ]);
  const erasedBefore = tomb?.erased === true;
  if (items.length === 0 && !erasedBefore) return undefined;
  const pseudonym = typeof tomb?.pseudonym === 'string' ? tomb.pseudonym : `erased-${randomBytes(8).toString('hex')}`;
  const erasedAt = erasedBefore && typeof tomb?.erasedAt === 'string' ? tomb.erasedAt : now.toISOString();

  // The tombstone replaces the mail status: it names no one (its key is a hash of the id).
  await doc.send(
    new PutCommand({
      TableName: table(),
      Item: { ...statusKey, type: 'mail-status', erased: true, erasedAt, pseudonym, [TableKeys.ttl]: Math.ceil(now.getTime() / 1000) + TOMBSTONE_DAYS * 86_400 },
    }),
  );

  const emails = emailsOf(items);
  const summary: ErasureSummary = { personId, erasedAt, deleted: 0, anonymised: 0, meetingsUpdated: 0, experimentsUpdated: 0, alreadyErased: erasedBefore && items.length === 0 };

  // Meetings and experiments first (they are found through these items).
  const meetingIds = [...new Set(items.filter((i) => i.type === 'invitation').map((i) => i.meetingId as string))];
  for (const meetingId of meetingIds) if (await dropInspirer(meetingId, personId, emails)) summary.meetingsUpdated++;
  for (const experiment of await experimentsOf(items)) if (await anonymiseInvolvement(experiment, personId, emails, pseudonym)) summary.experimentsUpdated++;

  for (const item of items) {
    if (item.type === 'mail-status') continue; // replaced by the tombstone
    const ttl = typeof item[TableKeys.ttl] === 'number' ? { [TableKeys.ttl]: item[TableKeys.ttl] } : {};
    if (item.type === 'invitation') {
      await put({
        ...key.invitation(item.meetingId as string, pseudonym),
        type: 'invitation',
        meetingId: item.meetingId,
        personId: pseudonym,
        name: ERASED_NAME,
        role: item.role,
        language: item.language,
        ...(typeof item.municipality === 'string' ? { municipality: item.municipality } : {}),
        invitedVersion: item.invitedVersion,
        firstVersion: item.firstVersion,
        // Removed from the meeting: reminders, updates, cancellations and follow-ups skip it.
        removedVersion: item.removedVersion ?? item.invitedVersion,
        erased: true,
        ...ttl,
      });
      summary.anonymised++;
    } else if (item.type === 'answer') {
      await put({
        ...key.answer(item.meetingId as string, pseudonym),
        type: 'answer',
        meetingId: item.meetingId,
        personId: pseudonym,
        answer: item.answer,
        answeredAt: item.answeredAt,
        erased: true,
        ...ttl,
      });
      summary.anonymised++;
    } else {
      summary.deleted++;
    }
    await doc.send(new DeleteCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }));
  }
  return summary;
}

const put = (Item: Item) => doc.send(new PutCommand({ TableName: table(), Item }));

/** Drops the person from a meeting's inspirers (conditional on the version it read; three tries). */
async function dropInspirer(meetingId: string, personId: string, emails: ReadonlySet<string>): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const meeting = (await doc.send(new GetCommand({ TableName: table(), Key: key.meeting(meetingId), ConsistentRead: true }))).Item;
    const inspirers = (meeting?.inspirers as Item[] | undefined) ?? [];
    const kept = inspirers.filter((i) => !involves(personId, emails)(i));
    if (!meeting || kept.length === inspirers.length) return false;
    const written = await conditionHeld(
      doc.send(
        new UpdateCommand({
          TableName: table(),
          Key: key.meeting(meetingId),
          UpdateExpression: 'SET inspirers = :kept',
          ConditionExpression: '#version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':kept': kept, ':v': meeting.version },
        }),
      ),
    );
    if (written) return true;
  }
  throw new Error(`meeting ${meetingId} kept changing; erase again`);
}

/** Replaces the person's entry in an experiment's involved people with an anonymous one. */
async function anonymiseInvolvement(experiment: Item, personId: string, emails: ReadonlySet<string>, pseudonym: string): Promise<boolean> {
  const involved = (experiment.involved as Item[] | undefined) ?? [];
  const match = involves(personId, emails);
  if (!involved.some(match)) return false;
  const next = involved.map((p) => (match(p) ? { personId: pseudonym, name: ERASED_NAME, role: p.role, language: p.language, erased: true } : p));
  await doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: key.experiment(experiment.experimentId as string),
      UpdateExpression: 'SET involved = :next',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':next': next },
    }),
  );
  return true;
}

/** The person aggregate's privacy port (functions/domain/person/store.ts). */
export const privacyStore: PrivacyStore = { exportPerson, erasePerson };
