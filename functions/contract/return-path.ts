// Where sign-in returns to: a page of the app on this origin, never another site (an open
// redirect would let a crafted sign-in link send a facilitator anywhere after a genuine sign-in).
// Shared by the api (which puts it into the sign-in link) and the app (which follows it), so both
// apply the same rule. No imports: the web app bundles it.

/** The longest return path kept (a page address, not a place for data). */
export const MAX_RETURN_PATH = 512;

const BASE = 'https://app.invalid';

/**
 * The path itself when `raw` is a same-origin page of the app ("/app" or "/app/…", with an
 * optional query), else undefined: no scheme or host, no "//" or "\" tricks, no control
 * characters, not the sign-in page itself.
 */
export function safeReturnPath(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_RETURN_PATH) return undefined;
  // Browsers read "\" as "/" and drop tabs and newlines, so "/\evil.example" would leave the site.
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return undefined;
  }
  if (url.origin !== BASE) return undefined;
  if (url.pathname !== '/app' && !url.pathname.startsWith('/app/')) return undefined;
  if (url.pathname === '/app/sign-in' || url.pathname.startsWith('/app/sign-in/')) return undefined;
  // Normalized ("/app/../x" is refused above, since URL resolves it to "/x"); no fragment.
  return `${url.pathname}${url.search}`;
}
