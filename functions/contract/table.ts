// The single-table key design, shared by the store adapter and the seed written by lib/.
// See docs/architecture.md ("Table") for the access patterns behind it.
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

export const key = {
  /** All people of the network live in one partition so the audience is one Query. */
  person: (personId: string) => ({ pk: 'PEOPLE', sk: `PERSON#${personId}` }),
  meeting: (meetingId: string) => ({ pk: `MEETING#${meetingId}`, sk: 'MEETING' }),
  invitation: (meetingId: string, personId: string) => ({ pk: `MEETING#${meetingId}`, sk: `INVITATION#${personId}` }),
  experiment: (experimentId: string) => ({ pk: `EXPERIMENT#${experimentId}`, sk: 'EXPERIMENT' }),
  /** The idempotency guard and delivery record of one mail, in its subject's partition. */
  mail: (subjectPk: string, version: number, kind: string, personId: string) => ({
    pk: subjectPk,
    sk: `MAIL#${version}#${kind}#${personId}`,
  }),
  meetingsCollection: 'MEETINGS',
  experimentsCollection: 'EXPERIMENTS',
  personRef: (personId: string) => `PERSON#${personId}`,
} as const;

/** The item a person is stored as (seeded from the network config, later edited via the API). */
export function personItem(p: { id: string; name: string; email: string; role: string; municipality?: string; language: string }) {
  return {
    ...key.person(p.id),
    type: 'person',
    gsi2pk: key.personRef(p.id),
    gsi2sk: 'PROFILE',
    personId: p.id,
    name: p.name,
    email: p.email,
    role: p.role,
    ...(p.municipality !== undefined ? { municipality: p.municipality } : {}),
    language: p.language,
  };
}
