// Where SES receiving stores the network's inbound mail, shared by lib/ (the receipt rule's S3
// action) and the inbound function (which reads it back by SES's message id).
export const INBOUND_MAIL_PREFIX = 'inbound/';
/** Days the raw mail is kept in the bucket (S3 lifecycle expiry): long enough to redrive a failure. */
export const INBOUND_MAIL_RETENTION_DAYS = 14;
/**
 * The account's receipt rule set (lib/account-stack.ts): SES has one active rule set per account
 * and region, so every network adds its rule to this one (activate it once, docs/operations.md).
 */
export const INBOUND_RULE_SET_NAME = 'samskab-inbound';
