// The facilitator API (HTTP API, payload 2.0) as a function of its ports, so tests can run it
// against the emulators with a stand-in token and publisher. handler.ts wires the real adapters.
// The routes live in the *-routes.ts modules, each route with the access that guards it; the
// router knows them from route-groups.ts and loads a group's module on its first request.
import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj, type MiddyHandlerObject } from '@middy/core';
import httpRouter, { type Route } from '@middy/http-router';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { logContext } from '../adapters/logger.js';
import { webApp } from '../web/routes.js';
import { authentication, guardedHandler, unroutedRefusal } from './authentication.js';
import type { ApiContext } from './context.js';
import { errorResponses, HttpError, type Event, type Result } from './http.js';
import { routeGroups, type ApiPorts, type LazyRouteGroup, type RouteDeclaration } from './route-groups.js';
import { loadOnce } from '../shared/lazy-ports.js';

export type { ApiPorts } from './route-groups.js';

/** A route ready for the router: its declaration, and a handler that checks its access and runs it. */
type RouterRoute = RouteDeclaration & { handler: (event: Event) => Promise<Result> };

/**
 * The group's routes with handlers that load the group on the first request to any of them (once
 * per container; a failed load is tried again by the next request).
 */
function lazyRoutes(group: LazyRouteGroup): RouterRoute[] {
  const handlers = loadOnce(async () => new Map((await group.load()).map((r) => [`${r.method} ${r.path}`, guardedHandler(r)])));
  return group.routes.map((declared) => ({
    ...declared,
    handler: async (event) => {
      const handler = (await handlers()).get(`${declared.method} ${declared.path}`);
      if (!handler) throw new Error(`the ${group.name} routes do not serve ${declared.method} ${declared.path} (route-groups.ts declares it)`);
      return handler(event);
    },
  }));
}

/** The paths a route template matches: `{x}` is one segment, a final `{proxy+}` any rest, and a final `/` is optional. */
function routePathPattern(template: string): RegExp {
  const path = template.replace(/\./g, '\\.').replace(/\/\{proxy\+\}$/, '(/.*)?').replace(/\/\{[^/]+\}/g, '/[^/]+');
  return new RegExp(`^${path}/?$`);
}

/** The router's answer when no route serves a request (404, or 405 for a path served under another method). */
class NoRoute extends HttpError {}

function buildRouter(routes: readonly RouterRoute[]) {
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
  const routerRoutes: Route<Event, Result>[] = routes.map(({ method, path, handler }) => ({ method, path, handler }));
  const publicRoutes = patterns.filter((_, i) => routes[i]!.public);
  return {
    router: httpRouter<Event, Result>({ routes: routerRoutes, notFoundResponse }),
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
  // Cold start: the router is built on the first request, not at import; each group's code loads on its own first request.
  const web = webApp(ports.webAssets ?? (() => undefined));
  let built: ReturnType<typeof buildRouter> | undefined;
  const routing = () => (built ??= buildRouter(routeGroups(ports, context, web).flatMap(lazyRoutes)));
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
