// Bad input, systematically (fast-check against the local cloud): thousands of generated malformed
// and hostile bodies, headers, ids and tokens to every endpoint. No answer is a 5xx, nothing is
// stored and no mail is sent for them. Then valid meetings whose every text field is hostile: the
// HTML mail and the answer page escape it, and CR/LF never reaches a mail header.
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { startDemo, synthDemo, workDir } from './helpers.js';

const work = workDir('e2e-fuzz');
let cloud: LocalCloud;
/** A real answer token (of a meeting scheduled before the fuzzing), to tamper with. */
let realToken = '';
let realMeetingId = '';

const RUNS = Number(process.env.FUZZ_RUNS ?? 110);

beforeAll(async () => {
  const assembly = await synthDemo(work.dir);
  // Faster than the public routes' throttling allows: most requests would get API Gateway's 429
  // instead of reaching the input handling under test (throttling has its own test).
  cloud = await startDemo(assembly, `${work.dir}/data`, { ttlSweepIntervalMs: 0, apiThrottling: false });
  const r = await api('POST', '/api/meetings', JSON.stringify(validMeeting('Baseline', 'Ina Inspirator', 'fuzz-base@example.org')));
  expect(r.status).toBe(202);
  realMeetingId = ((await r.json()) as { meetingId: string }).meetingId;
  await cloud.waitForIdle(60_000);
  const raw = Buffer.from(cloud.mail()[0]!.raw!, 'base64').toString('utf8');
  const text = (await simpleParser(raw)).text ?? '';
  realToken = decodeURIComponent(/\/rsvp\/accept\?t=([A-Za-z0-9_.%-]+)/.exec(text)![1]!);
  await cloud.clearMail();
});
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

/** An hour before validMeeting's start: a meeting ending then is always refused. */
const END_BEFORE_START = '2027-05-06T12:00';

function validMeeting(title: string, inspirerName: string, inspirerEmail: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    agenda: ['Velkomst'],
    startsAt: '2027-05-06T13:00',
    endsAt: '2027-05-06T16:00',
    place: 'Kolding Rådhus',
    hostMunicipality: 'Kolding',
    audience: { municipalities: ['Kolding'], roles: ['citizen'] },
    inspirers: [{ name: inspirerName, email: inspirerEmail, topic: 'Et emne', language: 'da' }],
    ...extra,
  };
}

async function api(method: string, path: string, body?: string, headers: Record<string, string> = {}, auth = true): Promise<Response> {
  return fetch(`${cloud.urls.api}${path}`, {
    method,
    headers: { ...(auth ? { authorization: `Bearer ${cloud.apiToken}` } : {}), 'content-type': 'application/json', ...headers },
    ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
    redirect: 'manual',
  });
}

