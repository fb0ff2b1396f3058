// A person's calendar feed: a secret, revocable URL (GET /calendar/{token}.ics) serving the
// meetings they are invited to as they are now. The port its adapter
// (functions/adapters/calendar-feed-store.ts) implements, and the shape of its URL.

export interface CalendarFeedStore {
  /** The person's current token, or undefined when none was made yet (reads only). */
  existingFeedToken(personId: string): Promise<string | undefined>;
  /** The person's current token, made (random, 32 bytes) on the first call. */
  feedTokenOf(personId: string): Promise<string>;
  /** A new token; the old one stops at once. */
  revokeFeedToken(personId: string): Promise<string>;
  /** The person a token belongs to; undefined for an unknown or revoked token. */
  personOfFeedToken(token: string): Promise<string | undefined>;
  /** The meetings the person was invited to and not taken out of again, with their answers. */
  invitationsOf(personId: string): Promise<{ meetingId: string; answer?: 'accept' | 'decline' | 'maybe' }[]>;
}

const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

/** The token in a feed path's last segment (`<token>.ics`); undefined for anything else. */
export function feedTokenOfFile(file: string | undefined): string | undefined {
  return FEED_FILE.exec(file ?? '')?.[1];
}

export const feedUrl = (origin: string, token: string) => `${origin.replace(/\/+$/, '')}/calendar/${token}.ics`;

/** The same URL for calendar apps that subscribe on a click (webcal is https underneath). */
export const webcalUrl = (httpsUrl: string) => httpsUrl.replace(/^https?:\/\//, 'webcal://');
