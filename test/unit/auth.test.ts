// Sign-in and sessions (functions/auth): single-use tokens, expiry, the per-address rate limit,
// CSRF, and what the api answers with and without a session.
import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { simpleParser } from 'mailparser';
import { createApiHandler, type ApiPorts } from '../../functions/api/app.js';
import { checkCsrf } from '../../functions/auth/session-cookie.js';
import {
  completeSignIn,
  hashSecret,
  requestSignIn,
  SESSION_TTL_MS,
  sessionFor,
  SIGN_IN_RATE_LIMIT,
  SIGN_IN_TOKEN_TTL_MS,
  type AuthPorts,
  type AuthStore,
  type SessionRecord,
  type SignInTokenRecord,
} from '../../functions/auth/sessions.js';
import { composeMail } from '../../functions/mail/index.js';
import { MailJob, type SignInMailJob } from '../../functions/contract/mail-job.js';
import { mailKey } from '../../functions/contract/mail-job-subject.js';
import { NetworkSettings } from '../../functions/contract/network.js';
import type { NetworkPerson } from '../../functions/domain/person/audience.js';

class MemoryStore implements AuthStore {
  readonly tokens = new Map<string, SignInTokenRecord>();
  readonly rates = new Map<string, number>();
  readonly sessions = new Map<string, SessionRecord>();
  async countSignInAttempt(emailHash: string, windowStartMs: number, limit: number) {
    const k = `${emailHash}#${windowStartMs}`;
    const n = this.rates.get(k) ?? 0;
    if (n >= limit) return false;
    this.rates.set(k, n + 1);
    return true;
  }
  async putSignInToken(hash: string, r: SignInTokenRecord) {
    this.tokens.set(hash, r);
  }
  async consumeSignInToken(hash: string) {
    const r = this.tokens.get(hash);
    this.tokens.delete(hash);
    return r;
  }
  async putSession(hash: string, r: SessionRecord) {
    this.sessions.set(hash, r);
  }
  async getSession(hash: string) {
    return this.sessions.get(hash);
  }
  async deleteSession(hash: string) {
    this.sessions.delete(hash);
  }
}

const people: NetworkPerson[] = [
  { personId: 'camilla-norby', name: 'Camilla Nørby', email: 'camilla.norby@example.org', role: 'facilitator', language: 'da' },
  { personId: 'mette-kjaer', name: 'Mette Kjær', email: 'mette.kjaer@kolding.example.com', role: 'coordinator', municipality: 'Kolding', language: 'da' },
  { personId: 'jonas-bech', name: 'Jonas <Bech>', email: 'jonas.bech@kolding.example.com', role: 'employee', municipality: 'Kolding', language: 'en' },
];

function setup(start = Date.parse('2027-03-01T10:00:00Z')) {
  let now = start;
  const store = new MemoryStore();
  const mails: SignInMailJob[] = [];
  const ports: AuthPorts = {
    store,
    personByAddress: async (email) => people.find((p) => p.email === email),
    getPerson: async (id) => people.find((p) => p.personId === id),
    facilitators: () => ['camilla-norby'],
    enqueueMail: async (job) => {
      mails.push(MailJob.parse(job) as SignInMailJob);
    },
    now: () => new Date(now),
  };
  return { store, mails, ports, advance: (ms: number) => (now += ms), at: () => now };
}

const tokenOf = (job: SignInMailJob) => new URL(job.link).searchParams.get('t')!;

