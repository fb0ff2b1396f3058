// The single-table key design, shared by the store adapter and the seed written by lib/.
// See docs/architecture.md ("Table") for the access patterns behind it.
import { createHash } from 'node:crypto';

/** A stable, non-reversible stand-in for a person id in keys that must outlive the person. */
export const personIdHash = (personId: string) => createHash('sha256').update(`samskab-person:${personId}`).digest('hex').slice(0, 32);
export const TableKeys = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** GSI "byCollection": lists of one kind, ordered (meetings by start time). */
  byCollection: { indexName: 'byCollection', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** GSI "byPerson": everything about one person (invitations, mail), for export and erasure. */
  byPerson: { indexName: 'byPerson', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Epoch seconds after which DynamoDB may delete the item (retention). */
  ttl: 'expiresAt',
} as const;

/** The sort-key prefixes a Query reads one kind of item of a partition with (begins_with). */
export const sortKeyPrefix = {
  person: 'PERSON#',
  /** Invitations and the answers beside them. */
  invitation: 'INVITATION#',
  reflection: 'REFLECTION#',
  note: 'NOTE#',
  agendaProposal: 'PROPOSAL#EXPERIMENT#',
  theme: 'THEME#',
} as const;

export const key = {
  /** All people of the network live in one partition so the audience is one Query. */
  person: (personId: string) => ({ pk: 'PEOPLE', sk: `${sortKeyPrefix.person}${personId}` }),
  /**
   * Who holds an address (normalized): one item per address, written with a condition before the
   * person, so two people can never hold one address, and sign-in reads one item, not the people.
   */
  address: (email: string) => ({ pk: 'ADDRESSES', sk: `ADDRESS#${normalizeAddress(email)}` }),
  meeting: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, sk: 'MEETING' }),
  invitation: (meetingId: string, personId: string) => ({ pk: `MEETING#${meetingId}`, sk: `${sortKeyPrefix.invitation}${personId}` }),
  /**
   * A person's answer to a meeting, its own item beside the invitation: invitations are
   * (re)written in batches by fan-outs, answers only by the answer link's UpdateItem, so a late
   * or repeated fan-out can never overwrite an answer. One Query begins_with INVITATION# reads both.
   */
  answer: (meetingId: string, personId: string) => ({ pk: `MEETING#${meetingId}`, sk: `INVITATION#${personId}#ANSWER` }),
  /** One reflection per person and meeting (the latest wins). */
  reflection: (meetingId: string, personId: string) => ({ pk: `MEETING#${meetingId}`, sk: `${sortKeyPrefix.reflection}${personId}` }),
  experiment: (experimentId: string) => ({ pk: `EXPERIMENT#${experimentId}`, sk: 'EXPERIMENT' }),
  /** An experiment's progress notes, by date, then order (n). */
  note: (experimentId: string, date: string, n: number) => ({
    pk: `EXPERIMENT#${experimentId}`,
    sk: `${sortKeyPrefix.note}${date}#${String(n).padStart(4, '0')}`,
  }),
  /** A completed experiment proposed for a meeting's agenda, in the meeting's partition. */
  agendaProposal: (meetingId: string, experimentId: string) => ({ pk: `MEETING#${meetingId}`, sk: `${sortKeyPrefix.agendaProposal}${experimentId}` }),
  /** The idempotency guard and delivery record of one mail, in its subject's partition. */
  mail: (subjectPk: string, version: number, kind: string, personId: string) => ({
    pk: subjectPk,
    sk: `MAIL#${version}#${kind}#${personId}`,
  }),
  /**
   * A person's mail status (bounce, complaint, unsubscribe; after erasure a tombstone). Keyed by a
   * hash of the person id, so the tombstone an erasure leaves names nobody; the mailer reads these
   * for a whole batch with one BatchGetItem.
   */
  mailStatus: (personId: string) => ({ pk: `MAILSTATUS#${personIdHash(personId)}`, sk: 'MAILSTATUS' }),
  /** What SES reported about one mail (delivery, delay, bounce, complaint), beside its mail record. */
  delivery: (mailSk: string) => `DELIVERY#${mailSk.replace(/^MAIL#/, '')}`,
  /**
   * That a person is involved in an experiment (ids only; the experiment item holds their name and
   * address): puts the experiment on the person's byPerson list for export and erasure.
   */
  involvement: (experimentId: string, personId: string) => ({ pk: `EXPERIMENT#${experimentId}`, sk: `INVOLVED#${personId}` }),
  /** A sign-in mail's record lives in its own partition, one per sign-in request (its random id). */
  signInMailPartition: (requestId: string) => `SIGNIN-MAIL#${requestId}`,
  // The facilitator app's sign-in (functions/auth): only hashes of tokens, addresses and session ids.
  signInToken: (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'TOKEN' }),
  /** One counter per address and rate window. */
  signInRate: (emailHash: string, windowStartMs: number) => ({ pk: `SIGNIN-RATE#${emailHash}`, sk: `WINDOW#${windowStartMs}` }),
  session: (sessionIdHash: string) => ({ pk: `SESSION#${sessionIdHash}`, sk: 'SESSION' }),
  /** That a plain reply to the network's reply address was forwarded (by SES's message id). */
  inboundForward: (messageId: string) => ({ pk: `INBOUND#${messageId}`, sk: 'FORWARDED' }),
  /** A facilitator who asked for the daily digest: all in one partition, so the digest reads them with one Query. */
  digestSubscriber: (personId: string) => ({ pk: 'DIGEST-SUBSCRIBERS', sk: `${sortKeyPrefix.person}${personId}` }),
  /** The digest mails of one local day live in one partition (their records guard one mail per person and day). */
  digestMailPartition: (date: string) => `DIGEST-MAIL#${date}`,
  /** The network's themes and paradoxes, in one partition (the list is one Query). */
  theme: (themeId: string) => ({ pk: 'THEMES', sk: `${sortKeyPrefix.theme}${themeId}` }),
  /** Set once the config's themes were written, so a theme deleted in the app does not come back. */
  themesSeeded: { pk: 'THEMES', sk: 'SEEDED' },
  /**
   * A meeting's themes, beside the meeting item (which the meetings workflow rewrites), and on the
   * byCollection list `MEETING-THEMES`, so the patterns read every meeting's themes with one Query.
   */
  meetingThemes: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, sk: 'THEMES' }),
  meetingThemesCollection: 'MEETING-THEMES',
  /** A request to join the network (or start a similar one), kept for the retention period (TTL). */
  joinRequest: (requestId: string) => ({ pk: `JOIN-REQUEST#${requestId}`, sk: 'REQUEST' }),
  /** One counter per source (a hash of the caller's IP address) and rate window of the public join form. */
  joinRequestRate: (sourceHash: string, windowStartMs: number) => ({ pk: `JOIN-RATE#${sourceHash}`, sk: `WINDOW#${windowStartMs}` }),
  joinRequestsCollection: 'JOIN-REQUESTS',
  meetingsCollection: 'MEETINGS',
  experimentsCollection: 'EXPERIMENTS',
  personRef: (personId: string) => `PERSON#${personId}`,
  /**
   * A person's calendar feed (functions/adapters/calendar-feed-store.ts): the token's item, keyed by
   * a hash of the secret token and naming the person, and the person's side holding the current
   * token; a revocation writes a new pair and deletes the old token's item.
   */
  calendarFeedToken: (tokenHash: string) => ({ pk: `CALENDAR-FEED#${tokenHash}`, sk: 'TOKEN' }),
  calendarFeedOf: (personId: string) => ({ pk: `CALENDAR-FEED-OF#${personId}`, sk: 'FEED' }),
} as const;

