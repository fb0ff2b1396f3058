// The api function's routes by group, as the router sees them before a group's code is loaded.
//
// Cold start: a request needs one group (meetings, experiments, people, the link pages, ...), so
// each group's route module (and the domain and pages code only it uses) is a dynamic import(),
// loaded on the first request it serves. What the router needs before that (404 vs 405, public
// vs guarded at the door) is declared here: each route's method, path and whether it is public.
// The full access (a coordinator's municipality check) comes with the group's code, and is checked
// after routing as before. test/unit/api-route-groups.test.ts keeps these declarations equal to
// the routes the modules build.
import type { NetworkSettings } from '../contract/network.js';
import { CALENDAR_FEED_PATH, JOIN_PAGE_PATH, LinkPath } from '../contract/link-paths.js';
import type { Publish } from '../domain/publish.js';
import type { ApiRoute } from '../auth/access.js';
import type { AuthPorts } from '../auth/sessions.js';
import type { WebAssets } from '../web/routes.js';
import type { ApiContext } from './context.js';
import type { Event, Result } from './http.js';
import type { ExperimentApiPorts } from './experiment-routes.js';
import type { AttendanceApiPorts } from './attendance-routes.js';
import type { DigestApiPorts } from './digest-routes.js';
import type { MeetingApiPorts, MeetingLifecycleApiPorts } from './meeting-routes.js';
import type { PeopleApiPorts } from './people-routes.js';
import type { ThemeApiPorts } from './theme-routes.js';
import type { PrivacyApiPorts } from './privacy-routes.js';
import type { UnsubscribeApiPorts } from './unsubscribe-routes.js';
import type { SearchApiPorts } from './search-routes.js';
import type { JoinApiPorts } from './join-routes.js';
import type { CalendarFeedApiPorts } from './calendar-feed-routes.js';

export interface ApiPorts extends MeetingApiPorts {
  /** The facilitator API token (from Secrets Manager on AWS). */
  apiToken(): Promise<string>;
  settings(): NetworkSettings;
  publish: Publish;
  now?: () => Date;
  newId?: () => string;
  /** The experiment register (functions/api/experiment-routes.ts). */
  experiments?: ExperimentApiPorts;
  /** Reschedule, cancel, follow-up, and the answer and reflection links (meeting-routes.ts, meeting-link-routes.ts). */
  lifecycle?: MeetingLifecycleApiPorts;
  /** Sign-in and sessions of the facilitator app (functions/auth); without it only the bearer token works. */
  auth?: AuthPorts;
  /** The network's people for the app (functions/api/people-routes.ts). */
  people?: PeopleApiPorts;
  /** The built facilitator app (functions/web/routes.ts). */
  webAssets?: () => WebAssets | undefined;
  /** Export and erasure of a person (functions/api/privacy-routes.ts). */
  privacy?: PrivacyApiPorts;
  /** One-click unsubscribe (functions/api/unsubscribe-routes.ts). */
  unsubscribe?: UnsubscribeApiPorts;
  /** Attendance and the participant list (functions/api/attendance-routes.ts). */
  attendance?: Pick<AttendanceApiPorts, 'recordAttendance'>;
  /** The signed-in facilitator's daily digest preference (functions/api/digest-routes.ts). */
  digest?: DigestApiPorts;
  /** Themes, the themes of meetings and the patterns (functions/api/theme-routes.ts). */
  themes?: ThemeApiPorts;
  /** Find a learning (functions/api/search-routes.ts). */
  search?: SearchApiPorts;
  /** Joining from outside: the public page and join requests (functions/api/join-routes.ts). */
  join?: JoinApiPorts;
  /** A person's calendar feed and its secret URL (functions/api/calendar-feed-routes.ts). */
  calendarFeed?: CalendarFeedApiPorts;
}

/** A route as the router knows it before its group is loaded. */
export interface RouteDeclaration {
  method: ApiRoute['method'];
  path: string;
  /** No credential at the door (access.public); every other access is checked when the group has loaded. */
  public: boolean;
}

