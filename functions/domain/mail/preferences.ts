// Which mail a person still gets, from what SES and the person told us. Pure rules, no AWS.
//
// - A hard bounce makes the address undeliverable: nothing more is sent to that address (a new
//   address, set by the facilitator, lifts it, because the bounce names the address it hit).
// - A complaint or an unsubscribe sets the preference 'essential-only': invitations, updates,
//   cancellations, reminders and experiment invitations still go out; follow-ups and learnings
//   digests do not.
// - An erased person gets nothing at all (mail jobs may still be queued when they are erased).
import type { MailKind } from '../../contract/mail-job.js';

export type MailPreference = 'all' | 'essential-only';

/** Mail a person may opt out of (RFC 8058 List-Unsubscribe is added to exactly these). */
export const NON_ESSENTIAL_KINDS: readonly MailKind[] = ['follow-up', 'experiment-learnings'];

export const isEssential = (kind: MailKind): boolean => !NON_ESSENTIAL_KINDS.includes(kind);

/** The mail status stored per person (functions/adapters/mail-status-store.ts). */
export interface MailStatus {
  personId?: string;
  /** Set by a hard bounce on this address. */
  undeliverableEmail?: string;
  undeliverableAt?: string;
  mailPreference?: MailPreference;
  preferenceSource?: 'complaint' | 'unsubscribe';
  /** A tombstone: the person was erased. */
  erased?: boolean;
}

export type Suppression =
  | { reason: 'erased' }
  | { reason: 'undeliverable'; detail: string }
  | { reason: 'unsubscribed'; detail: string };

/** Why this mail must not be sent to this recipient, or undefined to send it. */
export function suppressionFor(kind: MailKind, email: string, status: MailStatus | undefined): Suppression | undefined {
  if (!status) return undefined;
  if (status.erased) return { reason: 'erased' };
  if (status.undeliverableEmail !== undefined && status.undeliverableEmail.toLowerCase() === email.trim().toLowerCase()) {
    return { reason: 'undeliverable', detail: `address undeliverable (hard bounce ${status.undeliverableAt ?? ''})`.trim() };
  }
  if (status.mailPreference === 'essential-only' && !isEssential(kind)) {
    return {
      reason: 'unsubscribed',
      detail: status.preferenceSource === 'complaint' ? 'essential mail only (complaint)' : 'essential mail only (unsubscribed)',
    };
  }
  return undefined;
}

/** Shown to the facilitator beside an invitee whose address bounced. */
export const UNREACHABLE_HINT = {
  inspirer: { da: 'Inspiratoren kan ikke nås: tjek adressen.', en: 'Inspirer unreachable: check the address.' },
  other: { da: 'Kan ikke nås: tjek adressen.', en: 'Unreachable: check the address.' },
} as const;

export interface DeliveryOverlay {
  status: string;
  detail?: string;
  hint?: { da: string; en: string };
}

/**
 * What SES reported for an invitee, from delivery items of the meeting's partition (all, or only
 * theirs, as getMeetingWithInvitations passes them): a hard bounce of any
 * of their mails wins (the address is bad), else the report on the latest invitation or update.
 */
export function deliveryOverlay(
  items: readonly Record<string, unknown>[],
  personId: string,
  latestMail: Record<string, unknown> | undefined,
  role: string,
): DeliveryOverlay | undefined {
  const hint = role === 'inspirer' ? UNREACHABLE_HINT.inspirer : UNREACHABLE_HINT.other;
  const mine = items.filter((i) => i.type === 'delivery' && i.personId === personId);
  const bounced = mine.find((d) => d.status === 'bounced');
  if (bounced) return { status: 'bounced', hint, ...(typeof bounced.diagnostic === 'string' ? { detail: bounced.diagnostic } : {}) };
  if (latestMail?.status === 'suppressed' && String(latestMail.reason ?? '').startsWith('address undeliverable')) {
    return { status: 'suppressed', detail: String(latestMail.reason), hint };
  }
  const report = latestMail ? mine.find((d) => d.mailSk === latestMail.sk) : undefined;
  if (!report || typeof report.status !== 'string') return undefined;
  return { status: report.status, ...(typeof report.diagnostic === 'string' ? { detail: report.diagnostic } : {}) };
}
