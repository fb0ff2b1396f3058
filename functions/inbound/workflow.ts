// Mail to the network's reply address (SES receiving stored it; functions/inbound/handler.ts hands
// over its message id) and the calendar answers it carries:
//   an iTIP REPLY  -> one rsvp-received (via calendar) per matched attendee, applied by applyCalendarAnswer
//   anything else  -> forwarded to the network's facilitators (once per message)
import type { DetailOf } from '../contract/events.js';
import { DetailType } from '../contract/event-names.js';
import type { NetworkSettings } from '../contract/network.js';
import type { InvitationStore, MeetingStore } from '../domain/meeting/store.js';
import type { Publish } from '../domain/publish.js';
import type { ComposedMail, Mailbox } from '../mail/mime.js';
import { forwardedMail } from './forward.js';
import { answerTime, decideReply, readCalendarReplies, type CalendarReply } from './itip.js';
import { parseMessage, type InboundMessage } from './message.js';

/** What SES's Lambda action tells about a received mail (the body is only in the stored copy). */
export interface ReceivedMail {
  messageId: string;
  /** When SES received it. */
  receivedAt: Date;
  /** SES's virus scan; a FAIL is dropped unread. */
  virusVerdict?: string;
}

export interface InboundPorts extends Pick<MeetingStore, 'getMeeting'>, Pick<InvitationStore, 'getInvitation' | 'saveAnswer'> {
  /** The raw message SES stored for this message id. */
  readRawMail(messageId: string): Promise<Uint8Array>;
  personByAddress(email: string): Promise<{ personId: string } | undefined>;
  publish: Publish<typeof DetailType.RsvpReceived>;
  settings(): NetworkSettings;
  facilitators(): Promise<Mailbox[]>;
  wasForwarded(messageId: string): Promise<boolean>;
  markForwarded(messageId: string, at: Date): Promise<void>;
  send(mail: ComposedMail): Promise<void>;
  now(): Date;
}

export type InboundOutcome =
  | { status: 'dropped'; reason: string }
  | { status: 'answers'; published: number; unmatched: number }
  | { status: 'forwarded'; to: number }
  | { status: 'already-forwarded' };

export async function receiveMail(mail: ReceivedMail, ports: InboundPorts): Promise<InboundOutcome> {
  if (mail.virusVerdict === 'FAIL') return { status: 'dropped', reason: 'virus verdict FAIL' };
  const parsed = await parseMessage(await ports.readRawMail(mail.messageId));
  const replies = await calendarReplies(parsed);
  if (replies.length > 0) {
    let published = 0;
    let unmatched = 0;
    for (const reply of replies) {
      const person = await ports.personByAddress(reply.attendee);
      if (person === undefined) {
        unmatched++;
        continue;
      }
      // The same mail twice publishes the same event twice (same answeredAt): applying it again changes nothing.
      await ports.publish(DetailType.RsvpReceived, {
        meetingId: reply.meetingId,
        personId: person.personId,
        answer: reply.answer,
        answeredAt: answerTime(reply, mail.receivedAt).toISOString(),
        via: 'calendar',
        version: reply.version,
      });
      published++;
    }
    // An answer from an address nobody holds (an alias, a forwarded invitation) is for a person to judge.
    if (unmatched > 0) await forward(mail, parsed, ports);
    return { status: 'answers', published, unmatched };
  }
  // RFC 3834: out-of-office and other automatic answers to invitations would flood the facilitators.
  if (parsed.autoSubmitted !== 'no') return { status: 'dropped', reason: `Auto-Submitted: ${parsed.autoSubmitted}` };
  return forward(mail, parsed, ports);
}

/** The answers in the mail's calendar parts (inline text/calendar or an .ics attachment). */
async function calendarReplies(parsed: InboundMessage): Promise<CalendarReply[]> {
  const seen = new Set<string>();
  const replies: CalendarReply[] = [];
  for (const ics of parsed.calendars) {
    let found: CalendarReply[];
    try {
      found = await readCalendarReplies(ics);
    } catch {
      continue; // not iCalendar after all: the mail goes on as a plain reply if nothing else answers
    }
    // Clients send the same object inline and as invite.ics: one answer each.
    for (const r of found) {
      const id = `${r.meetingId}|${r.attendee}|${r.version}`;
      if (!seen.has(id)) replies.push(r);
      seen.add(id);
    }
  }
  return replies;
}

async function forward(mail: ReceivedMail, parsed: InboundMessage, ports: InboundPorts): Promise<InboundOutcome> {
  if (await ports.wasForwarded(mail.messageId)) return { status: 'already-forwarded' };
  const facilitators = await ports.facilitators();
  const settings = ports.settings();
  const now = ports.now();
  // Sent, then recorded: a crash in between forwards it again, which beats losing it.
  for (const to of facilitators) await ports.send(forwardedMail(parsed, to, settings, now));
  await ports.markForwarded(mail.messageId, now);
  return { status: 'forwarded', to: facilitators.length };
}

export type AnswerOutcome = { status: 'recorded' | 'older' } | { status: 'ignored'; reason: string };

/**
 * rsvp-received: a calendar answer becomes the person's answer through the store's saveAnswer, as
 * an answer link's does, if decideReply lets it. Link answers were recorded by the api already.
 */
export async function applyCalendarAnswer(detail: DetailOf<typeof DetailType.RsvpReceived>, ports: Pick<InboundPorts, 'getMeeting' | 'getInvitation' | 'saveAnswer'>): Promise<AnswerOutcome> {
  if (detail.via !== 'calendar') return { status: 'ignored', reason: 'answered by link: the api recorded it' };
  const [meeting, invitation] = await Promise.all([ports.getMeeting(detail.meetingId), ports.getInvitation(detail.meetingId, detail.personId)]);
  if (meeting === undefined) return { status: 'ignored', reason: 'no such meeting' };
  const at = new Date(detail.answeredAt);
  const version = detail.version ?? meeting.version;
  const decision = decideReply(meeting, invitation, { answer: detail.answer, version }, at);
  if (!decision.record) return { status: 'ignored', reason: decision.reason };
  // The version answered: after a move, a reply to the new SEQUENCE is the reconfirmation.
  return { status: await ports.saveAnswer(detail.meetingId, detail.personId, detail.answer, at, meeting.endsAt, { version }) };
}
