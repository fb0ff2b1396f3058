// The daily digest's rules: which local day a run covers, what came in on it (answers and
// reflections, by when they were given), and the mail job per facilitator who asked for it.
// A run at any time on day D covers the whole of day D-1 in the network's time zone, so every
// answer is in exactly one digest however late the run, and a repeated run builds the same jobs
// (the mailer's record per day and person keeps it to one mail each).
import type { DigestMailJob, DigestMeeting, Recipient } from '../../contract/mail-job.js';
import type { RsvpAnswer } from '../../contract/events.js';
import { localTimeAt, zonedTimeToInstant } from '../zoned-time.js';

/** Items per meeting in one digest (the rest are counted): keeps a mail job far below the queue's 256 KB. */
export const DIGEST_ITEMS_PER_MEETING = 40;
/** Meetings per digest (the soonest first). */
export const DIGEST_MEETINGS = 20;
/** Reflection text in a digest, in characters (the app shows the whole). */
export const DIGEST_TEXT_CHARS = 300;
/** Meetings ended longer ago than this take no more reflections (the follow-up's form closes after 60 days). */
export const DIGEST_LOOKBACK_DAYS = 61;

const two = (n: number) => String(n).padStart(2, '0');

/** The local day a run at `now` covers (the day before), with its start and end instants. */
export function digestDay(now: Date, timeZone: string): { date: string; from: number; to: number } {
  const today = localTimeAt(now.getTime(), timeZone);
  const midnight = (y: number, m: number, d: number) => zonedTimeToInstant({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, timeZone)!;
  const to = midnight(today.year, today.month, today.day);
  const y = localTimeAt(to - 12 * 3_600_000, timeZone);
  return { date: `${y.year}-${two(y.month)}-${two(y.day)}`, from: midnight(y.year, y.month, y.day), to };
}

export interface DigestSource {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  answers: readonly { name: string; answer: RsvpAnswer; answeredAt: string }[];
  reflections: readonly { name: string; text: string; submittedAt: string }[];
}

/** Whether a meeting can have news for a day starting at `from` (answers until it ends, reflections some weeks after). */
export const mayHaveNews = (m: { endsAt: string }, from: number) => Date.parse(m.endsAt) >= from - DIGEST_LOOKBACK_DAYS * 86_400_000;

const within = (iso: string, day: { from: number; to: number }) => {
  const t = Date.parse(iso);
  return t >= day.from && t < day.to;
};

const shorten = (text: string) => (text.length > DIGEST_TEXT_CHARS ? `${text.slice(0, DIGEST_TEXT_CHARS - 1).trimEnd()}…` : text);

/** What came in on the day, per meeting (the soonest meeting first); empty when nothing did. */
export function digestNews(sources: readonly DigestSource[], day: { from: number; to: number }): DigestMeeting[] {
  const out: DigestMeeting[] = [];
  for (const m of [...sources].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))) {
    const answers = m.answers.filter((a) => within(a.answeredAt, day)).sort((a, b) => a.answeredAt.localeCompare(b.answeredAt));
    const reflections = m.reflections.filter((r) => within(r.submittedAt, day)).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    const total = answers.length + reflections.length;
    if (total === 0) continue;
    const keptReflections = reflections.slice(0, DIGEST_ITEMS_PER_MEETING);
    const keptAnswers = answers.slice(0, DIGEST_ITEMS_PER_MEETING - keptReflections.length);
    out.push({
      meetingId: m.meetingId,
      title: m.title,
      startsAt: m.startsAt,
      answers: keptAnswers.map((a) => ({ name: a.name, answer: a.answer })),
      reflections: keptReflections.map((r) => ({ name: r.name, text: shorten(r.text) })),
      more: total - keptAnswers.length - keptReflections.length,
    });
  }
  return out.slice(0, DIGEST_MEETINGS);
}

/** One job per subscriber; none when nothing came in. */
export const digestJobs = (date: string, news: DigestMeeting[], subscribers: readonly Recipient[]): DigestMailJob[] =>
  news.length === 0 ? [] : subscribers.map((recipient) => ({ kind: 'digest', date, recipient, meetings: news }));
