// dynalite in its own worker thread, so its CPU work (LevelDB, expression parsing, validation)
// runs beside the main thread instead of on its event loop. It listens on two ports with one
// database: the functions' port counts every request per operation into shared memory the main
// thread reads (local/dynamodb-counters.ts) and, once the parent sends the functions' roles, checks
// each function's request against its role (local/iam/decide.mjs); the other port (the local cloud itself, tests,
// cloud.urls.dynamodb) is not counted. The parent stops it with a 'close' message (the servers close,
// then dynalite closes its database).
// Plain JavaScript so the worker runs on plain Node without the TypeScript loader.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { IamDecider, dynamoDbChecks } from './iam/decide.mjs';
import { countItemSizeInUtf8 } from './dynamodb-item-size.mjs';

const require = createRequire(import.meta.url);
const { host, port, path, counters } = workerData;

function fail(err) {
  parentPort.postMessage({ type: 'error', code: err?.code, message: err?.message ?? String(err) });
}

const listen = (server, p) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, host, () => {
      server.off('error', reject);
      // Longer than clients' idle kept-alive sockets usually wait, so few are closed under them.
      server.keepAliveTimeout = 60_000;
      resolve(server.address().port);
    });
  });

const servers = [];
async function start() {
  const dynalite = require('dynalite');
  countItemSizeInUtf8(require('dynalite/db'));
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  servers.push(server);
  const count = countRequest(counters);
  const counted = createServer((req, res) => {
    count(req);
    if (iam === undefined || iam.caller(req.headers.authorization) === undefined) return server.emit('request', req, res);
    authorized(req, res).then((replay) => replay && server.emit('request', replay, res), (err) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(err?.message ?? err) }));
    });
  });
  servers.push(counted);
  const ports = { port: await listen(server, port), countedPort: await listen(counted, 0) };
  parentPort.postMessage({ type: 'listening', ...ports });
}
start().catch(fail);

/** The functions' execution roles, once the parent has read the template (a 'iam' message). */
let iam;

/**
 * Answers AccessDeniedException as DynamoDB does when the calling function's role does not allow
 * the request; otherwise resolves to a copy of the request (its body was read) for dynalite.
 */
async function authorized(req, res) {
  const chunks = [];
  await new Promise((resolve, reject) => {
    req.on('data', (c) => chunks.push(c));
    req.on('end', resolve);
    req.on('error', reject);
  });
  const body = Buffer.concat(chunks);
  const caller = iam.caller(req.headers.authorization);
  const region = /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? 'eu-west-1';
  const target = String(req.headers['x-amz-target'] ?? '');
  let input = {};
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch {
    // dynalite answers the malformed request itself
  }
  const denial = await iam.denial(caller, dynamoDbChecks(target.slice(target.indexOf('.') + 1), input ?? {}, region, iam.accountId));
  if (denial !== undefined) {
    const text = JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: denial.message });
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': crypto.randomUUID() });
    res.end(text);
    return undefined;
  }
  const replay = Object.assign(new PassThrough(), { headers: req.headers, method: req.method, url: req.url, socket: req.socket, connection: req.socket });
  replay.end(body);
  return replay;
}

/** Counts a request by its X-Amz-Target, and a batch's items. */
function countRequest({ buffer, operations, batches }) {
  const cells = new Int32Array(buffer);
  const index = new Map(operations.map((op, i) => [op, i]));
  const other = index.get('Other');
  const batchIndex = new Map(batches.map((op, i) => [op, operations.length + i]));
  return (req) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.slice(target.indexOf('.') + 1);
    Atomics.add(cells, index.get(op) ?? other, 1);
    const itemsCell = batchIndex.get(op);
    if (itemsCell === undefined) return;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        let n = 0;
        for (const v of Object.values(input.RequestItems ?? {})) n += Array.isArray(v) ? v.length : (v?.Keys?.length ?? 0);
        Atomics.add(cells, itemsCell, n);
      } catch {
        // dynalite answers the malformed request itself
      }
    });
  };
}

parentPort.on('message', (msg) => {
  if (msg?.type === 'iam') iam = msg.config === undefined ? undefined : new IamDecider(msg.config);
  if (msg?.type !== 'close') return;
  // dynalite's own server closes last: its close() also closes the database.
  const [server, ...others] = servers;
  for (const s of others) {
    s.close();
    s.closeAllConnections?.();
  }
  const done = () => process.exit(0);
  if (server === undefined || !server.listening) return done();
  server.close(done);
  server.closeAllConnections?.();
});
