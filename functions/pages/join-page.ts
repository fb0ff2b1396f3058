// The network's public page, in Danish and English: what the network is, and a form where someone
// from another municipality asks to join it or for help to start a similar one. No script, no
// external assets; the one inline <style> is allowed by its hash. The form posts to this page
// (POST /join); a hidden field (the honeypot) that people never see catches form-filling bots.
// All user and config text goes through escapeHtml.
import { createHash } from 'node:crypto';
import { JOIN_PAGE_PATH } from '../contract/link-paths.js';
import type { NetworkSettings } from '../contract/network.js';
import { escapeHtml } from '../mail/escape.js';
import { HONEYPOT_FIELD } from '../domain/join/request.js';

export type JoinPageLanguage = 'da' | 'en';
export { JOIN_PAGE_PATH };

const strings = {
  da: {
    title: (network: string) => `Bliv en del af ${network}`,
    intro: (network: string, municipalities: string) =>
      `${network} er et netværk, hvor ${municipalities} udforsker samskabelse sammen: de mødes på skift, afprøver små eksperimenter hjemme og deler, hvad de lærer.`,
    ask: 'Vil din kommune være med, eller vil I starte et lignende netværk? Skriv til os, så vender netværkets kontaktperson tilbage.',
    wish: 'Hvad ønsker du?', join: 'At blive en del af netværket', startSimilar: 'Hjælp til at starte et lignende netværk',
    name: 'Dit navn', email: 'Din e-mailadresse', municipality: 'Din kommune', organisation: 'Organisation eller afdeling (valgfrit)',
    message: 'Din besked', consent: (months: number) => `Jeg giver samtykke til, at netværket gemmer min henvendelse i op til ${months} måneder og kontakter mig om den.`,
    honeypot: 'Lad dette felt være tomt', send: 'Send', other: 'English', otherLabel: 'Read this page in English',
    contact: (name: string, email: string, phone: string) => `Kontakt: ${name}, ${email}, ${phone}`,
    thanksTitle: 'Tak for din henvendelse',
    thanks: 'Vi har modtaget din besked, og netværkets kontaktperson vender tilbage til dig.',
    errorsTitle: 'Tjek disse felter', tooMany: 'Der er sendt mange henvendelser herfra den sidste time. Prøv igen senere.',
    fields: { wish: 'Hvad ønsker du', name: 'Dit navn', email: 'E-mailadresse', municipality: 'Kommune', organisation: 'Organisation', message: 'Besked', consent: 'Samtykke' } as Record<string, string>,
    problems: { required: 'skal udfyldes', invalid: 'er ikke gyldig' },
  },
  en: {
    title: (network: string) => `Join ${network}`,
    intro: (network: string, municipalities: string) =>
      `${network} is a network in which ${municipalities} explore co-creation together: they meet in turn, try small experiments at home and share what they learn.`,
    ask: 'Would your municipality like to join, or to start a similar network? Write to us and the network\'s contact person will get back to you.',
    wish: 'What would you like?', join: 'To join the network', startSimilar: 'Help to start a similar network',
    name: 'Your name', email: 'Your email address', municipality: 'Your municipality', organisation: 'Organisation or department (optional)',
    message: 'Your message', consent: (months: number) => `I agree that the network keeps my request for up to ${months} months and contacts me about it.`,
    honeypot: 'Leave this field empty', send: 'Send', other: 'Dansk', otherLabel: 'Læs siden på dansk',
    contact: (name: string, email: string, phone: string) => `Contact: ${name}, ${email}, ${phone}`,
    thanksTitle: 'Thank you for your request',
    thanks: 'We have received your message, and the network\'s contact person will get back to you.',
    errorsTitle: 'Check these fields', tooMany: 'Many requests were sent from here in the last hour. Please try again later.',
    fields: { wish: 'What you would like', name: 'Your name', email: 'Email address', municipality: 'Municipality', organisation: 'Organisation', message: 'Message', consent: 'Consent' } as Record<string, string>,
    problems: { required: 'is required', invalid: 'is not valid' },
  },
} as const;

const CSS = [
  '*,*::before,*::after{box-sizing:border-box}',
  'body{margin:0;background:#f3f5f8;color:#1a1a1a;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5}',
  'main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}',
  '.card{background:#fff;border:1px solid #c9d1db;border-radius:8px;padding:1.25rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'p{margin:0 0 1rem}',
  'label,legend{display:block;font-weight:bold;margin:0 0 .25rem}',
  'fieldset{border:0;margin:0 0 1rem;padding:0}',
  'fieldset label,.check label{font-weight:normal;display:inline}',
  'input[type=text],input[type=email],textarea{display:block;width:100%;margin:0 0 1rem;padding:.5rem;font:inherit;border:2px solid #464646;border-radius:4px}',
  'textarea{min-height:10rem}',
  '.check{margin:0 0 1rem}',
  '.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}',
  'button{font:inherit;font-weight:bold;min-height:2.75rem;padding:.625rem 1.25rem;border:2px solid #1a5fb4;border-radius:6px;background:#1a5fb4;color:#fff;cursor:pointer}',
  ':focus-visible{outline:3px solid #1a1a1a;outline-offset:3px}',
  '.errors{border-left:4px solid #b00020;background:#fdeced;padding:.75rem 1rem;margin:0 0 1rem}',
  '.lang{text-align:right;margin:0 0 1rem}',
  '.small{font-size:.9375rem;color:#464646}',
].join('\n');

