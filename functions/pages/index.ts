// Small, self-contained HTML pages behind the links in mails: answer a meeting, leave a
// reflection, unsubscribe. No external assets and no script; the one inline <style> is allowed by
// its hash in a strict Content-Security-Policy. The token stays in the URL, so nothing is cached
// and no Referer is sent. All user text goes through escapeHtml.
import { createHash } from 'node:crypto';
import type { RsvpAnswer } from '../contract/events.js';
import type { TokenFailure } from '../domain/link-token.js';
import { ANSWER_COMMENT_MAX_LENGTH, REFLECTION_MAX_LENGTH } from '../domain/meeting/request.js';
import { escapeHtml, httpUrl } from '../mail/escape.js';
import { formatTimeRange } from '../mail/i18n.js';
import { pageStrings, type LinkProblem, type PageLanguage, type PageStrings } from './strings.js';

export type { LinkProblem, PageLanguage } from './strings.js';

/** The longest reflection the form accepts: the API's limit. */

/** Any language string; anything but 'en' renders in Danish. */
type AnyLanguage = PageLanguage | (string & {}) | undefined;

export type Page =
  | {
      kind: 'rsvp-confirm';
      language: AnyLanguage;
      meetingTitle: string;
      startsAt: string;
      endsAt: string;
      timeZone: string;
      answer: RsvpAnswer;
      /** Where the button POSTs: the same URL with its token (relative "/..." or absolute http(s)). */
      actionUrl: string;
      /** The meeting version shown; the button confirms the answer for this version only. */
      version: number;
      /** The meeting changed since the mail with the link: say so above the new time. */
      changed?: boolean;
      /** The comment sent before, when the form is shown again with errors. */
      comment?: string;
      errors?: readonly string[];
    }
  | { kind: 'rsvp-recorded'; language: AnyLanguage; meetingTitle: string; answer: RsvpAnswer }
  | { kind: 'link-problem'; language: AnyLanguage; reason: LinkProblem }
  | {
      kind: 'reflection-form';
      language: AnyLanguage;
      meetingTitle: string;
      actionUrl: string;
      /** The text sent before, when the form is shown again with errors. */
      text?: string;
      /** Whether the person agreed before that their name is shown with it. */
      shareName?: boolean;
      errors?: readonly string[];
    }
  | { kind: 'reflection-recorded'; language: AnyLanguage; meetingTitle: string }
  | { kind: 'unsubscribe-confirm'; language: AnyLanguage; actionUrl: string }
  | { kind: 'unsubscribed'; language: AnyLanguage };

export interface PageResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** link-problem statuses: a bad token 400, nothing behind it 404, expired or closed 410 (Gone). */
export const LINK_PROBLEM_STATUS: Record<LinkProblem, number> = { invalid: 400, unknown: 404, expired: 410, closed: 410 };

/** What a link whose token was refused says: expired, or not valid (the rest is nobody's business). */
export const tokenProblem = (reason: TokenFailure): LinkProblem => (reason === 'expired' ? 'expired' : 'invalid');

const CSS = [
  '*,*::before,*::after{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%;text-size-adjust:100%}',
  'body{margin:0;background:#f3f5f8;color:#1a1a1a;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5}',
  'main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem 3rem}',
  '.card{background:#fff;border:1px solid #c9d1db;border-radius:8px;padding:1.25rem 1.25rem .5rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.125rem;margin:0 0 .5rem}',
  'p{margin:0 0 1rem}',
  'dl{margin:0 0 1rem}',
  'dt{font-weight:bold}',
  'dd{margin:0 0 .5rem;overflow-wrap:anywhere}',
  'form{margin:0 0 1rem}',
  'button{font:inherit;font-weight:bold;min-height:2.75rem;width:100%;padding:.625rem 1.25rem;border:2px solid #1a5fb4;border-radius:6px;background:#1a5fb4;color:#fff;cursor:pointer}',
  'button:hover{background:#154a8c;border-color:#154a8c}',
  ':focus{outline:3px solid #1a1a1a;outline-offset:3px}',
  ':focus:not(:focus-visible){outline:none}',
  ':focus-visible{outline:3px solid #1a1a1a;outline-offset:3px}',
  'label{display:block;font-weight:bold;margin:0 0 .25rem}',
  '.hint,.small{color:#464646}',
  '.small{font-size:.9375rem}',
  'textarea{display:block;width:100%;min-height:12rem;margin:0 0 1rem;padding:.5rem;font:inherit;color:inherit;background:#fff;border:2px solid #464646;border-radius:4px;resize:vertical}',
  'textarea[aria-invalid="true"]{border-color:#b00020}',
  'textarea.short{min-height:5rem}',
  '.errors{border-left:4px solid #b00020;background:#fdeced;padding:.75rem 1rem;margin:0 0 1rem}',
  '.errors ul{margin:0;padding-left:1.25rem}',
  // The public join page's form (functions/pages/join-page.ts).
  'fieldset{border:0;margin:0 0 1rem;padding:0}',
  'legend{display:block;font-weight:bold;margin:0 0 .25rem}',
  'fieldset label,.check label{font-weight:normal;display:inline}',
  'input[type=text],input[type=email]{display:block;width:100%;margin:0 0 1rem;padding:.5rem;font:inherit;border:2px solid #464646;border-radius:4px}',
  '.check{margin:0 0 1rem}',
  '.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}',
  '.lang{text-align:right;margin:0 0 1rem}',
  '@media (min-width:30rem){button{width:auto}main{padding-top:3rem}}',
].join('\n');

