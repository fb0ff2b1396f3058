import { describe, expect, it } from 'vitest';
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