async function itemCount(): Promise<number> {
  const client = new DynamoDBClient({ endpoint: cloud.urls.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  let n = 0;
  for (const TableName of (await client.send(new ListTablesCommand({}))).TableNames ?? []) {
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      // The join form's rate counters count every attempt, bad ones too (that is their job; they expire).
      const out = await client.send(new ScanCommand({
        TableName, Select: 'COUNT', ExclusiveStartKey,
        FilterExpression: 'attribute_not_exists(pk) OR NOT begins_with(pk, :rate)', ExpressionAttributeValues: { ':rate': { S: 'JOIN-RATE#' } },
      }));
      n += out.Count ?? 0;
      ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
    } while (ExclusiveStartKey);
  }
  client.destroy();
  return n;
}

// ---- generators ----

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE people; --",
  'x\r\nBcc: evil@example.com',
  'x\nX-Injected: 1',
  '%0d%0aX-Injected:%201',
  '{{7*7}}${7*7}',
  '\u0000\u0007\u001b[31m',
  '\u202e\u2028\u2029',
  'javascript:alert(1)',
  '../../../etc/passwd',
  '😀'.repeat(300),
  'A'.repeat(6000),
  '__proto__',
  'constructor',
];
const hostile = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const idLike = fc.oneof(hostile, fc.uuid(), fc.constantFrom('x-0000000000000000', 'mette-kjaer-nope', 'erased-1', '%2e%2e', 'a'.repeat(65)));
const hostileObject = fc.dictionary(fc.oneof(hostile, fc.constantFrom('title', 'name', 'email', 'startsAt', 'confirm', 'text', '__proto__')), fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 });
/** A meeting-shaped body with one broken or hostile field (CR/LF in a name, a bad time, ...). */
const brokenMeeting = fc
  .record({
    field: fc.constantFrom('title', 'startsAt', 'endsAt', 'hostMunicipality', 'audience', 'inspirers', 'agenda', 'onlineUrl', 'place'),
    value: fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 }), fc.constant([{ name: 'Ny\r\nBcc: evil@example.com', email: 'a@b.dk', topic: 't', language: 'da' }])),
  })
  .map(({ field, value }) => {
    const m = validMeeting('Møde', 'Ina', 'ina@example.org') as Record<string, unknown>;
    m[field] = value;
    // Always invalid: an inspirer with a control character in the name, or, when the inspirers are
    // the generated field (which may come out valid, e.g. []), an end before the start.
    if (field !== 'inspirers') m.inspirers = [{ name: 'Bo\r\nBcc: evil@example.com', email: 'bo@example.org', topic: 't', language: 'da' }];
    else m.endsAt = END_BEFORE_START;
    return m;
  });
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  hostileObject.map((v) => JSON.stringify(v)),
  brokenMeeting.map((v) => JSON.stringify(v)),
  hostile,
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"x"', '['.repeat(3000), 'List-Unsubscribe=Nope', 'text=', `{"confirm":"${'x'.repeat(70)}"}`),
);
const printable = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const contentType = fc.oneof(
  fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/json; charset=latin1'),
  printable,
);
const authorization = fc.oneof(
  { arbitrary: fc.constant<string | undefined>(undefined), weight: 6 }, // the valid token: reach the validation
  { arbitrary: fc.constantFrom('Bearer ', 'Bearer x', 'Basic YTpi', 'bearer  ', 'Bearer ' + 'a'.repeat(5000)), weight: 1 },
  { arbitrary: printable, weight: 1 },
);
/** A token that does not verify: random, or the real one tampered with. */
const badToken = fc.oneof(
  hostile,
  fc.nat({ max: 200 }).chain((i) => fc.constantFrom(...'AZaz09-_.').map((c) => (realToken.slice(0, i % realToken.length) + c + realToken.slice((i % realToken.length) + 1)))).filter((t) => t !== realToken),
  fc.constant(realToken.split('.').reverse().join('.')),
  fc.constant(`${realToken}x`),
);

interface Endpoint {
  name: string;
  method: string;
  /** The path (ids and query filled from generated values). */
  path: (id: string, token: string) => string;
  /** Link pages take their token in the query, and no bearer token. */
  public?: boolean;
  /** Makes sure the body is bad where a generated one could by chance be a valid request. */
  spoil?: (body: string) => string;
}

/** A spoiler that adds `fields` to a generated JSON object body; other bodies are left as they are. */
function withFields(fields: Record<string, unknown>): (body: string) => string {
  return (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return body;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return body;
    return JSON.stringify({ ...value, ...fields });
  };
}

/**
 * A generated JSON object can by chance be a valid change of the real meeting (`{"title":"abc"}`
 * is one): an end before the start keeps every object invalid.
 */
const withEndBeforeStart = withFields({ startsAt: '2027-05-06T13:00', endsAt: END_BEFORE_START });

/**
 * `{"name":"abc"}` is by chance a valid new theme: the theme body is a strict object, so one unknown
 * field keeps every generated object invalid.
 */
const withUnknownField = withFields({ notAThemeField: true });

