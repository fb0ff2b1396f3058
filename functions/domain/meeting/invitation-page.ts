// One page of a meeting's invitees as the meeting page shows them: ordered by name (then id, so the
// order is total), at most `limit`, after an opaque cursor (the last name and id of the page before).
// A meeting of 2,000 invitees answers a page of 200 and the counts of all, not 2,000 objects.
import { compareDanish } from '../danish-order.js';

export const DEFAULT_INVITATION_PAGE = 200;
export const MAX_INVITATION_PAGE = 1000;

export interface InvitationPageRequest {
  limit: number;
  /** Where the page starts: after this (name, personId); undefined for the first page. */
  after?: readonly [string, string];
}

export type PageRequestResult = { ok: true; request: InvitationPageRequest } | { ok: false; field: 'limit' | 'cursor'; message: string };

const compare = (a: readonly [string, string], b: readonly [string, string]) => compareDanish(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);

export const encodeCursor = (after: readonly [string, string]) => Buffer.from(JSON.stringify(after), 'utf8').toString('base64url');

/** Reads `?limit=&cursor=` (both optional). */
export function invitationPageRequest(query: Readonly<Record<string, string | undefined>>): PageRequestResult {
  let limit = DEFAULT_INVITATION_PAGE;
  if (query.limit !== undefined) {
    if (!/^\d{1,4}$/.test(query.limit) || Number(query.limit) < 1 || Number(query.limit) > MAX_INVITATION_PAGE) {
      return { ok: false, field: 'limit', message: `must be a whole number from 1 to ${MAX_INVITATION_PAGE}` };
    }
    limit = Number(query.limit);
  }
  if (query.cursor === undefined || query.cursor === '') return { ok: true, request: { limit } };
  try {
    const after: unknown = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (Array.isArray(after) && after.length === 2 && after.every((x) => typeof x === 'string')) {
      return { ok: true, request: { limit, after: [after[0] as string, after[1] as string] } };
    }
  } catch {
    // falls through to the error below
  }
  return { ok: false, field: 'cursor', message: 'is not a cursor this api gave out' };
}

/** The page: invitees by name after the cursor, and the cursor of the next page (null on the last). */
export function invitationPage<I extends { name: string; personId: string }>(invitations: readonly I[], request: InvitationPageRequest): { invitations: I[]; nextCursor: string | null } {
  const sorted = invitations.slice().sort((a, b) => compare([a.name, a.personId], [b.name, b.personId]));
  const after = request.after;
  const start = after ? sorted.findIndex((i) => compare([i.name, i.personId], after) > 0) : 0;
  const page = start < 0 ? [] : sorted.slice(start, start + request.limit);
  const last = page[page.length - 1];
  const more = start >= 0 && start + request.limit < sorted.length;
  return { invitations: page, nextCursor: more && last ? encodeCursor([last.name, last.personId]) : null };
}
