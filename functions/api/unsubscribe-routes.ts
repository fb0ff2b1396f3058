// One-click unsubscribe (RFC 8058), mounted by app.ts. Public: the signed token in ?t= is the
// credential (purpose 'unsubscribe', the person id, a long expiry); no cookie, no CSRF token, as a
// mail client's POST to the List-Unsubscribe URL carries neither.
//   GET  /unsubscribe?t=&l=   a page with one button (scanners GET links, so GET changes nothing)
//   POST /unsubscribe?t=      body List-Unsubscribe=One-Click (urlencoded or multipart, as RFC 8058
//                             allows): the person gets essential mail only (invitations, updates,
//                             cancellations, reminders), no follow-ups or learnings digests.
import { LinkPath } from '../contract/link-paths.js';
import { verifyToken } from '../domain/link-token.js';
import { renderPage, tokenProblem } from '../pages/index.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { bodyText, type Event, type Result } from './http.js';

export interface UnsubscribeApiPorts {
  /** The secret that signs the links in mail. */
  linkSecret(): Promise<string>;
  /** False when the person was erased (nothing is written then). */
  setMailPreference(personId: string, preference: 'essential-only', source: 'unsubscribe', at: string): Promise<boolean>;
}

/** Far above any real body (the one field); a longer body is not a one-click request. */
const MAX_BODY = 8192;

/** RFC 8058: the POST body holds List-Unsubscribe=One-Click (application/x-www-form-urlencoded or multipart/form-data). */
export function isOneClickBody(event: Pick<Event, 'body' | 'isBase64Encoded' | 'headers'>): boolean {
  if (!event.body || event.body.length > MAX_BODY * 2) return false;
  const text = bodyText(event);
  if (text.length > MAX_BODY) return false;
  const type = (event.headers?.['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    return /content-disposition:\s*form-data;\s*name="?List-Unsubscribe"?\s*\r?\n(?:[^\r\n]+\r?\n)*\r?\n\s*One-Click\s*(\r?\n|$)/i.test(text);
  }
  try {
    return new URLSearchParams(text).get('List-Unsubscribe') === 'One-Click';
  } catch {
    return false;
  }
}

export function unsubscribeRoutes(context: ApiContext, p: UnsubscribeApiPorts): ApiRoute[] {
  const { now } = context;
  const language = (event: Event) => (event.queryStringParameters?.l === 'en' ? 'en' : 'da');

  /** The token's person, or the page that explains why the link does not work. */
  async function verified(event: Event, lang: 'da' | 'en'): Promise<{ personId: string } | { page: Result }> {
    const v = verifyToken(await p.linkSecret(), event.queryStringParameters?.t, 'unsubscribe', now());
    if (v.ok) return { personId: v.claims.personId };
    return { page: renderPage({ kind: 'link-problem', language: lang, reason: tokenProblem(v.reason) }) };
  }

  /** GET: a page with one button; a link scanner's GET changes nothing. */
  async function confirmPage(event: Event): Promise<Result> {
    const lang = language(event);
    const v = await verified(event, lang);
    if ('page' in v) return v.page;
    const t = encodeURIComponent(event.queryStringParameters!.t!);
    return renderPage({ kind: 'unsubscribe-confirm', language: lang, actionUrl: `${LinkPath.unsubscribe}?t=${t}&l=${lang}` });
  }

  async function unsubscribe(event: Event): Promise<Result> {
    const lang = language(event);
    const v = await verified(event, lang);
    if ('page' in v) return v.page;
    if (!isOneClickBody(event)) return renderPage({ kind: 'link-problem', language: lang, reason: 'invalid' });
    await p.setMailPreference(v.personId, 'essential-only', 'unsubscribe', now().toISOString());
    return renderPage({ kind: 'unsubscribed', language: lang });
  }

  return [
    { method: 'GET', path: LinkPath.unsubscribe, access: access.public, handler: confirmPage },
    { method: 'POST', path: LinkPath.unsubscribe, access: access.public, handler: unsubscribe },
  ];
}
