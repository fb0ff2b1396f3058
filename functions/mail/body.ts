// The mail body: one content model per mail, rendered as plain text and as HTML.
// Outlook shows the body rather than the calendar DESCRIPTION, so the body repeats every detail.
import type { MeetingMailJob } from '../contract/mail-job.js';
import type { NetworkSettings, PracticalInfo } from '../contract/network.js';
import type { RsvpAnswer } from '../contract/events.js';
import { escapeHtml, httpUrl } from './escape.js';
import { formatShortDate, formatTimeRange, localized, strings } from './i18n.js';

/** The kinds this module can render; follow-up needs the meeting summary, which a MailJob does not carry yet. */
export type RenderableKind = 'invitation' | 'update' | 'cancellation' | 'reminder';

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
  link?: Link;
}

export interface MailContent {
  language: 'da' | 'en';
  subject: string;
  greeting: string;
  paragraphs: string[];
  details: Detail[];
  sections: Section[];
  answers: Link[];
  closing: string;
  signature: string;
  footer: string;
}

export interface BodyOptions {
  /** One-click answer links (absolute http(s) URLs, signed by the caller); missing ones are left out. */
  rsvpLinks?: Partial<Record<RsvpAnswer, string>>;
}

export function isRenderable(kind: string): kind is RenderableKind {
  return kind === 'invitation' || kind === 'update' || kind === 'cancellation' || kind === 'reminder';
}

export function mailContent(
  job: MeetingMailJob & { kind: RenderableKind },
  settings: NetworkSettings,
  options: BodyOptions = {},
): MailContent {
  const { meeting, recipient, kind } = job;
  const language = recipient.language;
  const t = strings[language];
  const start = new Date(meeting.startsAt);
  const end = new Date(meeting.endsAt);
  const when = formatTimeRange(start, end, settings.timeZone, language);
  const cancelled = kind === 'cancellation';

  const paragraphs = [cancelled ? t.intro.cancellation(meeting.title, when) : t.intro[kind](meeting.title)];
  if (!cancelled && (recipient.role === 'inspirer' || recipient.topic)) {
    paragraphs.push(recipient.topic ? t.inspirerWithTopic(recipient.topic) : t.inspirerWithoutTopic);
  }
  if (kind === 'invitation' || kind === 'update') paragraphs.push(t.replyViaCalendar);
  if (cancelled) paragraphs.push(t.cancellationCalendar);

  const onlineUrl = httpUrl(meeting.onlineUrl);
  const details: Detail[] = [
    { label: t.labels.what, value: meeting.title },
    { label: t.labels.when, value: when },
  ];
  if (meeting.place || !onlineUrl) details.push({ label: t.labels.where, value: meeting.place || t.placeToFollow });
  if (onlineUrl) details.push({ label: t.labels.online, value: onlineUrl, href: onlineUrl });
  details.push({ label: t.labels.host, value: meeting.hostMunicipality });

  const sections: Section[] = [];
  if (!cancelled) {
    sections.push(
      meeting.agenda.length > 0
        ? { heading: t.agenda, paragraphs: [], items: meeting.agenda }
        : { heading: t.agenda, paragraphs: [t.agendaToFollow] },
    );
    sections.push(infoSection(t.practicalInfo, settings.practicalInfo, language, t.readMore));
    if (settings.attendanceGuidelines) {
      sections.push(infoSection(t.attendanceGuidelines, settings.attendanceGuidelines, language, t.readMore));
    }
  }
  const { contact } = settings;
  sections.push({ heading: t.questions, paragraphs: [t.contact(contact.name, contact.phone, contact.email)] });

  const answers: Link[] = [];
  if (!cancelled) {
    for (const answer of ['accept', 'maybe', 'decline'] as const) {
      const href = httpUrl(options.rsvpLinks?.[answer]);
      if (href) answers.push({ label: t.answers[answer], href });
    }
  }

  return {
    language,
    subject: `${t.subjectPrefix[kind]}: ${meeting.title} – ${formatShortDate(start, settings.timeZone, language)}`,
    greeting: t.greeting(recipient.name),
    paragraphs,
    details,
    sections,
    answers,
    closing: t.closing,
    signature: settings.name,
    footer: t.footer(settings.name),
  };
}

function infoSection(heading: string, info: PracticalInfo, language: 'da' | 'en', readMore: string): Section {
  const href = httpUrl(info.url);
  return {
    heading,
    paragraphs: info.text ? [localized(info.text, language)] : [],
    link: href ? { label: readMore, href } : undefined,
  };
}

export function renderText(c: MailContent): string {
  const lines: string[] = [c.greeting, ''];
  for (const p of c.paragraphs) lines.push(p, '');
  for (const d of c.details) lines.push(`${d.label}: ${d.value}`);
  lines.push('');
  if (c.answers.length > 0) {
    lines.push(strings[c.language].answerHeading);
    for (const a of c.answers) lines.push(`${a.label}: ${a.href}`);
    lines.push('');
  }
  for (const s of c.sections) {
    lines.push(s.heading);
    for (const p of s.paragraphs) lines.push(p);
    s.items?.forEach((item, i) => lines.push(`${i + 1}. ${item}`));
    if (s.link) lines.push(`${s.link.label}: ${s.link.href}`);
    lines.push('');
  }
  lines.push(c.closing, c.signature, '', '--', c.footer);
  // Text parts travel with CRLF line ends (the canonical form for MIME text).
  return lines.join('\r\n').replace(/\r?\n/g, '\r\n') + '\r\n';
}

const a = (link: Link, style = '') =>
  `<a href="${escapeHtml(link.href)}"${style ? ` style="${style}"` : ''}>${escapeHtml(link.label)}</a>`;

export function renderHtml(c: MailContent): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${c.language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;max-width:640px">',
    `<p>${escapeHtml(c.greeting)}</p>`,
    ...c.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '<table role="presentation" style="border-collapse:collapse;margin:16px 0">',
  ];
  for (const d of c.details) {
    const value = d.href ? a({ label: d.value, href: d.href }) : escapeHtml(d.value);
    out.push(
      `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0">${escapeHtml(d.label)}</th>` +
        `<td style="padding:4px 0">${value}</td></tr>`,
    );
  }
  out.push('</table>');
  if (c.answers.length > 0) {
    const button = 'display:inline-block;padding:8px 14px;margin:0 8px 8px 0;border:1px solid #1a5fb4;border-radius:4px;color:#1a5fb4;text-decoration:none';
    out.push(`<h2 style="font-size:17px">${escapeHtml(strings[c.language].answerHeading)}</h2>`);
    out.push(`<p>${c.answers.map((link) => a(link, button)).join(' ')}</p>`);
  }
  for (const s of c.sections) {
    out.push(`<h2 style="font-size:17px;margin-bottom:4px">${escapeHtml(s.heading)}</h2>`);
    for (const p of s.paragraphs) out.push(`<p style="margin-top:0">${escapeHtml(p)}</p>`);
    if (s.items) out.push(`<ol>${s.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`);
    if (s.link) out.push(`<p>${a(s.link)}</p>`);
  }
  out.push(
    `<p>${escapeHtml(c.closing)}<br>${escapeHtml(c.signature)}</p>`,
    `<p style="font-size:12px;color:#666">${escapeHtml(c.footer)}</p>`,
    '</body>',
    '</html>',
  );
  return out.join('\r\n') + '\r\n';
}
