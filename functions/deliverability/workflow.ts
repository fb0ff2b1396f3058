// The deliverability workflow: one SES event (bounce, complaint, delivery, delivery delay, from
// the configuration set's EventBridge destination) -> what it means for the person and the mail.
//
// - Bounce, Permanent: the address is undeliverable; the mailer sends nothing more to it.
// - Bounce, Transient/Undetermined: recorded on the mail only ('soft-bounced'); SES retried already.
// - Complaint: the person's preference becomes essential-only (no follow-ups, no digests).
// - Delivery / DeliveryDelay: recorded on the mail ('delivered' / 'delayed').
// The mail is found by the message tags the mailer set (meetingId|experimentId, version, kind,
// personId). Every write is idempotent, so a duplicate event changes nothing. Logs carry ids and
// event types only, never addresses or diagnostics (which may quote the address).
import { checkValue } from '../contract/checked-schema.js';
import { sesEventDetailCheck } from '../contract/schemas.generated.js';
import type { SesEventDetail } from '../contract/ses-event-detail.js';
import { SES_EVENT_SOURCE } from '../contract/ses-events.js';
import { key } from '../contract/table.js';
import type { DeliveryEventStatus } from '../domain/mail/model.js';
import type { MailStatusStore } from '../domain/mail/store.js';
import { log as writeLog, type LogEntry } from '../adapters/logger.js';

export { CONFIGURATION_SET_TAG, SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '../contract/ses-events.js';

export type { SesEventDetail } from '../contract/ses-event-detail.js';

export interface DeliverabilityPorts extends Pick<MailStatusStore, 'recordDeliveryEvent' | 'markUndeliverable'> {
  /** A complaint: the person gets essential mail only (MailStatusStore.setMailPreference). */
  setMailPreference(personId: string, preference: 'essential-only', source: 'complaint', at: string): Promise<boolean>;
  /** TTL for the delivery item (the mail record's retention); undefined when unknown. */
  expiresAt?(subject: { type: 'meeting' | 'experiment'; id: string }): Promise<number | undefined>;
  log?(entry: LogEntry): void;
}

export type DeliverabilityOutcome =
  | { status: 'recorded'; delivery: DeliveryEventStatus; personId: string; undeliverable?: boolean; essentialOnly?: boolean }
  | { status: 'ignored'; reason: string };

/** The mail an event is about, from its message tags; undefined when they are not ours. */
export function mailRefFromTags(tags: Record<string, string[] | undefined>) {
  const one = (name: string) => {
    const v = tags[name]?.[0];
    return typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v) ? v : undefined;
  };
  const meetingId = one('meetingId');
  const experimentId = one('experimentId');
  const personId = one('personId');
  const kind = one('kind');
  const version = Number(one('version'));
  const id = meetingId ?? experimentId;
  if (id === undefined || personId === undefined || kind === undefined || !Number.isInteger(version) || version < 1) return undefined;
  const type: 'meeting' | 'experiment' = meetingId !== undefined ? 'meeting' : 'experiment';
  const subjectPk = type === 'meeting' ? key.meeting(id).pk : key.experiment(id).pk;
  return { mail: key.mail(subjectPk, version, kind, personId), personId, subject: { type, id, version, kind } };
}

function classify(d: SesEventDetail): { status: DeliveryEventStatus; at?: string; recipient?: { emailAddress: string; diagnosticCode?: string } } | undefined {
  switch (d.eventType) {
    case 'Bounce':
      if (!d.bounce) return undefined;
      return {
        status: d.bounce.bounceType === 'Permanent' ? 'bounced' : 'soft-bounced',
        ...(d.bounce.timestamp ? { at: d.bounce.timestamp } : {}),
        ...(d.bounce.bouncedRecipients?.[0] ? { recipient: d.bounce.bouncedRecipients[0] } : {}),
      };
    case 'Complaint':
      return {
        status: 'complained',
        ...(d.complaint?.timestamp ? { at: d.complaint.timestamp } : {}),
        ...(d.complaint?.complainedRecipients?.[0] ? { recipient: d.complaint.complainedRecipients[0] } : {}),
      };
    case 'Delivery':
      return { status: 'delivered', ...(d.delivery?.timestamp ? { at: d.delivery.timestamp } : {}) };
    case 'DeliveryDelay':
      return {
        status: 'delayed',
        ...(d.deliveryDelay?.timestamp ? { at: d.deliveryDelay.timestamp } : {}),
        ...(d.deliveryDelay?.delayedRecipients?.[0] ? { recipient: d.deliveryDelay.delayedRecipients[0] } : {}),
      };
    default:
      return undefined;
  }
}

export async function handleSesEvent(
  event: { source?: unknown; 'detail-type'?: unknown; detail?: unknown; time?: unknown },
  ports: DeliverabilityPorts,
): Promise<DeliverabilityOutcome> {
  const log = ports.log ?? writeLog;
  if (event.source !== SES_EVENT_SOURCE) return ignored(log, 'not an SES event');
  // Checked with the compiled schema (zod-free); the log says where a malformed one breaks it.
  const checked = checkValue(sesEventDetailCheck, event.detail);
  if (!checked.ok) return ignored(log, `malformed SES event detail (at ${checked.path.join('.') || 'the detail'})`);
  const detail = checked.value as SesEventDetail;
  const ref = mailRefFromTags(detail.mail.tags);
  if (!ref) return ignored(log, 'event without the mailer\'s message tags');
  const what = classify(detail);
  if (!what) return ignored(log, `event type ${detail.eventType} is not handled`);

  const at = what.at ?? (typeof event.time === 'string' ? event.time : new Date().toISOString());
  const email = (what.recipient?.emailAddress ?? detail.mail.destination[0] ?? '').toLowerCase();
  const expiresAt = ports.expiresAt ? await ports.expiresAt(ref.subject) : undefined;
  await ports.recordDeliveryEvent({
    ...ref,
    status: what.status,
    at,
    sesMessageId: detail.mail.messageId,
    ...(what.recipient?.diagnosticCode !== undefined ? { diagnostic: what.recipient.diagnosticCode } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  });
  const outcome: DeliverabilityOutcome = { status: 'recorded', delivery: what.status, personId: ref.personId };
  if (what.status === 'bounced' && email !== '') {
    await ports.markUndeliverable(ref.personId, email, at, what.recipient?.diagnosticCode);
    outcome.undeliverable = true;
  }
  if (what.status === 'complained') {
    await ports.setMailPreference(ref.personId, 'essential-only', 'complaint', at);
    outcome.essentialOnly = true;
  }
  log({
    level: 'info',
    msg: 'SES event recorded',
    eventType: detail.eventType,
    [`${ref.subject.type}Id`]: ref.subject.id,
    version: ref.subject.version,
    kind: ref.subject.kind,
    personId: ref.personId,
    delivery: what.status,
  });
  return outcome;
}

function ignored(log: (e: LogEntry) => void, reason: string): DeliverabilityOutcome {
  log({ level: 'warn', msg: 'SES event ignored', reason });
  return { status: 'ignored', reason };
}
