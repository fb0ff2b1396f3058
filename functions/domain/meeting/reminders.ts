// Which reminder schedules a meeting version has: one per configured offset still in the future.
// Pure: names and times only; the scheduler adapter creates and deletes them.
import { createHash } from 'node:crypto';
import type { ReminderSchedule } from './model.js';

/** Scheduler names: [0-9a-zA-Z-_.], at most 64 characters. */
const MAX_NAME = 64;
/** A reminder closer than this to now is not scheduled (it would fire at once or be refused). */
const MIN_LEAD_MS = 60_000;

/** A meeting's schedule name, <prefix><meeting><suffix>, derivable from what the meeting item knows. */
export function meetingScheduleName(prefix: string, meetingId: string, suffix: string): string {
  const plain = `${prefix}${meetingId}${suffix}`;
  if (plain.length <= MAX_NAME && /^[0-9A-Za-z._-]+$/.test(meetingId)) return plain;
  // Long or unusual ids: a hash keeps the name short and still derivable.
  return `${prefix}${createHash('sha256').update(meetingId).digest('hex').slice(0, 32)}${suffix}`;
}

/** A reminder's schedule: r-<meeting>-v<version>-<offset>h. */
export const reminderName = (meetingId: string, version: number, offsetHours: number): string =>
  meetingScheduleName('r-', meetingId, `-v${version}-${offsetHours}h`);

/** The reminders of one meeting version; offsets whose time has passed are skipped. */
export function plannedReminders(
  meeting: { meetingId: string; version: number; startsAt: string },
  offsetsHours: readonly number[],
  now: Date,
): ReminderSchedule[] {
  const start = Date.parse(meeting.startsAt);
  return [...new Set(offsetsHours)]
    .map((offsetHours) => ({
      name: reminderName(meeting.meetingId, meeting.version, offsetHours),
      at: new Date(start - offsetHours * 3_600_000),
      detail: { meetingId: meeting.meetingId, version: meeting.version, offsetHours },
    }))
    .filter((r) => r.at.getTime() - now.getTime() >= MIN_LEAD_MS);
}

/** Every name a version's reminders may have (to delete them, whether or not they were created). */
export const reminderNames = (meetingId: string, version: number, offsetsHours: readonly number[]) =>
  [...new Set(offsetsHours)].map((h) => reminderName(meetingId, version, h));
