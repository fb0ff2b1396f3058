// The facilitator's nudge, mounted by app.ts with the lifecycle routes:
//   POST /api/meetings/{id}/nudge   a reminder only to invitees without an answer: reminder-due
//                                   with nudge, 202; 200 when this version's nudge already went out
// Idempotent: one nudge per meeting version. The meetings function sends it to those without an
// answer when it arrives, and the mailer's claim (meeting, version, kind, person) keeps a repeated
// request (or a duplicate event) from mailing anyone twice.
import type { MeetingNudgeAnswer } from '../contract/api-types.js';
import { DetailType } from '../contract/events.js';
import { changeBlockedBy } from '../domain/meeting/fan-out.js';
import { nudgeSent } from '../domain/meeting/reminders.js';
import { checkReminder } from '../domain/meeting/state.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, json, noSuch, pathIdOr404, type Event, type Result } from './http.js';
import { meetingAccess, type MeetingApiPorts } from './meeting-routes.js';

const HOUR_MS = 3_600_000;

export function meetingNudgeRoutes(context: ApiContext, ports: Pick<MeetingApiPorts, 'getMeetingWithInvitations'>): ApiRoute[] {
  async function nudge(event: Event): Promise<Result> {
    const id = pathIdOr404(event, 'meetingId', 'meeting');
    const meeting = await ports.getMeetingWithInvitations(id);
    if (!meeting) throw noSuch('meeting', id);
    const at = context.now();
    // The same rule as a scheduled reminder's: a scheduled meeting, this version, not started.
    const check = checkReminder(meeting, meeting.version, at);
    if (!check.send) {
      const why = meeting.status !== 'scheduled' ? `the meeting is ${meeting.status}` : 'the meeting has already started';
      throw new HttpError(409, `A nudge cannot be sent: ${why}.`);
    }
    const busy = changeBlockedBy(meeting);
    if (busy) throw new HttpError(409, busy);
    const unanswered = meeting.invitations.filter((i) => i.answer === null).length;
    const answer = (status: MeetingNudgeAnswer['status'], sentAt?: string): MeetingNudgeAnswer => ({
      meetingId: meeting.meetingId,
      version: meeting.version,
      status,
      unanswered,
      ...(sentAt ? { sentAt } : {}),
    });
    const earlier = nudgeSent(meeting.remindersSent, meeting.version);
    if (earlier) return json(200, answer('already-sent', earlier.at));
    if (unanswered === 0) throw new HttpError(409, 'Everyone invited has answered, so there is no one to nudge.');
    const offsetHours = Math.max(1, Math.ceil((Date.parse(meeting.startsAt) - at.getTime()) / HOUR_MS));
    await context.publish(DetailType.ReminderDue, { meetingId: meeting.meetingId, version: meeting.version, offsetHours, nudge: true });
    return json(202, answer('sending'), { location: `/api/meetings/${meeting.meetingId}` });
  }

  return [{ method: 'POST', path: '/api/meetings/{meetingId}/nudge', access: meetingAccess, handler: nudge }];
}
