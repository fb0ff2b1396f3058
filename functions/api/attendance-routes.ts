// Who came, and the list to print or take away, mounted by app.ts:
//   PUT /api/meetings/{id}/attendance        {"present": [personId, ...]}: the whole list of people
//                                            present (a repeat is the same); 200 with the summary
//   GET /api/meetings/{id}/participants.csv  ?lang=da|en: the participant list for the spreadsheet
// Attendance may be recorded from the meeting's day on, never for a cancelled meeting
// (functions/domain/meeting/attendance.ts says why). The follow-up reads it: the full follow-up
// to those who came, a shorter note to the rest (functions/meetings/lifecycle.ts).
import type * as Api from '../contract/api-types.js';
import { validateBody } from '../domain/field-errors.js';
import { attendanceRecord, attendanceRequestSchema, attendanceSummary, canRecordAttendance, withAttended } from '../domain/meeting/attendance.js';
import type { MeetingWithInvitations } from '../domain/meeting/model.js';
import { participantsCsv, participantsFileName, type Participant } from '../domain/meeting/participants-csv.js';
import type { AttendanceStore, MeetingStore } from '../domain/meeting/store.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, json, noSuch, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';
import { meetingAccess } from './meeting-routes.js';

export type AttendanceApiPorts = Pick<MeetingStore, 'getMeetingWithInvitations'> & AttendanceStore;

export function attendanceRoutes(context: ApiContext, ports: AttendanceApiPorts): ApiRoute[] {
  async function meetingOr404(event: Event): Promise<MeetingWithInvitations> {
    const id = pathIdOr404(event, 'meetingId', 'meeting');
    const meeting = await ports.getMeetingWithInvitations(id);
    if (!meeting) throw noSuch('meeting', id);
    return meeting;
  }

  async function recordAttendance(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const meeting = await meetingOr404(event);
    const at = context.now();
    const allowed = canRecordAttendance(meeting, at);
    if (!allowed.ok) throw new HttpError(409, allowed.conflict);
    const valid = validateBody(attendanceRequestSchema(new Set(meeting.invitations.map((i) => i.personId))), body);
    if (!valid.ok) return invalid('attendance', valid.errors);
    const attendance = attendanceRecord(valid.value.present, at);
    if (!(await ports.recordAttendance(meeting.meetingId, attendance))) {
      throw new HttpError(409, 'The meeting was cancelled meanwhile, so there is no attendance to record.');
    }
    const answer: Api.AttendanceAnswer = {
      meetingId: meeting.meetingId,
      attendance,
      summary: attendanceSummary(meeting.invitations, attendance)!,
    };
    return json(200, answer);
  }

  async function participants(event: Event): Promise<Result> {
    const settings = context.settings();
    const lang = event.queryStringParameters?.lang ?? settings.defaultLanguage;
    if (lang !== 'da' && lang !== 'en') return invalid('participant list', [{ field: 'lang', message: 'must be one of: da, en' }]);
    const meeting = await meetingOr404(event);
    // The answer's comment, where the answer page collects one (read by name, so this list needs no change when it lands).
    const rows: Participant[] = withAttended(meeting.invitations, meeting.attendance);
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${participantsFileName(meeting.title, meeting.startsAt, settings.timeZone)}"`,
        'cache-control': 'no-store',
      },
      body: participantsCsv(rows, lang, settings.timeZone),
    };
  }

  return [
    { method: 'PUT', path: '/api/meetings/{meetingId}/attendance', access: meetingAccess, handler: recordAttendance },
    { method: 'GET', path: '/api/meetings/{meetingId}/participants.csv', access: meetingAccess, handler: participants },
  ];
}
