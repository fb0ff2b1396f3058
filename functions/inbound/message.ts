// A received mail as the inbound workflow reads it: plain data, parsed from the raw bytes SES stored.
// postal-mime (no dependencies) decodes charsets with TextDecoder, i.e. Node's ICU (Windows-1252,
// ISO-8859-x, ...), and quoted-printable/base64 itself; it is far lighter at cold start than
// mailparser (docs/performance.md).
import PostalMime from 'postal-mime';

export interface InboundMessage {
  /** The first From mailbox; absent when the header is missing or names only a group. */
  from?: { name: string; address: string };
  subject: string;
  /** The plain text body; made from the html body when the mail has no text part. */
  text: string;
  /** RFC 3834's Auto-Submitted, lowercased; `no` when absent. */
  autoSubmitted: string;
  /** Every text/calendar or application/ics part (inline or attached), decoded to text. */
  calendars: string[];
  /** How many parts are not the body (calendar parts and inline images count). */
  attachments: number;
}

const CALENDAR_TYPE = /^(text\/calendar|application\/ics)$/i;
const utf8 = new TextDecoder();

export async function parseMessage(raw: Uint8Array): Promise<InboundMessage> {
  const email = await PostalMime.parse(raw);
  const from = email.from?.address ? { name: email.from.name, address: email.from.address } : undefined;
  // The keyword, without RFC 3834's optional parameters (`auto-replied; x=y`).
  const auto = email.headers.find((h) => h.key === 'auto-submitted')?.value.split(';')[0]!.trim().toLowerCase();
  return {
    ...(from ? { from } : {}),
    subject: email.subject ?? '',
    text: email.text ?? '',
    autoSubmitted: auto || 'no',
    // postal-mime hands calendar parts over already decoded from their charset, as UTF-8 bytes.
    calendars: email.attachments.filter((a) => CALENDAR_TYPE.test(a.mimeType)).map((a) => (typeof a.content === 'string' ? a.content : utf8.decode(a.content))),
    attachments: email.attachments.length,
  };
}
