// The people routes and sign-in through the api handler with the real table adapter against dynalite:
// one person per address under concurrency, all-or-nothing imports (also concurrent ones), address
// keys that move, survive crashes and go with an erasure, and a sign-in that reads one address.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addressItem, key, personItem } from '../../functions/contract/table.js';
import { startEmulators, type Emulators } from '../support/emulators.js';
import { startStandIn, type StandIn } from '../support/aws-stand-in.js';
import { httpEvent, lambdaContext } from '../support/ports.js';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-north-1:000000000000:secret:samskab-demo-api-token';
const TOKEN = 'p'.repeat(40);
let emu: Emulators;
let aws: StandIn;
let api: typeof import('../../functions/api/handler.js');
let dynamo: typeof import('../../functions/adapters/dynamo.js');
let people: typeof import('../../functions/adapters/people-store.js');
let privacy: typeof import('../../functions/adapters/privacy-store.js');
/** Every DynamoDB command the adapters send, by name (the client's middleware sees each one). */
const sent: { command: string; input: Record<string, unknown> }[] = [];
/** When set, the nth PutItem (counted from when it was set) fails like a crash of the call. */
let failPutNumber: number | undefined;

beforeAll(async () => {
  emu = await startEmulators();
  aws = await startStandIn();
  aws.secrets.set(SECRET_ARN, JSON.stringify({ token: TOKEN }));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
    AWS_ENDPOINT_URL_SQS: aws.endpoint,
    EVENT_BUS_NAME: 'samskab-demo',
    API_TOKEN_SECRET_ARN: SECRET_ARN,
    MAIL_QUEUE_URL: `${aws.endpoint}/000000000000/samskab-demo-mail`,
    FACILITATORS: 'camilla-norby',
  });
  api = await import('../../functions/api/handler.js');
  dynamo = await import('../../functions/adapters/dynamo.js');
  people = await import('../../functions/adapters/people-store.js');
  privacy = await import('../../functions/adapters/privacy-store.js');
  let puts = 0;
  dynamo.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      sent.push({ command, input: args.input as Record<string, unknown> });
      if (command === 'PutItem' && failPutNumber !== undefined && ++puts === failPutNumber) throw new Error('injected: the connection dropped');
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
});

afterAll(async () => {
  await emu?.stop();
  await aws?.stop();
});

beforeEach(() => {
  sent.length = 0;
  failPutNumber = undefined;
  aws.messages.length = 0;
});

