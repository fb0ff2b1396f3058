// The meeting mails' own words (invitation, update, cancellation, reminder, follow-up), per
// language, on top of the words every mail shares (i18n.ts). Loaded with the meeting mail module,
// on the first meeting mail a mailer sends.
import type { Language } from '../contract/network.js';
import { strings, type Strings } from './i18n.js';

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

export interface MeetingStrings extends Strings {
  /** Subject prefix per mail kind; `removed` is a cancellation for someone taken off the audience. */
  subjectPrefix: {
    invitation: string;
    update: string;
    cancellation: string;
    removed: string;
    reminder: string;
    'follow-up': string;
  };
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
  /** Calendar DESCRIPTION: a pointer to the mail, since most clients show little of it. */
  seeMail: string;
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
  /** The invitation's paragraph linking to the calendar feed page (functions/pages/calendar-feed-page.ts). */
  calendarFeed: { heading: string; text: string; link: string };
  /** The follow-up's shorter note to those invited who did not come, and the sender's copy. */
  followUpAfterAttendance: {
    subjectPrefix: string;
    absentIntro: (title: string, date: string) => string;
    absentOutro: string;
    copySubjectPrefix: string;
    copyNote: string;
  };
}

const joinList = (and: string) => (items: string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

export const meetingStrings: Record<Language, MeetingStrings> = {
  da: {
    ...strings.da,
    subjectPrefix: {
      invitation: 'Invitation',
      update: 'Ændret',
      cancellation: 'Aflyst',
      removed: 'Invitation trukket tilbage',
      reminder: 'Påmindelse',
      'follow-up': 'Opfølgning',
    },
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
    seeMail: 'Alle detaljer står i mailen.',
    list: joinList('og'),
    lookForward: 'Vi glæder os til at se dig.',
    aboutMeeting: 'Om mødet',
    inspirersHeading: 'Inspiratorer',
    inspirerLine: (name, topic) => `${name}: »${topic}«`,
    joinOnlineInstead: 'Kan du ikke møde op, kan du i stedet deltage online via linket ovenfor.',
    otherAnswers: 'Kan du ikke komme på det nye tidspunkt, eller er du i tvivl, så svar herunder.',
    footerInspirer: (network) => `Du får denne mail, fordi du er inviteret som inspirator til et møde i ${network}.`,
    calendarFeed: {
      heading: 'Alle dine møder i din kalender',
      text: 'Abonnér på din personlige mødekalender, så følger flytninger og aflysninger automatisk med.',
      link: 'Abonnér på din mødekalender',
    },
    followUpAfterAttendance: {
      subjectPrefix: 'Fra mødet',
      absentIntro: (title, date) =>
        `Vi savnede dig til mødet „${title}“ den ${date}. Her er kort, hvad vi besluttede, og hvad der sker nu.`,
      absentOutro: 'Vil du vide mere, så spørg endelig en af dem, der var med, eller skriv til os.',
      copySubjectPrefix: 'Kopi af opfølgningen',
      copyNote: 'Det her er din kopi af opfølgningen, som du sendte til deltagerne. De, der ikke kom, fik en kortere besked.',
    },
  },
  en: {
    ...strings.en,
    subjectPrefix: {
      invitation: 'Invitation',
      update: 'Updated',
      cancellation: 'Cancelled',
      removed: 'Invitation withdrawn',
      reminder: 'Reminder',
      'follow-up': 'Follow-up',
    },
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
    seeMail: 'All details are in the email.',
    list: joinList('and'),
    lookForward: 'We look forward to seeing you.',
    aboutMeeting: 'About the meeting',
    inspirersHeading: 'Inspirers',
    inspirerLine: (name, topic) => `${name}: “${topic}”`,
    joinOnlineInstead: 'If you cannot come in person, you can join online instead through the link above.',
    otherAnswers: 'If you cannot come at the new time, or are not sure, please answer below.',
    footerInspirer: (network) => `You receive this email because you are invited as an inspirer to a meeting in ${network}.`,
    calendarFeed: {
      heading: 'All your meetings in your calendar',
      text: 'Subscribe to your personal meeting calendar, and moves and cancellations follow by themselves.',
      link: 'Subscribe to your meeting calendar',
    },
    followUpAfterAttendance: {
      subjectPrefix: 'From the meeting',
      absentIntro: (title, date) =>
        `We missed you at the meeting “${title}” on ${date}. Here is, in short, what we decided and what happens next.`,
      absentOutro: 'If you want to know more, just ask someone who was there, or write to us.',
      copySubjectPrefix: 'Copy of the follow-up',
      copyNote: 'This is your copy of the follow-up you sent to the participants. Those who did not come were sent a shorter note.',
    },
  },
};
