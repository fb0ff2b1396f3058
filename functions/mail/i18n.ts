// Words and date formats per language. Danish is the working language; English must read naturally too.
import type { Language, LocalizedText } from '../contract/network.js';

/** What a reschedule can change (MeetingRescheduled.changed). */
export type ChangedField =
  | 'time'
  | 'place'
  | 'onlineUrl'
  | 'audience'
  | 'inspirers'
  | 'agenda'
  | 'title'
  | 'description'
  | 'practicalInfo'
  | 'attendanceGuidelines'
  | 'reminders';

export interface Strings {
  /** Subject prefix per mail kind; `removed` is a cancellation for someone taken off the audience. */
  subjectPrefix: {
    invitation: string;
    update: string;
    cancellation: string;
    removed: string;
    reminder: string;
    'follow-up': string;
  };
  greeting: (name: string) => string;
  intro: {
    invitation: (title: string) => string;
    update: (title: string) => string;
    cancellation: (title: string, when: string) => string;
    /** The meeting goes ahead, but without this person (taken off the audience by a reschedule). */
    removed: (title: string, when: string) => string;
    reminder: (title: string) => string;
    /** `relative` is e.g. "om 7 dage" / "i morgen". */
    reminderIn: (title: string, relative: string) => string;
    followUp: (title: string, date: string) => string;
  };
  inspirerWithTopic: (topic: string) => string;
  inspirerWithoutTopic: string;
  replyViaCalendar: string;
  /** With answer links: the calendar part is for the calendar, the links are for answering. */
  calendarAttached: string;
  calendarAttachedAgain: string;
  cancellationCalendar: string;
  cancellationReason: (reason: string) => string;
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
  answerIntro: string;
  /** Prefix of each answer line in the text part: "Svar: Ja, jeg kommer: <url>". */
  answerPrefix: string;
  answers: { accept: string; maybe: string; decline: string };
  /** Reminders: a word on the answer given so far. */
  reminderAnswer: { none: string; accept: string; maybe: string };
  /** "om 7 dage", "i morgen", "om 3 timer". */
  relative: (hours: number) => string;
  changes: {
    heading: string;
    /** "Det er tidspunktet og stedet, der er ændret." */
    summary: (fields: string) => string;
    fields: Record<ChangedField, string>;
    previousTime: string;
    newTime: string;
    previousPlace: string;
    newPlace: string;
    previousOnline: string;
    newOnline: string;
    none: string;
    confirmHeading: string;
    confirmText: string;
    confirmLink: string;
    declinedText: string;
  };
  followUp: {
    summary: string;
    decisions: string;
    nextSteps: string;
    reflectionHeading: string;
    reflectionText: string;
    reflectionLink: string;
    statusHeading: string;
    statusIntro: (municipality: string | undefined) => string;
    statusQuestions: string;
  };
  unsubscribe: { text: string; link: string };
  closing: string;
  footer: (network: string) => string;
  /** Calendar DESCRIPTION: a pointer to the mail, since most clients show little of it. */
  seeMail: string;
  /** Friendly names of zones, e.g. "dansk tid"; other zones get the name Intl gives them. */
  zoneNames: Record<string, string>;
  /** "a, b og c" */
  list: (items: string[]) => string;
  // ---- issue 16: per-meeting texts and words that fit the reader ----
  /** Said only to those who accepted (a reminder to the rest does not assume they come). */
  lookForward: string;
  /** Heading of the meeting's own description. */
  aboutMeeting: string;
  /** Heading of the inspirers section everyone gets, and one line per inspirer. */
  inspirersHeading: string;
  inspirerLine: (name: string, topic: string) => string;
  /** Added to the guidelines when the meeting has a place and an online link. */
  joinOnlineInstead: string;
  /** Under the answer links, when the update's highlight already has the "yes" button. */
  otherAnswers: string;
  /** The footer of an inspirer from outside the network (not a member). */
  footerInspirer: (network: string) => string;
  /** The follow-up's shorter note to those invited who did not come, and the sender's copy. */
  followUpAfterAttendance: {
    subjectPrefix: string;
    absentIntro: (title: string, date: string) => string;
    absentOutro: string;
    copySubjectPrefix: string;
    copyNote: string;
  };
  /** The daily digest of new answers and reflections to a facilitator (functions/digest). */
  digest: {
    subject: (network: string, date: string) => string;
    intro: (date: string) => string;
    answersHeading: (title: string, date: string) => string;
    reflectionsHeading: (title: string, date: string) => string;
    answer: Record<'accept' | 'decline' | 'maybe', string>;
    turnOff: string;
  };
}

