// The sign-in mail of the facilitator app: one link, valid for 15 minutes, in the recipient's
// language. No calendar part, no unsubscribe (it is the answer to the person's own request).
import type { SignInMailJob } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { escapeHtml, httpUrl } from './escape.js';
import { formatClock } from './i18n.js';
import { networkMail, type ComposedMail } from './mime.js';

export interface SignInMailOptions {
  now?: Date;
}

const text = {
  da: {
    subject: (network: string) => `Dit login-link til ${network}`,
    greeting: (name: string) => `Hej ${name}`,
    intro: 'Du har bedt om at logge ind i Samskab. Brug linket herunder:',
    button: 'Log ind',
    expires: (time: string) => `Linket virker én gang og udløber kl. ${time}.`,
    ignore: 'Har du ikke bedt om det, kan du se bort fra denne mail. Ingen kan logge ind uden linket.',
  },
  en: {
    subject: (network: string) => `Your sign-in link for ${network}`,
    greeting: (name: string) => `Hello ${name}`,
    intro: 'You asked to sign in to Samskab. Use the link below:',
    button: 'Sign in',
    expires: (time: string) => `The link works once and expires at ${time}.`,
    ignore: 'If you did not ask for it, you can ignore this mail. Nobody can sign in without the link.',
  },
} as const;

export function signInMailContent(job: SignInMailJob, settings: NetworkSettings) {
  const language = job.recipient.language;
  const t = text[language];
  const link = httpUrl(job.link);
  if (!link) throw new Error('sign-in link is not an http(s) URL');
  const expires = t.expires(formatClock(new Date(job.expiresAt), settings.timeZone, language));
  const subject = t.subject(settings.name);
  const plain = [`${t.greeting(job.recipient.name)},`, '', t.intro, '', link, '', expires, '', t.ignore, '', `${settings.name}`, ''].join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b;">
<p>${escapeHtml(t.greeting(job.recipient.name))},</p>
<p>${escapeHtml(t.intro)}</p>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 12px 20px; background: #0b5cad; color: #ffffff; text-decoration: none; border-radius: 4px; font-weight: bold;">${escapeHtml(t.button)}</a></p>
<p style="font-size: 14px; word-break: break-all;"><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>
<p>${escapeHtml(expires)}</p>
<p style="color: #555555;">${escapeHtml(t.ignore)}</p>
<p>${escapeHtml(settings.name)}</p>
</body></html>`;
  return { subject, language, text: plain, html };
}

export function composeSignInMail(job: SignInMailJob, settings: NetworkSettings, options: SignInMailOptions = {}): ComposedMail {
  const content = signInMailContent(job, settings);
  return networkMail(settings, job.recipient, {
    subject: content.subject,
    date: options.now ?? new Date(),
    language: content.language,
    text: content.text,
    html: content.html,
  });
}