/** The network's mark in the browser tab: inline (no request, nothing cached), allowed by img-src data:. */
export const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%231a5fb4'/%3E" +
  "%3Ctext x='16' y='23' font-family='Arial,sans-serif' font-size='20' font-weight='bold' fill='%23fff' text-anchor='middle'%3ES%3C/text%3E%3C/svg%3E";

/** No script, no frames, no external anything; forms may only post back to this site. */
function contentSecurityPolicy(): string {
  const styleHash = `'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`;
  return [
    "default-src 'none'",
    `style-src ${styleHash}`,
    // Only the inline favicon (a data: URL): nothing is fetched from anywhere.
    'img-src data:',
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

// Built on the first page rendered, not at import (cold start).
let cachedPageHeaders: Readonly<Record<string, string>> | undefined;
const pageHeaders = (): Readonly<Record<string, string>> =>
  (cachedPageHeaders ??= Object.freeze({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'x-robots-tag': 'noindex, nofollow',
  }));

export const pageLanguage = (language: string | undefined): PageLanguage => (language === 'en' ? 'en' : 'da');

export function renderPage(page: Page): PageResponse {
  const language = pageLanguage(page.language);
  const t = pageStrings[language];
  const { status, heading, content } = pageContent(page, language, t);
  return { statusCode: status, headers: { ...pageHeaders() }, body: document(language, heading, content) };
}

/** A page whose content another module builds (functions/pages/calendar-feed-page.ts), in the same frame and headers. */
/** A page in the answer pages' shell; `indexable` for the one public page meant to be found (joining). */
export function renderContentPage(language: PageLanguage, status: number, heading: string, content: string[], options: { indexable?: boolean } = {}): PageResponse {
  const headers: Record<string, string> = { ...pageHeaders() };
  if (options.indexable === true) delete headers['x-robots-tag'];
  return { statusCode: status, headers, body: document(language, heading, content, options.indexable === true) };
}

interface Content {
  status: number;
  heading: string;
  content: string[];
}

function pageContent(page: Page, language: PageLanguage, t: PageStrings): Content {
  switch (page.kind) {
    case 'rsvp-confirm': {
      const when = timeRange(page.startsAt, page.endsAt, page.timeZone, language);
      const errors = (page.errors ?? []).filter((e) => e.trim() !== '');
      const max = new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB').format(ANSWER_COMMENT_MAX_LENGTH);
      const described = errors.length > 0 ? 'comment-hint comment-errors' : 'comment-hint';
      const commentField = [
        `<label for="comment">${escapeHtml(t.rsvpConfirm.commentLabel)}</label>`,
        `<p class="hint" id="comment-hint">${escapeHtml(t.rsvpConfirm.commentHint(max))}</p>`,
        `<textarea class="short" id="comment" name="comment" rows="3" maxlength="${ANSWER_COMMENT_MAX_LENGTH}" ` +
          `aria-describedby="${described}"${errors.length > 0 ? ' aria-invalid="true"' : ''}>` +
          // The parser drops one newline right after <textarea>: this one, so the text keeps its own.
          `\n${escapeHtml(page.comment ?? '')}</textarea>`,
      ];
      return {
        // 409 when an answer sent for an older version is asked again (nothing was recorded); 400 for a bad comment.
        status: errors.length > 0 ? 400 : page.changed ? 409 : 200,
        heading: t.rsvpConfirm.heading,
        content: [
          ...(errors.length > 0
            ? [
                '<div class="errors" id="comment-errors" role="alert">',
                `<h2>${escapeHtml(t.reflectionForm.errorHeading)}</h2>`,
                `<ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`,
                '</div>',
              ]
            : []),
          ...(page.changed ? [p(t.rsvpConfirm.changed)] : []),
          p(t.rsvpConfirm.intro),
          '<dl>',
          `<dt>${escapeHtml(t.labels.meeting)}</dt><dd>${escapeHtml(page.meetingTitle)}</dd>`,
          ...(when ? [`<dt>${escapeHtml(t.labels.when)}</dt><dd>${escapeHtml(when)}</dd>`] : []),
          `<dt>${escapeHtml(t.labels.answer)}</dt><dd>${escapeHtml(t.answers[page.answer])}</dd>`,
          '</dl>',
          form(page.actionUrl, [`<input type="hidden" name="v" value="${page.version}">`, ...commentField], t.rsvpConfirm.button),
          p(t.rsvpConfirm.why, 'small'),
        ],
      };
    }
    case 'rsvp-recorded':
      return {
        status: 200,
        heading: t.rsvpRecorded.heading,
        content: [p(t.rsvpRecorded.text[page.answer](page.meetingTitle)), p(t.rsvpRecorded.change), p(t.canClose)],
      };
    case 'link-problem': {
      const problem = t.linkProblem[page.reason] ?? t.linkProblem.invalid;
      return {
        status: LINK_PROBLEM_STATUS[page.reason] ?? 400,
        heading: problem.heading,
        content: [p(problem.text), p(t.linkProblemHelp)],
      };
    }
    case 'reflection-form':
      return reflectionForm(page, language, t);
    case 'reflection-recorded':
      return {
        status: 200,
        heading: t.reflectionRecorded.heading,
        content: [p(t.reflectionRecorded.text(page.meetingTitle)), p(t.canClose)],
      };
    case 'unsubscribe-confirm':
      return {
        status: 200,
        heading: t.unsubscribeConfirm.heading,
        content: [
          p(t.unsubscribeConfirm.intro),
          p(t.unsubscribeConfirm.keeps),
          // The same body a mail client sends for RFC 8058 one-click, so one handler serves both.
          form(page.actionUrl, ['<input type="hidden" name="List-Unsubscribe" value="One-Click">'], t.unsubscribeConfirm.button),
        ],
      };
    case 'unsubscribed':
      return { status: 200, heading: t.unsubscribed.heading, content: [p(t.unsubscribed.text), p(t.canClose)] };
    default: {
      const never: never = page;
      throw new Error(`unknown page kind: ${JSON.stringify((never as { kind?: unknown }).kind)}`);
    }
  }
}

function reflectionForm(page: Extract<Page, { kind: 'reflection-form' }>, language: PageLanguage, t: PageStrings): Content {
  const f = t.reflectionForm;
  const errors = (page.errors ?? []).filter((e) => e.trim() !== '');
  const max = new Intl.NumberFormat(language === 'da' ? 'da-DK' : 'en-GB').format(REFLECTION_MAX_LENGTH);
  const described = errors.length > 0 ? 'reflection-hint reflection-errors' : 'reflection-hint';
  const content: string[] = [p(f.about(page.meetingTitle))];
  if (errors.length > 0) {
    content.push(
      '<div class="errors" id="reflection-errors" role="alert">',
      `<h2>${escapeHtml(f.errorHeading)}</h2>`,
      `<ul>${errors.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>`,
      '</div>',
    );
  }
  content.push(
    form(
      page.actionUrl,
      [
        `<label for="reflection">${escapeHtml(f.label)}</label>`,
        `<p class="hint" id="reflection-hint">${escapeHtml(f.hint(max))}</p>`,
        `<textarea id="reflection" name="reflection" rows="8" maxlength="${REFLECTION_MAX_LENGTH}" required ` +
          `aria-describedby="${described}"${errors.length > 0 ? ' aria-invalid="true"' : ''}>` +
          // The parser drops one newline right after <textarea>: this one, so the text keeps its own.
          `\n${escapeHtml(page.text ?? '')}</textarea>`,
        // Consent to be named where the network compares municipalities (patterns); unchecked by default.
        `<p><input type="checkbox" id="share-name" name="shareName" value="yes"${page.shareName ? ' checked' : ''}> ` +
          `<label for="share-name">${escapeHtml(f.shareName)}</label></p>`,
      ],
      f.button,
    ),
  );
  return { status: errors.length > 0 ? 400 : 200, heading: f.heading, content };
}

export const p = (text: string, className?: string) => `<p${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</p>`;

export function form(actionUrl: string, fields: string[], button: string): string {
  return [
    `<form method="post" action="${escapeHtml(formAction(actionUrl))}" accept-charset="utf-8">`,
    ...fields,
    `<button type="submit">${escapeHtml(button)}</button>`,
    '</form>',
  ].join('\n');
}

/** A path on this site ("/rsvp/accept?t=...") or an absolute http(s) URL; anything else is a bug. */
export function formAction(url: string): string {
  if (/^\/(?![/\\])/.test(url) && !/[\s\p{Cc}]/u.test(url)) return url;
  const href = httpUrl(url);
  if (!href) throw new Error(`form action must be a path or an http(s) URL: ${JSON.stringify(url)}`);
  return href;
}

function timeRange(startsAt: string, endsAt: string, timeZone: string, language: PageLanguage): string | undefined {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return undefined;
  try {
    return formatTimeRange(start, end, timeZone, language);
  } catch {
    return formatTimeRange(start, end, 'Europe/Copenhagen', language); // an unknown zone name
  }
}

function document(language: PageLanguage, heading: string, content: string[], indexable = false): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    ...(indexable ? [] : ['<meta name="robots" content="noindex, nofollow">']),
    `<title>${escapeHtml(heading)}</title>`,
    `<link rel="icon" href="${FAVICON}">`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<div class="card">',
    `<h1>${escapeHtml(heading)}</h1>`,
    ...content,
    '</div>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