describe('sign-in request', () => {
  it('mails a facilitator a single-use link and stores only its hash', async () => {
    const { ports, mails, store } = setup();
    expect(await requestSignIn(ports, '  Camilla.Norby@Example.org ', 'https://app.example.org')).toBe('sent');
    expect(mails).toHaveLength(1);
    const job = mails[0]!;
    expect(job.recipient.personId).toBe('camilla-norby');
    expect(job.link.startsWith('https://app.example.org/auth/callback?t=')).toBe(true);
    const token = tokenOf(job);
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect([...store.tokens.keys()]).toEqual([hashSecret(token)]);
    expect(JSON.stringify([...store.tokens.entries()])).not.toContain(token);
    expect(Date.parse(job.expiresAt) - Date.parse('2027-03-01T10:00:00Z')).toBe(SIGN_IN_TOKEN_TTL_MS);
    expect(mailKey(job)).toMatch(/^sign-in#/);
  });

  it('mails a coordinator, but not an employee or an unknown address (same outcome to the caller)', async () => {
    const { ports, mails } = setup();
    expect(await requestSignIn(ports, 'mette.kjaer@kolding.example.com', 'http://127.0.0.1:3000')).toBe('sent');
    expect(await requestSignIn(ports, 'jonas.bech@kolding.example.com', 'http://127.0.0.1:3000')).toBe('not-allowed');
    expect(await requestSignIn(ports, 'nobody@example.org', 'http://127.0.0.1:3000')).toBe('not-allowed');
    expect(await requestSignIn(ports, 'not an email', 'http://127.0.0.1:3000')).toBe('invalid');
    expect(mails.map((m) => m.recipient.personId)).toEqual(['mette-kjaer']);
  });

  it(`allows ${SIGN_IN_RATE_LIMIT} requests per address per 15 minutes; unknown addresses store nothing`, async () => {
    const { ports, mails, advance, store } = setup(Date.parse('2027-03-01T10:00:00Z'));
    const ask = () => requestSignIn(ports, 'camilla.norby@example.org', 'http://localhost:3000');
    expect([await ask(), await ask(), await ask(), await ask()]).toEqual(['sent', 'sent', 'sent', 'rate-limited']);
    expect(mails).toHaveLength(3);
    expect(await requestSignIn(ports, 'mette.kjaer@kolding.example.com', 'http://localhost:3000')).toBe('sent');
    const rates = store.rates.size;
    expect(await requestSignIn(ports, 'x@example.org', 'http://localhost:3000')).toBe('not-allowed');
    expect(store.rates.size).toBe(rates);
    advance(15 * 60_000);
    expect(await ask()).toBe('sent');
  });
});

describe('completing a sign-in', () => {
  it('consumes the token once and starts a session with the person, role and municipality', async () => {
    const { ports, mails } = setup();
    await requestSignIn(ports, 'mette.kjaer@kolding.example.com', 'http://localhost:3000');
    const token = tokenOf(mails[0]!);
    const first = await completeSignIn(ports, token);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.session).toMatchObject({ personId: 'mette-kjaer', role: 'coordinator', municipality: 'Kolding' });
    expect(first.session.csrfToken).not.toBe(first.sessionId);
    expect(await completeSignIn(ports, token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await sessionFor(ports, first.sessionId)).toMatchObject({ personId: 'mette-kjaer' });
  });

  it('refuses an expired token (and uses it up), an unknown one and garbage', async () => {
    const { ports, mails, advance, store } = setup();
    await requestSignIn(ports, 'camilla.norby@example.org', 'http://localhost:3000');
    advance(SIGN_IN_TOKEN_TTL_MS + 1);
    expect(await completeSignIn(ports, tokenOf(mails[0]!))).toEqual({ ok: false, reason: 'expired' });
    expect(store.tokens.size).toBe(0);
    expect(await completeSignIn(ports, 'A'.repeat(43))).toEqual({ ok: false, reason: 'invalid' });
    expect(await completeSignIn(ports, undefined)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('ends sessions after 12 hours', async () => {
    const { ports, mails, advance } = setup();
    await requestSignIn(ports, 'camilla.norby@example.org', 'http://localhost:3000');
    const r = await completeSignIn(ports, tokenOf(mails[0]!));
    if (!r.ok) throw new Error('sign-in failed');
    advance(SESSION_TTL_MS - 1000);
    expect(await sessionFor(ports, r.sessionId)).toBeDefined();
    advance(2000);
    expect(await sessionFor(ports, r.sessionId)).toBeUndefined();
  });
});

describe('CSRF check', () => {
  const session = { csrfToken: 'c'.repeat(43) };
  const origin = 'https://api.example.org';
  it('needs the header, the right value, and no cross-site signals', () => {
    expect(checkCsrf(session, {}, origin)).toBe('missing-token');
    expect(checkCsrf(session, { 'x-csrf-token': 'wrong' }, origin)).toBe('wrong-token');
    expect(checkCsrf(session, { 'x-csrf-token': session.csrfToken, origin: 'https://evil.example' }, origin)).toBe('cross-origin');
    expect(checkCsrf(session, { 'x-csrf-token': session.csrfToken, 'sec-fetch-site': 'cross-site' }, origin)).toBe('cross-origin');
    expect(checkCsrf(session, { 'x-csrf-token': session.csrfToken, origin: 'null' }, origin)).toBe('cross-origin');
    expect(checkCsrf(session, { 'x-csrf-token': session.csrfToken, origin, 'sec-fetch-site': 'same-origin' }, origin)).toBeUndefined();
    expect(checkCsrf(session, { 'x-csrf-token': session.csrfToken }, origin)).toBeUndefined();
  });
});

// ---- through the api handler ----

const settings = NetworkSettings.parse({
  name: 'Samskabelsesnetværket (test)',
  municipalities: ['Kolding', 'Varde'],
  senderAddress: 'netvaerk@example.org',
  organizerMailbox: 'moeder@example.org',
  contact: { name: 'Camilla Nørby', phone: '+45 70 10 20 30', email: 'camilla.norby@example.org' },
  practicalInfo: { text: { da: 'Kaffe.' } },
});

function apiWith(auth: AuthPorts) {
  const published: string[] = [];
  const ports: ApiPorts = {
    apiToken: async () => 'T'.repeat(40),
    settings: () => settings,
    publish: async (type) => {
      published.push(type);
      return 'id';
    },
    listMeetings: async () => [],
    getMeetingWithInvitations: async () => undefined,
    auth,
    experiments: {
      getExperiment: async (id: string) => ({ experimentId: id, municipality: id === 'varde-1' ? 'Varde' : 'Kolding', status: 'running' }) as never,
    } as never,
  };
  const handler = createApiHandler(ports);
  const call = async (method: string, path: string, o: { headers?: Record<string, string>; cookies?: string[]; body?: unknown; host?: string } = {}) => {
    const host = o.host ?? '127.0.0.1:3000';
    const event = {
      version: '2.0',
      routeKey: `${method} ${path}`,
      rawPath: path,
      rawQueryString: '',
      headers: { host, ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(o.headers ?? {}) },
      ...(o.cookies ? { cookies: o.cookies } : {}),
      requestContext: { domainName: host, http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      isBase64Encoded: false,
    } as unknown as APIGatewayProxyEventV2;
    const res = (await handler(event, {} as never)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: res.body ? JSON.parse(String(res.body)) : null, cookies: res.cookies ?? [] };
  };
  return { call, published };
}

async function signedIn(email: string, host = '127.0.0.1:3000') {
  const env = setup(Date.now());
  const { call, published } = apiWith(env.ports);
  const res = await call('POST', '/auth/sign-in', { body: { email }, host });
  expect(res.status).toBe(202);
  const token = tokenOf(env.mails[0]!);
  const done = await call('POST', '/auth/callback', { body: { t: token }, host });
  expect(done.status).toBe(200);
  const cookie = done.cookies[0]!;
  return { call, published, cookie, csrf: done.body.csrfToken as string, pair: cookie.split(';')[0]!, env };
}

describe('the api with sessions', () => {
  it('answers sign-in requests with the same neutral 202 and sets a strict HttpOnly cookie', async () => {
    const env = setup(Date.now());
    const { call } = apiWith(env.ports);
    const known = await call('POST', '/auth/sign-in', { body: { email: 'camilla.norby@example.org' } });
    const unknown = await call('POST', '/auth/sign-in', { body: { email: 'nobody@example.org' } });
    expect(known).toEqual(unknown);
    const local = await signedIn('camilla.norby@example.org');
    expect(local.cookie).toMatch(/^samskab_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    const aws = await signedIn('camilla.norby@example.org', 'abc123.execute-api.eu-west-1.amazonaws.com');
    expect(aws.cookie).toMatch(/; Secure$/);
    expect(aws.env.mails[0]!.link.startsWith('https://abc123.execute-api.eu-west-1.amazonaws.com/auth/callback?t=')).toBe(true);
  });

  it('refuses every /api route without a session or the token (401)', async () => {
    const { call } = apiWith(setup().ports);
    expect((await call('GET', '/api/meetings')).status).toBe(401);
    expect((await call('GET', '/api/session')).status).toBe(401);
    expect((await call('GET', '/api/meetings', { cookies: ['samskab_session=' + 'x'.repeat(43)] })).status).toBe(401);
    expect((await call('GET', '/api/meetings', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call('GET', '/api/meetings', { headers: { authorization: `Bearer ${'T'.repeat(40)}` } })).status).toBe(200);
  });

  it('takes JSON bodies only as application/json (415), and the sign-in form as a form', async () => {
    const { call, pair, csrf, published } = await signedIn('camilla.norby@example.org');
    const h = { 'x-csrf-token': csrf, origin: 'http://127.0.0.1:3000' };
    const routes = ['/api/meetings', '/api/experiments', '/auth/sign-in', '/auth/callback'];
    for (const path of routes) {
      for (const type of ['text/plain', 'text/plain; charset=utf-8', 'multipart/form-data; boundary=x']) {
        const res = await call('POST', path, { cookies: [pair], body: { email: 'camilla.norby@example.org', municipality: 'Kolding' }, headers: { ...h, 'content-type': type } });
        expect(res.status, `${path} as ${type}`).toBe(415);
        expect(res.body.errors).toEqual([{ field: 'content-type', message: 'must be application/json' }]);
      }
    }
    expect(published).toEqual([]);
    const form = await call('POST', '/auth/sign-in', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: undefined });
    expect(form.status).toBe(202); // the neutral answer: a form is taken, not 415
  });

  it('lets a cookie read, and change only with the CSRF header from this origin', async () => {
    const { call, pair, csrf, published } = await signedIn('camilla.norby@example.org');
    expect((await call('GET', '/api/meetings', { cookies: [pair] })).status).toBe(200);
    const session = await call('GET', '/api/session', { cookies: [pair] });
    expect(session.body).toMatchObject({ person: { personId: 'camilla-norby', role: 'facilitator' }, csrfToken: csrf });
    expect((await call('POST', '/api/meetings', { cookies: [pair], body: {} })).status).toBe(403);
    expect((await call('POST', '/api/meetings', { cookies: [pair], body: {}, headers: { 'x-csrf-token': 'nope' } })).status).toBe(403);
    const crossSite = await call('POST', '/api/meetings', { cookies: [pair], body: {}, headers: { 'x-csrf-token': csrf, origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const ok = await call('POST', '/api/meetings', { cookies: [pair], body: {}, headers: { 'x-csrf-token': csrf, origin: 'http://127.0.0.1:3000' } });
    expect(ok.status).toBe(400); // through to validation
    expect(published).toEqual([]);
  });

  it('keeps a coordinator to the experiments of their own municipality', async () => {
    const { call, pair, csrf } = await signedIn('mette.kjaer@kolding.example.com');
    const h = { 'x-csrf-token': csrf };
    expect((await call('GET', '/api/meetings', { cookies: [pair] })).status).toBe(403);
    expect((await call('GET', '/api/meetings/overview', { cookies: [pair] })).status).toBe(403);
    expect((await call('POST', '/api/meetings', { cookies: [pair], headers: h, body: {} })).status).toBe(403);
    expect((await call('GET', '/api/people', { cookies: [pair] })).status).toBe(403);
    const other = await call('POST', '/api/experiments', { cookies: [pair], headers: h, body: { municipality: 'Varde' } });
    expect(other.status).toBe(403);
    expect((await call('POST', '/api/experiments/varde-1/notes', { cookies: [pair], headers: h, body: {} })).status).toBe(403);
    // Their own: past the policy, through to the route's validation (the body is empty).
    expect((await call('POST', '/api/experiments/kolding-1/notes', { cookies: [pair], headers: h, body: {} })).status).toBe(400);
  });

  it('signs out: the session is gone', async () => {
    const { call, pair, csrf } = await signedIn('camilla.norby@example.org');
    const out = await call('POST', '/auth/sign-out', { cookies: [pair], headers: { 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.cookies[0]).toMatch(/^samskab_session=; .*Max-Age=0/);
    expect((await call('GET', '/api/meetings', { cookies: [pair] })).status).toBe(401);
  });
});

describe('the sign-in mail', () => {
  it('carries the link in both parts, in the recipient language, with user text escaped', async () => {
    const job: SignInMailJob = {
      kind: 'sign-in',
      requestId: '0d3b3c1e-2f56-4f4e-9d7e-4a0a2b7f9a10',
      recipient: { personId: 'jonas-bech', name: 'Jonas <Bech>', email: 'jonas.bech@kolding.example.com', role: 'employee', language: 'en' },
      link: 'https://app.example.org/auth/callback?t=abc_DEF-123',
      expiresAt: '2027-03-01T10:15:00.000Z',
    };
    const mail = await composeMail(job, settings, { now: new Date('2027-03-01T10:00:00Z') });
    const parsed = await simpleParser(Buffer.from(mail.raw));
    expect(parsed.subject).toBe('Your sign-in link for Samskabelsesnetværket (test)');
    expect(parsed.text).toContain(job.link);
    expect(parsed.text).toContain('11:15');
    expect(parsed.html).toContain('href="https://app.example.org/auth/callback?t=abc_DEF-123"');
    expect(parsed.html).toContain('Jonas &lt;Bech&gt;');
    expect(parsed.html).not.toContain('<Bech>');
  });
});

describe('the return path through the sign-in link', () => {
  it('puts an app page into the link and refuses any other (400, nothing sent)', async () => {
    const env = setup(Date.now());
    const { call } = apiWith(env.ports);
    const ok = await call('POST', '/auth/sign-in', { body: { email: 'camilla.norby@example.org', returnTo: '/app/meetings/m-1?x=1' } });
    expect(ok.status).toBe(202);
    expect(new URL(env.mails[0]!.link).searchParams.get('r')).toBe('/app/meetings/m-1?x=1');
    for (const returnTo of ['https://evil.example/app', '//evil.example', '/\\evil.example', '/api/meetings', 7]) {
      const bad = await call('POST', '/auth/sign-in', { body: { email: 'camilla.norby@example.org', returnTo } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'returnTo', message: expect.stringContaining('page of the app') }]);
    }
    expect(env.mails).toHaveLength(1);
    await call('POST', '/auth/sign-in', { body: { email: 'camilla.norby@example.org' } });
    expect(new URL(env.mails[1]!.link).searchParams.has('r')).toBe(false);
  });
});
