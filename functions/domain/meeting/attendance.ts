// Who came to a meeting: the check-in list's request, when it may be recorded, what the meeting
// page and the overview show of it, and who gets which follow-up. Plain functions over plain data.
//
// When: from the start of the meeting's day in the network's time zone (check-in at the door,
// before the start), and any time after it, also once the follow-up went out (late corrections
// keep the figures true; mails already sent are not sent again). Never for a cancelled meeting.
import * as z from 'zod/mini';
import '../../contract/zod-locale.js';
import type { AttendanceSummary, MeetingAttendance, MunicipalityAttendance } from '../../contract/api-types.js';
import type { Transition } from '../transition.js';
import { expected } from '../field-errors.js';
import { compareDanish } from '../danish-order.js';
import { localTimeAt, zonedTimeToInstant } from '../zoned-time.js';
import type { MeetingStatus } from './model.js';

export type { AttendanceSummary, MeetingAttendance };

/** More than any meeting's audience; bounds the body and the stored list. */
export const MAX_PRESENT = 5000;

/**
 * PUT /api/meetings/{id}/attendance: `present` is the whole list of person ids present (so a repeat
 * is the same request). Every id must be someone invited to this meeting (`invited`); each
 * one that is not is named in its own error, by position and id.
 */
export const attendanceRequestSchema = (invited: ReadonlySet<string>) =>
  z.strictObject(
    {
      present: z
        .array(
          z.string(expected('a person id')).check(
            z.refine((id) => invited.has(id), {
              error: (issue) => `"${String(issue.input).slice(0, 64)}" is not a person invited to this meeting`,
            }),
          ),
          expected('an array of person ids'),
        )
        .check(z.maxLength(MAX_PRESENT)),
    },
    expected('a JSON object with present (an array of person ids)'),
  );

/** The first instant of the local day a meeting starts on (in its own time zone). */
export function startOfMeetingDay(m: { startsAt: string; timeZone: string }): number {
  const local = localTimeAt(Date.parse(m.startsAt), m.timeZone);
  // Midnight exists in every zone the network uses; fall back to the start itself if it ever does not.
  return zonedTimeToInstant({ ...local, hour: 0, minute: 0, second: 0 }, m.timeZone) ?? Date.parse(m.startsAt);
}

/** Whether attendance may be recorded at `now` (see the file's head). */
export function canRecordAttendance<M extends { status: MeetingStatus; startsAt: string; timeZone: string }>(m: M, now: Date): Transition<M> {
  if (m.status === 'cancelled') return { ok: false, conflict: 'The meeting was cancelled, so there is no attendance to record.' };
  if (now.getTime() < startOfMeetingDay(m)) {
    return { ok: false, conflict: 'Attendance can be recorded from the day of the meeting.' };
  }
  return { ok: true, next: m };
}

/** The stored attendance of a request: each person once, in a stable order (a repeat writes the same item). */
export const attendanceRecord = (present: readonly string[], at: Date): MeetingAttendance => ({
  present: [...new Set(present)].sort(),
  recordedAt: at.toISOString(),
});

/** Whether one invitee came: null while nothing is recorded. */
export const attendedOf = (attendance: MeetingAttendance | undefined, personId: string): boolean | null =>
  attendance ? attendance.present.includes(personId) : null;

/** The invitations with `attended` set (a Set, so a page of 1,000 is not 1,000 list scans). */
export function withAttended<I extends { personId: string }>(invitations: readonly I[], attendance: MeetingAttendance | undefined): (I & { attended: boolean | null })[] {
  const present = attendance ? new Set(attendance.present) : undefined;
  return invitations.map((i) => ({ ...i, attended: present ? present.has(i.personId) : null }));
}

/** Attendance overall and per municipality (those without one last); null while nothing is recorded. */
export function attendanceSummary(
  invitations: readonly { personId: string; municipality: string | null }[],
  attendance: MeetingAttendance | undefined,
): AttendanceSummary | null {
  if (!attendance) return null;
  const present = new Set(attendance.present);
  const by = new Map<string | null, MunicipalityAttendance>();
  let came = 0;
  for (const i of invitations) {
    const row = by.get(i.municipality) ?? { municipality: i.municipality, invited: 0, present: 0 };
    row.invited++;
    if (present.has(i.personId)) {
      row.present++;
      came++;
    }
    by.set(i.municipality, row);
  }
  const byMunicipality = [...by.values()].sort((a, b) =>
    a.municipality === null ? 1 : b.municipality === null ? -1 : compareDanish(a.municipality, b.municipality),
  );
  return { invited: invitations.length, present: came, byMunicipality };
}

/**
 * Who gets which follow-up. With attendance recorded: those who came get it in full, everyone
 * else invited a shorter note (whatever they answered). Without it, today's rule: the full
 * follow-up to everyone who did not decline, nothing to those who did.
 */
export function followUpAudience<I extends { recipient: { personId: string }; answer?: string }>(
  invitations: readonly I[],
  attendance: MeetingAttendance | undefined,
): { full: I[]; absent: I[] } {
  if (!attendance) return { full: invitations.filter((i) => i.answer !== 'decline'), absent: [] };
  const present = new Set(attendance.present);
  return {
    full: invitations.filter((i) => present.has(i.recipient.personId)),
    absent: invitations.filter((i) => !present.has(i.recipient.personId)),
  };
}
