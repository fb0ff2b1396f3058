// The mail body: one content model per mail, rendered as plain text and as HTML.
// Outlook shows the body rather than the calendar DESCRIPTION, so the body repeats every detail.
// All user text reaches the HTML through escapeHtml, and every link through httpUrl.
import { isRemovalCancellation } from '../domain/mail/staleness.js';
import { inspirerPersonId } from '../domain/person/audience.js';
import type { MeetingMailJob } from '../contract/mail-job.js';
import type { NetworkSettings, PracticalInfo } from '../contract/network.js';
import { escapeHtml, httpUrl, oneClickUrl } from './escape.js';
import { formatShortDate, formatTimeRange, localized, strings, type ChangedField, type Strings } from './i18n.js';
import { calendarFeedMailStrings } from './calendar-feed.js';

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

/** Links the caller signs and passes in; each must be an absolute http(s) URL or it is left out. */
export interface MailLinks {
  /** The three answer links; shown in invitations, updates and reminders, never in a cancellation. */
  rsvp?: { accept: string; decline: string; maybe: string };
  /** The reflection form; shown in follow-ups. */
  reflection?: string;
  /**
   * One-click unsubscribe (https, or http to localhost): adds List-Unsubscribe and
   * List-Unsubscribe-Post headers and a footer link to any kind it is given for.
   */
  unsubscribe?: string;
  /** The page with the person's calendar feed URL (reached with the answer token); shown in invitations and updates. */
  calendarFeed?: string;
  /** The experiment's page in the app; shown in the review reminder. */
  experiment?: string;
}

export interface BodyOptions {
  links?: MailLinks;
}

export class IncompleteMailJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncompleteMailJobError';
  }
}

const ANSWER_ORDER = ['accept', 'maybe', 'decline'] as const;

/** A cancellation sent to someone a reschedule took off the audience: the meeting itself goes ahead. */
/** A cancellation sent to someone a reschedule took out of the audience (one rule, shared with the mailer's stale check). */
export const isRemoval = isRemovalCancellation;

