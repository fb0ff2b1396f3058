// The deliverability function: SES events from the account's default bus (a rule there filters
// on the network's configuration set) -> person and mail records. See workflow.ts.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { key } from '../contract/table.js';
import { doc, table } from '../adapters/dynamo.js';
import { log, logger } from '../adapters/logger.js';
import { retentionAttribute } from '../adapters/retention.js';
import { markUndeliverable, recordDeliveryEvent, setMailPreference } from '../adapters/suppression.js';
import { handleSesEvent, type DeliverabilityOutcome, type DeliverabilityPorts } from './workflow.js';

/** The delivery item expires with its mail record: meeting end (experiment planned end) + retention. */
async function expiresAt(subject: { type: 'meeting' | 'experiment'; id: string }): Promise<number | undefined> {
  const k = subject.type === 'meeting' ? key.meeting(subject.id) : key.experiment(subject.id);
  const out = await doc.send(
    new GetCommand({ TableName: table(), Key: k, ProjectionExpression: subject.type === 'meeting' ? 'endsAt' : 'plannedEndOn' }),
  );
  const end = (out.Item?.endsAt ?? out.Item?.plannedEndOn) as string | undefined;
  return retentionAttribute(end).expiresAt;
}

export const ports: DeliverabilityPorts = { recordDeliveryEvent, markUndeliverable, setMailPreference, expiresAt, log };

export const handler = middy<{ source?: unknown; 'detail-type'?: unknown; detail?: unknown }, DeliverabilityOutcome>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) =>
  handleSesEvent(event, ports),
);