/** Routes whose group is loaded on the first request to one of them. */
export interface LazyRouteGroup {
  name: string;
  routes: readonly RouteDeclaration[];
  load(): Promise<ApiRoute[]>;
}

type Method = RouteDeclaration['method'];
const guarded = (method: Method, path: string): RouteDeclaration => ({ method, path, public: false });
/** What the router must know of a built route before its group loads. */
export const declarationOf = (route: ApiRoute): RouteDeclaration => ({ method: route.method, path: route.path, public: route.access.kind === 'public' });
const open = (method: Method, path: string): RouteDeclaration => ({ method, path, public: true });

/** Each group's routes, in the order the router was always given them. */
export const ROUTE_DECLARATIONS = {
  meetings: [
    guarded('POST', '/api/meetings'),
    guarded('GET', '/api/meetings'),
    guarded('GET', '/api/meetings/overview'),
    guarded('GET', '/api/meetings/{meetingId}'),
  ],
  experiments: [
    guarded('POST', '/api/experiments'),
    guarded('GET', '/api/experiments'),
    guarded('GET', '/api/experiments/export.csv'),
    guarded('GET', '/api/experiments/export.json'),
    guarded('GET', '/api/experiments/{experimentId}'),
    guarded('POST', '/api/experiments/{experimentId}/notes'),
    guarded('POST', '/api/experiments/{experimentId}/abandon'),
    guarded('POST', '/api/experiments/{experimentId}/complete'),
    guarded('GET', '/api/meetings/{meetingId}/agenda-proposals'),
    guarded('PATCH', '/api/experiments/{experimentId}'),
    guarded('POST', '/api/experiments/{experimentId}/involved'),
    guarded('DELETE', '/api/experiments/{experimentId}/involved/{personId}'),
  ],
  meetingChanges: [
    guarded('PATCH', '/api/meetings/{meetingId}'),
    guarded('POST', '/api/meetings/{meetingId}/cancel'),
    guarded('POST', '/api/meetings/{meetingId}/follow-up'),
    guarded('GET', '/api/meetings/{meetingId}/reflections'),
  ],
  meetingLinks: [open('GET', LinkPath.rsvp), open('POST', LinkPath.rsvp), open('GET', LinkPath.reflection), open('POST', LinkPath.reflection)],
  meetingNudge: [guarded('POST', '/api/meetings/{meetingId}/nudge')],
  attendance: [guarded('PUT', '/api/meetings/{meetingId}/attendance'), guarded('GET', '/api/meetings/{meetingId}/participants.csv')],
  digest: [guarded('GET', '/api/me/digest'), guarded('PUT', '/api/me/digest')],
  people: [guarded('GET', '/api/people'), guarded('POST', '/api/people'), guarded('PUT', '/api/people/{personId}'), guarded('POST', '/api/people/import')],
  inviteLater: [guarded('GET', '/api/people/{personId}/meetings-to-offer'), guarded('POST', '/api/people/{personId}/invitations')],
  privacy: [guarded('GET', '/api/people/{personId}/export'), guarded('POST', '/api/people/{personId}/erase')],
  unsubscribe: [open('GET', LinkPath.unsubscribe), open('POST', LinkPath.unsubscribe)],
  themes: [
    guarded('GET', '/api/themes'),
    guarded('POST', '/api/themes'),
    guarded('PATCH', '/api/themes/{themeId}'),
    guarded('DELETE', '/api/themes/{themeId}'),
    guarded('GET', '/api/meetings/{meetingId}/themes'),
    guarded('PUT', '/api/meetings/{meetingId}/themes'),
    guarded('GET', '/api/patterns'),
  ],
  search: [guarded('GET', '/api/search')],
  join: [open('GET', JOIN_PAGE_PATH), open('POST', JOIN_PAGE_PATH), open('POST', '/api/join-requests'), guarded('GET', '/api/join-requests')],
  calendarFeed: [
    open('GET', LinkPath.calendarFeed),
    open('POST', LinkPath.calendarFeed),
    open('GET', CALENDAR_FEED_PATH),
    guarded('POST', '/api/me/calendar-feed'),
    guarded('POST', '/api/me/calendar-feed/revoke'),
    guarded('POST', '/api/people/{personId}/calendar-feed/revoke'),
  ],
  signIn: [
    open('POST', '/auth/sign-in'),
    open('GET', '/auth/callback'),
    open('POST', '/auth/callback'),
    guarded('POST', '/auth/sign-out'),
    guarded('GET', '/api/session'),
  ],
} as const satisfies Record<string, readonly RouteDeclaration[]>;

