// What a person may ask of their data: an export of everything stored about them, or its
// erasure (GDPR articles 15 and 17). Plain data; NetworkPerson and the audience rules are in
// audience.ts, and the stores that keep people implement store.ts.

/** A stored item as exported: its attributes without the table's keys. */
export type StoredItem = Record<string, unknown>;

export interface ExperimentInvolvement {
  experimentId: string;
  title?: string;
  municipality?: string;
  status?: string;
  involvement: StoredItem;
}

export interface PersonExport {
  personId: string;
  exportedAt: string;
  profile: StoredItem | null;
  mailStatus: StoredItem | null;
  invitations: StoredItem[];
  answers: StoredItem[];
  reflections: StoredItem[];
  experiments: ExperimentInvolvement[];
  mails: StoredItem[];
  deliveryEvents: StoredItem[];
  other: StoredItem[];
}

export interface ErasureSummary {
  personId: string;
  erasedAt: string;
  /** Items deleted (profile, reflections, mail and delivery records, mail status, sessions and sign-in tokens). */
  deleted: number;
  /** Invitations and answers kept for the meetings' counts, without name, address or id. */
  anonymised: number;
  meetingsUpdated: number;
  experimentsUpdated: number;
  /** True when an earlier erasure had removed everything already. */
  alreadyErased: boolean;
}
