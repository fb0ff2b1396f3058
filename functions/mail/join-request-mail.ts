// The mail a join request sends to the network's contact person and its facilitators: who asks,
// from where, to join or to start a similar network, and their message. Reply-To is the person who
// asked, so answering the mail answers them. No unsubscribe: it is the network's own business mail.
import type { JoinRequestMailJob } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { escapeHtml } from './escape.js';
import { formatShortDate } from './i18n.js';
import { networkMail, type ComposedMail } from './mime.js';

const text = {
  da: {
    subject: (wish: 'join' | 'start-similar', municipality: string) =>
      wish === 'join' ? `Anmodning om at blive en del af netværket: ${municipality}` : `Ønske om at starte et lignende netværk: ${municipality}`,
    greeting: (name: string) => `Hej ${name}`,
    intro: (wish: 'join' | 'start-similar', network: string) =>
      wish === 'join'
        ? `Der er kommet en anmodning om at blive en del af ${network} via netværkets offentlige side.`
        : `Der er kommet et ønske om hjælp til at starte et netværk som ${network} via netværkets offentlige side.`,
    labels: { name: 'Navn', email: 'E-mail', municipality: 'Kommune', organisation: 'Organisation', message: 'Besked', received: 'Modtaget' },
    reply: 'Svar på denne mail for at svare afsenderen direkte.',
    consent: 'Afsenderen har givet samtykke til, at netværket gemmer henvendelsen og kontakter dem.',
  },
  en: {
    subject: (wish: 'join' | 'start-similar', municipality: string) =>
      wish === 'join' ? `Request to join the network: ${municipality}` : `Wish to start a similar network: ${municipality}`,
    greeting: (name: string) => `Hello ${name}`,
    intro: (wish: 'join' | 'start-similar', network: string) =>
      wish === 'join'
        ? `Someone has asked to join ${network} through the network's public page.`
        : `Someone has asked for help to start a network like ${network} through the network's public page.`,
    labels: { name: 'Name', email: 'Email', municipality: 'Municipality', organisation: 'Organisation', message: 'Message', received: 'Received' },
    reply: 'Reply to this mail to answer the sender directly.',
    consent: 'The sender agreed that the network keeps the request and contacts them.',
  },
} as const;

export function joinRequestMailContent(job: JoinRequestMailJob, settings: NetworkSettings) {
  const language = job.recipient.language;
  const t = text[language];
  const r = job.request;
  const rows: [string, string][] = [
    [t.labels.name, r.name],
    [t.labels.email, r.email],
    [t.labels.municipality, r.municipality],
    ...(r.organisation ? [[t.labels.organisation, r.organisation] as [string, string]] : []),
    [t.labels.received, formatShortDate(new Date(r.receivedAt), settings.timeZone, language)],
  ];
  const subject = t.subject(r.wish, r.municipality);
  const plain = [
    `${t.greeting(job.recipient.name)},`, '', t.intro(r.wish, settings.name), '',
    ...rows.map(([k, v]) => `${k}: ${v}`), '', `${t.labels.message}:`, r.message, '', t.consent, t.reply, '', settings.name, '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1b1b;">
<p>${escapeHtml(t.greeting(job.recipient.name))},</p>
<p>${escapeHtml(t.intro(r.wish, settings.name))}</p>
<table role="presentation" style="border-collapse: collapse;">
${rows.map(([k, v]) => `<tr><th scope="row" style="text-align: left; padding: 2px 12px 2px 0;">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
<h2 style="font-size: 18px;">${escapeHtml(t.labels.message)}</h2>
<p style="white-space: pre-line;">${escapeHtml(r.message)}</p>
<p style="color: #555555;">${escapeHtml(t.consent)}<br>${escapeHtml(t.reply)}</p>
<p>${escapeHtml(settings.name)}</p>
</body></html>`;
  return { subject, language, text: plain, html };
}

export function composeJoinRequestMail(job: JoinRequestMailJob, settings: NetworkSettings, options: { now?: Date } = {}): ComposedMail {
  const content = joinRequestMailContent(job, settings);
  return networkMail(settings, job.recipient, {
    replyTo: { name: job.request.name, email: job.request.email },
    subject: content.subject,
    date: options.now ?? new Date(),
    language: content.language,
    text: content.text,
    html: content.html,
  });
}
