// The meeting lifecycle endpoints, mounted by app.ts:
//   PATCH /api/meetings/{id}              reschedule (new time/place/...): meeting-rescheduled, 202
//   POST  /api/meetings/{id}/cancel       meeting-cancelled, 202
//   POST  /api/meetings/{id}/follow-up    meeting-held (after the end), 202
//   GET   /api/meetings/{id}/reflections  what invitees wrote through the follow-up's link
// and the public link pages (no bearer token: the signed token in ?t= is the credential):
//   GET/POST /rsvp/{answer}   GET shows a confirm page, only the POST records (scanners GET links)
//   GET/POST /reflect         the reflection form
//
// State: the events stay the source of each change (the meetings function applies them). The api
// decides from a consistent read with the domain's state model (409 + message, nothing emitted),
// then reserves the change with one conditional UpdateItem on the meeting (the next version, or
// the closing status), so of two concurrent requests only one is emitted. Answers and
// reflections are written here directly: they are the person's own record, not a fan-out.
import type { Route } from '@middy/http-router';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DetailType, RsvpAnswer } from '../contract/events.js';
import { LinkPath, rsvpPath } from '../contract/link-paths.js';
import { meetingSnapshotOf } from '../contract/mail-job.js';
import type { InvitationRecord, MeetingRecord, MeetingSummary, ReflectionRecord } from '../domain/meeting/model.js';
import { validateBody } from '../domain/field-errors.js';
import { verifyToken } from '../domain/link-token.js';
import {
  cancelRequestSchema,
  followUpRequestSchema,
  REFLECTION_MAX_LENGTH,
  reflectionSchema,
  validateMeetingPatch,
  type MeetingDraft,
} from '../domain/meeting/request.js';
import { forEachLimit } from '../shared/concurrency.js';
import { meetingCounts, type MeetingCounts } from '../domain/meeting/counts.js';
import { cancel, hasEnded, recordAnswer, recordHeld, reschedule, type MeetingState } from '../domain/meeting/state.js';
import { renderPage, tokenProblem, type LinkProblem } from '../pages/index.js';
import { bodyText, HttpError, invalid, json, meetingOr404 as findMeetingOr404, readJsonBody, type ApiPorts } from './app.js';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

/** What the lifecycle endpoints need besides the api's common ports (settings, publish, clock). */
export interface MeetingLifecycleApiPorts {
  /** The secret that signs the links in mail (Secrets Manager). */
  linkSecret(): Promise<string>;
  getMeeting(meetingId: string): Promise<MeetingRecord | undefined>;
  reserveReschedule(meetingId: string, currentVersion: number, now: Date): Promise<boolean>;
  reserveClose(meetingId: string, status: 'cancelled' | 'held', now: Date): Promise<boolean>;
  releaseReservation(meetingId: string, at: Date): Promise<void>;
  getInvitation(meetingId: string, personId: string): Promise<InvitationRecord | undefined>;
  /** endsAt: the meeting's end, from which the answer's retention (TTL) counts. */
  saveAnswer(meetingId: string, personId: string, answer: RsvpAnswer, at: Date, endsAt?: string): Promise<'recorded' | 'older'>;
  saveReflection(meetingId: string, reflection: ReflectionRecord, endsAt?: string): Promise<void>;
  getReflection(meetingId: string, personId: string): Promise<ReflectionRecord | undefined>;
  listReflections(meetingId: string): Promise<ReflectionRecord[]>;
}

const PENDING = 'Another change to this meeting is being processed; try again in a moment.';

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
const OVERVIEW_PAST_MEETINGS = 20;

/** Meeting partitions the overview reads at once: each can hold a few MB of items, of which it keeps only the counts. */
const OVERVIEW_READS_AT_ONCE = 4;

type OverviewMeeting = MeetingView<MeetingSummary> & { counts: MeetingCounts };

interface MeetingOverview {
  /** Not ended, the soonest first. */
  upcoming: OverviewMeeting[];
  /** Ended, the latest first, at most OVERVIEW_PAST_MEETINGS. */
  past: OverviewMeeting[];
}

/**
 * The facilitator's overview in one request: upcoming and recent meetings with their counts. It
 * reads each shown meeting's partition here, instead of the browser asking for every meeting
 * (which on AWS meant one Lambda invocation per meeting for one page view).
 */
export async function meetingOverview(
  ports: Pick<ApiPorts, 'listMeetings' | 'getMeetingWithInvitations'>,
  now: Date,
): Promise<MeetingOverview> {
  // listMeetings gives them by start instant (the byCollection index), whatever their UTC offsets.
  const all = (await ports.listMeetings()).map((m) => meetingView(m, now));
  const upcoming = all.filter((m) => !m.ended);
  const past = all.filter((m) => m.ended).reverse().slice(0, OVERVIEW_PAST_MEETINGS);
  const counts = new Map<string, MeetingCounts>();
  await forEachLimit([...upcoming, ...past], OVERVIEW_READS_AT_ONCE, async (m) => {
    counts.set(m.meetingId, meetingCounts((await ports.getMeetingWithInvitations(m.meetingId))?.invitations ?? []));
  });
  const withCounts = (ms: typeof all) => ms.map((m) => ({ ...m, counts: counts.get(m.meetingId)! }));
  return { upcoming: withCounts(upcoming), past: withCounts(past) };
}

