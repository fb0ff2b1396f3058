// The daily digest: once a day (an EventBridge Scheduler schedule at a morning hour in the
// network's time zone) every facilitator who asked for it gets one mail with the answers and
// reflections that came in on the day before; nothing is sent when nothing came in. Idempotent:
// a repeated run covers the same day and builds the same jobs, and the mailer's record per
// (day, person) sends each once.
import type { Recipient } from '../contract/mail-job.js';
import type { MailQueue } from '../domain/mail/store.js';
import { digestDay, digestJobs, digestNews, mayHaveNews, type DigestSource } from '../domain/meeting/digest.js';
import type { DigestSubscriptionStore, InvitationStore, MeetingStore, ReflectionStore } from '../domain/meeting/store.js';
import { recipientOf } from '../domain/person/audience.js';
import type { PeopleStore } from '../domain/person/store.js';
import { forEachLimit } from '../shared/concurrency.js';

export interface DigestPorts
  extends Pick<DigestSubscriptionStore, 'listDigestSubscribers'>,
    Pick<MeetingStore, 'listMeetings'>,
    Pick<InvitationStore, 'listInvitations'>,
    Pick<ReflectionStore, 'listReflections'>,
    Pick<PeopleStore, 'listPeople'>,
    MailQueue {
  /** The config's facilitators: someone who is no longer one gets no digest. */
  facilitators(): readonly string[];
  timeZone(): string;
  now(): Date;
}

export type DigestOutcome =
  | { status: 'no-subscribers'; date: string }
  | { status: 'nothing-new'; date: string }
  | { status: 'sent'; date: string; mails: number; meetings: number };

/** Meeting partitions read at once. */
const READS_AT_ONCE = 4;

export async function sendDailyDigest(ports: DigestPorts): Promise<DigestOutcome> {
  const day = digestDay(ports.now(), ports.timeZone());
  const facilitators = new Set(ports.facilitators());
  const subscriberIds = (await ports.listDigestSubscribers()).filter((id) => facilitators.has(id));
  if (subscriberIds.length === 0) return { status: 'no-subscribers', date: day.date };
  const people = new Map((await ports.listPeople()).map((p) => [p.personId, p]));
  const subscribers: Recipient[] = subscriberIds.flatMap((id) => {
    const p = people.get(id);
    return p ? [recipientOf(p)] : [];
  });
  if (subscribers.length === 0) return { status: 'no-subscribers', date: day.date };

  const meetings = (await ports.listMeetings()).filter((m) => mayHaveNews(m, day.from));
  const sources: DigestSource[] = [];
  await forEachLimit(meetings, READS_AT_ONCE, async (m) => {
    const [invitations, reflections] = await Promise.all([ports.listInvitations(m.meetingId), ports.listReflections(m.meetingId)]);
    sources.push({
      meetingId: m.meetingId,
      title: m.title,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      answers: invitations.flatMap((i) => (i.answer && i.answeredAt ? [{ name: i.recipient.name, answer: i.answer, answeredAt: i.answeredAt }] : [])),
      reflections,
    });
  });
  const news = digestNews(sources, day);
  const jobs = digestJobs(day.date, news, subscribers);
  if (jobs.length === 0) return { status: 'nothing-new', date: day.date };
  await ports.enqueue(jobs);
  return { status: 'sent', date: day.date, mails: jobs.length, meetings: news.length };
}