const joinList = (and: string) => (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

export const strings: Record<Language, Strings> = {
  da: {
    subjectPrefix: {
      invitation: 'Invitation',
      update: 'Ændret',
      cancellation: 'Aflyst',
      removed: 'Invitation trukket tilbage',
      reminder: 'Påmindelse',
      'follow-up': 'Opfølgning',
    },
    greeting: (name) => `Kære ${name}`,
    intro: {
      invitation: (title) => `Vi vil gerne invitere dig til mødet »${title}«.`,
      update: (title) =>
        `Mødet »${title}« er blevet ændret. Her er de opdaterede oplysninger, og din kalender bliver opdateret, når du åbner invitationen.`,
      cancellation: (title, when) =>
        `Vi må desværre aflyse mødet »${title}«, som skulle have været holdt ${when}. Vi beklager ulejligheden.`,
      removed: (title, when) =>
        `Mødet »${title}« ${when} er blevet ændret, og du er ikke længere blandt de inviterede. Vi beklager, hvis det giver dig ulejlighed.`,
      reminder: (title) => `Her er en påmindelse om mødet »${title}« med alle oplysninger.`,
      reminderIn: (title, relative) => `Mødet »${title}« er ${relative}. Her er en påmindelse med alle oplysninger.`,
      followUp: (title, date) =>
        `Her er en opfølgning på mødet »${title}« den ${date}: en kort opsummering af, hvad vi talte om, hvad vi besluttede, og hvad der skal ske nu. Tak til alle, der var med.`,
    },
    inspirerWithTopic: (topic) =>
      `Du er inviteret som inspirator med oplægget »${topic}«. Vi glæder os til at høre dit bud og til den samtale, det sætter i gang.`,
    inspirerWithoutTopic: 'Du er inviteret som inspirator, og vi glæder os til at høre dit bud.',
    replyViaCalendar: 'Kalenderinvitationen er vedhæftet. Svar gerne via din kalender, så vi ved, om du kommer.',
    calendarAttached: 'Kalenderinvitationen er vedhæftet, så du nemt kan lægge mødet i din kalender.',
    calendarAttachedAgain: 'Kalenderinvitationen er vedhæftet igen, hvis du mangler mødet i din kalender.',
    cancellationCalendar: 'Mødet bliver fjernet fra din kalender, når du åbner aflysningen.',
    cancellationReason: (reason) => `Årsag: ${reason}`,
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
    answerHeading: 'Svar på invitationen',
    answerIntro:
      'Vælg dit svar herunder, og bekræft det på siden, der åbner. Der kan du også skrive en kommentar, fx om kost eller adgang uden trapper. Du kan altid ændre dit svar.',
    answerPrefix: 'Svar',
    answers: { accept: 'Ja, jeg kommer', maybe: 'Måske', decline: 'Nej, jeg kan ikke komme' },
    reminderAnswer: {
      none: 'Vi har endnu ikke fået dit svar. Svar gerne herunder, så vi kan planlægge mødet.',
      accept: 'Du har sagt ja til at komme. Er der sket noget, så du alligevel ikke kan, må du meget gerne give besked herunder.',
      maybe: 'Du har svaret måske. Giv os gerne et endeligt svar herunder, når du ved, om du kan komme.',
    },
    relative: (hours) => {
      if (hours < 24) return hours === 1 ? 'om en time' : `om ${hours} timer`;
      const days = Math.round(hours / 24);
      return days === 1 ? 'i morgen' : `om ${days} dage`;
    },
    changes: {
      heading: 'Det er ændret',
      summary: (fields) => `Det er ${fields}, der er ændret.`,
      fields: {
        time: 'tidspunktet',
        place: 'stedet',
        onlineUrl: 'onlinelinket',
        audience: 'listen over inviterede',
        inspirers: 'inspiratorerne',
        agenda: 'dagsordenen',
        title: 'mødets titel',
        description: 'beskrivelsen af mødet',
        practicalInfo: 'de praktiske oplysninger',
        attendanceGuidelines: 'retningslinjerne for deltagelse',
        reminders: 'påmindelserne',
      },
      previousTime: 'Tidligere tidspunkt',
      newTime: 'Nyt tidspunkt',
      previousPlace: 'Tidligere sted',
      newPlace: 'Nyt sted',
      previousOnline: 'Tidligere onlinelink',
      newOnline: 'Nyt onlinelink',
      none: 'intet',
      confirmHeading: 'Kan du stadig komme?',
      confirmText: 'Tidspunktet er ændret. Du havde sagt ja; bekræft venligst, at du stadig kan komme.',
      confirmLink: 'Ja, jeg kan stadig komme',
      declinedText: 'Du havde meldt afbud. Passer det nye tidspunkt dig bedre, er du meget velkommen til at svare igen.',
    },
    followUp: {
      summary: 'Opsummering',
      decisions: 'Beslutninger',
      nextSteps: 'Næste skridt',
      reflectionHeading: 'Del din refleksion',
      reflectionText:
        'Hvad tager du med fra mødet? Vi vil meget gerne høre din refleksion – et par linjer er nok. Den hjælper os med at gøre de næste møder endnu bedre.',
      reflectionLink: 'Del din refleksion',
      statusHeading: 'En kort status på jeres forsøg',
      statusIntro: (municipality) =>
        `Vi vil gerne bede dig om en kort status på ${municipality ? `forsøgene i ${municipality}` : 'jeres forsøg'}:`,
      statusQuestions:
        'Hvor langt er I, hvad har I lært indtil nu, og er der noget, netværket kan hjælpe med? Svar blot på denne mail – et par linjer er rigtig fint.',
    },
    unsubscribe: {
      text: 'Vil du ikke længere have opfølgninger og nyhedsmails fra netværket, kan du afmelde dem her. Invitationer til møder får du stadig.',
      link: 'Afmeld opfølgninger og nyhedsmails',
    },
    closing: 'Venlig hilsen',
    footer: (network) => `Du får denne mail, fordi du er med i ${network}.`,
    seeMail: 'Alle detaljer står i mailen.',
    zoneNames: { 'Europe/Copenhagen': 'dansk tid' },
    list: joinList('og'),
    lookForward: 'Vi glæder os til at se dig.',
    aboutMeeting: 'Om mødet',
    inspirersHeading: 'Inspiratorer',
    inspirerLine: (name, topic) => `${name}: »${topic}«`,
    joinOnlineInstead: 'Kan du ikke møde op, kan du i stedet deltage online via linket ovenfor.',
    otherAnswers: 'Kan du ikke komme på det nye tidspunkt, eller er du i tvivl, så svar herunder.',
    footerInspirer: (network) => `Du får denne mail, fordi du er inviteret som inspirator til et møde i ${network}.`,
    followUpAfterAttendance: {
      subjectPrefix: 'Fra mødet',
      absentIntro: (title, date) =>
        `Vi savnede dig til mødet „${title}“ den ${date}. Her er kort, hvad vi besluttede, og hvad der sker nu.`,
      absentOutro: 'Vil du vide mere, så spørg endelig en af dem, der var med, eller skriv til os.',
      copySubjectPrefix: 'Kopi af opfølgningen',
      copyNote: 'Det her er din kopi af opfølgningen, som du sendte til deltagerne. De, der ikke kom, fik en kortere besked.',
    },
    digest: {
      subject: (network, date) => `${network}: nye svar og refleksioner ${date}`,
      intro: (date) => `Her er, hvad der er kommet ind siden i går (${date}).`,
      answersHeading: (title, date) => `Nye svar: ${title} (${date})`,
      reflectionsHeading: (title, date) => `Nye refleksioner: ${title} (${date})`,
      answer: { accept: 'kommer', decline: 'kommer ikke', maybe: 'måske' },
      turnOff: 'Du får denne daglige oversigt, fordi du har slået den til i appen. Du kan slå den fra samme sted.',
    },
  },
  en: {
    subjectPrefix: {
      invitation: 'Invitation',
      update: 'Updated',
      cancellation: 'Cancelled',
      removed: 'Invitation withdrawn',
      reminder: 'Reminder',
      'follow-up': 'Follow-up',
    },
    greeting: (name) => `Dear ${name}`,
    intro: {
      invitation: (title) => `We would like to invite you to the meeting “${title}”.`,
      update: (title) =>
        `The meeting “${title}” has been changed. Here are the updated details; your calendar is updated when you open the invitation.`,
      cancellation: (title, when) =>
        `Unfortunately we have to cancel the meeting “${title}”, which was to be held on ${when}. We are sorry for the inconvenience.`,
      removed: (title, when) =>
        `The meeting “${title}” on ${when} has been changed, and you are no longer among those invited. We are sorry for any inconvenience.`,
      reminder: (title) => `Here is a reminder of the meeting “${title}” with all the details.`,
      reminderIn: (title, relative) => `The meeting “${title}” is ${relative}. Here is a reminder with all the details.`,
      followUp: (title, date) =>
        `Here is a follow-up on the meeting “${title}” on ${date}: a short summary of what we talked about, what we decided and what happens next. Thank you to everyone who took part.`,
    },
    inspirerWithTopic: (topic) =>
      `You are invited as an inspirer, to give a talk on “${topic}”. We look forward to your perspective and the conversation it starts.`,
    inspirerWithoutTopic: 'You are invited as an inspirer, and we look forward to your perspective.',
    replyViaCalendar: 'The calendar invitation is attached. Please reply through your calendar so we know whether you can come.',
    calendarAttached: 'The calendar invitation is attached, so you can easily add the meeting to your calendar.',
    calendarAttachedAgain: 'The calendar invitation is attached again, in case the meeting is missing from your calendar.',
    cancellationCalendar: 'The meeting is removed from your calendar when you open this cancellation.',
    cancellationReason: (reason) => `Reason: ${reason}`,
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
    answerHeading: 'Answer the invitation',
    answerIntro:
      'Choose your answer below and confirm it on the page that opens. There you can also add a comment, for example about diet or step-free access. You can always change your answer.',
    answerPrefix: 'Answer',
    answers: { accept: 'Yes, I will come', maybe: 'Maybe', decline: 'No, I cannot come' },
    reminderAnswer: {
      none: 'We have not had your answer yet. Please answer below so we can plan the meeting.',
      accept: 'You have said you will come. If something has come up and you cannot make it after all, please let us know below.',
      maybe: 'You answered maybe. Please give us a final answer below once you know whether you can come.',
    },
    relative: (hours) => {
      if (hours < 24) return hours === 1 ? 'in one hour' : `in ${hours} hours`;
      const days = Math.round(hours / 24);
      return days === 1 ? 'tomorrow' : `in ${days} days`;
    },
    changes: {
      heading: 'What has changed',
      summary: (fields) => `What has changed: ${fields}.`,
      fields: {
        time: 'the time',
        place: 'the place',
        onlineUrl: 'the online link',
        audience: 'who is invited',
        inspirers: 'the inspirers',
        agenda: 'the agenda',
        title: 'the title of the meeting',
        description: 'the description of the meeting',
        practicalInfo: 'the practical information',
        attendanceGuidelines: 'the attendance guidelines',
        reminders: 'the reminders',
      },
      previousTime: 'Previous time',
      newTime: 'New time',
      previousPlace: 'Previous place',
      newPlace: 'New place',
      previousOnline: 'Previous online link',
      newOnline: 'New online link',
      none: 'none',
      confirmHeading: 'Can you still come?',
      confirmText: 'The time has changed. You had said yes; please confirm that you can still come.',
      confirmLink: 'Yes, I can still come',
      declinedText: 'You had said you could not come. If the new time suits you better, you are very welcome to answer again.',
    },
    followUp: {
      summary: 'Summary',
      decisions: 'Decisions',
      nextSteps: 'Next steps',
      reflectionHeading: 'Share your reflection',
      reflectionText:
        'What are you taking away from the meeting? We would love to hear your reflection – a few lines are plenty. It helps us make the next meetings even better.',
      reflectionLink: 'Share your reflection',
      statusHeading: 'A short status on your experiments',
      statusIntro: (municipality) =>
        `Could you give us a short status on ${municipality ? `the experiments in ${municipality}` : 'your experiments'}:`,
      statusQuestions:
        'How far have you come, what have you learned so far, and is there anything the network can help with? Just reply to this email – a few lines are fine.',
    },
    unsubscribe: {
      text: 'If you no longer want follow-ups and newsletters from the network, you can unsubscribe here. You will still receive meeting invitations.',
      link: 'Unsubscribe from follow-ups and newsletters',
    },
    closing: 'Kind regards',
    footer: (network) => `You receive this email because you take part in ${network}.`,
    seeMail: 'All details are in the email.',
    zoneNames: { 'Europe/Copenhagen': 'Danish time' },
    list: joinList('and'),
    lookForward: 'We look forward to seeing you.',
    aboutMeeting: 'About the meeting',
    inspirersHeading: 'Inspirers',
    inspirerLine: (name, topic) => `${name}: “${topic}”`,
    joinOnlineInstead: 'If you cannot come in person, you can join online instead through the link above.',
    otherAnswers: 'If you cannot come at the new time, or are not sure, please answer below.',
    footerInspirer: (network) => `You receive this email because you are invited as an inspirer to a meeting in ${network}.`,
    followUpAfterAttendance: {
      subjectPrefix: 'From the meeting',
      absentIntro: (title, date) =>
        `We missed you at the meeting “${title}” on ${date}. Here is, in short, what we decided and what happens next.`,
      absentOutro: 'If you want to know more, just ask someone who was there, or write to us.',
      copySubjectPrefix: 'Copy of the follow-up',
      copyNote: 'This is your copy of the follow-up you sent to the participants. Those who did not come were sent a shorter note.',
    },
    digest: {
      subject: (network, date) => `${network}: new answers and reflections ${date}`,
      intro: (date) => `Here is what came in since yesterday (${date}).`,
      answersHeading: (title, date) => `New answers: ${title} (${date})`,
      reflectionsHeading: (title, date) => `New reflections: ${title} (${date})`,
      answer: { accept: 'coming', decline: 'not coming', maybe: 'maybe' },
      turnOff: 'You get this daily overview because you turned it on in the app. You can turn it off there.',
    },
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
