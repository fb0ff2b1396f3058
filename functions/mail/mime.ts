// The raw RFC 5322 / MIME message for SES v2 (Content.Raw).
// User text reaches a header only through headerText/addressHeader: control characters are
// stripped (so CR/LF can never start a new header) and non-ASCII text becomes RFC 2047 words.
import { randomUUID } from 'node:crypto';
import { stripBidiForHeader } from '../contract/text.js';
import type { CalendarMethod } from './calendar.js';
import { oneClickUrl } from './escape.js';
import type { NetworkSettings } from '../contract/network.js';

/** One mail ready for SES v2 (SendEmail with Content.Raw): what every compose function returns. */
export interface ComposedMail {
  /** Recipient address (envelope and To). */
  to: string;
  /** The subject, for logs and tests; already encoded inside raw. */
  subject: string;
  /** The whole RFC 5322 message with text, HTML and (for calendar kinds) calendar parts. */
  raw: Uint8Array;
}

export interface Mailbox {
  name?: string;
  email: string;
}

export interface MessageInput {
  from: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  date: Date;
  /** e.g. "da"; sets Content-Language. */
  language?: string;
  text: string;
  html: string;
  /** The iCalendar object; sent inline (text/calendar) and as invite.ics. */
  calendar?: { method: CalendarMethod; ics: string };
  /** More top-level headers (e.g. listUnsubscribeHeaders); written through extraHeader, so CR/LF-safe. */
  headers?: ExtraHeader[];
}

export interface ExtraHeader {
  name: string;
  value: string;
}

/**
 * Removes control characters, line/paragraph separators and bidi controls (an override in a
 * Subject or display name reorders what the reader sees), and collapses whitespace.
 */