const enc = encodeURIComponent;
const ENDPOINTS: Endpoint[] = [
  { name: 'POST /api/meetings', method: 'POST', path: () => '/api/meetings' },
  { name: 'GET /api/meetings', method: 'GET', path: (id) => `/api/meetings?x=${enc(id)}` },
  { name: 'GET /api/meetings/{id}', method: 'GET', path: (id) => `/api/meetings/${enc(id)}` },
  { name: 'PATCH /api/meetings/{id}', method: 'PATCH', path: (id) => `/api/meetings/${enc(id)}` },
  { name: 'PATCH /api/meetings/{real id}', method: 'PATCH', path: () => `/api/meetings/${realMeetingId}`, spoil: withEndBeforeStart },
  { name: 'POST /api/meetings/{id}/cancel', method: 'POST', path: (id) => `/api/meetings/${enc(id)}/cancel` },
  { name: 'POST /api/meetings/{id}/follow-up', method: 'POST', path: (id) => `/api/meetings/${enc(id)}/follow-up` },
  { name: 'POST /api/meetings/{real id}/follow-up', method: 'POST', path: () => `/api/meetings/${realMeetingId}/follow-up` },
  { name: 'GET /api/meetings/{id}/reflections', method: 'GET', path: (id) => `/api/meetings/${enc(id)}/reflections` },
  { name: 'GET /api/meetings/{id}/agenda-proposals', method: 'GET', path: (id) => `/api/meetings/${enc(id)}/agenda-proposals` },
  { name: 'POST /api/experiments', method: 'POST', path: () => '/api/experiments' },
  { name: 'GET /api/experiments', method: 'GET', path: (id) => `/api/experiments?state=${enc(id)}&municipality=${enc(id)}` },
  { name: 'GET /api/experiments/{id}', method: 'GET', path: (id) => `/api/experiments/${enc(id)}` },
  { name: 'POST /api/experiments/{id}/notes', method: 'POST', path: (id) => `/api/experiments/${enc(id)}/notes` },
  { name: 'POST /api/experiments/{id}/abandon', method: 'POST', path: (id) => `/api/experiments/${enc(id)}/abandon` },
  { name: 'POST /api/experiments/{id}/complete', method: 'POST', path: (id) => `/api/experiments/${enc(id)}/complete` },
  { name: 'GET /api/experiments/export.csv', method: 'GET', path: (id) => `/api/experiments/export.csv?lang=${enc(id)}` },
  { name: 'GET /api/experiments/export.json', method: 'GET', path: (id) => `/api/experiments/export.json?lang=${enc(id)}` },
  { name: 'GET /api/people', method: 'GET', path: () => '/api/people' },
  { name: 'POST /api/people', method: 'POST', path: () => '/api/people' },
  { name: 'PUT /api/people/{id}', method: 'PUT', path: (id) => `/api/people/${enc(id)}` },
  { name: 'POST /api/people/import', method: 'POST', path: () => '/api/people/import' },
  { name: 'GET /api/people/{id}/export', method: 'GET', path: (id) => `/api/people/${enc(id)}/export` },
  { name: 'POST /api/people/{id}/erase', method: 'POST', path: (id) => `/api/people/${enc(id)}/erase` },
  { name: 'GET /api/people/{id}/meetings-to-offer', method: 'GET', path: (id) => `/api/people/${enc(id)}/meetings-to-offer` },
  { name: 'POST /api/people/{id}/invitations', method: 'POST', path: (id) => `/api/people/${enc(id)}/invitations` },
  { name: 'GET /api/session', method: 'GET', path: () => '/api/session' },
  { name: 'PUT /api/meetings/{id}/attendance', method: 'PUT', path: (id) => `/api/meetings/${enc(id)}/attendance` },
  { name: 'PUT /api/meetings/{real id}/attendance', method: 'PUT', path: () => `/api/meetings/${realMeetingId}/attendance` },
  { name: 'POST /api/meetings/{id}/nudge', method: 'POST', path: (id) => `/api/meetings/${enc(id)}/nudge` },
  { name: 'GET /api/meetings/{id}/participants.csv', method: 'GET', path: (id) => `/api/meetings/${enc(id)}/participants.csv?lang=${enc(id)}` },
  { name: 'GET /api/search', method: 'GET', path: (id) => `/api/search?q=${enc(id)}&theme=${enc(id)}&lang=${enc(id)}` },
  { name: 'POST /api/themes', method: 'POST', path: () => '/api/themes', spoil: withUnknownField },
  { name: 'PATCH /api/themes/{id}', method: 'PATCH', path: (id) => `/api/themes/${enc(id)}` },
  { name: 'PATCH /api/experiments/{id}', method: 'PATCH', path: (id) => `/api/experiments/${enc(id)}` },
  { name: 'POST /api/join-requests', method: 'POST', path: () => '/api/join-requests', public: true },
  { name: 'GET /calendar/{token}.ics', method: 'GET', path: (id) => `/calendar/${enc(id)}.ics`, public: true },
  { name: 'POST /auth/sign-in', method: 'POST', path: () => '/auth/sign-in', public: true },
  { name: 'GET /auth/callback', method: 'GET', path: (_id, t) => `/auth/callback?t=${enc(t)}`, public: true },
  { name: 'POST /auth/callback', method: 'POST', path: (_id, t) => `/auth/callback?t=${enc(t)}`, public: true },
  { name: 'GET /rsvp/{answer}', method: 'GET', path: (id, t) => `/rsvp/${enc(id)}?t=${enc(t)}`, public: true },
  { name: 'POST /rsvp/{answer}', method: 'POST', path: (id, t) => `/rsvp/${enc(id)}?t=${enc(t)}`, public: true },
  { name: 'POST /rsvp/accept (bad token)', method: 'POST', path: (_id, t) => `/rsvp/accept?t=${enc(t)}`, public: true },
  { name: 'GET /rsvp/accept (real token)', method: 'GET', path: () => `/rsvp/accept?t=${enc(realToken)}`, public: true },
  { name: 'GET /reflect', method: 'GET', path: (_id, t) => `/reflect?t=${enc(t)}`, public: true },
  { name: 'POST /reflect', method: 'POST', path: (_id, t) => `/reflect?t=${enc(t)}`, public: true },
  { name: 'GET /unsubscribe', method: 'GET', path: (id, t) => `/unsubscribe?t=${enc(t)}&l=${enc(id)}`, public: true },
  { name: 'POST /unsubscribe', method: 'POST', path: (_id, t) => `/unsubscribe?t=${enc(t)}`, public: true },
  { name: 'any other', method: 'DELETE', path: (id) => `/${enc(id)}`, public: true },
];

