// Mail status per person and what SES reported per mail, in the network's table:
//   mail status  pk MAILSTATUS#<hash(personId)>  sk MAILSTATUS   gsi2 PERSON#<id> / MAILSTATUS
//                (undeliverable address, mail preference; after an erasure a tombstone without gsi2)
//   delivery     pk <subject pk>  sk DELIVERY#<version>#<kind>#<personId>   gsi2 PERSON#<id> / DELIVERY#...
//                (beside the mail record MAIL#<version>#<kind>#<personId>, so the meeting's one Query reads it)
// The mailer reads the statuses of a whole batch with one BatchGetItem; nothing here scans.
// Implements MailStatusStore (functions/domain/mail/store.ts).
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MailJob } from '../contract/mail-job.js';
import { byPersonSortKey, key, TableKeys } from '../contract/table.js';
import { DELIVERY_RANK, type DeliveryRecord } from '../domain/mail/model.js';
import { suppressionFor, type MailPreference, type MailStatus, type Suppression } from '../domain/mail/preferences.js';
import type { MailStatusStore } from '../domain/mail/store.js';
import { chunk, sendUntilProcessed } from './retry.js';
import { conditionHeld, doc, table } from './dynamo.js';
import { retentionAttribute } from './retention.js';
import { mailRecordItem } from './mail-record-store.js';

/** The mail status of each person (absent: none recorded). One BatchGetItem per 100 people. */
export async function readMailStatuses(personIds: readonly string[]): Promise<Map<string, MailStatus>> {
  const tableName = table();
  const byPk = new Map<string, string>();
  const statusKeys: Record<string, unknown>[] = [];
  for (const id of new Set(personIds)) {
    const k = key.mailStatus(id);
    byPk.set(k.pk, id);
    statusKeys.push(k);
  }
  const out = new Map<string, MailStatus>();
  for (const group of chunk(statusKeys, 100)) {
    await sendUntilProcessed(group, 'BatchGetItem', async (keys) => {
      const res = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [tableName]: {
              Keys: [...keys],
              ProjectionExpression: 'pk, undeliverableEmail, undeliverableAt, mailPreference, preferenceSource, erased',
            },
          },
        }),
      );
      for (const item of res.Responses?.[tableName] ?? []) {
        const personId = byPk.get(item.pk as string);
        if (personId !== undefined) out.set(personId, { personId, ...(item as MailStatus) });
      }
      return (res.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, unknown>[];
    });
  }
  return out;
}

/**
 * Sets fields on the person's mail status (creating it), never on an erased person's tombstone.
 * False when the person was erased (nothing written).
 */
function updateMailStatus(personId: string, fields: Record<string, unknown>): Promise<boolean> {
  const names = Object.keys(fields);
  return conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.mailStatus(personId),
        UpdateExpression: `SET #type = :type, personId = :p, #g2pk = :g2pk, #g2sk = :g2sk, ${names.map((n) => `${n} = :${n}`).join(', ')}`,
        ConditionExpression: 'attribute_not_exists(erased)',
        ExpressionAttributeNames: { '#type': 'type', '#g2pk': TableKeys.byPerson.partitionKey, '#g2sk': TableKeys.byPerson.sortKey },
        ExpressionAttributeValues: {
          ':type': 'mail-status',
          ':p': personId,
          ':g2pk': key.personRef(personId),
          ':g2sk': byPersonSortKey.mailStatus,
          ...Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
        },
      }),
    ),
  );
}

/**
 * A hard bounce: the address is undeliverable. On the mail status (which the mailer reads) and,
 * for people of the network, on the person item (which the people views show), there only while
 * the person still has that address. Never on an erased person's tombstone.
 */
export async function markUndeliverable(personId: string, email: string, at: string, diagnostic: string | undefined): Promise<void> {
  const d = (diagnostic ?? '').slice(0, 500);
  await updateMailStatus(personId, { undeliverableEmail: email.toLowerCase(), undeliverableAt: at, bounceDiagnostic: d });
  await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.person(personId),
        UpdateExpression: 'SET deliverability = :u, deliverabilityAt = :at, deliverabilityDiagnostic = :d',
        ConditionExpression: 'attribute_exists(pk) AND email = :e',
        ExpressionAttributeValues: { ':u': 'undeliverable', ':at': at, ':d': d, ':e': email.toLowerCase() },
      }),
    ),
  );
}

/**
 * Sets the person's mail preference (a complaint or an unsubscribe): on the mail status and, for
 * people of the network, on the person item. False when the person was erased (nothing written).
 */
