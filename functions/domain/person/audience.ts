// Who a meeting invites: the network's people matching the audience, plus the named inspirers.
import { createHash } from 'node:crypto';
import type { Audience, Inspirer } from '../../contract/events.js';
import type { Recipient } from '../../contract/mail-job.js';
import type { Language, Role } from '../../contract/network.js';

/** A person as the store lists them. */
export interface NetworkPerson {
  personId: string;
  name: string;
  email: string;
  role: Role;
  municipality?: string;
  language: Language;
}

/** A person of the network as a mail's recipient. */
export const recipientOf = (p: NetworkPerson): Recipient => ({
  personId: p.personId,
  name: p.name,
  email: p.email,
  role: p.role,
  ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
  language: p.language,
});

/**
 * Inspirers are not people of the network, so their id is derived from the email: the same
 * inspirer gets the same id in every meeting and every duplicate delivery (idempotency keys).
 */
export function inspirerPersonId(email: string): string {
  return 'x-' + createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/**
 * The id a person involved in an experiment is keyed by: their own for people of the network, one
 * derived from the email for outsiders (the same derivation as meeting inspirers, so it is stable).
 */
export const involvedPersonId = (p: { personId?: string | undefined; email: string }): string => p.personId ?? inspirerPersonId(p.email);

const matches = (filter: readonly string[], value: string | undefined) =>
  filter.length === 0 || (value !== undefined && filter.includes(value));

/**
 * The recipients of a meeting: people matching the municipality AND role filters (an empty
 * filter matches everyone in that dimension), then the inspirers. One recipient per email:
 * a network person who is also invited as an inspirer keeps their profile (id, municipality,
 * language) and is invited once as inspirer with the topic.
 */
export function expandAudience(
  people: readonly NetworkPerson[],
  audience: Partial<Audience>,
  inspirers: readonly Inspirer[],
): Recipient[] {
  const municipalities = audience.municipalities ?? [];
  const roles = audience.roles ?? [];
  const byEmail = new Map<string, Recipient>();

  for (const p of people) {
    const email = p.email.trim().toLowerCase();
    if (byEmail.has(email)) continue;
    if (!matches(municipalities, p.municipality) || !matches(roles, p.role)) continue;
    byEmail.set(email, {
      personId: p.personId,
      name: p.name,
      email,
      role: p.role,
      ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
      language: p.language,
    });
  }

  const peopleByEmail = new Map(people.map((p) => [p.email.trim().toLowerCase(), p]));
  const invitedAsInspirer = new Set<string>();
  for (const inspirer of inspirers) {
    const email = inspirer.email.trim().toLowerCase();
    if (invitedAsInspirer.has(email)) continue;
    invitedAsInspirer.add(email);
    const member = peopleByEmail.get(email);
    byEmail.set(email, {
      personId: member?.personId ?? inspirerPersonId(email),
      name: member?.name ?? inspirer.name,
      email,
      role: 'inspirer',
      ...(member?.municipality !== undefined ? { municipality: member.municipality } : {}),
      language: member?.language ?? inspirer.language,
      topic: inspirer.topic,
    });
  }
  return [...byEmail.values()];
}