export function sanitizeHeaderText(text: string): string {
  return stripBidiForHeader(text)
    .replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Only plain ASCII addresses: no quoted local parts, comments or SMTPUTF8, so nothing needs escaping.
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function validateAddress(email: string): string {
  if (email.length > 254 || !ADDRESS.test(email)) throw new Error(`invalid email address: ${JSON.stringify(email)}`);
  return email;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Bytes of text per encoded-word: 42 bytes are 56 base64 characters, a 68-character word. */
const WORD_BYTES = 42;

/**
 * Header text: sanitized, and as RFC 2047 B-encoded UTF-8 words when it is not plain ASCII
 * (or looks like an encoded word itself). Long text is split into words on whole characters,
 * folded with CRLF + space, which is header folding and never a new header.
 */
export function headerText(text: string): string {
  const clean = sanitizeHeaderText(text);
  if (PRINTABLE_ASCII.test(clean) && !clean.includes('=?')) return clean;
  const words: string[] = [];
  let chunk = '';
  for (const char of clean) {
    if (Buffer.byteLength(chunk + char, 'utf8') > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/** A display name: a quoted string when ASCII, encoded words otherwise (never both: RFC 2047 5). */
function displayName(name: string): string {
  const clean = sanitizeHeaderText(name);
  if (PRINTABLE_ASCII.test(clean) && !clean.includes('=?')) return `"${clean.replace(/[\\"]/g, '\\$&')}"`;
  return headerText(clean);
}

export function formatMailbox({ name, email }: Mailbox): string {
  const address = validateAddress(email);
  const clean = name ? sanitizeHeaderText(name) : '';
  return clean ? `${displayName(clean)} <${address}>` : address;
}

/** RFC 5322 date, always in UTC: "Thu, 04 Mar 2027 12:00:00 +0000". */
export const formatDate = (date: Date) => date.toUTCString().replace(/GMT$/, '+0000');

/** Base64 in lines of 76 characters (RFC 2045 6.8). */
export function base64Lines(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const encoded = bytes.toString('base64');
  return (encoded.match(/.{1,76}/g) ?? []).join('\r\n');
}

// Headers buildMessage writes itself (or that a relay owns): an extra header may not repeat or override them.
const RESERVED_HEADERS = new Set([
  'from', 'sender', 'to', 'cc', 'bcc', 'reply-to', 'subject', 'date', 'message-id', 'in-reply-to', 'references',
  'mime-version', 'content-type', 'content-transfer-encoding', 'content-language', 'content-disposition', 'return-path',
  'received', 'dkim-signature',
]);
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
/** RFC 5322 2.1.1: a line must not exceed 998 characters; 78 is the recommended fold. */
const MAX_LINE = 998;
const FOLD_AT = 78;

/**
 * One extra header line. The name must be a plain token that buildMessage does not write itself;
 * the value is sanitized (no control characters, so CR/LF can never start a header or end the
 * header block), kept as is when it is ASCII (folded at spaces only, so structured values such as
 * `<https://...>` survive), and RFC 2047-encoded otherwise.
 */
export function extraHeader({ name, value }: ExtraHeader): string {
  if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) {
    throw new Error(`header not allowed: ${JSON.stringify(name)}`);
  }
  const clean = sanitizeHeaderText(value);
  if (!PRINTABLE_ASCII.test(clean)) return `${name}: ${headerText(clean)}`;
  const lines: string[] = [];
  let line = `${name}:`;
  for (const word of clean.split(' ')) {
    if (line.length + 1 + word.length > FOLD_AT && line.length > name.length + 1) {
      lines.push(line);
      line = '';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  if (lines.some((l) => l.length > MAX_LINE)) throw new Error(`header ${name} has a line over ${MAX_LINE} characters`);
  return lines.join('\r\n');
}

/**
 * RFC 8058 one-click unsubscribe: `List-Unsubscribe: <url>` and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The URL must be https (or http to this
 * machine, for the local cloud); a serialized URL never holds spaces, `<` or `>`.
 */
export function listUnsubscribeHeaders(url: string): ExtraHeader[] {
  const href = oneClickUrl(url);
  if (!href) throw new Error(`unsubscribe link must be an https URL: ${JSON.stringify(url)}`);
  return [
    { name: 'List-Unsubscribe', value: `<${href}>` },
    { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
  ];
}

// Every part is base64, whose lines can never contain "=_", so a fixed boundary per level cannot
// occur in the content (RFC 2045 6.7 recommends "=_" for this), and the two levels differ.
const boundary = (label: 'mixed' | 'alternative') => `=_samskab_${label}`;

function part(headers: string[], content: string): string {
  return [...headers, 'Content-Transfer-Encoding: base64', '', base64Lines(content)].join('\r\n');
}

function multipart(type: 'mixed' | 'alternative', parts: string[]): { header: string; body: string } {
  const b = boundary(type);
  const body = parts.map((p) => `--${b}\r\n${p}\r\n`).join('') + `--${b}--`;
  return { header: `Content-Type: multipart/${type}; boundary="${b}"`, body };
}

/**
 * Invitations use the shape calendar services send themselves:
 * multipart/mixed [ multipart/alternative [ text/plain, text/html, text/calendar ], invite.ics ].
 * The text/calendar method parameter always matches METHOD inside the object.
 */
export function buildMessage(input: MessageInput): Uint8Array {
  const senderDomain = validateAddress(input.from.email).split('@')[1];
  const alternatives = [
    part(['Content-Type: text/plain; charset=UTF-8'], input.text),
    part(['Content-Type: text/html; charset=UTF-8'], input.html),
  ];
  let top: { header: string; body: string };
  if (input.calendar) {
    const { method, ics } = input.calendar;
    alternatives.push(part([`Content-Type: text/calendar; charset=UTF-8; method=${method}`], ics));
    const alternative = multipart('alternative', alternatives);
    const attachment = part(
      ['Content-Type: application/ics; name="invite.ics"', 'Content-Disposition: attachment; filename="invite.ics"'],
      ics,
    );
    top = multipart('mixed', [`${alternative.header}\r\n\r\n${alternative.body}`, attachment]);
  } else {
    top = multipart('alternative', alternatives);
  }

  const headers = [
    `From: ${formatMailbox(input.from)}`,
    `To: ${formatMailbox(input.to)}`,
    ...(input.replyTo ? [`Reply-To: ${formatMailbox(input.replyTo)}`] : []),
    `Subject: ${headerText(input.subject)}`,
    `Date: ${formatDate(input.date)}`,
    `Message-ID: <${randomUUID()}@${senderDomain}>`,
    ...(input.language && /^[a-z]{2}$/.test(input.language) ? [`Content-Language: ${input.language}`] : []),
    ...(input.headers ?? []).map(extraHeader),
    'MIME-Version: 1.0',
    top.header,
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${top.body}\r\n`, 'utf8');
}

/** A mail from the network's sender to one recipient: every compose function's last step. */
export function networkMail(settings: Pick<NetworkSettings, 'name' | 'senderAddress'>, to: Mailbox, message: Omit<MessageInput, 'from' | 'to'>): ComposedMail {
  const raw = buildMessage({ from: { name: settings.name, email: settings.senderAddress }, to: { ...(to.name !== undefined ? { name: to.name } : {}), email: to.email }, ...message });
  return { to: to.email, subject: message.subject, raw };
}
