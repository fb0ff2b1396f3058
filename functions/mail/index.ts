// Composes one mail job into a raw MIME message ready for SES v2 (SendEmail with Content.Raw).
import { isMeetingMail, type MailJob, type MailKind, type MeetingMailJob } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';
import { isRenderable, mailContent, renderHtml, renderText, type BodyOptions } from './body.js';
import { buildCalendar, type CalendarMethod } from './calendar.js';
import { httpUrl } from './escape.js';
import { strings } from './i18n.js';
import { buildMessage } from './mime.js';

export { escapeHtml } from './escape.js';
export { calendarUid, sequenceFor } from './calendar.js';

export interface ComposedMail {
  /** Recipient address (envelope and To). */
  to: string;
  /** The subject, for logs and tests; already encoded inside raw. */
  subject: string;
  /** The whole RFC 5322 message with text, HTML and (for calendar kinds) calendar parts. */
  raw: Uint8Array;
}

export interface ComposeOptions extends BodyOptions {
  /** Base URL of the app, for links in the mail; omitted links are left out. */
  appUrl?: string;
  /** The clock, for DTSTAMP and Date (tests pin it). */
  now?: Date;
}

/** The kinds composeMail renders today; 'follow-up' waits for the meeting summary in the MailJob. */
export const COMPOSABLE_KINDS = ['invitation', 'update', 'cancellation', 'reminder'] as const satisfies readonly MailKind[];

/** Which iTIP method a kind carries; reminders repeat the details without touching the calendar. */
const calendarMethod: Record<(typeof COMPOSABLE_KINDS)[number], CalendarMethod | undefined> = {
  invitation: 'REQUEST',
  update: 'REQUEST',
  cancellation: 'CANCEL',
  reminder: undefined,
};

export class UnsupportedMailKindError extends Error {
  constructor(readonly kind: MailKind) {
    super(`mail kind ${kind} cannot be composed yet`);
    this.name = 'UnsupportedMailKindError';
  }
}

export function composeMail(job: MailJob, settings: NetworkSettings, options: ComposeOptions = {}): ComposedMail {
  const { kind } = job;
  if (!isMeetingMail(job) || !isRenderable(kind)) throw new UnsupportedMailKindError(kind);
  const now = options.now ?? new Date();
  const content = mailContent({ ...job, kind }, settings, options);
  const method = calendarMethod[kind];

  const raw = buildMessage({
    from: { name: settings.name, email: settings.senderAddress },
    to: { name: job.recipient.name, email: job.recipient.email },
    replyTo: { name: settings.contact.name, email: settings.contact.email },
    subject: content.subject,
    date: now,
    language: content.language,
    text: renderText(content),
    html: renderHtml(content),
    calendar: method && {
      method,
      ics: buildCalendar({
        method,
        meeting: job.meeting,
        recipient: job.recipient,
        settings,
        description: calendarDescription(job),
        now,
      }),
    },
  });
  return { to: job.recipient.email, subject: content.subject, raw };
}

/** A short DESCRIPTION: the agenda and the link; the mail body has everything else. */
function calendarDescription({ meeting, recipient }: MeetingMailJob): string {
  const t = strings[recipient.language];
  const lines: string[] = [];
  if (meeting.agenda.length > 0) lines.push(`${t.agenda}:`, ...meeting.agenda.map((item, i) => `${i + 1}. ${item}`), '');
  const online = httpUrl(meeting.onlineUrl);
  if (online) lines.push(`${t.labels.online}: ${online}`, '');
  lines.push(t.seeMail);
  return lines.join('\n');
}
