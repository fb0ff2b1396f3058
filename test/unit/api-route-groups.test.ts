// The api function's router knows each route from route-groups.ts before the route's group is
// loaded (method, path, public or not); the group's module builds the route itself. These must
// agree, or a route would be 404 (not declared), fail when called (not built), or be guarded at
// the door differently from what its access says.
import { describe, expect, it } from 'vitest';
import type { ApiContext } from '../../functions/api/context.js';
import { declarationOf, ROUTE_DECLARATIONS, routeGroups, type ApiPorts } from '../../functions/api/route-groups.js';
import { lazyPorts } from '../../functions/shared/lazy-ports.js';
import { webApp } from '../../functions/web/routes.js';

/** Ports for every feature; the route modules only keep them until a request comes. */
const unused = (): never => {
  throw new Error('not called while building routes');
};
const everyPort = new Proxy({} as Record<string, unknown>, { get: () => unused });
const ports = new Proxy({} as ApiPorts, { get: (_, name) => (name === 'webAssets' ? () => undefined : everyPort) });
const context: ApiContext = { settings: unused, publish: unused, now: () => new Date(), newId: () => 'id' };

describe('the api route groups', () => {
  const groups = routeGroups(ports, context, webApp(() => undefined));

  it('declares every group, once, when every feature has its ports', () => {
    expect(groups.map((g) => g.name).sort()).toEqual([...Object.keys(ROUTE_DECLARATIONS), 'web'].sort());
  });

  it.each(groups.map((g) => [g.name, g] as const))('%s: the declared routes are the routes its module builds', async (_, group) => {
    const built = await group.load();
    expect(built.map(declarationOf)).toEqual(group.routes);
  });

  it('declares no method and path twice', () => {
    const all = groups.flatMap((g) => g.routes.map((r) => `${r.method} ${r.path}`));
    expect(new Set(all).size).toBe(all.length);
  });

  it('has only the routes of the features whose ports are given', () => {
    const minimal: ApiPorts = { apiToken: unused, settings: unused, publish: unused, listMeetings: unused, getMeetingWithInvitations: unused };
    expect(routeGroups(minimal, context, webApp(() => undefined)).map((g) => g.name)).toEqual(['meetings']);
  });
});

describe('lazyPorts', () => {
  it('loads the module on the first call, once, and passes the arguments and `this` through', async () => {
    let loads = 0;
    class Store {
      factor = 3;
      async times(n: number, by = this.factor) {
        return n * by;
      }
    }
    const lazy = lazyPorts(async () => (loads++, new Store()), ['times']);
    expect(loads).toBe(0);
    expect(await lazy.times(2)).toBe(6);
    expect(await lazy.times(2, 5)).toBe(10);
    expect(loads).toBe(1);
  });

  it('tries a failed load again on the next call', async () => {
    let attempts = 0;
    const lazy = lazyPorts(async () => {
      if (attempts++ === 0) throw new Error('first load fails');
      return { ping: async () => 'pong' };
    }, ['ping']);
    await expect(lazy.ping()).rejects.toThrow('first load fails');
    expect(await lazy.ping()).toBe('pong');
  });
});