const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const event = httpEvent(method, path, { token: TOKEN, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const res = (await api.handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
  return { status: res.statusCode, body: res.body ? JSON.parse(String(res.body)) : undefined };
};

const stored = async () => (await people.listPeople()).map((p) => ({ id: p.personId, email: p.email }));
const addressKey = async (email: string) => (await dynamo.doc.send(new GetCommand({ TableName: dynamo.table(), Key: key.address(email), ConsistentRead: true }))).Item;

describe('one person per address', () => {
  it('10 concurrent POSTs with one address make one person; the others are refused naming the email', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('POST', '/api/people', { name: `Samtidig ${i}`, email: 'Samtidig@Example.org', role: 'citizen' })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    // 409 when the race was decided by the address key; 400 when the winner had finished before this one read the list.
    expect(refused).toHaveLength(9);
    for (const a of refused) expect([400, 409]).toContain(a.status);
    for (const a of refused) expect(a.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
    expect((await stored()).filter((p) => p.email === 'samtidig@example.org')).toHaveLength(1);
    const winner = answers.find((a) => a.status === 201)!.body.person.id;
    expect(await addressKey('samtidig@example.org')).toMatchObject({ personId: winner });
  });

  it('a PUT that changes the address moves its key: the old address is free again, the new one taken', async () => {
    const created = await call('POST', '/api/people', { name: 'Flytter Adresse', email: 'gammel@example.org', role: 'citizen' });
    expect(created.status).toBe(201);
    const id = created.body.person.id;
    const moved = await call('PUT', `/api/people/${id}`, { name: 'Flytter Adresse', email: 'ny@example.org', role: 'citizen' });
    expect(moved.status).toBe(200);
    expect(await addressKey('gammel@example.org')).toBeUndefined();
    expect(await addressKey('ny@example.org')).toMatchObject({ personId: id });
    expect((await call('POST', '/api/people', { name: 'Efterfølger', email: 'gammel@example.org', role: 'citizen' })).status).toBe(201);
    const clash = await call('POST', '/api/people', { name: 'Anden', email: 'ny@example.org', role: 'citizen' });
    expect(clash.status).toBe(400); // the list says so before any write
    expect(clash.body.errors).toEqual([{ field: 'email', message: 'already belongs to Flytter Adresse' }]);
  });

  it('concurrent PUTs moving two people to one address: one of them gets it', async () => {
    const a = (await call('POST', '/api/people', { name: 'Kappe A', email: 'kappe.a@example.org', role: 'citizen' })).body.person.id;
    const b = (await call('POST', '/api/people', { name: 'Kappe B', email: 'kappe.b@example.org', role: 'citizen' })).body.person.id;
    const answers = await Promise.all(
      [a, b].map((id) => call('PUT', `/api/people/${id}`, { name: id, email: 'kappe@example.org', role: 'citizen' })),
    );
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
    expect((await stored()).filter((p) => p.email === 'kappe@example.org')).toHaveLength(1);
  });

  it('a key left by a crash before its person was written is taken over after the lease, not during it', async () => {
    const now = Date.now();
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.table(), Item: addressItem({ id: 'aldrig-skrevet', email: 'foraeldet@example.org' }, { claimedAt: new Date(now - people.ADDRESS_CLAIM_LEASE_MS - 1000).toISOString(), claim: 'crashed' }) }));
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.table(), Item: addressItem({ id: 'skrives-nu', email: 'i-gang@example.org' }, { claimedAt: new Date(now).toISOString(), claim: 'in-flight' }) }));
    const stale = await call('POST', '/api/people', { name: 'Arving', email: 'foraeldet@example.org', role: 'citizen' });
    expect(stale.status).toBe(201);
    expect(await addressKey('foraeldet@example.org')).toMatchObject({ personId: stale.body.person.id });
    const inFlight = await call('POST', '/api/people', { name: 'For Tidlig', email: 'i-gang@example.org', role: 'citizen' });
    expect(inFlight.status).toBe(409);
    expect(inFlight.body.errors[0]).toMatchObject({ field: 'email', message: expect.stringMatching(/right now/) });
  });

  it('an erasure removes the address key, so the address can be used again', async () => {
    const id = (await call('POST', '/api/people', { name: 'Glemt', email: 'glemt@example.org', role: 'citizen' })).body.person.id;
    expect(await addressKey('glemt@example.org')).toBeDefined();
    await privacy.erasePerson(id);
    expect(await addressKey('glemt@example.org')).toBeUndefined();
    expect((await call('POST', '/api/people', { name: 'Ny Glemt', email: 'glemt@example.org', role: 'citizen' })).status).toBe(201);
  });
});

