// The account-wide SES send-rate limiter's table: one per AWS account and region, created by the
// Samskab-account stack (lib/account-stack.ts) and found by name by every network's mailer.
export const SEND_RATE_TABLE_NAME = 'samskab-ses-send-rate';
/** Its partition key (string): `window#<epoch second>`. */
export const SEND_RATE_KEY = 'pk';
/** The TTL attribute: a window's counter is gone a few minutes after the window. */
export const SEND_RATE_TTL = 'expiresAt';
/** Receives of a mail job before the mail queue moves it to its DLQ (the queue's maxReceiveCount). */
export const MAIL_QUEUE_MAX_RECEIVES = 5;