/**
 * The byPerson sort key (gsi2sk) of each kind of item on a person's list (key.personRef is its
 * partition): what the item is, and of which meeting, experiment or mail.
 */
export const byPersonSortKey = {
  profile: 'PROFILE',
  address: 'ADDRESS',
  invitation: (meetingId: string) => `MEETING#${meetingId}`,
  answer: (meetingId: string) => `ANSWER#MEETING#${meetingId}`,
  reflection: (meetingId: string) => `REFLECTION#MEETING#${meetingId}`,
  involvement: (experimentId: string) => `EXPERIMENT#${experimentId}`,
  mailStatus: 'MAILSTATUS',
  digestSubscription: 'DIGEST',
  calendarFeed: 'CALENDAR-FEED',
  calendarFeedToken: 'CALENDAR-FEED-TOKEN',
  mail: (subject: MailSubjectRef, kind: string) => `MAIL#${subject.type}#${subject.id}#${subject.version}#${kind}`,
  delivery: (subject: MailSubjectRef, kind: string) => `DELIVERY#${subject.type}#${subject.id}#${subject.version}#${kind}`,
} as const;

/** What a mail is about, as its byPerson keys name it. */
interface MailSubjectRef {
  type: string;
  id: string;
  version: number;
}

/** How addresses are compared and keyed (the contract's Person schema stores them so). */
export const normalizeAddress = (email: string) => email.trim().toLowerCase();

/** A person's fields as the config and the people routes give them. */
export interface StoredPerson { id: string; name: string; email: string; role: string; municipality?: string; language: string }

/** An item on a person's byPerson list (export and erasure find it there). */
const onPersonsList = (personId: string, sortKey: string) => ({ gsi2pk: key.personRef(personId), gsi2sk: sortKey, personId });

/**
 * The address key of a person: names the holder (personId). `claimedAt` (ISO) says when it was
 * written (a key whose person never appeared is taken over only after a lease), `claim` is a random
 * token of the write that made it, so a rollback deletes only its own keys. On the byPerson index,
 * so an erasure removes it with the person.
 */
export function addressItem(p: { id: string; email: string }, claim: { claimedAt: string; claim: string }) {
  return {
    ...key.address(p.email),
    type: 'address',
    ...onPersonsList(p.id, byPersonSortKey.address),
    email: normalizeAddress(p.email),
    claimedAt: claim.claimedAt,
    claim: claim.claim,
  };
}

/** What the stack seeds for the config's people: each person and their address key. */
export function seedItems(people: readonly StoredPerson[]) {
  return people.flatMap((p) => [personItem(p), addressItem(p, { claimedAt: '1970-01-01T00:00:00.000Z', claim: `seed:${p.id}` })]);
}

/** The item a person is stored as (seeded from the network config, later edited via the API). */
export function personItem(p: StoredPerson) {
  return {
    ...key.person(p.id),
    type: 'person',
    ...onPersonsList(p.id, byPersonSortKey.profile),
    name: p.name,
    email: p.email,
    role: p.role,
    ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
    language: p.language,
  };
}
