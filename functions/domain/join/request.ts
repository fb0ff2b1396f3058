// Joining the network from outside: someone from another municipality asks to join, or for help
// to start a similar network. The public page (functions/pages/join-page.ts) and
// POST /api/join-requests send the same body; this module decides what happens to it: a bot that
// fills the hidden field is answered as if accepted and nothing is kept; a source over its rate
// is refused; a valid request is stored (with its consent, until the retention period ends) and
// mailed to the network's contact person and each facilitator. Every step is idempotent: the
// request's id is made from its content, so a resent form stores and mails it once.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { lazySchema } from '../../contract/lazy-schema.js';
import '../../contract/zod-locale.js';
import type { JoinRequestMailJob, Recipient } from '../../contract/mail-job.js';
import { Email, Language, type NetworkSettings } from '../../contract/network.js';
import { addIssue, expected, fieldErrors, requiredText, type FieldError } from '../field-errors.js';
import { inspirerPersonId, recipientOf, type NetworkPerson } from '../person/audience.js';
import type { JoinRequestRecord, JoinRequestStore } from './store.js';

export type { JoinRequestRecord };

export const JOIN_WISHES = ['join', 'start-similar'] as const;
/** The honeypot: a field people never see (hidden on the page), which form-filling bots fill in. */
export const HONEYPOT_FIELD = 'website';
/** At most this many requests per source (IP address) and window. */
export const JOIN_RATE_LIMIT = 5;
export const JOIN_RATE_WINDOW_MS = 60 * 60_000;

const optionalText = (max: number) =>
  z.optional(z.pipe(z.string(expected('a string')).check(z.trim(), z.maxLength(max, `must be at most ${max} characters`)), z.transform((v) => v || undefined)));

/** The body of a join request (JSON, or the page's form fields). */
export const JoinRequestBody = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    wish: z.enum(JOIN_WISHES, expected('join or start-similar')),
    name: requiredText(120).check(z.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters')),
    email: Email,
    municipality: requiredText(100),
    organisation: optionalText(200),
    message: requiredText(3000),
    language: z.optional(Language),
    /** Consent to keep the request and be contacted: required, and only `true` (the form's checkbox sends "yes"). */
    consent: z.pipe(
      z.unknown(),
      z.transform((v, ctx) => {
        if (v === true || v === 'yes' || v === 'true' || v === 'on') return true as const;
        addIssue(ctx, v === undefined ? 'is required' : 'must be given to send the request');
        return z.NEVER;
      }),
    ),
    [HONEYPOT_FIELD]: z.optional(z.string()),
  }),
);

export type JoinRequestInput = z.output<typeof JoinRequestBody>;

export type JoinOutcome =
  | { outcome: 'accepted'; requestId: string }
  /** The honeypot was filled: the caller is answered as if accepted, and nothing is kept or sent. */
  | { outcome: 'dropped' }
  | { outcome: 'rate-limited' }
  | { outcome: 'invalid'; errors: FieldError[] };

export interface JoinPorts extends JoinRequestStore {
  settings(): NetworkSettings;
  /** The config's facilitators (person ids). */
  facilitators(): readonly string[];
  listPeople(): Promise<NetworkPerson[]>;
  enqueueMail(jobs: JoinRequestMailJob[]): Promise<void>;
  now(): Date;
}

/** The same request sent twice (a resent form, a retried call) has the same id. */
export function joinRequestId(r: Pick<JoinRequestInput, 'email' | 'wish' | 'municipality' | 'message'>): string {
  return createHash('sha256').update(JSON.stringify([r.email.toLowerCase(), r.wish, r.municipality, r.message])).digest('hex').slice(0, 32);
}

/** A hash of where a request came from (its IP address): the rate counter's key, no address stored. */
export const sourceHash = (source: string) => createHash('sha256').update(`samskab-join-source:${source}`).digest('hex').slice(0, 32);

/** The network's contact person first, then each facilitator; one mail per address. */
export function joinRecipients(settings: NetworkSettings, facilitatorIds: readonly string[], people: readonly NetworkPerson[]): Recipient[] {
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const contactPerson = byEmail.get(settings.contact.email.toLowerCase());
  const contact: Recipient = contactPerson
    ? { personId: contactPerson.personId, name: contactPerson.name, email: contactPerson.email, role: contactPerson.role, language: contactPerson.language }
    : { personId: inspirerPersonId(settings.contact.email), name: settings.contact.name, email: settings.contact.email, role: 'facilitator', language: settings.defaultLanguage };
  const recipients = [contact];
  for (const id of facilitatorIds) {
    const p = people.find((x) => x.personId === id);
    if (!p || recipients.some((r) => r.email.toLowerCase() === p.email.toLowerCase())) continue;
    recipients.push(recipientOf(p));
  }
  return recipients;
}

/**
 * Receives one join request from `source` (the caller's IP address). The honeypot is checked
 * first (a bot learns nothing), then the source's rate, then the body.
 */
export async function receiveJoinRequest(body: unknown, source: string, ports: JoinPorts): Promise<JoinOutcome> {
  if (body && typeof body === 'object' && typeof (body as Record<string, unknown>)[HONEYPOT_FIELD] === 'string' && (body as Record<string, string>)[HONEYPOT_FIELD]!.trim() !== '') {
    return { outcome: 'dropped' };
  }
  const now = ports.now();
  const windowStart = now.getTime() - (now.getTime() % JOIN_RATE_WINDOW_MS);
  if (!(await ports.countJoinAttempt(sourceHash(source), windowStart, JOIN_RATE_LIMIT, windowStart + JOIN_RATE_WINDOW_MS))) return { outcome: 'rate-limited' };
  const parsed = JoinRequestBody.safeParse(body);
  if (!parsed.success) return { outcome: 'invalid', errors: fieldErrors(parsed.error) };
  const input = parsed.data;
  const settings = ports.settings();
  const requestId = joinRequestId(input);
  const record: JoinRequestRecord = {
    requestId,
    wish: input.wish,
    name: input.name,
    email: input.email,
    municipality: input.municipality,
    ...(input.organisation !== undefined ? { organisation: input.organisation } : {}),
    message: input.message,
    language: input.language ?? settings.defaultLanguage,
    consentAt: now.toISOString(),
    receivedAt: now.toISOString(),
  };
  // The first arrival's record stays (its time and consent); a resent request mails from it again,
  // and each mail's record makes the mailer send it once.
  const stored = await ports.saveJoinRequest(record, settings.retentionMonths);
  const recipients = joinRecipients(settings, ports.facilitators(), await ports.listPeople());
  const { requestId: _id, consentAt: _consent, ...request } = stored;
  await ports.enqueueMail(recipients.map((recipient) => ({ kind: 'join-request', requestId, recipient, request })));
  return { outcome: 'accepted', requestId };
}
