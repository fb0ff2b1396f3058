// The two experiment mails, in Danish and English, built from the same blocks as the meeting
// mails (content model and renderers from render.ts, escaping in escape.ts, MIME in mime.ts,
// shared words and dates from i18n.ts). No calendar part: an experiment runs over weeks, not a slot.
//   experiment-invitation: to each involved person: the experiment, their part, whom to ask.
//   experiment-learnings: to every person of the network: outcome, learnings, what to reuse.
//     Non-essential, so it carries the one-click unsubscribe link when the caller passes one.
import type { ExperimentMailJob } from '../contract/mail-job.js';
import type { Language, NetworkSettings, Role } from '../contract/network.js';
import { inspirerPersonId } from '../domain/person/audience.js';
import {
  contactSection,
  IncompleteMailJobError,
  paragraphsOf,
  renderHtml,
  renderText,
  type Detail,
  type MailContent,
  type Section,
} from './render.js';
import { oneClickUrl } from './escape.js';
import { formatShortDate, strings } from './i18n.js';
import { networkMail, listUnsubscribeHeaders, type ComposedMail } from './mime.js';

export interface ExperimentComposeOptions {
  now?: Date;
  /** Signed links; only `unsubscribe` is used, and only by the learnings mail. */
  links?: { unsubscribe?: string };
}

interface ExperimentStrings {
  subject: { invitation: (title: string) => string; learnings: (title: string, municipality: string) => string };
  intro: { invitation: (municipality: string, title: string) => string; learnings: (municipality: string, title: string) => string };
  yourPart: (role: string) => string;
  rolePart: Partial<Record<Role, string>>;
  acrossMunicipalities: (theirs: string, host: string) => string;
  outsider: string;
  labels: { experiment: string; municipality: string; period: string };
  challenge: string;
  plan: string;
  outcome: string;
  learnings: string;
  reusable: string;
  doDifferently: string;
  learningsOutro: string;
  contactPerson: (name: string, email: string) => string;
  roles: Record<Role, string>;
  invitationFooter: (municipality: string, network: string) => string;
}

const text: Record<Language, ExperimentStrings> = {
  da: {
    subject: {
      invitation: (title) => `Invitation til eksperiment: ${title}`,
      learnings: (title, municipality) => `Det lærte vi: ${title} (${municipality})`,
    },
    intro: {
      invitation: (municipality, title) =>
        `${municipality} er i gang med et lille samskabelseseksperiment, »${title}«, og vil rigtig gerne have dig med.`,
      learnings: (municipality, title) =>
        `${municipality} har afsluttet eksperimentet »${title}«. Her deler de, hvad der kom ud af det, og hvad de har lært, så resten af netværket kan bruge det.`,
    },
    yourPart: (role) => `Du er med som ${role}.`,
    rolePart: {
      politician:
        'Som politiker er din rolle at spille bolden tilbage, når eksperimentet rammer de politiske paradokser, og at hjælpe os med at se, hvad der skal til, for at det nye kan leve videre.',
      'volunteer-consultant': 'Som frivillig konsulent bidrager du med dine erfaringer og et blik udefra på det, vi prøver af.',
      citizen: 'Som borger er du med til at forme løsningen fra starten, ud fra det, der betyder noget for dig i hverdagen.',
      coordinator: 'Som koordinator er du med til at holde sammen på eksperimentet og dele erfaringerne med netværket.',
      employee: 'Som medarbejder er du med til at afprøve det nye i praksis og give os besked om, hvad der virker.',
      facilitator: 'Som facilitator hjælper du med at holde processen og samle op på læringen.',
      inspirer: 'Som inspirator giver du os nye vinkler på udfordringen undervejs.',
    },
    acrossMunicipalities: (theirs, host) =>
      `Du er inviteret med på tværs af netværket: du kommer fra ${theirs}, og eksperimentet foregår i ${host}.`,
    outsider: 'Du er inviteret med udefra, fordi netop dit perspektiv kan gøre eksperimentet bedre.',
    labels: { experiment: 'Eksperiment', municipality: 'Kommune', period: 'Periode' },
    challenge: 'Udfordringen',
    plan: 'Det vil vi prøve',
    outcome: 'Det kom der ud af',
    learnings: 'Det lærte vi',
    reusable: 'Det kan andre genbruge',
    doDifferently: 'Det ville vi gøre anderledes',
    learningsOutro: 'Eksperimentet bliver også foreslået til dagsordenen for netværkets næste møde.',
    contactPerson: (name, email) =>
      `Har du spørgsmål til eksperimentet eller din rolle, er du velkommen til at kontakte ${name} på ${email}.`,
    roles: {
      facilitator: 'facilitator',
      coordinator: 'koordinator',
      employee: 'medarbejder',
      politician: 'politiker',
      'volunteer-consultant': 'frivillig konsulent',
      citizen: 'borger',
      inspirer: 'inspirator',
    },
    invitationFooter: (municipality, network) =>
      `Du får denne mail, fordi ${municipality} har inviteret dig med i et eksperiment i ${network}.`,
  },
  en: {
    subject: {
      invitation: (title) => `Invitation to an experiment: ${title}`,
      learnings: (title, municipality) => `What we learned: ${title} (${municipality})`,
    },
    intro: {
      invitation: (municipality, title) =>
        `${municipality} is running a small co-creation experiment, “${title}”, and would very much like you to take part.`,
      learnings: (municipality, title) =>
        `${municipality} has completed the experiment “${title}”. Here they share what came out of it and what they learned, so the rest of the network can use it.`,
    },
    yourPart: (role) => `You take part as ${role}.`,
    rolePart: {
      politician:
        'As a politician, your part is to play the ball back when the experiment runs into political paradoxes, and to help us see what it takes for the new approach to last.',
      'volunteer-consultant': 'As a volunteer consultant, you bring your experience and an outside view of what we try.',
      citizen: 'As a citizen, you help shape the solution from the start, based on what matters to you in everyday life.',
      coordinator: 'As a coordinator, you help hold the experiment together and share what it teaches with the network.',
      employee: 'As an employee, you help try the new approach in practice and tell us what works.',
      facilitator: 'As a facilitator, you help hold the process and gather the learning.',
      inspirer: 'As an inspirer, you give us new angles on the challenge along the way.',
    },
    acrossMunicipalities: (theirs, host) =>
      `You are invited across the network: you are from ${theirs}, and the experiment takes place in ${host}.`,
    outsider: 'You are invited from outside the network, because your perspective can make the experiment better.',
    labels: { experiment: 'Experiment', municipality: 'Municipality', period: 'Period' },
    challenge: 'The challenge',
    plan: 'What we will try',
    outcome: 'What came out of it',
    learnings: 'What we learned',
    reusable: 'What others could reuse',
    doDifferently: 'What we would do differently',
    learningsOutro: 'The experiment is also proposed for the agenda of the network’s next meeting.',
    contactPerson: (name, email) =>
      `If you have questions about the experiment or your part in it, please contact ${name} at ${email}.`,
    roles: {
      facilitator: 'a facilitator',
      coordinator: 'a coordinator',
      employee: 'an employee',
      politician: 'a politician',
      'volunteer-consultant': 'a volunteer consultant',
      citizen: 'a citizen',
      inspirer: 'an inspirer',
    },
    invitationFooter: (municipality, network) =>
      `You receive this email because ${municipality} invited you to take part in an experiment in ${network}.`,
  },
};

