// The port the join-request adapter implements (functions/adapters/join-request-store.ts).
import type { JoinRequestView } from '../../contract/api-types.js';

/** A stored join request: what was asked, by whom, and when they consented. */
export type JoinRequestRecord = JoinRequestView;

export interface JoinRequestStore {
  /** One conditional counter per source and window: false when the source is over the limit. */
  countJoinAttempt(sourceHash: string, windowStartMs: number, limit: number, windowEndMs: number): Promise<boolean>;
  /** Stores the request unless it is there already (then answers the stored one); kept retentionMonths (TTL). */
  saveJoinRequest(record: JoinRequestRecord, retentionMonths: number): Promise<JoinRequestRecord>;
  /** The requests kept, newest first. */
  listJoinRequests(): Promise<JoinRequestRecord[]>;
}