/** The page's icon, inline (an "S" on the network's blue), so the page loads nothing else. */
const FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1a5fb4"/><text x="16" y="23" font-family="Arial,sans-serif" font-size="20" font-weight="bold" fill="#fff" text-anchor="middle">S</text></svg>')}`;

let headers: Readonly<Record<string, string>> | undefined;
const pageHeaders = () =>
  (headers ??= Object.freeze({
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'sha256-${createHash('sha256').update(CSS, 'utf8').digest('base64')}'`,
      'img-src data:',
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  }));

export type JoinPage =
  | { kind: 'form'; values?: Record<string, string>; errors?: readonly { field: string; message: string }[] }
  | { kind: 'thanks' }
  | { kind: 'rate-limited' };

const e = escapeHtml;

export function renderJoinPage(page: JoinPage, language: JoinPageLanguage, settings: NetworkSettings): { statusCode: number; headers: Record<string, string>; body: string } {
  const t = strings[language];
  const other: JoinPageLanguage = language === 'da' ? 'en' : 'da';
  let heading = t.title(settings.name);
  let status = 200;
  const content: string[] = [];
  if (page.kind === 'thanks') {
    heading = t.thanksTitle;
    content.push(`<p role="status">${e(t.thanks)}</p>`);
  } else if (page.kind === 'rate-limited') {
    status = 429;
    content.push(`<div class="errors" role="alert"><p>${e(t.tooMany)}</p></div>`);
  } else {
    const v = page.values ?? {};
    const errors = page.errors ?? [];
    status = errors.length > 0 ? 400 : 200;
    const municipalities = settings.municipalities.join(', ');
    content.push(`<p>${e(t.intro(settings.name, municipalities))}</p>`, `<p>${e(t.ask)}</p>`);
    if (errors.length > 0) {
      content.push(
        `<div class="errors" role="alert"><h2>${e(t.errorsTitle)}</h2><ul>`,
        ...errors.map((x) => `<li><a href="#${e(x.field)}">${e(t.fields[x.field] ?? x.field)}</a>: ${e(x.message === 'is required' ? t.problems.required : language === 'en' ? x.message : t.problems.invalid)}</li>`),
        '</ul></div>',
      );
    }
    const invalid = (f: string) => (errors.some((x) => x.field === f) ? ' aria-invalid="true"' : '');
    const input = (id: string, label: string, type: string, attrs = '') =>
      `<label for="${id}">${e(label)}</label><input type="${type}" id="${id}" name="${id}" value="${e(v[id] ?? '')}"${invalid(id)}${attrs}>`;
    const wish = v.wish === 'start-similar' ? 'start-similar' : 'join';
    content.push(
      `<form method="post" action="${JOIN_PAGE_PATH}?lang=${language}" accept-charset="utf-8">`,
      `<input type="hidden" name="language" value="${language}">`,
      `<fieldset id="wish"><legend>${e(t.wish)}</legend>`,
      `<div><input type="radio" id="wish-join" name="wish" value="join"${wish === 'join' ? ' checked' : ''}> <label for="wish-join">${e(t.join)}</label></div>`,
      `<div><input type="radio" id="wish-start" name="wish" value="start-similar"${wish === 'start-similar' ? ' checked' : ''}> <label for="wish-start">${e(t.startSimilar)}</label></div>`,
      '</fieldset>',
      input('name', t.name, 'text', ' autocomplete="name" required maxlength="120"'),
      input('email', t.email, 'email', ' autocomplete="email" required maxlength="254"'),
      input('municipality', t.municipality, 'text', ' required maxlength="100"'),
      input('organisation', t.organisation, 'text', ' maxlength="200"'),
      `<label for="message">${e(t.message)}</label><textarea id="message" name="message" required maxlength="3000"${invalid('message')}>\n${e(v.message ?? '')}</textarea>`,
      // People never see or reach this field; bots that fill every field fill it.
      `<div class="trap" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${e(t.honeypot)}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>`,
      `<div class="check"><input type="checkbox" id="consent" name="consent" value="yes" required${invalid('consent')}${v.consent ? ' checked' : ''}> <label for="consent">${e(t.consent(settings.retentionMonths))}</label></div>`,
      `<button type="submit">${e(t.send)}</button>`,
      '</form>',
      `<p class="small">${e(t.contact(settings.contact.name, settings.contact.email, settings.contact.phone))}</p>`,
    );
  }
  const body = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(heading)}</title>`,
    `<link rel="icon" href="${FAVICON}">`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body><main>',
    `<p class="lang"><a href="${JOIN_PAGE_PATH}?lang=${other}" lang="${other}" hreflang="${other}" aria-label="${e(t.otherLabel)}">${e(t.other)}</a></p>`,
    '<div class="card">',
    `<h1>${e(heading)}</h1>`,
    ...content,
    '</div>',
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
  return { statusCode: status, headers: { ...pageHeaders() }, body };
}
