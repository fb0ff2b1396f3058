// The public paths of the links a mail carries: the mailer builds links to them, the api function
// serves them and lib/constructs/api.ts routes them to it. One place, so the three cannot drift.
export const LinkPath = {
  /** GET shows the answer page, POST records it ({answer}: accept, decline, maybe). */
  rsvp: '/rsvp/{answer}',
  reflection: '/reflect',
  /** One-click unsubscribe (RFC 8058). */
  unsubscribe: '/unsubscribe',
} as const;

export const rsvpPath = (answer: string) => LinkPath.rsvp.replace('{answer}', answer);

// The links carry their own credential (a signed token), so these paths need no session or API token.
const LINK_PATH = new RegExp(`^(${Object.values(LinkPath).map((p) => p.replace('{answer}', '[^/]+')).join('|')})/?$`);
export const isLinkPath = (path: string) => LINK_PATH.test(path);