type GroupName = keyof typeof ROUTE_DECLARATIONS;

/** The web app's routes and page (functions/web/routes.ts webApp): small, so they are part of the entry. */
export interface WebApp {
  routes: ApiRoute[];
  page(event: Event): Result;
}

/**
 * The groups the ports allow (a feature whose ports are missing has no routes), each loading its
 * route module on first use. The web app's routes are loaded already; the sign-in callback shows its page.
 */
export function routeGroups(ports: ApiPorts, context: ApiContext, web: WebApp): LazyRouteGroup[] {
  const { experiments, lifecycle, attendance, digest, people, privacy, unsubscribe, themes, search, join, calendarFeed, auth } = ports;
  const groups: LazyRouteGroup[] = [];
  const add = (name: GroupName, load: () => Promise<ApiRoute[]>) => groups.push({ name, routes: ROUTE_DECLARATIONS[name], load });

  add('meetings', async () => (await import('./meeting-routes.js')).meetingRoutes(context, ports));
  if (experiments) add('experiments', async () => (await import('./experiment-routes.js')).experimentRoutes(context, experiments));
  if (lifecycle) {
    add('meetingChanges', async () => (await import('./meeting-routes.js')).meetingChangeRoutes(context, lifecycle));
    add('meetingLinks', async () => (await import('./meeting-link-routes.js')).meetingLinkRoutes(context, lifecycle));
    add('meetingNudge', async () => (await import('./meeting-nudge-routes.js')).meetingNudgeRoutes(context, ports));
  }
  if (attendance) {
    const attendancePorts = { ...attendance, getMeetingWithInvitations: ports.getMeetingWithInvitations };
    add('attendance', async () => (await import('./attendance-routes.js')).attendanceRoutes(context, attendancePorts));
  }
  if (digest) add('digest', async () => (await import('./digest-routes.js')).digestRoutes(context, digest));
  if (people) add('people', async () => (await import('./people-routes.js')).peopleRoutes(context, people));
  if (people && lifecycle) add('inviteLater', async () => (await import('./invite-later-routes.js')).inviteLaterRoutes(context, ports, lifecycle, people));
  if (privacy) add('privacy', async () => (await import('./privacy-routes.js')).privacyRoutes(context, privacy));
  if (unsubscribe) add('unsubscribe', async () => (await import('./unsubscribe-routes.js')).unsubscribeRoutes(context, unsubscribe));
  if (themes) add('themes', async () => (await import('./theme-routes.js')).themeRoutes(context, themes));
  if (search) add('search', async () => (await import('./search-routes.js')).searchRoutes(context, search));
  if (join) add('join', async () => (await import('./join-routes.js')).joinRoutes(context, join));
  if (calendarFeed) add('calendarFeed', async () => (await import('./calendar-feed-routes.js')).calendarFeedRoutes(context, calendarFeed));
  if (ports.webAssets) {
    groups.push({ name: 'web', routes: web.routes.map(declarationOf), load: async () => web.routes });
  }
  if (auth) add('signIn', async () => (await import('./sign-in-routes.js')).signInRoutes(auth, ports.settings, web.page));
  return groups;
}
