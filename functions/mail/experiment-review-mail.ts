// The review reminder (issue 17): on the morning of an experiment's review date, to its owner
// (or, registered with the API token, its municipality's coordinator), in their language, with a
// link to the experiment in the app. Essential: it is the owner's own reminder, so no unsubscribe.
import type { ExperimentMailJob } from '../contract/mail-job.js';
import type { Language, NetworkSettings } from '../contract/network.js';
import { renderHtml, renderText, type MailContent } from './render.js';
import { formatShortDate, strings } from './i18n.js';
import { networkMail, type ComposedMail } from './mime.js';

export interface ReviewComposeOptions {
  now?: Date;
  /** The experiment's page in the app (absolute); left out when the mailer has no app URL. */
  links?: { experiment?: string };
}

const text: Record<Language, {
  subject: (title: string) => string;
  intro: (title: string, municipality: string, date: string) => string;
  questions: string;
  open: string;
  footer: (network: string) => string;
  labels: { experiment: string; municipality: string; reviewOn: string };
}> = {
  da: {
    subject: (title) => `Tid til at kigge på eksperimentet igen: ${title}`,
    intro: (title, municipality, date) =>
      `I dag, ${date}, er den dag, du satte af til at kigge på eksperimentet »${title}« i ${municipality} igen.`,
    questions: 'Hvordan går det? Skriv en note om, hvad I har set indtil nu, ret planen til, eller afslut eksperimentet og del, hvad I har lært.',
    open: 'Åbn eksperimentet',
    footer: (network) => `Du får denne påmindelse, fordi du er ansvarlig for eksperimentet i ${network}.`,
    labels: { experiment: 'Eksperiment', municipality: 'Kommune', reviewOn: 'Opfølgning' },
  },
  en: {
    subject: (title) => `Time to look at your experiment again: ${title}`,
    intro: (title, municipality, date) =>
      `Today, ${date}, is the day you set to look at the experiment “${title}” in ${municipality} again.`,
    questions: 'How is it going? Write a note on what you have seen so far, adjust the plan, or complete the experiment and share what you learned.',
    open: 'Open the experiment',
    footer: (network) => `You receive this reminder because you are responsible for the experiment in ${network}.`,
    labels: { experiment: 'Experiment', municipality: 'Municipality', reviewOn: 'Review date' },
  },
};

export function reviewMailContent(job: ExperimentMailJob, settings: NetworkSettings, options: ReviewComposeOptions = {}): MailContent {
  const { experiment: e, recipient } = job;
  const language = recipient.language;
  const t = strings[language];
  const x = text[language];
  // The date itself, no zone shift.
  const date = e.reviewOn ? formatShortDate(new Date(`${e.reviewOn}T12:00:00Z`), 'UTC', language) : '';
  const href = options.links?.experiment;
  return {
    language,
    subject: x.subject(e.title),
    greeting: t.greeting(recipient.name),
    paragraphs: [x.intro(e.title, e.municipality, date)],
    details: [
      { label: x.labels.experiment, value: e.title },
      { label: x.labels.municipality, value: e.municipality },
      { label: x.labels.reviewOn, value: date },
    ],
    sections: [{ heading: '', paragraphs: [x.questions], ...(href ? { link: { label: x.open, href }, button: true } : {}) }],
    answers: [],
    closing: t.closing,
    signature: settings.name,
    footer: x.footer(settings.name),
  };
}

export function composeReviewMail(job: ExperimentMailJob, settings: NetworkSettings, options: ReviewComposeOptions = {}): ComposedMail {
  const content = reviewMailContent(job, settings, options);
  return networkMail(settings, job.recipient, {
    replyTo: { name: settings.contact.name, email: settings.contact.email },
    subject: content.subject,
    date: options.now ?? new Date(),
    language: content.language,
    text: renderText(content),
    html: renderHtml(content),
    headers: [],
  });
}
