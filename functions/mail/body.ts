// The meeting mails' body: the content model (render.ts) of an invitation, update, cancellation,
// reminder or follow-up. Outlook shows the body rather than the calendar DESCRIPTION, so the body
// repeats every detail. Every link goes through httpUrl; render.ts escapes the text.
import { isRemovalCancellation } from '../domain/mail/staleness.js';
import { inspirerPersonId } from '../domain/person/audience.js';
import type { MeetingMailJob } from '../contract/mail-job.js';
import type { NetworkSettings, PracticalInfo } from '../contract/network.js';
import { httpUrl, oneClickUrl } from './escape.js';
import { formatShortDate, formatTimeRange, localized } from './i18n.js';
import { meetingStrings, type ChangedField, type MeetingStrings } from './meeting-texts.js';
import { contactSection, IncompleteMailJobError, paragraphsOf, type Detail, type Link, type MailContent, type Section } from './render.js';

/** Links the caller signs and passes in; each must be an absolute http(s) URL or it is left out. */
export interface MailLinks {
  /** The three answer links; shown in invitations, updates and reminders, never in a cancellation. */
  rsvp?: { accept: string; decline: string; maybe: string };
  /** The reflection form; shown in follow-ups. */
  reflection?: string;
  /**
   * One-click unsubscribe (https, or http to localhost): adds List-Unsubscribe and
   * List-Unsubscribe-Post headers and a footer link to any kind it is given for.
   */
  unsubscribe?: string;
  /** The page with the person's calendar feed URL (reached with the answer token); shown in invitations and updates. */
  calendarFeed?: string;
  /** The experiment's page in the app; shown in the review reminder. */
  experiment?: string;
}

export interface BodyOptions {
  links?: MailLinks;
}

const ANSWER_ORDER = ['accept', 'maybe', 'decline'] as const;

/** A cancellation sent to someone a reschedule took out of the audience (one rule, shared with the mailer's stale check). */
export const isRemoval = isRemovalCancellation;

