// The one place where user text is made safe for HTML and where links are vetted.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and (double- or single-quoted) attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** The URL, normalized, if it is an absolute http(s) URL; otherwise undefined (javascript:, data:, ...). */
export function httpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A link a mail client may POST to without asking (RFC 8058 List-Unsubscribe): https only, except
 * plain http to this machine, which the local cloud serves. Otherwise undefined.
 */
export function oneClickUrl(url: string | undefined): string | undefined {
  const href = httpUrl(url);
  if (!href) return undefined;
  const parsed = new URL(href);
  return parsed.protocol === 'https:' || LOOPBACK.has(parsed.hostname) ? href : undefined;
}
