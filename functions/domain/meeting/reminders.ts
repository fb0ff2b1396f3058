// Which reminder schedules a meeting version has: one per configured offset still in the future.
// Pure: names and times only; the scheduler adapter creates and deletes them.
import { createHash } from 'node:crypto';
import type * as Api from '../../contract/api-types.js';
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

// ---- a meeting's own reminders (issue 16) ----

/** A meeting's reminders: its own when set, else the network's offsets, on. */
export interface ReminderSettings {
  enabled: boolean;
  offsetsHours: number[];
}

/** One reminder or nudge the meetings function sent (kept on the meeting, for its page). */
export type SentReminder = Api.SentReminder;

const byOffset = (a: number, b: number) => b - a;

export function reminderSettingsOf(meeting: { reminders?: ReminderSettings | undefined }, networkOffsetsHours: readonly number[]): ReminderSettings {
  const own = meeting.reminders;
  const offsets = own ? own.offsetsHours : networkOffsetsHours;
  return { enabled: own ? own.enabled : true, offsetsHours: [...new Set(offsets)].sort(byOffset) };
}

/** The offsets to schedule for a meeting version: none when its reminders are off. */
export const offsetsToSchedule = (settings: ReminderSettings): number[] => (settings.enabled ? settings.offsetsHours : []);

/**
 * Checked when a reminder fires: the meeting's reminders may have been turned off or changed
 * since the schedule was made (a schedule that was not deleted must then send nothing).
 */
export function reminderStillWanted(settings: ReminderSettings, offsetHours: number): boolean {
  return settings.enabled && settings.offsetsHours.includes(offsetHours);
}

/** Changes that tell invitees nothing new: the version moves on without an update mail. */
const QUIET_CHANGES: readonly string[] = ['reminders'];
export const isQuietChange = (changed: readonly string[] | undefined): boolean =>
  changed !== undefined && changed.length > 0 && changed.every((c) => QUIET_CHANGES.includes(c));

/** Whether a nudge already went out for this version (a nudge is sent once per version). */
export const nudgeSent = (sent: readonly SentReminder[] | undefined, version: number): SentReminder | undefined =>
  (sent ?? []).find((s) => s.nudge === true && s.version === version);

/**
 * The reminders as the meeting page shows them: the settings, what went out (each once, however
 * often a duplicate delivery recorded it), and which are still to come for the current version,
 * the nearest first (none once the meeting is not scheduled).
 */
export function reminderStatus(
  meeting: { meetingId: string; version: number; startsAt: string; status: Api.MeetingStatus; reminders?: ReminderSettings | undefined; remindersSent?: readonly SentReminder[] | undefined },
  networkOffsetsHours: readonly number[],
  now: Date,
): Api.MeetingReminderStatus {
  const settings = reminderSettingsOf(meeting, networkOffsetsHours);
  const seen = new Set<string>();
  const sent: SentReminder[] = [];
  for (const s of meeting.remindersSent ?? []) {
    const id = `${s.version}|${s.nudge ? 'nudge' : s.offsetHours}`;
    if (seen.has(id)) continue;
    seen.add(id);
    sent.push(s);
  }
  sent.sort((a, b) => a.at.localeCompare(b.at));
  const wentOut = new Set(sent.filter((s) => s.version === meeting.version && !s.nudge).map((s) => s.offsetHours));
  const upcoming =
    meeting.status === 'scheduled'
      ? plannedReminders(meeting, offsetsToSchedule(settings), now)
          .filter((r) => !wentOut.has(r.detail.offsetHours))
          .map((r) => ({ offsetHours: r.detail.offsetHours, at: r.at.toISOString() }))
          .sort((a, b) => a.at.localeCompare(b.at))
      : [];
  return {
    enabled: settings.enabled,
    offsetsHours: settings.offsetsHours,
    custom: meeting.reminders !== undefined,
    sent,
    next: upcoming[0] ?? null,
    upcoming,
  };
}
