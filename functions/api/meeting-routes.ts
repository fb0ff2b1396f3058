// The facilitator's meeting endpoints, mounted by app.ts:
//   POST  /api/meetings                   schedule: meeting-scheduled, 202
//   GET   /api/meetings                   every meeting, with whether it has ended
//   GET   /api/meetings/overview          upcoming and recent meetings, the nearest with their counts
//   GET   /api/meetings/{id}              one meeting with its counts and a page of its invitations
//                                         (?limit=&cursor=, by name; nextCursor for the next page)
// and, with the lifecycle ports (meetingChangeRoutes):
//   PATCH /api/meetings/{id}              reschedule (new time/place/...): meeting-rescheduled, 202
//                                         ("notify": false for an agenda edit nobody is mailed about)
//   POST  /api/meetings/{id}/cancel       meeting-cancelled, 202
//   POST  /api/meetings/{id}/follow-up    meeting-held (after the end), 202
//   GET   /api/meetings/{id}/reflections  what invitees wrote through the follow-up's link
// The links in mail (answers, reflections) are in meeting-link-routes.ts.
//
// State: the events stay the source of each change (the meetings function applies them). The api
// decides from a consistent read with the domain's state model (409 + message, nothing emitted),
// refuses while the previous change or its fan-out is still under way (409 saying how far it got),
// arms the fan-out check, then reserves the change with one conditional UpdateItem on the meeting
// (the next version, or the closing status, with the change itself), so of two concurrent requests
// only one is emitted, and a change whose event never arrives is applied by the check.
import { DetailType } from '../contract/events.js';
import { meetingSnapshotOf } from '../contract/mail-job-subject.js';
import { changeBlockedBy, pendingChangeOf, plannedFanOutCheck } from '../domain/meeting/fan-out.js';
import type { MeetingRecord, MeetingSummary, PendingChange } from '../domain/meeting/model.js';
import type { FanOutCheckScheduler, InvitationStore, MeetingStore, ReflectionStore } from '../domain/meeting/store.js';
import { forEachLimit } from '../shared/concurrency.js';
import { validateBody } from '../domain/field-errors.js';
import { meetingCounts, type MeetingCounts } from '../domain/meeting/counts.js';
import { invitationPage, invitationPageRequest } from '../domain/meeting/invitation-page.js';
import { withReconfirmation } from '../domain/meeting/reconfirmation.js';
import { reminderStatus } from '../domain/meeting/reminders.js';
import { attendanceSummary, withAttended, type AttendanceSummary } from '../domain/meeting/attendance.js';
import { cancellationReach } from '../domain/meeting/cancellation-reach.js';
import {
  cancelRequestSchema,
  followUpRequestSchema,
  validateMeetingPatch,
  validateMeetingRequest,
  type MeetingDraft,
} from '../domain/meeting/request.js';
import { silentChangeError, splitNotify } from '../domain/meeting/notify.js';
import { cancel, hasEnded, recordHeld, reschedule, type MeetingState } from '../domain/meeting/state.js';
import { access } from '../auth/access.js';
import type { ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { principalOf } from './authentication.js';
import { HttpError, invalid, json, noSuch, pathIdOr404, readJsonBody, type Event, type Result } from './http.js';
import { refuseOversizedEvent } from './event-size.js';

/** The meeting reads every api needs (the list, the overview, one meeting). */
export type MeetingApiPorts = Pick<MeetingStore, 'listMeetings' | 'getMeetingWithInvitations'>;

/** What the lifecycle endpoints and the links in mail need besides the api's context. */
export type MeetingLifecycleApiPorts = Pick<MeetingStore, 'getMeeting' | 'reserveReschedule' | 'reserveClose' | 'releaseReservation'> &
  Pick<InvitationStore, 'getInvitation' | 'saveAnswer'> &
  ReflectionStore &
  FanOutCheckScheduler & {
    /** The secret that signs the links in mail (Secrets Manager). */
    linkSecret(): Promise<string>;
  };

/** Coordinators see experiments, never meetings. */
export const meetingAccess = access.facilitators('only facilitators may schedule or change meetings');

/** The meeting of a /api/meetings/{meetingId} path, or a 404 (an id that cannot exist is not looked up). */
async function meetingOr404<M>(event: Event, get: (meetingId: string) => Promise<M | undefined>): Promise<M> {
  const id = pathIdOr404(event, 'meetingId', 'meeting');
  const meeting = await get(id);
  if (!meeting) throw noSuch('meeting', id);
  return meeting;
}

/**
 * A meeting as GET /api/meetings and GET /api/meetings/{id} answer it: what is stored, and whether
 * it has ended by the api's clock. The app shows the follow-up form and files the meeting under
 * past by `ended`, so a browser whose clock is off agrees with what the follow-up route accepts.
 */
type MeetingView<M extends { endsAt: string }> = M & { ended: boolean };

export const meetingView = <M extends { endsAt: string }>(meeting: M, now: Date): MeetingView<M> => ({
  ...meeting,
  ended: hasEnded(meeting, now),
});

/** How many ended meetings the overview shows, the latest first. */
export const OVERVIEW_PAST_MEETINGS = 10;
/**
 * How many upcoming meetings (the soonest) the overview counts: each count reads the meeting's
 * partition, so an overview reads at most this plus OVERVIEW_PAST_MEETINGS partitions, however
 * many meetings are planned. The later ones are listed (the index holds them) with `counts: null`.
 */
export const OVERVIEW_COUNTED_UPCOMING = 10;

/** Meeting partitions the overview reads at once: each can hold a few MB of items, of which it keeps only the counts. */
const OVERVIEW_READS_AT_ONCE = 4;

type OverviewMeeting = MeetingView<MeetingSummary> & { counts: MeetingCounts | null; attendance: AttendanceSummary | null };

interface MeetingOverview {
  /** Not ended, the soonest first; counts on the first OVERVIEW_COUNTED_UPCOMING. */
  upcoming: OverviewMeeting[];
  /** Ended, the latest first, at most OVERVIEW_PAST_MEETINGS. */
  past: OverviewMeeting[];
}

/**
 * The facilitator's overview in one request: upcoming and recent meetings, the nearest with their
 * counts. It reads those meetings' partitions here (a bounded number), instead of the browser
 * asking for every meeting (which on AWS meant one Lambda invocation per meeting for one page view).
 */
export async function meetingOverview(ports: MeetingApiPorts, now: Date): Promise<MeetingOverview> {
  // listMeetings gives them by start instant (the byCollection index), whatever their UTC offsets.
  const all = (await ports.listMeetings()).map((m) => meetingView(m, now));
  const upcoming = all.filter((m) => !m.ended);
  const past = all.filter((m) => m.ended).reverse().slice(0, OVERVIEW_PAST_MEETINGS);
  const counted = [...upcoming.slice(0, OVERVIEW_COUNTED_UPCOMING), ...past];
  const counts = new Map<string, MeetingCounts>();
  const attendance = new Map<string, AttendanceSummary | null>();
  await forEachLimit(counted, OVERVIEW_READS_AT_ONCE, async (m) => {
    const full = await ports.getMeetingWithInvitations(m.meetingId);
    counts.set(m.meetingId, meetingCounts(full?.invitations ?? []));
    attendance.set(m.meetingId, attendanceSummary(full?.invitations ?? [], full?.attendance));
  });
  const withCounts = (ms: typeof all) => ms.map((m) => ({ ...m, counts: counts.get(m.meetingId) ?? null, attendance: attendance.get(m.meetingId) ?? null }));
  return { upcoming: withCounts(upcoming), past: withCounts(past) };
}

export function meetingRoutes(context: ApiContext, ports: MeetingApiPorts): ApiRoute[] {
  const { now } = context;

  async function schedule(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const settings = context.settings();
    const result = validateMeetingRequest(body, { municipalities: settings.municipalities, timeZone: settings.timeZone, now: now() });
    if (!result.ok) return invalid('meeting', result.errors);
    const meetingId = context.newId();
    const detail = { ...result.meeting, meetingId, version: 1 as const };
    refuseOversizedEvent(DetailType.MeetingScheduled, detail);
    await context.publish(DetailType.MeetingScheduled, detail);
    return json(202, { meetingId }, { location: `/api/meetings/${meetingId}` });
  }

  async function list(): Promise<Result> {
    const at = now();
    return json(200, { meetings: (await ports.listMeetings()).map((m) => meetingView(m, at)) });
  }

  async function overview(): Promise<Result> {
    return json(200, await meetingOverview(ports, now()));
  }

  /** The meeting, the counts of all its invitations, and one page of them (by name). */
  async function show(event: Event): Promise<Result> {
    const paging = invitationPageRequest(event.queryStringParameters ?? {});
    if (!paging.ok) return invalid('page', [{ field: paging.field, message: paging.message }]);
    const meeting = await meetingOr404(event, (id) => ports.getMeetingWithInvitations(id));
    const at = now();
    const { invitations, awaiting } = withReconfirmation(meeting.invitations, meeting.reconfirmSince);
    const page = invitationPage(invitations, paging.request);
    const counts = { ...meetingCounts(invitations), ...(meeting.reconfirmSince !== undefined ? { awaitingReconfirmation: awaiting } : {}) };
    const reminders = reminderStatus(meeting, context.settings().reminderOffsetsHours, at);
    const cancellation = cancellationReach(meeting, meeting.invitations.length);
    return json(200, {
      ...meetingView(meeting, at),
      counts,
      reminderStatus: reminders,
      attendanceSummary: attendanceSummary(meeting.invitations, meeting.attendance),
      ...(cancellation ? { cancellation } : {}),
      ...page,
      invitations: withAttended(page.invitations, meeting.attendance),
    });
  }

  return [
    { method: 'POST', path: '/api/meetings', access: meetingAccess, handler: schedule },
    { method: 'GET', path: '/api/meetings', access: meetingAccess, handler: list },
    { method: 'GET', path: '/api/meetings/overview', access: meetingAccess, handler: overview },
    { method: 'GET', path: '/api/meetings/{meetingId}', access: meetingAccess, handler: show },
  ];
}

const PENDING = 'A change to this meeting is still being applied; try again in a moment.';

export const meetingStateOf = (m: MeetingRecord): MeetingState => ({ status: m.status, version: m.version, startsAt: m.startsAt, endsAt: m.endsAt });

/** The stored meeting as the request body a POST would have sent (to merge a PATCH into). */
export function draftOf(m: MeetingRecord): MeetingDraft {
  const { meetingId: _id, version: _v, ...draft } = meetingSnapshotOf(m);
  return draft;
}

type Change = 'rescheduled' | 'cancelled' | 'followed up';

/** How every change to a meeting is decided, reserved and published (the routes below, invite-later-routes.ts). */
export function meetingChanges(context: ApiContext, lifecycle: MeetingLifecycleApiPorts) {
  const { now } = context;
  const p = lifecycle;

  /** The state model's word on a change requested at `at`. */
  function decide(change: Change, meeting: MeetingRecord, at: Date) {
    const state = meetingStateOf(meeting);
    return change === 'rescheduled' ? reschedule(state, {}, at) : change === 'cancelled' ? cancel(state) : recordHeld(state, at);
  }

  /** 409 while the previous change is pending or its fan-out is still going out ("812 of 2,003"). */
  function refuseWhileBusy(meeting: MeetingRecord): void {
    const busy = changeBlockedBy(meeting);
    if (busy) throw new HttpError(409, busy);
  }

  /**
   * Refuses a change too large for the bus (413, before anything is written), arms the fan-out
   * check (so a change whose event never arrives is applied), reserves the change with the change
   * itself stored, and publishes it; a failed publish gives the reservation back (500).
   */
  async function reserveAndPublish(meeting: MeetingRecord, change: PendingChange, version: number, at: Date, reserve: () => Promise<boolean>, kind: Change): Promise<void> {
    refuseOversizedEvent(change.detailType, change.detail);
    await p.armFanOutCheck(plannedFanOutCheck(meeting.meetingId, version, 1, at));
    if (!(await reserve())) return conflictAfterRace(meeting.meetingId, kind);
    try {
      await publishChange(change);
    } catch (err) {
      await p.releaseReservation(meeting.meetingId, at).catch(() => undefined);
      throw err;
    }
  }

  function publishChange(change: PendingChange): Promise<unknown> {
    switch (change.detailType) {
      case DetailType.MeetingRescheduled:
        return context.publish(change.detailType, change.detail);
      case DetailType.MeetingCancelled:
        return context.publish(change.detailType, change.detail);
      case DetailType.MeetingHeld:
        return context.publish(change.detailType, change.detail);
    }
  }

  /** Reads the meeting again after a failed reservation, to say why. */
  async function conflictAfterRace(meetingId: string, change: Change): Promise<never> {
    const fresh = await p.getMeeting(meetingId);
    if (fresh && fresh.status !== 'scheduled') {
      const t = decide(change, fresh, now());
      if (!t.ok) throw new HttpError(409, t.conflict);
    }
    throw new HttpError(409, (fresh && changeBlockedBy(fresh)) ?? PENDING);
  }

  return { decide, refuseWhileBusy, reserveAndPublish };
}

export function meetingChangeRoutes(context: ApiContext, lifecycle: MeetingLifecycleApiPorts): ApiRoute[] {
  const { now } = context;
  const p = lifecycle;
  const storedMeetingOr404 = (event: Event) => meetingOr404(event, (id) => p.getMeeting(id));
  const { decide, refuseWhileBusy, reserveAndPublish } = meetingChanges(context, lifecycle);

  async function rescheduleMeeting(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const meeting = await storedMeetingOr404(event);
    const at = now();
    const t = decide('rescheduled', meeting, at);
    if (!t.ok) throw new HttpError(409, t.conflict);
    const settings = context.settings();
    const split = splitNotify(body);
    if (!split.ok) return invalid('change', split.errors);
    const result = validateMeetingPatch(split.patch, draftOf(meeting), { municipalities: settings.municipalities, timeZone: settings.timeZone, now: at, nextVersion: meeting.version + 1 });
    if (!result.ok) return invalid('change', result.errors);
    const silent = silentChangeError(split.notify, result.changed);
    if (silent) return invalid('change', [silent]);
    refuseWhileBusy(meeting);
    const version = meeting.version + 1;
    const change = pendingChangeOf(DetailType.MeetingRescheduled, {
      ...result.meeting, meetingId: meeting.meetingId, version, changed: result.changed, ...(split.notify ? {} : { notify: false }),
    });
    await reserveAndPublish(meeting, change, version, at, () => p.reserveReschedule(meeting.meetingId, meeting.version, change, at), 'rescheduled');
    return json(202, { meetingId: meeting.meetingId, version, changed: result.changed }, { location: `/api/meetings/${meeting.meetingId}` });
  }

  async function cancelMeeting(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const meeting = await storedMeetingOr404(event);
    const at = now();
    const t = decide('cancelled', meeting, at);
    if (!t.ok) throw new HttpError(409, t.conflict);
    const valid = validateBody(cancelRequestSchema, body);
    if (!valid.ok) return invalid('cancellation', valid.errors);
    refuseWhileBusy(meeting);
    const change = pendingChangeOf(DetailType.MeetingCancelled, { meetingId: meeting.meetingId, version: meeting.version, reason: valid.value.reason });
    await reserveAndPublish(meeting, change, meeting.version, at, () => p.reserveClose(meeting.meetingId, meeting.version, 'cancelled', change, at), 'cancelled');
    return json(202, { meetingId: meeting.meetingId, status: 'cancelled' }, { location: `/api/meetings/${meeting.meetingId}` });
  }

  async function followUp(event: Event): Promise<Result> {
    const body = readJsonBody(event);
    const meeting = await storedMeetingOr404(event);
    const at = now();
    const t = decide('followed up', meeting, at);
    if (!t.ok) throw new HttpError(409, t.conflict);
    const valid = validateBody(followUpRequestSchema, body);
    if (!valid.ok) return invalid('follow-up', valid.errors);
    refuseWhileBusy(meeting);
    // The facilitator who sends it gets a copy (the API token is nobody's mailbox).
    const principal = principalOf(event);
    const sentBy = principal?.kind === 'session' ? principal.session.personId : undefined;
    const change = pendingChangeOf(DetailType.MeetingHeld, { meetingId: meeting.meetingId, ...valid.value, ...(sentBy ? { sentBy } : {}) });
    await reserveAndPublish(meeting, change, meeting.version, at, () => p.reserveClose(meeting.meetingId, meeting.version, 'held', change, at), 'followed up');
    return json(202, { meetingId: meeting.meetingId, status: 'held' }, { location: `/api/meetings/${meeting.meetingId}` });
  }

  async function reflections(event: Event): Promise<Result> {
    const meeting = await storedMeetingOr404(event);
    const all = (await p.listReflections(meeting.meetingId)).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
    return json(200, { meetingId: meeting.meetingId, reflections: all });
  }

  return [
    { method: 'PATCH', path: '/api/meetings/{meetingId}', access: meetingAccess, handler: rescheduleMeeting },
    { method: 'POST', path: '/api/meetings/{meetingId}/cancel', access: meetingAccess, handler: cancelMeeting },
    { method: 'POST', path: '/api/meetings/{meetingId}/follow-up', access: meetingAccess, handler: followUp },
    { method: 'GET', path: '/api/meetings/{meetingId}/reflections', access: meetingAccess, handler: reflections },
  ];
}
