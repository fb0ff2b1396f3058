// The facilitator API (HTTP API, payload 2.0) as a function of its ports, so tests can run it
// against the emulators with a stand-in token and publisher. handler.ts wires the real adapters.
// The routes live in the *-routes.ts modules, each route with the access that guards it.
import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj, type MiddyHandlerObject } from '@middy/core';
import httpRouter, { type Route } from '@middy/http-router';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { NetworkSettings } from '../contract/network.js';
import type { Publish } from '../domain/publish.js';
import { logContext } from '../adapters/logger.js';
import type { ApiRoute } from '../auth/access.js';
import type { AuthPorts } from '../auth/sessions.js';
import { webApp, type WebAssets } from '../web/routes.js';
import { authentication, guardedHandler, unroutedRefusal } from './authentication.js';
import type { ApiContext } from './context.js';
import { experimentRoutes, type ExperimentApiPorts } from './experiment-routes.js';
import { attendanceRoutes, type AttendanceApiPorts } from './attendance-routes.js';
import { digestRoutes, type DigestApiPorts } from './digest-routes.js';
import { errorResponses, HttpError, type Event, type Result } from './http.js';
import { meetingLinkRoutes } from './meeting-link-routes.js';
import { meetingNudgeRoutes } from './meeting-nudge-routes.js';
import { meetingChangeRoutes, meetingRoutes, type MeetingApiPorts, type MeetingLifecycleApiPorts } from './meeting-routes.js';
import { inviteLaterRoutes } from './invite-later-routes.js';
import { peopleRoutes, type PeopleApiPorts } from './people-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { themeRoutes, type ThemeApiPorts } from './theme-routes.js';
import { privacyRoutes, type PrivacyApiPorts } from './privacy-routes.js';
import { unsubscribeRoutes, type UnsubscribeApiPorts } from './unsubscribe-routes.js';
import { searchRoutes, type SearchApiPorts } from './search-routes.js';
import { joinRoutes, type JoinApiPorts } from './join-routes.js';
import { calendarFeedRoutes, type CalendarFeedApiPorts } from './calendar-feed-routes.js';

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

/** Every route the ports allow: a feature whose ports are missing has no routes. */
function routeTable(ports: ApiPorts, context: ApiContext): ApiRoute[] {
  const web = webApp(ports.webAssets ?? (() => undefined));
  return [
    ...meetingRoutes(context, ports),
    ...(ports.experiments ? experimentRoutes(context, ports.experiments) : []),
    ...(ports.lifecycle ? [...meetingChangeRoutes(context, ports.lifecycle), ...meetingLinkRoutes(context, ports.lifecycle), ...meetingNudgeRoutes(context, ports)] : []),
    ...(ports.attendance ? attendanceRoutes(context, { ...ports.attendance, getMeetingWithInvitations: ports.getMeetingWithInvitations }) : []),
    ...(ports.digest ? digestRoutes(context, ports.digest) : []),
    ...(ports.people ? peopleRoutes(context, ports.people) : []),
    ...(ports.people && ports.lifecycle ? inviteLaterRoutes(context, ports, ports.lifecycle, ports.people) : []),
    ...(ports.privacy ? privacyRoutes(context, ports.privacy) : []),
    ...(ports.unsubscribe ? unsubscribeRoutes(context, ports.unsubscribe) : []),
    ...(ports.themes ? themeRoutes(context, ports.themes) : []),
    ...(ports.search ? searchRoutes(context, ports.search) : []),
    ...(ports.join ? joinRoutes(context, ports.join) : []),
    ...(ports.calendarFeed ? calendarFeedRoutes(context, ports.calendarFeed) : []),
    ...(ports.webAssets ? web.routes : []),
    ...(ports.auth ? signInRoutes(ports.auth, ports.settings, web.page) : []),
  ];
}

/** The paths a route template matches: `{x}` is one segment, a final `{proxy+}` any rest, and a final `/` is optional. */
function routePathPattern(template: string): RegExp {
  const path = template.replace(/\./g, '\\.').replace(/\/\{proxy\+\}$/, '(/.*)?').replace(/\/\{[^/]+\}/g, '/[^/]+');
  return new RegExp(`^${path}/?$`);
}

/** The router's answer when no route serves a request (404, or 405 for a path served under another method). */
class NoRoute extends HttpError {}

function buildRouter(routes: readonly ApiRoute[]) {
  const patterns = routes.map((r) => ({ method: r.method, path: routePathPattern(r.path) }));
  // The router only knows "no route"; a path that exists under another method is a 405.
  const notFoundResponse = ({ method, path }: { method: string; path: string }): never => {
    const allowed = patterns.filter((p) => p.path.test(path)).map((p) => p.method);
    if (allowed.length > 0) {
      throw new NoRoute(405, `method ${method} is not allowed on ${path}`, {}, { allow: allowed.join(', ') });
    }
    throw new NoRoute(404, `no route for ${method} ${path}`);
  };
  // Authentication asks for a credential unless the request's method and path are a public route's
  // (POST /api/join-requests is public, GET on the same path is for facilitators).
  const guarded: Route<Event, Result>[] = routes.map((r) => ({ method: r.method, path: r.path, handler: guardedHandler(r) }));
  const publicRoutes = patterns.filter((_, i) => routes[i]!.access.kind === 'public');
  return {
    router: httpRouter<Event, Result>({ routes: guarded, notFoundResponse }),
    isPublicRoute: (method: string, path: string) => publicRoutes.some((p) => p.method === method && p.path.test(path)),
  };
}

export function createApiHandler(ports: ApiPorts) {
  const context: ApiContext = {
    settings: ports.settings,
    publish: ports.publish,
    now: ports.now ?? (() => new Date()),
    newId: ports.newId ?? randomUUID,
  };
  // Cold start: the route table and the router are built on the first request, not at import.
  let built: ReturnType<typeof buildRouter> | undefined;
  const routing = () => (built ??= buildRouter(routeTable(ports, context)));
  const route = async (event: Event, lambdaContext: Context, opts: MiddyHandlerObject) => {
    try {
      return await routing().router(event, lambdaContext, opts);
    } catch (err) {
      if (err instanceof NoRoute) return (await unroutedRefusal(event)) ?? Promise.reject(err);
      throw err;
    }
  };

  return middy<Event, APIGatewayProxyResultV2>()
    .use(logContext<Event, APIGatewayProxyResultV2>())
    .use(errorResponses<APIGatewayProxyResultV2>())
    // The bearer token or a session cookie (with CSRF for changes); each route's access is checked after routing.
    .use(authentication(ports, (method, path) => routing().isPublicRoute(method, path)) as MiddlewareObj<Event, APIGatewayProxyResultV2>)
    .handler(route as never);
}
