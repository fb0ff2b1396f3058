// Words every mail of the content model shares (greeting, closing, answer and unsubscribe lines,
// the contact paragraph) and date formats, per language. Danish is the working language; English
// must read naturally too. Each kind's own texts travel with its module (meeting-texts.ts,
// experiment-mail.ts, digest-mail.ts, sign-in-mail.ts, ...), so a mailer that sends one kind
// compiles only that kind's words (docs/performance.md, "Cold start").
import type { Language, LocalizedText } from '../contract/network.js';

export interface Strings {
  greeting: (name: string) => string;
  questions: string;
  contact: (name: string, phone: string, email: string) => string;
  answerHeading: string;
  answerIntro: string;
  /** Prefix of each answer line in the text part: "Svar: Ja, jeg kommer: <url>". */
  answerPrefix: string;
  answers: { accept: string; maybe: string; decline: string };
  unsubscribe: { text: string; link: string };
  closing: string;
  footer: (network: string) => string;
  /** Friendly names of zones, e.g. "dansk tid"; other zones get the name Intl gives them. */
  zoneNames: Record<string, string>;
}

export const strings: Record<Language, Strings> = {
  da: {
    greeting: (name) => `Kære ${name}`,
    questions: 'Spørgsmål?',
    contact: (name, phone, email) =>
      `Har du spørgsmål, er du velkommen til at kontakte ${name} på telefon ${phone} eller e-mail ${email}.`,
    answerHeading: 'Svar på invitationen',
    answerIntro:
      'Vælg dit svar herunder, og bekræft det på siden, der åbner. Der kan du også skrive en kommentar, fx om kost eller adgang uden trapper. Du kan altid ændre dit svar.',
    answerPrefix: 'Svar',
    answers: { accept: 'Ja, jeg kommer', maybe: 'Måske', decline: 'Nej, jeg kan ikke komme' },
    unsubscribe: {
      text: 'Vil du ikke længere have opfølgninger og nyhedsmails fra netværket, kan du afmelde dem her. Invitationer til møder får du stadig.',
      link: 'Afmeld opfølgninger og nyhedsmails',
    },
    closing: 'Venlig hilsen',
    footer: (network) => `Du får denne mail, fordi du er med i ${network}.`,
    zoneNames: { 'Europe/Copenhagen': 'dansk tid' },
  },
  en: {
    greeting: (name) => `Dear ${name}`,
    questions: 'Questions?',
    contact: (name, phone, email) =>
      `If you have any questions, please contact ${name} by phone on ${phone} or by email at ${email}.`,
    answerHeading: 'Answer the invitation',
    answerIntro:
      'Choose your answer below and confirm it on the page that opens. There you can also add a comment, for example about diet or step-free access. You can always change your answer.',
    answerPrefix: 'Answer',
    answers: { accept: 'Yes, I will come', maybe: 'Maybe', decline: 'No, I cannot come' },
    unsubscribe: {
      text: 'If you no longer want follow-ups and newsletters from the network, you can unsubscribe here. You will still receive meeting invitations.',
      link: 'Unsubscribe from follow-ups and newsletters',
    },
    closing: 'Kind regards',
    footer: (network) => `You receive this email because you take part in ${network}.`,
    zoneNames: { 'Europe/Copenhagen': 'Danish time' },
  },
};

/** The text in the wanted language, falling back to Danish. */
export const localized = (text: LocalizedText, language: Language): string =>
  (language === 'en' ? text.en : undefined) ?? text.da;

const locale: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

interface DateParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a meeting mails many people.
const formats = new Map<string, Intl.DateTimeFormat>();
function cachedFormat(language: Language, options: Intl.DateTimeFormatOptions & { timeZone: string }) {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale[language], options);
    formats.set(key, format);
  }
  return format;
}

// A meeting's mails all show the same few instants: each is formatted once per container.
const formattedParts = new Map<string, DateParts>();
function dateParts(instant: Date, timeZone: string, language: Language): DateParts {
  const key = `${language}|${timeZone}|${instant.getTime()}`;
  let cached = formattedParts.get(key);
  if (cached === undefined) {
    if (formattedParts.size >= 256) formattedParts.clear();
    cached = formatDateParts(instant, timeZone, language);
    formattedParts.set(key, cached);
  }
  return cached;
}

function formatDateParts(instant: Date, timeZone: string, language: Language): DateParts {
  const parts = cachedFormat(language, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: get('weekday'), day: get('day'), month: get('month'), year: get('year'), hour: get('hour'), minute: get('minute') };
}

/** "torsdag den 4. marts 2027" / "Thursday 4 March 2027" */
const dayText = (p: DateParts, language: Language) =>
  language === 'da' ? `${p.weekday} den ${p.day}. ${p.month} ${p.year}` : `${p.weekday} ${p.day} ${p.month} ${p.year}`;

/** "13.00" in Danish, "13:00" in English. */
const timeText = (p: DateParts, language: Language) => `${p.hour}${language === 'da' ? '.' : ':'}${p.minute}`;

/** Wall-clock time: "14.05" in Danish, "14:05" in English. */
export const formatClock = (instant: Date, timeZone: string, language: Language): string =>
  timeText(dateParts(instant, timeZone, language), language);

/** Short date for subjects: "4. marts 2027" / "4 March 2027". */
export function formatShortDate(instant: Date, timeZone: string, language: Language): string {
  const p = dateParts(instant, timeZone, language);
  return language === 'da' ? `${p.day}. ${p.month} ${p.year}` : `${p.day} ${p.month} ${p.year}`;
}

/**
 * "torsdag den 4. marts 2027 kl. 13.00–16.00 (dansk tid)" /
 * "Thursday 4 March 2027, 13:00–16:00 (Danish time)"; a meeting over several days names both days.
 */
export function formatTimeRange(start: Date, end: Date, timeZone: string, language: Language): string {
  const s = dateParts(start, timeZone, language);
  const e = dateParts(end, timeZone, language);
  const sameDay = s.day === e.day && s.month === e.month && s.year === e.year;
  const at = language === 'da' ? ' kl. ' : ', ';
  const range = sameDay
    ? `${dayText(s, language)}${at}${timeText(s, language)}–${timeText(e, language)}`
    : `${dayText(s, language)}${at}${timeText(s, language)} – ${dayText(e, language)}${at}${timeText(e, language)}`;
  return `${range} (${zoneName(timeZone, start, language)})`;
}

function zoneName(timeZone: string, at: Date, language: Language): string {
  const known = strings[language].zoneNames[timeZone];
  if (known) return known;
  const name = cachedFormat(language, { timeZone, timeZoneName: 'longGeneric' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ?? timeZone;
}