/** An ISO date (YYYY-MM-DD) as "4. marts 2027" / "4 March 2027" (the date itself, no zone shift). */
const dateText = (isoDate: string, language: Language) => formatShortDate(new Date(`${isoDate}T12:00:00Z`), 'UTC', language);

export function experimentMailContent(job: ExperimentMailJob, settings: NetworkSettings, options: ExperimentComposeOptions = {}): MailContent {
  const { experiment: e, recipient } = job;
  const language = recipient.language;
  const t = strings[language];
  const x = text[language];
  const details: Detail[] = [
    { label: x.labels.experiment, value: e.title },
    { label: x.labels.municipality, value: e.municipality },
    { label: x.labels.period, value: `${dateText(e.startsOn, language)} – ${dateText(e.plannedEndOn, language)}` },
  ];
  const networkContact = contactSection(t, settings);
  const common = { language, greeting: t.greeting(recipient.name), details, answers: [], closing: t.closing, signature: settings.name };

  if (job.kind === 'experiment-invitation') {
    const paragraphs = [x.intro.invitation(e.municipality, e.title), x.yourPart(x.roles[recipient.role])];
    const part = x.rolePart[recipient.role];
    if (part) paragraphs.push(part);
    if (recipient.municipality !== undefined && recipient.municipality !== e.municipality) {
      paragraphs.push(x.acrossMunicipalities(recipient.municipality, e.municipality));
    } else if (recipient.personId === inspirerPersonId(recipient.email)) {
      paragraphs.push(x.outsider);
    }
    const sections: Section[] = [
      { heading: x.challenge, paragraphs: paragraphsOf(e.challenge) },
      { heading: x.plan, paragraphs: paragraphsOf(e.plan) },
      job.contact ? { heading: t.questions, paragraphs: [x.contactPerson(job.contact.name, job.contact.email)] } : networkContact,
    ];
    return {
      ...common,
      subject: x.subject.invitation(e.title),
      paragraphs,
      sections,
      footer: x.invitationFooter(e.municipality, settings.name),
    };
  }

  const c = job.completion;
  if (!c) throw new IncompleteMailJobError('an experiment-learnings mail job needs the completion (outcome, learnings, reusable)');
  const sections: Section[] = [
    { heading: x.challenge, paragraphs: paragraphsOf(e.challenge) },
    { heading: x.outcome, paragraphs: paragraphsOf(c.outcome) },
    { heading: x.learnings, paragraphs: [], bullets: c.learnings },
    { heading: x.reusable, paragraphs: paragraphsOf(c.reusable) },
  ];
  if (c.doDifferently) sections.push({ heading: x.doDifferently, paragraphs: paragraphsOf(c.doDifferently) });
  sections.push({ heading: '', paragraphs: [x.learningsOutro] }, networkContact);
  const unsubscribe = oneClickUrl(options.links?.unsubscribe);
  return {
    ...common,
    subject: x.subject.learnings(e.title, e.municipality),
    paragraphs: [x.intro.learnings(e.municipality, e.title)],
    sections,
    footer: t.footer(settings.name),
    ...(unsubscribe ? { unsubscribe: { label: t.unsubscribe.link, href: unsubscribe } } : {}),
  };
}

export function composeExperimentMail(job: ExperimentMailJob, settings: NetworkSettings, options: ExperimentComposeOptions = {}): ComposedMail {
  const content = experimentMailContent(job, settings, options);
  return networkMail(settings, job.recipient, {
    replyTo: job.contact ?? { name: settings.contact.name, email: settings.contact.email },
    subject: content.subject,
    date: options.now ?? new Date(),
    language: content.language,
    text: renderText(content),
    html: renderHtml(content),
    headers: content.unsubscribe ? listUnsubscribeHeaders(content.unsubscribe.href) : [],
  });
}
