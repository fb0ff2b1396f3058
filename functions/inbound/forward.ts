// A plain reply to the network's reply address, passed on to one facilitator: a new mail from the
// network's sender (SES sends only as verified identities), Reply-To the original sender, with the
// original text quoted. Attachments are not passed on; the note says so.
import type { NetworkSettings } from '../contract/network.js';
import { replyAddressOf } from '../contract/reply-address.js';
import { escapeHtml } from '../mail/escape.js';
import { networkMail, sanitizeHeaderText, validateAddress, type ComposedMail, type Mailbox } from '../mail/mime.js';
import type { InboundMessage } from './message.js';

/** How much of the original text is quoted (the whole mail stays in the inbound bucket until it expires). */
const QUOTE_MAX_CHARS = 50_000;

export function forwardedMail(parsed: InboundMessage, to: Mailbox, settings: NetworkSettings, now: Date): ComposedMail {
  const sender = parsed.from;
  const from = sender?.address ? `${sender.name ? `${sender.name} ` : ''}<${sender.address}>` : '(ukendt afsender / unknown sender)';
  const original = sanitizeHeaderText(parsed.subject);
  const subject = `Fwd: ${original || '(intet emne / no subject)'}`;
  const attachments = parsed.attachments;
  const note = [
    `Denne mail kom til netværkets svaradresse ${replyAddressOf(settings)} fra ${from}. Svar på den, så går svaret til afsenderen.`,
    `This mail came to the network's reply address ${replyAddressOf(settings)} from ${from}. Reply to it to answer the sender.`,
    ...(attachments > 0 ? [`Vedhæftede filer (${attachments}) er ikke sendt med. / Attachments (${attachments}) are not included.`] : []),
  ];
  const quoted = parsed.text.slice(0, QUOTE_MAX_CHARS);
  const text = `${note.join('\n')}\n\n-----\n${quoted}\n`;
  const html = `${note.map((n) => `<p>${escapeHtml(n)}</p>`).join('')}<hr><pre style="white-space:pre-wrap">${escapeHtml(quoted)}</pre>`;
  return networkMail(settings, to, {
    ...(sender?.address && plainAddress(sender.address) ? { replyTo: { ...(sender.name ? { name: sender.name } : {}), email: sender.address } } : {}),
    subject,
    date: now,
    text,
    html,
  });
}

/** Only an address a header can carry as it is becomes the Reply-To (mime.ts's rule). */
function plainAddress(address: string): boolean {
  try {
    validateAddress(address);
    return true;
  } catch {
    return false;
  }
}