export function mailContent(
  job: MeetingMailJob,
  settings: NetworkSettings,
  options: BodyOptions = {},
): MailContent {
  const { meeting, recipient, kind } = job;
  const language = recipient.language;
  const t = strings[language];
  const start = new Date(meeting.startsAt);
  const end = new Date(meeting.endsAt);
  const when = formatTimeRange(start, end, settings.timeZone, language);
  const shortDate = formatShortDate(start, settings.timeZone, language);
  const cancelled = kind === 'cancellation';
  const removed = isRemoval(job);

  // An update of the time asks those who accepted to confirm, with its own "yes" button above the details.
  const confirmHref = kind === 'update' && job.changed?.includes('time') && job.answer === 'accept' ? httpUrl(options.links?.rsvp?.accept) : undefined;
  // Answer links: every kind that asks for or repeats an answer; never a cancellation or follow-up,
  // and no second "yes" where the confirm button has one.
  const answers: Link[] = [];
  if (kind === 'invitation' || kind === 'update' || kind === 'reminder') {
    for (const answer of ANSWER_ORDER) {
      if (answer === 'accept' && confirmHref) continue;
      const href = httpUrl(options.links?.rsvp?.[answer]);
      if (href) answers.push({ label: t.answers[answer], href });
    }
  }
  const unsubscribeHref = oneClickUrl(options.links?.unsubscribe);
  // An inspirer from outside is not "in the network": their id is the one derived from the address.
  const outsider = recipient.role === 'inspirer' && recipient.personId === inspirerPersonId(recipient.email);
  const common = {
    language,
    greeting: t.greeting(recipient.name),
    closing: t.closing,
    signature: settings.name,
    footer: outsider ? t.footerInspirer(settings.name) : t.footer(settings.name),
    answers,
    ...(unsubscribeHref ? { unsubscribe: { label: t.unsubscribe.link, href: unsubscribeHref } } : {}),
  };

  if (kind === 'follow-up') return followUpContent(job, settings, options, { ...common, answers: [] }, shortDate, when);

  const paragraphs: string[] = [];
  const highlights: Section[] = [];
  if (cancelled) {
    paragraphs.push(removed ? t.intro.removed(meeting.title, when) : t.intro.cancellation(meeting.title, when));
    if (job.reason?.trim()) paragraphs.push(t.cancellationReason(job.reason.trim()));
    paragraphs.push(t.cancellationCalendar);
  } else if (kind === 'reminder') {
    paragraphs.push(
      job.reminderOffsetHours
        ? t.intro.reminderIn(meeting.title, t.relative(job.reminderOffsetHours))
        : t.intro.reminder(meeting.title),
    );
    if (job.answer === 'accept') paragraphs.push(t.lookForward);
  } else {
    paragraphs.push(t.intro[kind](meeting.title));
  }
  if (kind === 'update' && job.changed?.length) {
    paragraphs.push(t.changes.summary(t.list(job.changed.map((c) => t.changes.fields[c]))));
    const rows = changeRows(job, t, settings.timeZone, language, when);
    if (rows.length > 0) highlights.push({ heading: t.changes.heading, paragraphs: [], rows });
    if (job.changed.includes('time') && job.answer === 'accept') {
      highlights.push({
        heading: t.changes.confirmHeading,
        paragraphs: [t.changes.confirmText],
        ...(confirmHref ? { link: { label: t.changes.confirmLink, href: confirmHref }, button: true } : {}),
      });
    }
    if (job.changed.includes('time') && job.answer === 'decline') paragraphs.push(t.changes.declinedText);
  }
  if (!cancelled && (recipient.role === 'inspirer' || recipient.topic)) {
    paragraphs.push(recipient.topic ? t.inspirerWithTopic(recipient.topic) : t.inspirerWithoutTopic);
  }
  if (kind === 'invitation' || kind === 'update') paragraphs.push(answers.length > 0 ? t.calendarAttached : t.replyViaCalendar);
  if (kind === 'reminder') paragraphs.push(t.calendarAttachedAgain);

  const sections: Section[] = [];
  if (!cancelled) {
    if (meeting.description) sections.push({ heading: t.aboutMeeting, paragraphs: paragraphsOf(meeting.description) });
    sections.push(
      meeting.agenda.length > 0
        ? { heading: t.agenda, paragraphs: [], items: meeting.agenda }
        : { heading: t.agenda, paragraphs: [t.agendaToFollow] },
    );
    // Everyone is told who inspires and on what, not only the inspirers themselves.
    if (meeting.inspirers.length > 0) {
      sections.push({ heading: t.inspirersHeading, paragraphs: [], bullets: meeting.inspirers.map((i) => t.inspirerLine(i.name, i.topic)) });
    }
    // The meeting's own texts, else the network's.
    sections.push(infoSection(t.practicalInfo, meeting.practicalInfo ?? settings.practicalInfo, language, t.readMore));
    const guidelines = meeting.attendanceGuidelines ?? settings.attendanceGuidelines;
    // "Join online instead" only when there is both a place to stay away from and a link to join by.
    const online = Boolean(meeting.place && httpUrl(meeting.onlineUrl));
    if (guidelines || online) {
      const section = guidelines
        ? infoSection(t.attendanceGuidelines, guidelines, language, t.readMore)
        : { heading: t.attendanceGuidelines, paragraphs: [] };
      if (online) section.paragraphs.push(t.joinOnlineInstead);
      sections.push(section);
    }
  }
  const calendarFeedHref = kind === 'invitation' || kind === 'update' ? httpUrl(options.links?.calendarFeed) : undefined;
  if (!cancelled && calendarFeedHref) {
    const f = calendarFeedMailStrings[language];
    sections.push({ heading: f.heading, paragraphs: [f.text], link: { label: f.link, href: calendarFeedHref } });
  }
  sections.push(contactSection(t, settings));

  let subject = `${t.subjectPrefix[removed ? 'removed' : kind]}: ${meeting.title} – ${shortDate}`;
  if (kind === 'reminder' && job.reminderOffsetHours) {
    subject = `${t.subjectPrefix.reminder}: ${meeting.title} – ${t.relative(job.reminderOffsetHours)} (${shortDate})`;
  }

  let answerIntro = t.answerIntro;
  if (kind === 'reminder' && job.answer !== 'decline') answerIntro = t.reminderAnswer[job.answer ?? 'none'];
  if (confirmHref) answerIntro = t.otherAnswers;

  return {
    ...common,
    subject,
    paragraphs,
    highlights,
    details: meetingDetails(job, t, when),
    sections,
    answerIntro,
  };
}

function meetingDetails({ meeting }: MeetingMailJob, t: Strings, when: string): Detail[] {
  const onlineUrl = httpUrl(meeting.onlineUrl);
  const details: Detail[] = [
    { label: t.labels.what, value: meeting.title },
    { label: t.labels.when, value: when },
  ];
  if (meeting.place || !onlineUrl) details.push({ label: t.labels.where, value: meeting.place || t.placeToFollow });
  if (onlineUrl) details.push({ label: t.labels.online, value: onlineUrl, href: onlineUrl });
  details.push({ label: t.labels.host, value: meeting.hostMunicipality });
  return details;
}