export function mailContent(
  job: MeetingMailJob,
  settings: NetworkSettings,
  options: BodyOptions = {},
): MailContent {
  const { meeting, recipient, kind } = job;
  const language = recipient.language;
  const t = meetingStrings[language];
  const start = new Date(meeting.startsAt);
  const end = new Date(meeting.endsAt);
  const when = formatTimeRange(start, end, settings.timeZone, language);
  const shortDate = formatShortDate(start, settings.timeZone, language);
  const cancelled = kind === 'cancellation';
  const removed = isRemoval(job);

  // An update of the time asks those who accepted to confirm, with its own "yes" button above the details.
  const confirmHref = kind === 'update' && job.changed?.includes('time') && job.answer === 'accept' ? httpUrl(options.links?.rsvp?.accept) : undefined;
  // Answer links: every kind that asks for or repeats an answer; never a cancellation or follow-up,
  // and no second "yes" where the confirm button has one.
  const answers: Link[] = [];
  if (kind === 'invitation' || kind === 'update' || kind === 'reminder') {
    for (const answer of ANSWER_ORDER) {
      if (answer === 'accept' && confirmHref) continue;
      const href = httpUrl(options.links?.rsvp?.[answer]);
      if (href) answers.push({ label: t.answers[answer], href });
    }
  }
  const unsubscribeHref = oneClickUrl(options.links?.unsubscribe);
  // An inspirer from outside is not "in the network": their id is the one derived from the address.
  const outsider = recipient.role === 'inspirer' && recipient.personId === inspirerPersonId(recipient.email);
  const common = {
    language,
    greeting: t.greeting(recipient.name),
    closing: t.closing,
    signature: settings.name,
    footer: outsider ? t.footerInspirer(settings.name) : t.footer(settings.name),
    answers,
    ...(unsubscribeHref ? { unsubscribe: { label: t.unsubscribe.link, href: unsubscribeHref } } : {}),
  };

  if (kind === 'follow-up') return followUpContent(job, settings, options, { ...common, answers: [] }, shortDate, when);

  const paragraphs: string[] = [];
  const highlights: Section[] = [];
  if (cancelled) {
    paragraphs.push(removed ? t.intro.removed(meeting.title, when) : t.intro.cancellation(meeting.title, when));
    if (job.reason?.trim()) paragraphs.push(t.cancellationReason(job.reason.trim()));
    paragraphs.push(t.cancellationCalendar);
  } else if (kind === 'reminder') {
    paragraphs.push(
      job.reminderOffsetHours
        ? t.intro.reminderIn(meeting.title, t.relative(job.reminderOffsetHours))
        : t.intro.reminder(meeting.title),
    );
    if (job.answer === 'accept') paragraphs.push(t.lookForward);
  } else {
    paragraphs.push(t.intro[kind](meeting.title));
  }
  if (kind === 'update' && job.changed?.length) {
    paragraphs.push(t.changes.summary(t.list(job.changed.map((c) => t.changes.fields[c]))));
    const rows = changeRows(job, t, settings.timeZone, language, when);
    if (rows.length > 0) highlights.push({ heading: t.changes.heading, paragraphs: [], rows });
    if (job.changed.includes('time') && job.answer === 'accept') {
      highlights.push({
        heading: t.changes.confirmHeading,
        paragraphs: [t.changes.confirmText],
        ...(confirmHref ? { link: { label: t.changes.confirmLink, href: confirmHref }, button: true } : {}),
      });
    }
    if (job.changed.includes('time') && job.answer === 'decline') paragraphs.push(t.changes.declinedText);
  }
  if (!cancelled && (recipient.role === 'inspirer' || recipient.topic)) {
    paragraphs.push(recipient.topic ? t.inspirerWithTopic(recipient.topic) : t.inspirerWithoutTopic);
  }
  if (kind === 'invitation' || kind === 'update') paragraphs.push(answers.length > 0 ? t.calendarAttached : t.replyViaCalendar);
  if (kind === 'reminder') paragraphs.push(t.calendarAttachedAgain);

  const sections: Section[] = [];
  if (!cancelled) {
    if (meeting.description) sections.push({ heading: t.aboutMeeting, paragraphs: paragraphsOf(meeting.description) });
    sections.push(
      meeting.agenda.length > 0
        ? { heading: t.agenda, paragraphs: [], items: meeting.agenda }
        : { heading: t.agenda, paragraphs: [t.agendaToFollow] },
    );
    // Everyone is told who inspires and on what, not only the inspirers themselves.
    if (meeting.inspirers.length > 0) {
      sections.push({ heading: t.inspirersHeading, paragraphs: [], bullets: meeting.inspirers.map((i) => t.inspirerLine(i.name, i.topic)) });
    }
    // The meeting's own texts, else the network's.
    sections.push(infoSection(t.practicalInfo, meeting.practicalInfo ?? settings.practicalInfo, language, t.readMore));
    const guidelines = meeting.attendanceGuidelines ?? settings.attendanceGuidelines;
    // "Join online instead" only when there is both a place to stay away from and a link to join by.
    const online = Boolean(meeting.place && httpUrl(meeting.onlineUrl));
    if (guidelines || online) {
      const section = guidelines
        ? infoSection(t.attendanceGuidelines, guidelines, language, t.readMore)
        : { heading: t.attendanceGuidelines, paragraphs: [] };
      if (online) section.paragraphs.push(t.joinOnlineInstead);
      sections.push(section);
    }
  }
  const calendarFeedHref = kind === 'invitation' || kind === 'update' ? httpUrl(options.links?.calendarFeed) : undefined;
  if (!cancelled && calendarFeedHref) {
    const f = t.calendarFeed;
    sections.push({ heading: f.heading, paragraphs: [f.text], link: { label: f.link, href: calendarFeedHref } });
  }
  sections.push(contactSection(t, settings));

  let subject = `${t.subjectPrefix[removed ? 'removed' : kind]}: ${meeting.title} – ${shortDate}`;
  if (kind === 'reminder' && job.reminderOffsetHours) {
    subject = `${t.subjectPrefix.reminder}: ${meeting.title} – ${t.relative(job.reminderOffsetHours)} (${shortDate})`;
  }

  let answerIntro = t.answerIntro;
  if (kind === 'reminder' && job.answer !== 'decline') answerIntro = t.reminderAnswer[job.answer ?? 'none'];
  if (confirmHref) answerIntro = t.otherAnswers;

  return {
    ...common,
    subject,
    paragraphs,
    highlights,
    details: meetingDetails(job, t, when),
    sections,
    answerIntro,
  };
}

function meetingDetails({ meeting }: MeetingMailJob, t: MeetingStrings, when: string): Detail[] {
  const onlineUrl = httpUrl(meeting.onlineUrl);
  const details: Detail[] = [
    { label: t.labels.what, value: meeting.title },
    { label: t.labels.when, value: when },
  ];
  if (meeting.place || !onlineUrl) details.push({ label: t.labels.where, value: meeting.place || t.placeToFollow });
  if (onlineUrl) details.push({ label: t.labels.online, value: onlineUrl, href: onlineUrl });
  details.push({ label: t.labels.host, value: meeting.hostMunicipality });
  return details;
}

