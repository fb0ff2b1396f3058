// The privacy and unsubscribe routes through the api handler, with in-memory ports.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { NetworkSettings } from '../../functions/contract/network.js';
import { createApiHandler, type ApiPorts } from '../../functions/api/app.js';
import { isOneClickBody } from '../../functions/api/unsubscribe-routes.js';
import { signToken } from '../../functions/domain/link-token.js';

const TOKEN = 'T'.repeat(40);
const SECRET = 's'.repeat(40);
const settings = NetworkSettings.parse({
  name: 'Test', municipalities: ['Kolding'], senderAddress: 'n@example.org', organizerMailbox: 'm@example.org',
  contact: { name: 'C', phone: '+45 1234', email: 'c@example.org' }, practicalInfo: { text: { da: 'Kaffe.' } },
});

function api() {
  const published: Array<[string, unknown]> = [];
  const prefs: unknown[][] = [];
  const erased: string[] = [];
  const ports: ApiPorts = {
    apiToken: async () => TOKEN,
    settings: () => settings,
    publish: async (type, detail) => (published.push([type, detail]), 'id'),
    listMeetings: async () => [],
    getMeetingWithInvitations: async () => undefined,
    privacy: {
      exportPerson: async (id) => (id === 'known' ? ({ personId: id, profile: { name: 'K' } } as never) : undefined),
      erasePerson: async (id, now) => (id === 'known' ? (erased.push(id), { personId: id, erasedAt: now.toISOString(), deleted: 2, anonymised: 1, meetingsUpdated: 0, experimentsUpdated: 0, alreadyErased: false }) : undefined),
    },
    unsubscribe: { linkSecret: async () => SECRET, setMailPreference: async (...a) => (prefs.push(a), true) },
  };
  const handler = createApiHandler(ports);
  const call = async (method: string, path: string, o: { auth?: boolean; body?: string; type?: string; query?: Record<string, string> } = {}) => {
    const event = {
      version: '2.0',
      rawPath: path,
      rawQueryString: new URLSearchParams(o.query ?? {}).toString(),
      queryStringParameters: o.query,
      headers: { host: '127.0.0.1', ...(o.auth === false ? {} : { authorization: `Bearer ${TOKEN}` }), ...(o.type ? { 'content-type': o.type } : {}) },
      requestContext: { domainName: '127.0.0.1', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' } },
      ...(o.body !== undefined ? { body: o.body } : {}),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, {} as never)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: String(res.body ?? ''), headers: res.headers ?? {} };
  };
  return { call, published, prefs, erased };
}

describe('personal data routes', () => {
  it('export: 200 as an attachment, 404 for nobody, 401 without the token', async () => {
    const { call } = api();
    const ok = await call('GET', '/api/people/known/export');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-disposition']).toMatch(/attachment; filename="samskab-person-known.json"/);
    expect((await call('GET', '/api/people/nobody/export')).status).toBe(404);
    expect((await call('GET', '/api/people/known/export', { auth: false })).status).toBe(401);
  });

  it('erase: needs the id confirmed, then publishes person-erased with the id only', async () => {
    const { call, published, erased } = api();
    expect((await call('POST', '/api/people/known/erase', { body: '{}', type: 'application/json' })).status).toBe(400);
    expect((await call('POST', '/api/people/known/erase', { body: '{"confirm":"other"}', type: 'application/json' })).status).toBe(400);
    expect(erased).toEqual([]);
    const ok = await call('POST', '/api/people/known/erase', { body: '{"confirm":"known"}', type: 'application/json' });
    expect(ok.status).toBe(200);
    expect(published).toEqual([['person-erased', { personId: 'known' }]]);
    expect((await call('POST', '/api/people/nobody/erase', { body: '{"confirm":"nobody"}', type: 'application/json' })).status).toBe(404);
  });
});

describe('one-click unsubscribe', () => {
  const t = signToken(SECRET, { purpose: 'unsubscribe', personId: 'p1' }, new Date(Date.now() + 86_400_000));

  it('GET shows one button and changes nothing; no bearer token needed', async () => {
    const { call, prefs } = api();
    const page = await call('GET', '/unsubscribe', { auth: false, query: { t, l: 'en' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(page.body).toContain('lang="en"');
    expect(prefs).toEqual([]);
  });

  it('POST List-Unsubscribe=One-Click (urlencoded or multipart) sets essential-only', async () => {
    const { call, prefs } = api();
    const r = await call('POST', '/unsubscribe', { auth: false, query: { t }, body: 'List-Unsubscribe=One-Click', type: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    const multipart = '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n';
    expect((await call('POST', '/unsubscribe', { auth: false, query: { t }, body: multipart, type: 'multipart/form-data; boundary=b' })).status).toBe(200);
    expect(prefs.map((p) => p.slice(0, 3))).toEqual([['p1', 'essential-only', 'unsubscribe'], ['p1', 'essential-only', 'unsubscribe']]);
  });

  it('refuses a bad token or body, writing nothing', async () => {
    const { call, prefs } = api();
    expect((await call('POST', '/unsubscribe', { auth: false, query: { t: `${t}x` }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    expect((await call('POST', '/unsubscribe', { auth: false, query: { t }, body: 'List-Unsubscribe=Yes' })).status).toBe(400);
    expect((await call('POST', '/unsubscribe', { auth: false, query: { t } })).status).toBe(400);
    const rsvp = signToken(SECRET, { purpose: 'rsvp', meetingId: 'm', personId: 'p1', answer: 'accept' }, new Date(Date.now() + 86_400_000));
    expect((await call('POST', '/unsubscribe', { auth: false, query: { t: rsvp }, body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
    expect(prefs).toEqual([]);
    expect(isOneClickBody({ body: Buffer.from('List-Unsubscribe=One-Click').toString('base64'), isBase64Encoded: true, headers: {} })).toBe(true);
  });
});