describe('imports, all or nothing', () => {
  const csv = (prefix: string, n: number) =>
    'name,email,role\n' + Array.from({ length: n }, (_, i) => `${prefix} ${i},${prefix.toLowerCase()}.${i}@example.org,citizen`).join('\n') + '\n';

  it('5 concurrent imports of one file: at most one saves, each answer says what it did, the table agrees', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/people/import', { csv: csv('Bølge', 12), dryRun: false })));
    const saved = answers.filter((a) => a.status === 201);
    expect(saved.length).toBeLessThanOrEqual(1);
    for (const a of answers) {
      if (a.status === 201) expect(a.body.saved).toBe(12);
      else {
        expect([400, 409]).toContain(a.status); // 400: the preview already saw the winner's rows
        expect(a.body.saved).toBe(0);
      }
    }
    const mine = (await stored()).filter((p) => p.email.startsWith('bølge.'));
    expect(mine).toHaveLength(12 * saved.length);
    for (let i = 0; i < 12; i++) expect(Boolean(await addressKey(`bølge.${i}@example.org`))).toBe(saved.length === 1);
  });

  it('5 concurrent one-row imports that make the same id: exactly one "saved 1", one person stored', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => call('POST', '/api/people/import', { csv: 'name,email,role\nEnlig Række,enlig@example.org,citizen\n', dryRun: false })));
    expect(answers.filter((a) => a.status === 201 && a.body.saved === 1)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409 || a.status === 400)).toHaveLength(4);
    expect((await stored()).filter((p) => p.id.startsWith('enlig-raekke'))).toHaveLength(1);
  });

  it('an import whose row meets a taken id leaves none of its rows (nor their address keys)', async () => {
    const taken = { id: 'optaget', name: 'Optaget', email: 'optaget@example.org', role: 'citizen' as const, language: 'da' as const };
    expect((await people.createPerson(taken)).ok).toBe(true);
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: `halv-${i}`, name: `Halv ${i}`, email: `halv.${i}@example.org`, role: 'citizen' as const, language: 'da' as const }));
    const result = await people.importPeople([...rows, { ...taken, email: 'andet@example.org' }]);
    expect(result).toEqual({ ok: false, conflicts: [{ personId: 'optaget', field: 'id', message: 'is already taken' }] });
    const left = await stored();
    expect(left.filter((p) => p.id.startsWith('halv-'))).toEqual([]);
    for (const r of rows) expect(await addressKey(r.email)).toBeUndefined();
    expect(await addressKey('andet@example.org')).toBeUndefined();
    expect(left.find((p) => p.id === 'optaget')).toEqual({ id: 'optaget', email: 'optaget@example.org' });
  });

  it('an import that fails half-way (a write errors) leaves nothing and answers 500', async () => {
    failPutNumber = 14; // after every address key and a few of the people
    const res = await call('POST', '/api/people/import', { csv: csv('Afbrudt', 10), dryRun: false });
    expect(res.status).toBe(500);
    failPutNumber = undefined;
    expect((await stored()).filter((p) => p.email.startsWith('afbrudt.'))).toEqual([]);
    for (let i = 0; i < 10; i++) expect(await addressKey(`afbrudt.${i}@example.org`)).toBeUndefined();
    // And the same file imports cleanly afterwards.
    expect((await call('POST', '/api/people/import', { csv: csv('Afbrudt', 10), dryRun: false })).body.saved).toBe(10);
  });
});