/** Previous and new value of the time, place and online link, for the fields that changed (`when`: the new time, formatted). */
function changeRows(job: MeetingMailJob, t: MeetingStrings, timeZone: string, language: 'da' | 'en', when: string): Detail[] {
  const { meeting, previous } = job;
  const changed = new Set<ChangedField>(job.changed ?? []);
  const rows: Detail[] = [];
  if (changed.has('time')) {
    const before = previous && validRange(previous.startsAt, previous.endsAt);
    if (before) rows.push({ label: t.changes.previousTime, value: formatTimeRange(before[0], before[1], timeZone, language) });
    rows.push({ label: t.changes.newTime, value: when });
  }
  if (changed.has('place')) {
    if (previous) rows.push({ label: t.changes.previousPlace, value: previous.place || t.placeToFollow });
    rows.push({ label: t.changes.newPlace, value: meeting.place || t.placeToFollow });
  }
  if (changed.has('onlineUrl')) {
    const before = httpUrl(previous?.onlineUrl);
    const after = httpUrl(meeting.onlineUrl);
    if (previous) rows.push({ label: t.changes.previousOnline, value: before ?? t.changes.none });
    rows.push({ label: t.changes.newOnline, value: after ?? t.changes.none, ...(after ? { href: after } : {}) });
  }
  return rows;
}

function validRange(startsAt: string, endsAt: string): [Date, Date] | undefined {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) ? undefined : [start, end];
}

function followUpContent(
  job: MeetingMailJob,
  settings: NetworkSettings,
  options: BodyOptions,
  common: Omit<MailContent, 'subject' | 'paragraphs' | 'details' | 'sections'>,
  shortDate: string,
  when: string,
): MailContent {
  const { meeting, recipient, followUp } = job;
  if (!followUp) throw new IncompleteMailJobError('a follow-up mail job needs followUp (summary, decisions, next steps)');
  const t = meetingStrings[recipient.language];
  const f = t.followUp;
  const a = t.followUpAfterAttendance;
  const details = [
    { label: t.labels.what, value: meeting.title },
    { label: t.labels.when, value: when },
  ];

  if (followUp.absent) {
    // The shorter note: what was decided and what happens next, no summary, reflection or status request.
    const sections: Section[] = [];
    if (followUp.decisions.length > 0) sections.push({ heading: f.decisions, paragraphs: [], bullets: followUp.decisions });
    if (followUp.nextSteps.length > 0) sections.push({ heading: f.nextSteps, paragraphs: [], bullets: followUp.nextSteps });
    sections.push(contactSection(t, settings));
    return {
      ...common,
      subject: `${a.subjectPrefix}: ${meeting.title} – ${shortDate}`,
      paragraphs: [a.absentIntro(meeting.title, shortDate), a.absentOutro],
      details,
      sections,
    };
  }

  const sections: Section[] = [{ heading: f.summary, paragraphs: paragraphsOf(followUp.summary) }];
  if (followUp.decisions.length > 0) sections.push({ heading: f.decisions, paragraphs: [], bullets: followUp.decisions });
  if (followUp.nextSteps.length > 0) sections.push({ heading: f.nextSteps, paragraphs: [], bullets: followUp.nextSteps });
  const reflection = httpUrl(options.links?.reflection);
  if (reflection) {
    sections.push({
      heading: f.reflectionHeading,
      paragraphs: [f.reflectionText],
      link: { label: f.reflectionLink, href: reflection },
      button: true,
    });
  }
  if (followUp.statusRequest && followUp.statusRequest.length > 0) {
    sections.push({
      heading: f.statusHeading,
      paragraphs: [f.statusIntro(recipient.municipality)],
      bullets: followUp.statusRequest.map((e) => e.title),
      outro: [f.statusQuestions],
    });
  }
  sections.push(contactSection(t, settings));

  return {
    ...common,
    subject: `${followUp.copy ? a.copySubjectPrefix : t.subjectPrefix['follow-up']}: ${meeting.title} – ${shortDate}`,
    paragraphs: [...(followUp.copy ? [a.copyNote] : []), t.intro.followUp(meeting.title, shortDate)],
    details,
    sections,
  };
}

function infoSection(heading: string, info: PracticalInfo, language: 'da' | 'en', readMore: string): Section {
  const href = httpUrl(info.url);
  return {
    heading,
    paragraphs: info.text ? [localized(info.text, language)] : [],
    link: href ? { label: readMore, href } : undefined,
  };
}
