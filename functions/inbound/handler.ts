// The inbound function: SES receiving's Lambda action (after its S3 action stored the mail) for
// mail to the network's reply address, and rsvp-received from the network bus (rule built from
// subscriptions.inbound). Thin: tell the two apart, hand over to the workflow.
import middy from '@middy/core';
import type { EventBridgeEvent, SESEvent } from 'aws-lambda';
import { inboundEventChecks } from '../contract/schemas.generated.js';
import { Env } from '../contract/environment.js';
import { markForwarded, readRawMail, wasForwarded } from '../adapters/inbound-mail-store.js';
import { getInvitation, saveAnswer } from '../adapters/invitation-store.js';
import { log, logContext, logger } from '../adapters/logger.js';
import { parseEventLogged } from '../adapters/event-parsing.js';
import { getMeeting } from '../adapters/meeting-store.js';
import { getPerson, personByAddress } from '../adapters/people-store.js';
import { checkedPublisherOf } from '../adapters/checked-publisher.js';
import { sendRawMail } from '../adapters/ses.js';
import { networkSettings } from '../adapters/settings.js';
import { applyCalendarAnswer, receiveMail, type InboundPorts } from './workflow.js';

/** Its zod schemas, loaded only to explain an event (read or published) the compiled ones refuse. */
const inboundSchemas = async () => (await import('../contract/events.js')).inboundEventSchemas;

export const inboundPorts: InboundPorts = {
  readRawMail,
  personByAddress,
  getMeeting,
  getInvitation,
  saveAnswer,
  // It publishes rsvp-received only, checked as it consumes it (compiled, zod-free).
  publish: checkedPublisherOf(inboundEventChecks, inboundSchemas),
  settings: networkSettings,
  facilitators: async () => {
    const ids = (process.env[Env.Facilitators] ?? '').split(',').filter(Boolean);
    const people = await Promise.all(ids.map((id) => getPerson(id)));
    return people.flatMap((p) => (p ? [{ name: p.name, email: p.email }] : []));
  },
  wasForwarded,
  markForwarded,
  send: async (mail) => {
    await sendRawMail(mail);
  },
  now: () => new Date(),
};

type InboundEvent = SESEvent | EventBridgeEvent<string, unknown>;

export async function handleInboundEvent(event: InboundEvent, ports: InboundPorts = inboundPorts) {
  if ('Records' in event) {
    const outcomes = [];
    for (const record of event.Records) {
      const { mail, receipt } = record.ses;
      const outcome = await receiveMail({ messageId: mail.messageId, receivedAt: new Date(mail.timestamp), virusVerdict: receipt.virusVerdict?.status }, ports);
      log({ msg: 'inbound mail handled', messageId: mail.messageId, ...outcome });
      outcomes.push(outcome);
    }
    // SES's Lambda action ignores the result when invoked asynchronously (InvocationType Event).
    return outcomes;
  }
  const parsed = await parseEventLogged(event, inboundEventChecks, inboundSchemas);
  logger.setCorrelationId(parsed.detail.meetingId);
  const outcome = await applyCalendarAnswer(parsed.detail, ports);
  log({ msg: 'rsvp-received handled', meetingId: parsed.detail.meetingId, personId: parsed.detail.personId, version: parsed.detail.version, ...outcome });
  return outcome;
}

export const handler = middy<InboundEvent>()
  .use(logContext())
  .handler((event) => handleInboundEvent(event));
