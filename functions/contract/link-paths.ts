// The public paths of the links a mail carries: the mailer builds links to them, the api function
// serves them and lib/constructs/api.ts routes them to it. One place, so the three cannot drift.
import type { RsvpAnswer } from './events.js';

export const LinkPath = {
  /** GET shows the answer page, POST records it ({answer}: accept, decline, maybe). */
  rsvp: '/rsvp/{answer}',
  reflection: '/reflect',
  /** One-click unsubscribe (RFC 8058). */
  unsubscribe: '/unsubscribe',
  /** The person's calendar feed URL, reached with an invitation's answer token (GET shows, POST revokes). */
  calendarFeed: '/calendar-feed',
} as const;

/** The network's public page (functions/pages/join-page.ts): GET shows it, POST sends its join form. */
export const JOIN_PAGE_PATH = '/join';

/** A person's calendar feed: `<token>.ics` (functions/api/calendar-feed-routes.ts); GET only, the token is the credential. */
export const CALENDAR_FEED_PATH = '/calendar/{file}';

export const rsvpPath = (answer: RsvpAnswer) => LinkPath.rsvp.replace('{answer}', answer);

/** A route path template ('/rsvp/{answer}') as the pattern of the paths it matches (one segment per placeholder). */
export const pathPattern = (template: string) => new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]+')}/?$`);

// The links carry their own credential (a signed token), so these paths need no session or API token.
// The patterns are built on first use: the mailer bundles this module and never asks.
let linkPatterns: RegExp[] | undefined;
export const isLinkPath = (path: string) => (linkPatterns ??= Object.values(LinkPath).map(pathPattern)).some((pattern) => pattern.test(path));
