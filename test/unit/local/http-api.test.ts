import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Activity } from '../../../local/activity.js';
import type { AdminTarget } from '../../../local/admin.js';
import { StageThrottling, stageThrottling } from '../../../local/api-throttling.js';
import { createAppServer, type HttpApiRuntime } from '../../../local/app-server.js';
import { compileRoutes, matchRoute } from '../../../local/http-api.js';

const routes = compileRoutes([
  'ANY /api/{proxy+}', 'GET /api/meetings', 'GET /api/meetings/{id}', 'POST /api/meetings', 'GET /', '$default',
].map((routeKey) => ({ routeKey, functionArn: routeKey, payloadFormatVersion: '2.0', timeoutMs: 30_000 })));

const pick = (method: string, path: string) => {
  const m = matchRoute(routes, method, path);
  return m === undefined ? undefined : { key: m.route.routeKey, params: m.pathParameters };
};

describe('HTTP API route selection', () => {
  it('prefers exact paths, then parameters, then greedy paths, and explicit methods over ANY', () => {
    expect(pick('GET', '/api/meetings')).toEqual({ key: 'GET /api/meetings', params: {} });
    expect(pick('POST', '/api/meetings')).toEqual({ key: 'POST /api/meetings', params: {} });
    expect(pick('DELETE', '/api/meetings')).toEqual({ key: 'ANY /api/{proxy+}', params: { proxy: 'meetings' } });
    expect(pick('GET', '/api/meetings/m%201')).toEqual({ key: 'GET /api/meetings/{id}', params: { id: 'm 1' } });
    expect(pick('GET', '/api/meetings/m1/invitations')).toEqual({ key: 'ANY /api/{proxy+}', params: { proxy: 'meetings/m1/invitations' } });
    expect(pick('GET', '/')).toEqual({ key: 'GET /', params: {} });
  });

  it('falls back to $default', () => {
    expect(pick('GET', '/elsewhere')).toEqual({ key: '$default', params: {} });
    expect(pick('GET', '/api')).toEqual({ key: '$default', params: {} });
  });
});

describe('HTTP API stage throttling (API Gateway\'s token bucket per route)', () => {
  it('lets a burst through, then answers 429 until the rate refills the bucket; routes have their own limits', () => {
    let now = 0;
    const throttling = new StageThrottling({ burstLimit: 3, rateLimit: 2 }, { 'GET /rsvp/{answer}': { burstLimit: 1, rateLimit: 1 } }, () => now);
    expect([1, 2, 3, 4].map(() => throttling.allow('ANY /api/{proxy+}'))).toEqual([true, true, true, false]);
    expect(throttling.allow('GET /rsvp/{answer}')).toBe(true);
    expect(throttling.allow('GET /rsvp/{answer}')).toBe(false);
    now += 500; // 2 per second: one token back
    expect(throttling.allow('ANY /api/{proxy+}')).toBe(true);
    expect(throttling.allow('ANY /api/{proxy+}')).toBe(false);
    expect(throttling.allow('GET /rsvp/{answer}')).toBe(false);
    now += 500;
    expect(throttling.allow('GET /rsvp/{answer}')).toBe(true);
  });

  it('reads the stage\'s DefaultRouteSettings and RouteSettings from the template', () => {
    const t = stageThrottling({
      DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 1 },
      RouteSettings: { 'POST /auth/{proxy+}': { ThrottlingBurstLimit: 0, ThrottlingRateLimit: 0 } },
    });
    expect(t.allow('POST /auth/{proxy+}')).toBe(false);
    expect(t.allow('GET /')).toBe(true);
    expect(t.allow('GET /')).toBe(false);
    expect(stageThrottling({}).allow('GET /')).toBe(true);
  });

  it('answers 429 {"message":"Too Many Requests"} over HTTP without invoking the function', async () => {
    let invocations = 0;
    const api: HttpApiRuntime = {
      config: { apiId: 'api', stage: '$default', routes: [], region: 'eu-west-1', accountId: '000000000000' },
      routes: compileRoutes([{ routeKey: 'GET /rsvp/{answer}', functionArn: 'fn', payloadFormatVersion: '2.0', timeoutMs: 1000 }]),
      invoke: async () => {
        invocations++;
        return { statusCode: 200, body: 'ok' };
      },
      throttling: stageThrottling({ DefaultRouteSettings: { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0.001 } }),
    };
    const server = createAppServer({ admin: {} as AdminTarget, activity: new Activity(), api: () => api, log: () => undefined });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rsvp/yes`;
      const responses = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(url);
        responses.push({ status: res.status, body: await res.text() });
      }
      expect(responses.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(JSON.parse(responses[2]!.body)).toEqual({ message: 'Too Many Requests' });
      expect(invocations).toBe(2);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
