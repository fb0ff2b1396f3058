// What the app shows about a meeting's invitations: the answers, and how far the mail got. The
// api computes it once for the overview and the meeting page, so the app does not restate it.
import type { MeetingCounts } from '../../contract/api-types.js';
import type { DeliveryStatus } from './model.js';

export type { MeetingCounts };

/** The mail did not reach them: refused by SES, bounced, complained about, or not sent to them. */
const UNREACHED: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['rejected', 'bounced', 'complained', 'suppressed']);

/**
 * SES took the mail and nothing since says it failed. SES's later reports (delivered, delayed,
 * soft-bounced) replace 'sent' on the invitation, and such a mail has still gone out.
 */
const WENT_OUT: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['sent', 'delivered', 'delayed', 'soft-bounced']);

/**
 * Sending is over, but neither of the above: 'stale' (the meeting moved past the mail, and a later
 * mail replaces it) and 'unconfirmed' (the mailer stopped between claim and record; it is never
 * resent, and the page shows it).
 */
const OVER: ReadonlySet<DeliveryStatus> = new Set<DeliveryStatus>(['stale', 'unconfirmed']);

export function meetingCounts(invitations: readonly { answer: string | null; deliveryStatus: DeliveryStatus }[]): MeetingCounts {
  const c: MeetingCounts = { invited: invitations.length, accepted: 0, declined: 0, maybe: 0, noAnswer: 0, sent: 0, unreached: 0, settled: 0 };
  for (const { answer, deliveryStatus } of invitations) {
    if (answer === 'accept') c.accepted++;
    else if (answer === 'decline') c.declined++;
    else if (answer === 'maybe') c.maybe++;
    else c.noAnswer++;
    if (WENT_OUT.has(deliveryStatus)) c.sent++;
    else if (UNREACHED.has(deliveryStatus)) c.unreached++;
    if (WENT_OUT.has(deliveryStatus) || UNREACHED.has(deliveryStatus) || OVER.has(deliveryStatus)) c.settled++;
  }
  return c;
}
