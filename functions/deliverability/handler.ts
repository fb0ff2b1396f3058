// The deliverability function: SES events from the account's default bus (a rule there filters
// on the network's configuration set) -> person and mail records. See workflow.ts.
import middy from '@middy/core';
import { log, logContext } from '../adapters/logger.js';
import { deliveryExpiresAt, markUndeliverable, recordDeliveryEvent, setMailPreference } from '../adapters/mail-status-store.js';
import { handleSesEvent, type DeliverabilityOutcome, type DeliverabilityPorts } from './workflow.js';

export const ports: DeliverabilityPorts = { recordDeliveryEvent, markUndeliverable, setMailPreference, expiresAt: deliveryExpiresAt, log };

export const handler = middy<{ source?: unknown; 'detail-type'?: unknown; detail?: unknown }, DeliverabilityOutcome>()
  .use(logContext())
  .handler((event) =>
  handleSesEvent(event, ports),
);
