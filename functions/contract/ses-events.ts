// The SES events this system consumes, as the configuration set publishes them to EventBridge
// (on the account's default bus): lib/ builds the event destination and the rule from these,
// the deliverability function parses them, the local cloud's SES simulator emits them.
export const SES_EVENT_SOURCE = 'aws.ses';
/** detail-type per SES eventType. */
export const SES_DETAIL_TYPE = {
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
  Delivery: 'Email Delivered',
  DeliveryDelay: 'Email Delivery Delayed',
} as const;
export const SES_DETAIL_TYPES = Object.values(SES_DETAIL_TYPE);
/** The tag SES adds to every event with the configuration set's name (the default-bus rule filters on it). */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';

/**
 * The mailer's log message when SES refuses a mail (kind: retryable, account, permanent); the
 * alarm on account-level refusals (lib/constructs/alarms.ts) counts the "account" lines.
 */
/**
 * A send that failed: try again later (throttling, a service error), try again once the account is
 * fixed (unverified sender, sandbox, sending paused: never the person's fault, alarmed), or never
 * (SES refused this mail).
 */
export type SendFailureKind = 'retryable' | 'throttled' | 'account' | 'permanent';

export const sendFailedLogMessage = (kind: SendFailureKind) => `send failed (${kind})`;
