// The content model every mail but the sign-in and join-request mails is built in, and its two
// renderings, plain text and HTML. All user text reaches the HTML through escapeHtml. Shared by the
// meeting, experiment and digest mails; each kind's module brings its own words.
import type { NetworkSettings } from '../contract/network.js';
import { escapeHtml } from './escape.js';
import { strings, type Strings } from './i18n.js';

export interface Link {
  label: string;
  href: string;
}

export interface Detail {
  label: string;
  value: string;
  href?: string;
}

export interface Section {
  heading: string;
  paragraphs: string[];
  /** Rendered as a numbered list. */
  items?: string[];
  /** Rendered as a bulleted list. */
  bullets?: string[];
  /** Label/value rows (e.g. previous and new time). */
  rows?: Detail[];
  /** Paragraphs after the lists and rows. */
  outro?: string[];
  link?: Link;
  /** Show the link as a button. */
  button?: boolean;
}

export interface MailContent {
  language: 'da' | 'en';
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Sections shown before the details, for what the reader must see first (what changed, confirm). */
  highlights?: Section[];
  details: Detail[];
  sections: Section[];
  answers: Link[];
  /** Text above the answer links; a default is used when missing. */
  answerIntro?: string;
  closing: string;
  signature: string;
  footer: string;
  /** A footer link that stops non-essential mail. */
  unsubscribe?: Link;
}

export class IncompleteMailJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteMailJobError';
  }
}

/** Free text split into paragraphs at blank lines. */
export const paragraphsOf = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** "Questions?" with the network's contact person. */
export function contactSection(t: Strings, settings: NetworkSettings): Section {
  const { contact } = settings;
  return { heading: t.questions, paragraphs: [t.contact(contact.name, contact.phone, contact.email)] };
}

function textSection(lines: string[], s: Section) {
  if (s.heading) lines.push(s.heading);
  s.paragraphs.forEach((p, i) => lines.push(...(i > 0 ? ['', p] : [p])));
  s.items?.forEach((item, i) => lines.push(`${i + 1}. ${item}`));
  s.bullets?.forEach((item) => lines.push(`- ${item}`));
  s.rows?.forEach((r) => lines.push(`${r.label}: ${r.value}`));
  s.outro?.forEach((p) => lines.push(p));
  if (s.link) lines.push(`${s.link.label}: ${s.link.href}`);
  lines.push('');
}

export function renderText(c: MailContent): string {
  const t = strings[c.language];
  const lines: string[] = [c.greeting, ''];
  for (const p of c.paragraphs) lines.push(p, '');
  for (const s of c.highlights ?? []) textSection(lines, s);
  for (const d of c.details) lines.push(`${d.label}: ${d.value}`);
  lines.push('');
  if (c.answers.length > 0) {
    lines.push(t.answerHeading, c.answerIntro ?? t.answerIntro);
    for (const a of c.answers) lines.push(`${t.answerPrefix}: ${a.label}: ${a.href}`);
    lines.push('');
  }
  for (const s of c.sections) textSection(lines, s);
  lines.push(c.closing, c.signature, '', '--', c.footer);
  if (c.unsubscribe) lines.push(t.unsubscribe.text, `${c.unsubscribe.label}: ${c.unsubscribe.href}`);
  // Text parts travel with CRLF line ends (the canonical form for MIME text).
  return lines.join('\r\n').replace(/\r?\n/g, '\r\n') + '\r\n';
}

const BUTTON =
  'display:inline-block;padding:10px 16px;margin:0 8px 8px 0;border:2px solid #1a5fb4;border-radius:6px;color:#1a5fb4;font-weight:bold;text-decoration:none';
const PRIMARY_BUTTON =
  'display:inline-block;padding:10px 16px;margin:0 8px 8px 0;border:2px solid #1a5fb4;border-radius:6px;background:#1a5fb4;color:#ffffff;font-weight:bold;text-decoration:none';
const H2 = 'font-size:17px;margin:20px 0 4px';

const a = (link: Link, style = '') =>
  `<a href="${escapeHtml(link.href)}"${style ? ` style="${style}"` : ''}>${escapeHtml(link.label)}</a>`;

/** User text in a paragraph: escaped, with its line breaks kept. */
const htmlText = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function rowsTable(rows: Detail[]): string {
  const out = ['<table role="presentation" style="border-collapse:collapse;margin:8px 0 16px">'];
  for (const d of rows) {
    const value = d.href ? a({ label: d.value, href: d.href }) : escapeHtml(d.value);
    out.push(
      `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0">${escapeHtml(d.label)}</th>` +
        `<td style="padding:4px 0">${value}</td></tr>`,
    );
  }
  out.push('</table>');
  return out.join('\r\n');
}

function htmlSection(out: string[], s: Section, boxed = false) {
  if (boxed) out.push('<div style="border-left:4px solid #1a5fb4;background:#f1f6fc;padding:8px 16px;margin:16px 0">');
  if (s.heading) out.push(`<h2 style="${H2}">${escapeHtml(s.heading)}</h2>`);
  for (const p of s.paragraphs) out.push(`<p style="margin-top:0">${htmlText(p)}</p>`);
  if (s.items) out.push(`<ol>${s.items.map((item) => `<li>${htmlText(item)}</li>`).join('')}</ol>`);
  if (s.bullets) out.push(`<ul>${s.bullets.map((item) => `<li>${htmlText(item)}</li>`).join('')}</ul>`);
  if (s.rows) out.push(rowsTable(s.rows));
  for (const p of s.outro ?? []) out.push(`<p>${htmlText(p)}</p>`);
  if (s.link) out.push(`<p>${a(s.link, s.button ? PRIMARY_BUTTON : '')}</p>`);
  if (boxed) out.push('</div>');
}

export function renderHtml(c: MailContent): string {
  const t = strings[c.language];
  const out: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${c.language}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:640px">',
    `<p>${escapeHtml(c.greeting)}</p>`,
    ...c.paragraphs.map((p) => `<p>${htmlText(p)}</p>`),
  ];
  for (const s of c.highlights ?? []) htmlSection(out, s, true);
  out.push(rowsTable(c.details));
  if (c.answers.length > 0) {
    out.push(`<h2 style="${H2}">${escapeHtml(t.answerHeading)}</h2>`);
    out.push(`<p style="margin-top:0">${escapeHtml(c.answerIntro ?? t.answerIntro)}</p>`);
    out.push(`<p>${c.answers.map((link, i) => a(link, i === 0 ? PRIMARY_BUTTON : BUTTON)).join(' ')}</p>`);
  }
  for (const s of c.sections) htmlSection(out, s);
  out.push(`<p>${escapeHtml(c.closing)}<br>${escapeHtml(c.signature)}</p>`);
  out.push(`<p style="font-size:12px;color:#595959">${escapeHtml(c.footer)}</p>`);
  if (c.unsubscribe) {
    out.push(`<p style="font-size:12px;color:#595959">${escapeHtml(t.unsubscribe.text)} ${a(c.unsubscribe, 'color:#595959')}</p>`);
  }
  out.push('</body>', '</html>');
  return out.join('\r\n') + '\r\n';
}
