// Inviting a person added after meetings were scheduled, mounted by app.ts:
//   GET  /api/people/{personId}/meetings-to-offer  upcoming meetings whose audience matches them, not yet inviting them
//   POST /api/people/{personId}/invitations        {meetingIds}: each such meeting invites them, 202
//
// Inviting goes the one way a meeting's invitations change: a new version of the meeting
// (meeting-rescheduled, changed: audience, i.e. who it reaches) whose fan-out invites everyone the
// audience now matches and is not invited yet, with "notify": false so the people already invited
// are not mailed again. Reserved and published like any change (meeting-routes.ts meetingChanges).
import * as z from 'zod/mini';
import { lazySchema } from '../contract/lazy-schema.js';
import '../contract/zod-locale.js';
import type * as Api from '../contract/api-types.js';
import { DetailType } from '../contract/events.js';
import { pendingChangeOf } from '../domain/meeting/fan-out.js';
import { INVITE_LATER_MEETINGS, offersMeeting } from '../domain/meeting/invite-later.js';
import type { MeetingRecord } from '../domain/meeting/model.js';
import type { PeopleStore } from '../domain/person/store.js';
import type { NetworkPerson } from '../domain/person/audience.js';
import { validateBody } from '../domain/field-errors.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { HttpError, invalid, json, noSuch, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';
import { draftOf, meetingAccess, meetingChanges, type MeetingApiPorts, type MeetingLifecycleApiPorts } from './meeting-routes.js';

// Built on first use (lazySchema), as the contract's schemas (functions/contract/events.ts says why).
const inviteLaterRequest = /* @__PURE__ */ lazySchema(() =>
  z.strictObject({
    meetingIds: z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(INVITE_LATER_MEETINGS)),
  }),
);

const offerOf = (m: MeetingRecord): Api.MeetingOffer => ({ meetingId: m.meetingId, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, hostMunicipality: m.hostMunicipality });

export function inviteLaterRoutes(
  context: ApiContext,
  reads: Pick<MeetingApiPorts, 'listMeetings'>,
  lifecycle: MeetingLifecycleApiPorts,
  people: Pick<PeopleStore, 'getPerson'>,
): ApiRoute[] {
  const { now } = context;
  const { decide, refuseWhileBusy, reserveAndPublish } = meetingChanges(context, lifecycle);

  async function personOr404(event: Event): Promise<NetworkPerson> {
    const id = pathIdOr404(event, 'personId', 'person');
    const person = await people.getPerson(id);
    if (!person) throw noSuch('person', id);
    return person;
  }

  /** Whether `meetingId` should invite the person now, with the meeting read for it. */
  async function offered(person: NetworkPerson, meetingId: string, at: Date): Promise<MeetingRecord | undefined> {
    const meeting = await lifecycle.getMeeting(meetingId);
    if (!meeting) return undefined;
    const invitation = await lifecycle.getInvitation(meetingId, person.personId);
    return offersMeeting(person, meeting, invitation, at) ? meeting : undefined;
  }

  async function meetingsToOffer(event: Event): Promise<Result> {
    const person = await personOr404(event);
    const at = now();
    // The index lists them by start; the soonest open ones are read whole.
    const upcoming = (await reads.listMeetings()).filter((m) => m.status === 'scheduled' && Date.parse(m.endsAt) > at.getTime()).slice(0, INVITE_LATER_MEETINGS);
    const meetings: Api.MeetingOffer[] = [];
    for (const m of upcoming) {
      const meeting = await offered(person, m.meetingId, at);
      if (meeting) meetings.push(offerOf(meeting));
    }
    return json(200, { personId: person.personId, meetings } satisfies Api.MeetingsToOffer);
  }

  async function invite(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const person = await personOr404(event);
    const valid = validateBody(inviteLaterRequest, body);
    if (!valid.ok) return invalid('invitation', valid.errors);
    const answer: Api.InviteLaterAnswer = { personId: person.personId, invited: [], refused: [] };
    for (const meetingId of [...new Set(valid.value.meetingIds)]) {
      const at = now();
      const meeting = await offered(person, meetingId, at);
      if (!meeting) {
        answer.refused.push({ meetingId, message: 'the meeting does not invite this person: it is over, closed, already inviting them, or for another audience' });
        continue;
      }
      try {
        const t = decide('rescheduled', meeting, at);
        if (!t.ok) throw new HttpError(409, t.conflict);
        refuseWhileBusy(meeting);
        const version = meeting.version + 1;
        const change = pendingChangeOf(DetailType.MeetingRescheduled, { ...draftOf(meeting), meetingId, version, changed: ['audience'], notify: false });
        await reserveAndPublish(meeting, change, version, at, () => lifecycle.reserveReschedule(meetingId, meeting.version, change, at), 'rescheduled');
        answer.invited.push(meetingId);
      } catch (err) {
        if (!(err instanceof HttpError) || err.statusCode !== 409) throw err;
        answer.refused.push({ meetingId, message: err.message });
      }
    }
    return json(202, answer);
  }

  return [
    { method: 'GET', path: '/api/people/{personId}/meetings-to-offer', access: meetingAccess, handler: meetingsToOffer },
    { method: 'POST', path: '/api/people/{personId}/invitations', access: meetingAccess, handler: invite },
  ];
}