/** Previous and new value of the time, place and online link, for the fields that changed (`when`: the new time, formatted). */
function changeRows(job: MeetingMailJob, t: Strings, timeZone: string, language: 'da' | 'en', when: string): Detail[] {
  const { meeting, previous } = job;
  const changed = new Set<ChangedField>(job.changed ?? []);
  const rows: Detail[] = [];
  if (changed.has('time')) {
    const before = previous && validRange(previous.startsAt, previous.endsAt);
    if (before) rows.push({ label: t.changes.previousTime, value: formatTimeRange(before[0], before[1], timeZone, language) });
    rows.push({ label: t.changes.newTime, value: when });
  }
  if (changed.has('place')) {
    if (previous) rows.push({ label: t.changes.previousPlace, value: previous.place || t.placeToFollow });
    rows.push({ label: t.changes.newPlace, value: meeting.place || t.placeToFollow });
  }
  if (changed.has('onlineUrl')) {
    const before = httpUrl(previous?.onlineUrl);
    const after = httpUrl(meeting.onlineUrl);
    if (previous) rows.push({ label: t.changes.previousOnline, value: before ?? t.changes.none });
    rows.push({ label: t.changes.newOnline, value: after ?? t.changes.none, ...(after ? { href: after } : {}) });
  }
  return rows;
}

function validRange(startsAt: string, endsAt: string): [Date, Date] | undefined {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? undefined : [start, end];
}

function followUpContent(
  job: MeetingMailJob,
  settings: NetworkSettings,
  options: BodyOptions,
  common: Omit<MailContent, 'subject' | 'paragraphs' | 'details' | 'sections'>,
  shortDate: string,
  when: string,
): MailContent {
  const { meeting, recipient, followUp } = job;
  if (!followUp) throw new IncompleteMailJobError('a follow-up mail job needs followUp (summary, decisions, next steps)');
  const t = strings[recipient.language];
  const f = t.followUp;
  const a = t.followUpAfterAttendance;
  const details = [
    { label: t.labels.what, value: meeting.title },
    { label: t.labels.when, value: when },
  ];

  if (followUp.absent) {
    // The shorter note: what was decided and what happens next, no summary, reflection or status request.
    const sections: Section[] = [];
    if (followUp.decisions.length > 0) sections.push({ heading: f.decisions, paragraphs: [], bullets: followUp.decisions });
    if (followUp.nextSteps.length > 0) sections.push({ heading: f.nextSteps, paragraphs: [], bullets: followUp.nextSteps });
    sections.push(contactSection(t, settings));
    return {
      ...common,
      subject: `${a.subjectPrefix}: ${meeting.title} – ${shortDate}`,
      paragraphs: [a.absentIntro(meeting.title, shortDate), a.absentOutro],
      details,
      sections,
    };
  }

  const sections: Section[] = [{ heading: f.summary, paragraphs: paragraphsOf(followUp.summary) }];
  if (followUp.decisions.length > 0) sections.push({ heading: f.decisions, paragraphs: [], bullets: followUp.decisions });
  if (followUp.nextSteps.length > 0) sections.push({ heading: f.nextSteps, paragraphs: [], bullets: followUp.nextSteps });
  const reflection = httpUrl(options.links?.reflection);
  if (reflection) {
    sections.push({
      heading: f.reflectionHeading,
      paragraphs: [f.reflectionText],
      link: { label: f.reflectionLink, href: reflection },
      button: true,
    });
  }
  if (followUp.statusRequest && followUp.statusRequest.length > 0) {
    sections.push({
      heading: f.statusHeading,
      paragraphs: [f.statusIntro(recipient.municipality)],
      bullets: followUp.statusRequest.map((e) => e.title),
      outro: [f.statusQuestions],
    });
  }
  sections.push(contactSection(t, settings));

  return {
    ...common,
    subject: `${followUp.copy ? a.copySubjectPrefix : t.subjectPrefix['follow-up']}: ${meeting.title} – ${shortDate}`,
    paragraphs: [...(followUp.copy ? [a.copyNote] : []), t.intro.followUp(meeting.title, shortDate)],
    details,
    sections,
  };
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

function infoSection(heading: string, info: PracticalInfo, language: 'da' | 'en', readMore: string): Section {
  const href = httpUrl(info.url);
  return {
    heading,
    paragraphs: info.text ? [localized(info.text, language)] : [],
    link: href ? { label: readMore, href } : undefined,
  };
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
