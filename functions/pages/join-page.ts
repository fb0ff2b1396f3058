// The network's public page, in Danish and English: what the network is, and a form where someone
// from another municipality asks to join it or for help to start a similar one. No script, no
// external assets: the answer pages' shell (renderContentPage), indexable. The form posts to this page
// (POST /join); a hidden field (the honeypot) that people never see catches form-filling bots.
// All user and config text goes through escapeHtml.
import { JOIN_PAGE_PATH } from '../contract/link-paths.js';
import type { NetworkSettings } from '../contract/network.js';
import { escapeHtml } from '../mail/escape.js';
import { HONEYPOT_FIELD } from '../domain/join/request.js';
import { renderContentPage, type PageResponse } from './index.js';

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

export type JoinPage =
  | { kind: 'form'; values?: Record<string, string>; errors?: readonly { field: string; message: string }[] }
  | { kind: 'thanks' }
  | { kind: 'rate-limited' };

const e = escapeHtml;

export function renderJoinPage(page: JoinPage, language: JoinPageLanguage, settings: NetworkSettings): PageResponse {
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
  const languageLink = `<p class="lang"><a href="${JOIN_PAGE_PATH}?lang=${other}" lang="${other}" hreflang="${other}" aria-label="${e(t.otherLabel)}">${e(t.other)}</a></p>`;
  return renderContentPage(language, status, heading, [languageLink, ...content], { indexable: true });
}
