// The daily digest to a facilitator who asked for it: per meeting, who answered what and who
// wrote a reflection on the day before, in the recipient's language. No calendar part, no answer
// links; turned off in the app, not by an unsubscribe link (it is the person's own choice there).
import type { DigestMailJob } from '../contract/mail-job.js';
import type { Language, NetworkSettings } from '../contract/network.js';
import { renderHtml, renderText, type MailContent, type Section } from './render.js';
import { formatShortDate, strings } from './i18n.js';
import { networkMail, type ComposedMail } from './mime.js';

interface DigestStrings {
  subject: (network: string, date: string) => string;
  intro: (date: string) => string;
  answersHeading: (title: string, date: string) => string;
  reflectionsHeading: (title: string, date: string) => string;
  answer: Record<'accept' | 'decline' | 'maybe', string>;
  turnOff: string;
}

const text: Record<Language, DigestStrings> = {
  da: {
    subject: (network, date) => `${network}: nye svar og refleksioner ${date}`,
    intro: (date) => `Her er, hvad der er kommet ind siden i går (${date}).`,
    answersHeading: (title, date) => `Nye svar: ${title} (${date})`,
    reflectionsHeading: (title, date) => `Nye refleksioner: ${title} (${date})`,
    answer: { accept: 'kommer', decline: 'kommer ikke', maybe: 'måske' },
    turnOff: 'Du får denne daglige oversigt, fordi du har slået den til i appen. Du kan slå den fra samme sted.',
  },
  en: {
    subject: (network, date) => `${network}: new answers and reflections ${date}`,
    intro: (date) => `Here is what came in since yesterday (${date}).`,
    answersHeading: (title, date) => `New answers: ${title} (${date})`,
    reflectionsHeading: (title, date) => `New reflections: ${title} (${date})`,
    answer: { accept: 'coming', decline: 'not coming', maybe: 'maybe' },
    turnOff: 'You get this daily overview because you turned it on in the app. You can turn it off there.',
  },
};

export function digestMailContent(job: DigestMailJob, settings: NetworkSettings): MailContent {
  const language = job.recipient.language;
  const t = strings[language];
  const d = text[language];
  // The digest's own day, written as the network writes dates (noon keeps it on that day in any zone).
  const day = formatShortDate(new Date(`${job.date}T12:00:00Z`), settings.timeZone, language);
  const sections: Section[] = [];
  for (const m of job.meetings) {
    const when = formatShortDate(new Date(m.startsAt), settings.timeZone, language);
    if (m.answers.length > 0) {
      sections.push({ heading: d.answersHeading(m.title, when), paragraphs: [], bullets: m.answers.map((a) => `${a.name}: ${d.answer[a.answer]}`) });
    }
    if (m.reflections.length > 0) {
      sections.push({ heading: d.reflectionsHeading(m.title, when), paragraphs: [], bullets: m.reflections.map((r) => `${r.name}: ${r.text}`) });
    }
    const last = sections[sections.length - 1];
    if (m.more > 0 && last) last.outro = [`+ ${m.more}`];
  }
  return {
    language,
    subject: d.subject(settings.name, day),
    greeting: t.greeting(job.recipient.name),
    paragraphs: [d.intro(day)],
    details: [],
    sections,
    answers: [],
    closing: t.closing,
    signature: settings.name,
    footer: d.turnOff,
  };
}

export function composeDigestMail(job: DigestMailJob, settings: NetworkSettings, options: { now?: Date } = {}): ComposedMail {
  const content = digestMailContent(job, settings);
  return networkMail(settings, job.recipient, {
    subject: content.subject,
    date: options.now ?? new Date(),
    language: content.language,
    text: renderText(content),
    html: renderHtml(content),
  });
}
