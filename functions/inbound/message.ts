// A received mail as the inbound workflow reads it: plain data, parsed from the raw bytes SES stored.
// postal-mime (no dependencies) decodes quoted-printable, base64 and encoded words itself and
// charsets with TextDecoder, i.e. Node's ICU; it is far lighter at cold start than mailparser.

/**
 * postal-mime, evaluated on the first mail rather than at cold start (it builds a 2,231-entry html
 * entity table at import); rsvp-received invocations of the function never need it (docs/performance.md).
 */
const postalMime = async () => (await import('postal-mime')).default;

export interface InboundMessage {
  /** The first From mailbox; absent when the header is missing or names only a group. */
  from?: { name: string; address: string };
  subject: string;
  /** The plain text body; made from the html body when the mail has no text part. */
  text: string;
  /** RFC 3834's Auto-Submitted keyword, lowercased; `no` when absent. */
  autoSubmitted: string;
  /** Every text/calendar or application/ics part (inline or attached), decoded to text. */
  calendars: string[];
  /** How many parts are not the body (calendar parts and inline images count). */
  attachments: number;
}

const CALENDAR_TYPE = /^(text\/calendar|application\/ics)$/i;
const utf8 = new TextDecoder();

export async function parseMessage(raw: Uint8Array): Promise<InboundMessage> {
  const PostalMime = await postalMime();
  const email = await PostalMime.parse(raw);
  const from = email.from?.address ? { name: windows1252(email.from.name), address: email.from.address } : undefined;
  // The keyword, without RFC 3834's optional parameters (`auto-replied; x=y`).
  const auto = email.headers.find((h) => h.key === 'auto-submitted')?.value.split(';')[0]!.trim().toLowerCase();
  const text = email.text ?? (email.html !== undefined ? await textOfHtml(email.html) : '');
  return {
    ...(from ? { from } : {}),
    subject: windows1252(email.subject ?? ''),
    text: windows1252(text),
    autoSubmitted: auto || 'no',
    // postal-mime hands calendar parts over decoded from their charset, as UTF-8 bytes.
    calendars: email.attachments
      .filter((a) => CALENDAR_TYPE.test(a.mimeType))
      .map((a) => windows1252(typeof a.content === 'string' ? a.content : utf8.decode(a.content))),
    attachments: email.attachments.length,
  };
}

/**
 * postal-mime makes a part's text from its html only when the mail has a text part elsewhere, so
 * an html-only mail's text comes from its converter in a second parse, next to an empty text part.
 */
async function textOfHtml(html: string): Promise<string> {
  const beside = [
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b"', '',
    '--b', 'Content-Type: text/plain; charset=utf-8', '', '',
    '--b', 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(html, 'utf8').toString('base64'),
    '--b--', '',
  ].join('\r\n');
  const PostalMime = await postalMime();
  return ((await PostalMime.parse(beside)).text ?? '').trim();
}

/** windows-1252's characters for the bytes 0x80-0x9F (the five it leaves undefined stay as they are). */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node 20.18.3 and later 20s (and some 22/24 releases) decode windows-1252 and the labels WHATWG maps
 * to it (iso-8859-1, latin1, us-ascii) as ISO-8859-1, so Outlook's €, – and ’ become C1 controls
 * (nodejs/node#60888, fixed by #60893). Mail text has no C1 controls: read them as windows-1252
 * does, as browsers do; where Node decodes right there are none and this changes nothing.
 */
function windows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}