describe('imports as Danish offices send them', () => {
  /** The file's bytes as the HTTP API hands a binary body to the function: base64. */
  const sendFile = async (bytes: Buffer, query = '') => {
    const event = { ...httpEvent('POST', '/api/people/import', { token: TOKEN, headers: { 'content-type': 'application/octet-stream' } }), body: bytes.toString('base64'), isBase64Encoded: true, ...(query ? { queryStringParameters: { dryRun: query } } : {}) };
    const res = (await api.handler(event as never, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) };
  };
  // Saved by Danish Excel as "CSV (semikolonsepareret)": Windows-1252, ';'.
  const file = Buffer.from(
    'Navn;E-mail;Rolle;Kommune\r\nSøren Ærbø;soeren.aerboe@aalborg.example.com;koordinator;aalborg\r\nBent Borgmester;bent@aalborg.example.com;borgmester;Aalborg\r\nAnne Åsen;;borger;Varde\r\n',
    'latin1',
  );

  it('a Windows-1252 semicolon file: ?dryRun=true previews, the plain POST saves the good rows and lists the bad with the allowed values', async () => {
    const preview = await sendFile(file, 'true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, encoding: 'windows-1252', delimiter: ';', valid: 1, invalid: 2, saved: 0 });
    expect((await stored()).find((p) => p.email === 'soeren.aerboe@aalborg.example.com')).toBeUndefined();

    const res = await sendFile(file);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ dryRun: false, valid: 1, invalid: 2, saved: 1 });
    expect(res.body.rows[1].errors).toEqual([expect.objectContaining({ field: 'role', problem: 'not-allowed', value: 'borgmester', allowed: expect.arrayContaining(['coordinator', 'citizen']) })]);
    expect(res.body.rows[2].errors).toEqual([{ field: 'email', problem: 'missing', message: 'is required' }]);
    const saved = (await people.listPeople()).find((p) => p.email === 'soeren.aerboe@aalborg.example.com');
    expect(saved).toMatchObject({ name: 'Søren Ærbø', role: 'coordinator', municipality: 'Aalborg' });
    expect(await addressKey('bent@aalborg.example.com')).toBeUndefined();
  });

  it('a file with no valid row saves nothing (400); a bad dryRun is named', async () => {
    const res = await sendFile(Buffer.from('navn;e-mail;rolle\r\nX;x@example.org;borgmester\r\n', 'latin1'));
    expect(res.status).toBe(400);
    expect(res.body.saved).toBe(0);
    expect((await sendFile(file, 'ja')).body.errors).toEqual([{ field: 'dryRun', message: 'must be true or false' }]);
  });
});

describe('sign-in reads one address, not the people', () => {
  it('POST /auth/sign-in: GetItem of the address key and the person, no Query; the link still goes out', async () => {
    const res = await call('POST', '/auth/sign-in', { email: 'Camilla.Norby@example.org' }, { origin: 'https://api.example.org' });
    expect(res.status).toBe(202);
    const reads = sent.filter((s) => ['Query', 'Scan', 'GetItem', 'BatchGetItem'].includes(s.command));
    expect(reads.map((r) => r.command)).toEqual(['GetItem', 'GetItem']);
    expect(reads.map((r) => r.input.Key)).toEqual([key.address('camilla.norby@example.org'), key.person('camilla-norby')]);
    expect(aws.messages.map((m) => JSON.parse(m.body))).toMatchObject([{ kind: 'sign-in', recipient: { personId: 'camilla-norby' } }]);
  });

  it('an unknown address costs one GetItem and sends nothing', async () => {
    expect((await call('POST', '/auth/sign-in', { email: 'nobody@example.org' }, { origin: 'https://api.example.org' })).status).toBe(202);
    expect(sent.map((s) => s.command)).toEqual(['GetItem']);
    expect(aws.messages).toEqual([]);
  });

  it('a coordinator stored before address keys existed gets one from the people page, then can sign in', async () => {
    const legacy = { id: 'gammel-koordinator', name: 'Gammel Koordinator', email: 'gammel.koordinator@example.org', role: 'coordinator', municipality: 'Varde', language: 'da' };
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.table(), Item: personItem(legacy) }));
    const signIn = () => call('POST', '/auth/sign-in', { email: legacy.email }, { origin: 'https://api.example.org' });
    await signIn();
    expect(aws.messages).toEqual([]);
    expect((await call('GET', '/api/people')).status).toBe(200);
    expect(await addressKey(legacy.email)).toMatchObject({ personId: legacy.id });
    await signIn();
    expect(aws.messages.map((m) => JSON.parse(m.body))).toMatchObject([{ kind: 'sign-in', recipient: { personId: legacy.id } }]);
  });

  it('an address whose key is stale (the person moved) signs nobody in', async () => {
    await dynamo.doc.send(new PutCommand({ TableName: dynamo.table(), Item: addressItem({ id: 'camilla-norby', email: 'tidligere@example.org' }, { claimedAt: new Date().toISOString(), claim: 'old' }) }));
    aws.messages.length = 0;
    await call('POST', '/auth/sign-in', { email: 'tidligere@example.org' }, { origin: 'https://api.example.org' });
    expect(aws.messages).toEqual([]);
  });
});
