// The inbound side's AWS edges: the raw mail SES receiving stored in the inbound bucket
// (lib/constructs/inbound-mail.ts: key = prefix + SES message id) and the record that a plain
// reply was forwarded (its own item with a TTL, so a redelivered notification forwards nothing).
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { Env, requireEnv } from '../contract/environment.js';
import { INBOUND_MAIL_PREFIX } from '../contract/inbound-mail.js';
import { key, TableKeys } from '../contract/table.js';
import { doc, table } from './dynamo.js';

const s3 = new S3Client({});

export async function readRawMail(messageId: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: requireEnv(Env.InboundMailBucket), Key: `${INBOUND_MAIL_PREFIX}${messageId}` }));
  if (out.Body === undefined) throw new Error(`inbound mail ${messageId} has no body`);
  return out.Body.transformToByteArray();
}

/** How long the forward record is kept: longer than Lambda retries an event (6 hours). */
const FORWARD_RECORD_DAYS = 7;

export async function wasForwarded(messageId: string): Promise<boolean> {
  const out = await doc.send(new GetCommand({ TableName: table(), Key: key.inboundForward(messageId), ConsistentRead: true }));
  return out.Item !== undefined;
}

export async function markForwarded(messageId: string, at: Date): Promise<void> {
  await doc.send(new PutCommand({
    TableName: table(),
    Item: { ...key.inboundForward(messageId), type: 'inbound-forward', forwardedAt: at.toISOString(), [TableKeys.ttl]: Math.floor(at.getTime() / 1000) + FORWARD_RECORD_DAYS * 86_400 },
  }));
}
