// The deliverability function: SES events from the account's default bus (a rule there filters
// on the network's configuration set) -> person and mail records. See workflow.ts.
import middy from '@middy/core';
import { GetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Env, requireEnv } from '../contract/environment.js';
import { key } from '../contract/table.js';
import { retentionAttribute } from '../adapters/retention.js';
import { markUndeliverable, recordDeliveryEvent, setMailPreference } from '../adapters/suppression.js';
import { handleSesEvent, type DeliverabilityOutcome, type DeliverabilityPorts } from './workflow.js';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

/** The delivery item expires with its mail record: meeting end (experiment planned end) + retention. */
async function expiresAt(subject: { type: 'meeting' | 'experiment'; id: string }): Promise<number | undefined> {
  const k = subject.type === 'meeting' ? key.meeting(subject.id) : key.experiment(subject.id);
  const out = await doc.send(
    new GetCommand({ TableName: requireEnv(Env.TableName), Key: k, ProjectionExpression: subject.type === 'meeting' ? 'endsAt' : 'plannedEndOn' }),
  );
  const end = (out.Item?.endsAt ?? out.Item?.plannedEndOn) as string | undefined;
  return retentionAttribute(end).expiresAt;
}

export const ports: DeliverabilityPorts = { recordDeliveryEvent, markUndeliverable, setMailPreference, expiresAt };

export const handler = middy<{ source?: unknown; 'detail-type'?: unknown; detail?: unknown }, DeliverabilityOutcome>().handler((event) =>
  handleSesEvent(event, ports),
);