export async function setMailPreference(
  personId: string,
  preference: MailPreference,
  source: 'complaint' | 'unsubscribe',
  at: string,
): Promise<boolean> {
  const written = await updateMailStatus(personId, { mailPreference: preference, preferenceSource: source, preferenceAt: at });
  if (!written) return false;
  await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: key.person(personId),
        UpdateExpression: 'SET mailPreference = :pref, mailPreferenceAt = :at, mailPreferenceSource = :src',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':pref': preference, ':at': at, ':src': source },
      }),
    ),
  );
  return true;
}

/** The delivery item expires with its mail record: meeting end (experiment planned end) + retention. */
export async function deliveryExpiresAt(subject: { type: 'meeting' | 'experiment'; id: string }): Promise<number | undefined> {
  const k = subject.type === 'meeting' ? key.meeting(subject.id) : key.experiment(subject.id);
  const out = await doc.send(
    new GetCommand({ TableName: table(), Key: k, ProjectionExpression: subject.type === 'meeting' ? 'endsAt' : 'plannedEndOn' }),
  );
  const end = (out.Item?.endsAt ?? out.Item?.plannedEndOn) as string | undefined;
  return retentionAttribute(end)[TableKeys.ttl];
}

/**
 * Records one SES event on the mail's delivery item: idempotent (the time of each event type is
 * kept once) and order-independent (status only moves to a heavier event). Usually one write.
 */
export async function recordDeliveryEvent(r: DeliveryRecord): Promise<void> {
  const sk = key.delivery(r.mail.sk);
  const names = {
    '#type': 'type',
    '#g2pk': TableKeys.byPerson.partitionKey,
    '#g2sk': TableKeys.byPerson.sortKey,
    '#when': `${r.status.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}At`,
    '#status': 'status',
    '#rank': 'statusRank',
  };
  const base = {
    ':type': 'delivery',
    ':g2pk': key.personRef(r.personId),
    ':g2sk': byPersonSortKey.delivery(r.subject, r.subject.kind),
    ':p': r.personId,
    ':mailSk': r.mail.sk,
    ':subjectType': r.subject.type,
    ':subjectId': r.subject.id,
    ':version': r.subject.version,
    ':kind': r.subject.kind,
    ':msg': r.sesMessageId,
    ':at': r.at,
  };
  const sets = [
    '#type = :type', '#g2pk = :g2pk', '#g2sk = :g2sk', 'personId = :p', 'mailSk = :mailSk', 'subjectType = :subjectType',
    'subjectId = :subjectId', 'version = :version', 'kind = :kind', 'sesMessageId = :msg', '#when = if_not_exists(#when, :at)',
  ];
  const extra: Record<string, unknown> = {};
  if (r.diagnostic !== undefined) {
    sets.push('diagnostic = :diag');
    extra[':diag'] = r.diagnostic.slice(0, 500);
  }
  if (r.expiresAt !== undefined) {
    sets.push(`${TableKeys.ttl} = :ttl`);
    extra[':ttl'] = r.expiresAt;
  }
  const withStatus = await conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: r.mail.pk, sk },
        UpdateExpression: `SET ${[...sets, '#status = :status', '#rank = :rank'].join(', ')}`,
        ConditionExpression: 'attribute_not_exists(#rank) OR #rank <= :rank',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...base, ...extra, ':status': r.status, ':rank': DELIVERY_RANK[r.status] },
      }),
    ),
  );
  if (withStatus) return;
  // A heavier event came first: keep its status, remember when this one happened.
  const { '#status': _s, '#rank': _r, ...timeNames } = names;
  await doc.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: r.mail.pk, sk },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: timeNames,
      ExpressionAttributeValues: { ...base, ...extra },
    }),
  );
}

/** The statuses of a batch's recipients, applied to each job: one BatchGetItem per batch. */
export async function suppressionsFor(jobs: readonly MailJob[]): Promise<Map<MailJob, Suppression>> {
  const statuses = await readMailStatuses(jobs.map((j) => j.recipient.personId));
  const out = new Map<MailJob, Suppression>();
  for (const job of jobs) {
    const s = suppressionFor(job.kind, job.recipient.email, statuses.get(job.recipient.personId));
    if (s) out.set(job, s);
  }
  return out;
}

/**
 * Records a mail that was not sent because of the person's status: its mail record becomes
 * 'suppressed' (the meeting page shows it), unless a delivery already claimed or sent it.
 */
export async function recordMailSuppressed(job: MailJob, reason: string, now = new Date()): Promise<void> {
  await conditionHeld(
    doc.send(
      new PutCommand({
        TableName: table(),
        Item: mailRecordItem(job, { status: 'suppressed', suppressedAt: now.toISOString(), reason: reason.slice(0, 500) }),
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':released': 'released' },
      }),
    ),
  );
}

export const mailStatusStore: MailStatusStore = {
  readMailStatuses,
  suppressionsFor,
  recordMailSuppressed,
  markUndeliverable,
  setMailPreference,
  recordDeliveryEvent,
};
