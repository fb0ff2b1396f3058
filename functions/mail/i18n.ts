// Words and date formats per language. Danish is the working language; English must read naturally too.
import type { Language, LocalizedText } from '../contract/network.js';

export interface Strings {
  /** Subject prefix per mail kind. */
  subjectPrefix: { invitation: string; update: string; cancellation: string; reminder: string };
  greeting: (name: string) => string;
  intro: {
    invitation: (title: string) => string;
    update: (title: string) => string;
    cancellation: (title: string, when: string) => string;
    reminder: (title: string) => string;
  };
  inspirerWithTopic: (topic: string) => string;
  inspirerWithoutTopic: string;
  replyViaCalendar: string;
  cancellationCalendar: string;
  labels: { what: string; when: string; where: string; online: string; host: string };
  placeToFollow: string;
  agenda: string;
  agendaToFollow: string;
  practicalInfo: string;
  attendanceGuidelines: string;
  readMore: string;
  questions: string;
  contact: (name: string, phone: string, email: string) => string;
  answerHeading: string;
  answers: { accept: string; maybe: string; decline: string };
  closing: string;
  footer: (network: string) => string;
  /** Calendar DESCRIPTION: a pointer to the mail, since most clients show little of it. */
  seeMail: string;
  /** Friendly names of zones, e.g. "dansk tid"; other zones get the name Intl gives them. */
  zoneNames: Record<string, string>;
}

export const strings: Record<Language, Strings> = {
  da: {
    subjectPrefix: { invitation: 'Invitation', update: 'Ændret', cancellation: 'Aflyst', reminder: 'Påmindelse' },
    greeting: (name) => `Kære ${name}`,
    intro: {
      invitation: (title) => `Vi vil gerne invitere dig til mødet »${title}«.`,
      update: (title) =>
        `Mødet »${title}« er blevet ændret. Her er de opdaterede oplysninger, og din kalender bliver opdateret, når du åbner invitationen.`,
      cancellation: (title, when) =>
        `Vi må desværre aflyse mødet »${title}«, som skulle have været holdt ${when}. Vi beklager ulejligheden.`,
      reminder: (title) => `Vi glæder os til at se dig til mødet »${title}«. Her er en påmindelse med alle oplysninger.`,
    },
    inspirerWithTopic: (topic) =>
      `Du er inviteret som inspirator med oplægget »${topic}«. Vi glæder os til at høre dit bud og til den samtale, det sætter i gang.`,
    inspirerWithoutTopic: 'Du er inviteret som inspirator, og vi glæder os til at høre dit bud.',
    replyViaCalendar: 'Kalenderinvitationen er vedhæftet. Svar gerne via din kalender, så vi ved, om du kommer.',
    cancellationCalendar: 'Mødet bliver fjernet fra din kalender, når du åbner aflysningen.',
    labels: { what: 'Hvad', when: 'Hvornår', where: 'Hvor', online: 'Online', host: 'Værtskommune' },
    placeToFollow: 'Stedet følger',
    agenda: 'Dagsorden',
    agendaToFollow: 'Dagsordenen følger.',
    practicalInfo: 'Praktiske oplysninger',
    attendanceGuidelines: 'Retningslinjer for deltagelse',
    readMore: 'Læs mere',
    questions: 'Spørgsmål?',
    contact: (name, phone, email) =>
      `Har du spørgsmål, er du velkommen til at kontakte ${name} på telefon ${phone} eller e-mail ${email}.`,
    answerHeading: 'Svar med ét klik',
    answers: { accept: 'Jeg kommer', maybe: 'Måske', decline: 'Jeg kan ikke' },
    closing: 'Venlig hilsen',
    footer: (network) => `Du får denne mail, fordi du er med i ${network}.`,
    seeMail: 'Alle detaljer står i mailen.',
    zoneNames: { 'Europe/Copenhagen': 'dansk tid' },
  },
  en: {
    subjectPrefix: { invitation: 'Invitation', update: 'Updated', cancellation: 'Cancelled', reminder: 'Reminder' },
    greeting: (name) => `Dear ${name}`,
    intro: {
      invitation: (title) => `We would like to invite you to the meeting “${title}”.`,
      update: (title) =>
        `The meeting “${title}” has been changed. Here are the updated details; your calendar is updated when you open the invitation.`,
      cancellation: (title, when) =>
        `Unfortunately we have to cancel the meeting “${title}”, which was to be held on ${when}. We are sorry for the inconvenience.`,
      reminder: (title) => `We look forward to seeing you at the meeting “${title}”. Here is a reminder with all the details.`,
    },
    inspirerWithTopic: (topic) =>
      `You are invited as an inspirer, to give a talk on “${topic}”. We look forward to your perspective and the conversation it starts.`,
    inspirerWithoutTopic: 'You are invited as an inspirer, and we look forward to your perspective.',
    replyViaCalendar: 'The calendar invitation is attached. Please reply through your calendar so we know whether you can come.',
    cancellationCalendar: 'The meeting is removed from your calendar when you open this cancellation.',
    labels: { what: 'What', when: 'When', where: 'Where', online: 'Online', host: 'Host municipality' },
    placeToFollow: 'To be announced',
    agenda: 'Agenda',
    agendaToFollow: 'The agenda will follow.',
    practicalInfo: 'Practical information',
    attendanceGuidelines: 'Attendance guidelines',
    readMore: 'More information',
    questions: 'Questions?',
    contact: (name, phone, email) =>
      `If you have any questions, please contact ${name} by phone on ${phone} or by email at ${email}.`,
    answerHeading: 'Answer with one click',
    answers: { accept: 'I will come', maybe: 'Maybe', decline: 'I cannot come' },
    closing: 'Kind regards',
    footer: (network) => `You receive this email because you take part in ${network}.`,
    seeMail: 'All details are in the email.',
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

function dateParts(instant: Date, timeZone: string, language: Language): DateParts {
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