describe('bad input to every endpoint', () => {
  it('never answers 5xx, stores nothing and sends no mail', async () => {
    // The network's themes are written from the config on first use; a valid read does that first,
    // so what is counted below is only what the bad requests store.
    expect((await api('GET', '/api/themes', undefined, {}, true)).status).toBe(200);
    const before = await itemCount();
    const counts = new Map<string, Map<number, number>>();
    /** Where the item count changed, counted after each endpoint's requests, to name it in a failure. */
    const storing: string[] = [];
    let stored = before;
    const started = Date.now();
    for (const ep of ENDPOINTS) {
      const statuses = new Map<number, number>();
      counts.set(ep.name, statuses);
      await fc.assert(
        fc.asyncProperty(idLike, badToken, body, contentType, authorization, async (id, token, payload, type, auth) => {
          const headers: Record<string, string> = { 'content-type': type };
          if (!ep.public && auth !== undefined) headers.authorization = auth;
          const r = await api(ep.method, ep.path(id, token), ep.spoil ? ep.spoil(payload) : payload, headers, !ep.public && auth === undefined);
          await r.arrayBuffer();
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          expect(r.status, `${ep.name} ${ep.path(id, token).slice(0, 200)} body ${payload.slice(0, 200)}`).toBeLessThan(500);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      const now = await itemCount();
      if (now !== stored) storing.push(`${ep.name}: ${now - stored}`);
      stored = now;
    }
    await cloud.waitForIdle(60_000);
    const total = [...counts.values()].reduce((n, s) => n + [...s.values()].reduce((a, b) => a + b, 0), 0);
    console.log(`fuzz: ${total} requests to ${ENDPOINTS.length} endpoints in ${Date.now() - started} ms`);
    console.table(Object.fromEntries([...counts].map(([name, s]) => [name, Object.fromEntries([...s].sort(([a], [b]) => a - b))])));
    expect(total).toBeGreaterThanOrEqual(ENDPOINTS.length * RUNS);
    expect(await itemCount(), `items stored by bad requests (counted after each endpoint: ${storing.join('; ') || 'none'})`).toBe(before);
    expect(cloud.mail(), 'mail sent for bad requests').toEqual([]);
    const s = cloud.stats();
    for (const [name, depth] of Object.entries(s.deadLetterQueues)) expect(depth, `DLQ ${name}`).toBe(0);
  }, 240_000);

  it('escapes hostile text in mail and pages, and keeps CR/LF out of mail headers', async () => {
    const texts = fc.sample(fc.oneof(fc.constantFrom(...HOSTILE.filter((h) => h.length < 300)), fc.string({ minLength: 1, maxLength: 30 })), { numRuns: 12, seed: 7 });
    let accepted = 0;
    for (const [i, t] of texts.entries()) {
      const safeName = `Ina ${t}`.replace(/[\p{Cc}]/gu, '').slice(0, 100) || 'Ina';
      const r = await api('POST', '/api/meetings', JSON.stringify(validMeeting(`Møde ${t}`.slice(0, 200), safeName, `fuzz-${i}@example.org`, {
        agenda: [`Punkt ${t}`.slice(0, 500)],
        place: `Sted ${t}`.slice(0, 300).replace(/[\p{Cc}]/gu, ' '),
      })));
      expect(r.status, `meeting with ${JSON.stringify(t)}`).toBeLessThan(500);
      if (r.status === 202) accepted++;
    }
    expect(accepted).toBeGreaterThan(5);
    await cloud.waitForIdle(60_000);
    const sent = cloud.mail();
    expect(sent.length).toBe(accepted * 2);
    const allowed = new Set(['from', 'to', 'reply-to', 'subject', 'date', 'message-id', 'mime-version', 'content-type', 'content-language', 'content-transfer-encoding', 'list-unsubscribe', 'list-unsubscribe-post', 'auto-submitted', 'x-auto-response-suppress', 'precedence']);
    let pages = 0;
    for (const m of sent) {
      const raw = Buffer.from(m.raw!, 'base64').toString('utf8');
      const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
      // Every header line is a header or a folded continuation; no injected header.
      for (const line of head.split('\r\n')) expect(line, 'header line').toMatch(/^([A-Za-z0-9-]+:|[ \t])/);
      const names = head.split('\r\n').filter((l) => !/^[ \t]/.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
      for (const n of names) expect(allowed, `header ${n}`).toContain(n);
      const parsed = await simpleParser(raw);
      expect(parsed.bcc).toBeUndefined();
      expect(String(parsed.subject)).not.toMatch(/[\r\n]/);
      const html = (parsed.html || '').toLowerCase();
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      const ics = parsed.attachments.find((a) => a.contentType === 'text/calendar');
      if (ics) {
        const cal = new ICAL.Component(ICAL.parse(ics.content.toString('utf8')) as unknown[]);
        expect(cal.getAllSubcomponents('vevent')).toHaveLength(1);
        expect(cal.getFirstSubcomponent('vevent')!.getAllProperties('summary')).toHaveLength(1);
      }
      // The answer page shows the title: escaped too.
      const link = /(http:\/\/127\.0\.0\.1:\d+\/rsvp\/accept\?t=[A-Za-z0-9_.%-]+)/.exec(parsed.text ?? '');
      if (link) {
        const page = await fetch(link[1]!);
        expect(page.status).toBe(200);
        const text = (await page.text()).toLowerCase();
        expect(text).not.toContain('<script>alert');
        expect(text).not.toContain('<img');
        pages++;
      }
    }
    expect(pages).toBe(sent.length);
    console.log(`fuzz: ${texts.length} hostile meetings, ${accepted} accepted, ${sent.length} mails and ${pages} answer pages checked`);
  }, 120_000);
});
