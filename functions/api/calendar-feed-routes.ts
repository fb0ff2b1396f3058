// A person's calendar feed, mounted by app.ts:
//   GET  /calendar/{token}.ics                     public (the token is the credential): text/calendar, 404 for an unknown or revoked token
//   POST /api/me/calendar-feed                     the signed-in person's feed URL, made on the first call
//   POST /api/me/calendar-feed/revoke              a new URL; the old one stops at once
//   POST /api/people/{personId}/calendar-feed/revoke   facilitators: the same for anyone
//   GET/POST /calendar-feed?t=                     public, the link in invitations (their answer token is the
//                                                  credential): GET only shows (the URL if there is one; mail
//                                                  scanners GET every link), POST action=create makes it,
//                                                  action=renew (or none) replaces it
import type * as Api from '../contract/api-types.js';
import type { MeetingRecord } from '../domain/meeting/model.js';
import type { NetworkPerson } from '../domain/person/audience.js';
import { CALENDAR_FEED_PATH, LinkPath } from '../contract/link-paths.js';
import { verifyToken } from '../domain/link-token.js';
import { CALENDAR_FEED_ACTIONS, renderCalendarFeedPage, type CalendarFeedAction } from '../pages/calendar-feed-page.js';
import { pageLanguage, renderPage, tokenProblem } from '../pages/index.js';
import { feedTokenOfFile, feedUrl, webcalUrl, type CalendarFeedStore } from '../domain/person/calendar-feed.js';
import { buildCalendarFeed } from '../mail/calendar-feed.js';
import { access, type ApiRoute } from '../auth/access.js';
import type { ApiContext } from './context.js';
import { principalOf, requestOrigin } from './authentication.js';
import { formBody, HttpError, invalid, json, type Event, type Result } from './http.js';

export interface CalendarFeedApiPorts extends CalendarFeedStore {
  getPerson(personId: string): Promise<NetworkPerson | undefined>;
  /** The meeting items of these ids that exist (any order): one batched read, not one per meeting. */
  meetingsOf(meetingIds: readonly string[]): Promise<MeetingRecord[]>;
  /** The secret that signs the links in mail. */
  linkSecret(): Promise<string>;
}

const isAction = (value: string): value is CalendarFeedAction => (CALENDAR_FEED_ACTIONS as readonly string[]).includes(value);

const notFound = (): Result => ({ statusCode: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: 'not found' });

function signedInPerson(event: Event): string {
  const principal = principalOf(event);
  if (principal?.kind !== 'session') throw new HttpError(403, 'a calendar feed belongs to a signed-in person; the API token belongs to no person');
  return principal.session.personId;
}

export function calendarFeedRoutes(context: ApiContext, ports: CalendarFeedApiPorts): ApiRoute[] {
  const urls = (event: Event, token: string): Api.CalendarFeed => {
    const url = feedUrl(requestOrigin(event).origin, token);
    return { url, webcalUrl: webcalUrl(url) };
  };

  async function feed(event: Event): Promise<Result> {
    const token = feedTokenOfFile(event.pathParameters?.file);
    const personId = token && (await ports.personOfFeedToken(token));
    const person = personId ? await ports.getPerson(personId) : undefined;
    if (!person) return notFound();
    const invitations = await ports.invitationsOf(person.personId);
    const byId = new Map((await ports.meetingsOf(invitations.map((i) => i.meetingId))).map((m) => [m.meetingId, m]));
    const meetings = invitations
      .map((i) => ({ ...i, meeting: byId.get(i.meetingId) }))
      .filter((m): m is typeof m & { meeting: MeetingRecord } => m.meeting !== undefined)
      .sort((a, b) => a.meeting.startsAt.localeCompare(b.meeting.startsAt));
    const body = buildCalendarFeed({
      person,
      settings: context.settings(),
      meetings: meetings.map(({ meeting, answer }) => ({ meeting, cancelled: meeting.status === 'cancelled', ...(answer ? { answer } : {}) })),
      now: context.now(),
    });
    return {
      statusCode: 200,
      // Private: the URL is a secret, so no shared cache may keep a copy; a client polls it anyway.
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, max-age=300' },
      body,
    };
  }

  async function mine(event: Event): Promise<Result> {
    return json(200, urls(event, await ports.feedTokenOf(signedInPerson(event))));
  }

  async function revokeMine(event: Event): Promise<Result> {
    return json(200, urls(event, await ports.revokeFeedToken(signedInPerson(event))));
  }

  async function revokeFor(event: Event): Promise<Result> {
    const personId = event.pathParameters?.personId ?? '';
    if (!(await ports.getPerson(personId))) throw new HttpError(404, `no person ${personId}`);
    return json(200, urls(event, await ports.revokeFeedToken(personId)));
  }

  /**
   * The page behind the invitation's link: the answer token names the person. GET changes nothing
   * (it shows the URL if the person has one, else a button to make it); only the POST makes or
   * replaces it. A POST without `action` replaces, as the button of pages from before it had one did.
   */
  async function page(event: Event, post: boolean): Promise<Result> {
    const form = post ? formBody(event) : undefined;
    const token = event.queryStringParameters?.t ?? form?.get('t') ?? undefined;
    const action = form ? (form.get('action') ?? 'renew') : undefined;
    if (action !== undefined && !isAction(action)) return invalid('calendar feed form', [{ field: 'action', message: 'must be create or renew' }]);
    const verified = verifyToken(await ports.linkSecret(), token, 'rsvp', context.now());
    if (!verified.ok) return renderPage({ kind: 'link-problem', language: undefined, reason: tokenProblem(verified.reason) });
    const person = await ports.getPerson(verified.claims.personId);
    if (!person) return renderPage({ kind: 'link-problem', language: undefined, reason: 'unknown' });
    const feedToken =
      action === 'renew' ? await ports.revokeFeedToken(person.personId)
      : action === 'create' ? await ports.feedTokenOf(person.personId)
      : await ports.existingFeedToken(person.personId);
    return renderCalendarFeedPage({
      language: pageLanguage(person.language),
      ...(feedToken !== undefined ? { feed: urls(event, feedToken) } : {}),
      actionUrl: `${LinkPath.calendarFeed}?t=${encodeURIComponent(token as string)}`,
      ...(action !== undefined ? { done: action === 'create' ? 'created' : 'renewed' } : {}),
    });
  }

  return [
    { method: 'GET', path: LinkPath.calendarFeed, access: access.public, handler: (event) => page(event, false) },
    { method: 'POST', path: LinkPath.calendarFeed, access: access.public, handler: (event) => page(event, true) },
    { method: 'GET', path: CALENDAR_FEED_PATH, access: access.public, handler: feed },
    { method: 'POST', path: '/api/me/calendar-feed', access: access.signedIn, handler: mine },
    { method: 'POST', path: '/api/me/calendar-feed/revoke', access: access.signedIn, handler: revokeMine },
    { method: 'POST', path: '/api/people/{personId}/calendar-feed/revoke', access: access.facilitators('only facilitators may revoke another person’s calendar feed'), handler: revokeFor },
  ];
}