const stateOf = (m: MeetingRecord): MeetingState => ({ status: m.status, version: m.version, startsAt: m.startsAt, endsAt: m.endsAt });

/** The stored meeting as the request body a POST would have sent (to merge a PATCH into). */
function draftOf(m: MeetingRecord): MeetingDraft {
  const { meetingId: _id, version: _v, ...draft } = meetingSnapshotOf(m);
  return draft;
}

const problem = (language: string | undefined, reason: LinkProblem) => renderPage({ kind: 'link-problem', language, reason });

/** Form posts arrive url-encoded (base64 through the HTTP API, which encodes non-text bodies). */
const formBody = (event: Event) => new URLSearchParams(bodyText(event));

export function meetingLifecycleRoutes(ports: ApiPorts): Route<Event, Result>[] {
  const now = ports.now ?? (() => new Date());
  const lifecycle = ports.lifecycle;
  if (!lifecycle) return [];
  const p = lifecycle;

  const meetingOr404 = (event: Event) => findMeetingOr404(event, (id) => p.getMeeting(id));

  /** Publishes a reserved change; a failed publish gives the reservation back (500). */
  async function publishReserved(meetingId: string, at: Date, send: () => Promise<unknown>): Promise<void> {
    try {
      await send();
    } catch (err) {
      await p.releaseReservation(meetingId, at).catch(() => undefined);
      throw err;
    }
  }

  /** Reads the meeting again after a failed reservation, to say why. */
  async function conflictAfterRace(meetingId: string, action: 'rescheduled' | 'cancelled' | 'followed up'): Promise<never> {
    const fresh = await p.getMeeting(meetingId);
    if (fresh && fresh.status !== 'scheduled') {
      const t = action === 'rescheduled' ? reschedule(stateOf(fresh)) : action === 'cancelled' ? cancel(stateOf(fresh)) : recordHeld(stateOf(fresh), now());
      if (!t.ok) throw new HttpError(409, t.conflict);
    }
    throw new HttpError(409, PENDING);
  }

  // ---- answers ----

  async function rsvp(event: Event, record: boolean): Promise<Result> {
    const at = now();
    const pathAnswer = RsvpAnswer.safeParse(event.pathParameters?.answer);
    const token = event.queryStringParameters?.t ?? (record ? formBody(event).get('t') ?? undefined : undefined);
    const verified = verifyToken(await p.linkSecret(), token, 'rsvp', at);
    if (!verified.ok) return problem(undefined, tokenProblem(verified.reason));
    const { meetingId, personId, answer } = verified.claims;
    if (!pathAnswer.success || pathAnswer.data !== answer) return problem(undefined, 'invalid');

    const [invitation, meeting] = await Promise.all([p.getInvitation(meetingId, personId), p.getMeeting(meetingId)]);
    if (!invitation || !meeting) return problem(undefined, 'unknown');
    const language = invitation.recipient.language;
    if (invitation.removedVersion !== undefined) return problem(language, 'closed');
    // The state model decides whether an answer is still possible (scheduled, not ended).
    const allowed = recordAnswer({ delivery: 'sent', answer: 'none' }, stateOf(meeting), answer, at);
    if (!allowed.ok) return problem(language, 'closed');

    if (!record) {
      return renderPage({
        kind: 'rsvp-confirm',
        language,
        meetingTitle: meeting.title,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        timeZone: meeting.timeZone,
        answer,
        actionUrl: `${rsvpPath(answer)}?t=${encodeURIComponent(token as string)}`,
      });
    }
    const outcome = await p.saveAnswer(meetingId, personId, answer, at, meeting.endsAt);
    if (outcome === 'recorded') {
      await ports.publish(DetailType.RsvpReceived, { meetingId, personId, answer, answeredAt: at.toISOString() });
    }
    return renderPage({ kind: 'rsvp-recorded', language, meetingTitle: meeting.title, answer });
  }

  // ---- reflections ----

  async function reflect(event: Event, record: boolean): Promise<Result> {
    const at = now();
    const form = record ? formBody(event) : undefined;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? undefined;
    const verified = verifyToken(await p.linkSecret(), token, 'reflection', at);
    if (!verified.ok) return problem(undefined, tokenProblem(verified.reason));
    const { meetingId, personId } = verified.claims;
    const [invitation, meeting] = await Promise.all([p.getInvitation(meetingId, personId), p.getMeeting(meetingId)]);
    if (!invitation || !meeting) return problem(undefined, 'unknown');
    const language = invitation.recipient.language;
    if (meeting.status === 'cancelled') return problem(language, 'closed');
    const actionUrl = `${LinkPath.reflection}?t=${encodeURIComponent(token as string)}`;

    if (!form) {
      const before = await p.getReflection(meetingId, personId);
      return renderPage({ kind: 'reflection-form', language, meetingTitle: meeting.title, actionUrl, ...(before ? { text: before.text } : {}) });
    }
    // The field name of the form functions/pages renders.
    const text = form.get('reflection') ?? undefined;
    const valid = validateBody(reflectionSchema, { text });
    if (!valid.ok) {
      // A form with errors is answered 400 by the page itself.
      return renderPage({
        kind: 'reflection-form',
        language,
        meetingTitle: meeting.title,
        actionUrl,
        errors: [
          language === 'en'
            ? `Write a reflection of at most ${REFLECTION_MAX_LENGTH} characters.`
            : `Skriv en refleksion på højst ${REFLECTION_MAX_LENGTH} tegn.`,
        ],
        ...(text !== undefined ? { text: text.slice(0, REFLECTION_MAX_LENGTH) } : {}),
      });
    }
    await p.saveReflection(meetingId, { personId, name: invitation.recipient.name, text: valid.value.text, submittedAt: at.toISOString() }, meeting.endsAt);
    return renderPage({ kind: 'reflection-recorded', language, meetingTitle: meeting.title });
  }

  return [
    {
      method: 'PATCH',
      path: '/api/meetings/{meetingId}',
      handler: async (event: Event) => {
        const body = readJsonBody(event);
        const meeting = await meetingOr404(event);
        const at = now();
        const t = reschedule(stateOf(meeting));
        if (!t.ok) throw new HttpError(409, t.conflict);
        if (at.getTime() >= Date.parse(meeting.startsAt)) {
          throw new HttpError(409, 'The meeting has already started, so it cannot be rescheduled.');
        }
        const settings = ports.settings();
        const result = validateMeetingPatch(body, draftOf(meeting), {
          municipalities: settings.municipalities,
          timeZone: settings.timeZone,
          now: at,
        });
        if (!result.ok) return invalid('change', result.errors);
        if (!(await p.reserveReschedule(meeting.meetingId, meeting.version, at))) {
          return conflictAfterRace(meeting.meetingId, 'rescheduled');
        }
        const version = meeting.version + 1;
        await publishReserved(meeting.meetingId, at, () =>
          ports.publish(DetailType.MeetingRescheduled, { ...result.meeting, meetingId: meeting.meetingId, version, changed: result.changed }),
        );
        return json(202, { meetingId: meeting.meetingId, version, changed: result.changed }, { location: `/api/meetings/${meeting.meetingId}` });
      },
    },
    {
      method: 'POST',
      path: '/api/meetings/{meetingId}/cancel',
      handler: async (event: Event) => {
        const body = readJsonBody(event);
        const meeting = await meetingOr404(event);
        const t = cancel(stateOf(meeting));
        if (!t.ok) throw new HttpError(409, t.conflict);
        const valid = validateBody(cancelRequestSchema, body);
        if (!valid.ok) return invalid('cancellation', valid.errors);
        const at = now();
        if (!(await p.reserveClose(meeting.meetingId, 'cancelled', at))) return conflictAfterRace(meeting.meetingId, 'cancelled');
        await publishReserved(meeting.meetingId, at, () =>
          ports.publish(DetailType.MeetingCancelled, { meetingId: meeting.meetingId, version: meeting.version, reason: valid.value.reason }),
        );
        return json(202, { meetingId: meeting.meetingId, status: 'cancelled' }, { location: `/api/meetings/${meeting.meetingId}` });
      },
    },
    {
      method: 'POST',
      path: '/api/meetings/{meetingId}/follow-up',
      handler: async (event: Event) => {
        const body = readJsonBody(event);
        const meeting = await meetingOr404(event);
        const at = now();
        const t = recordHeld(stateOf(meeting), at);
        if (!t.ok) throw new HttpError(409, t.conflict);
        const valid = validateBody(followUpRequestSchema, body);
        if (!valid.ok) return invalid('follow-up', valid.errors);
        if (!(await p.reserveClose(meeting.meetingId, 'held', at))) return conflictAfterRace(meeting.meetingId, 'followed up');
        await publishReserved(meeting.meetingId, at, () =>
          ports.publish(DetailType.MeetingHeld, { meetingId: meeting.meetingId, ...valid.value }),
        );
        return json(202, { meetingId: meeting.meetingId, status: 'held' }, { location: `/api/meetings/${meeting.meetingId}` });
      },
    },
    {
      method: 'GET',
      path: '/api/meetings/{meetingId}/reflections',
      handler: async (event: Event) => {
        const meeting = await meetingOr404(event);
        const reflections = (await p.listReflections(meeting.meetingId)).sort((a, b) => a.submittedAt.localeCompare(b.submittedAt));
        return json(200, { meetingId: meeting.meetingId, reflections });
      },
    },
    { method: 'GET', path: LinkPath.rsvp, handler: (event: Event) => rsvp(event, false) },
    { method: 'POST', path: LinkPath.rsvp, handler: (event: Event) => rsvp(event, true) },
    { method: 'GET', path: LinkPath.reflection, handler: (event: Event) => reflect(event, false) },
    { method: 'POST', path: LinkPath.reflection, handler: (event: Event) => reflect(event, true) },
  ];
}
