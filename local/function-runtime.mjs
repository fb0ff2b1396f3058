// The Lambda runtime inside one worker thread: loads the bundled asset once (init phase),
// then runs invocations sent by the parent and answers with the JSON-serialized result or error.
// Plain JavaScript so the worker runs on plain Node, like Lambda, without the TypeScript loader.
import './sdk-node-warning.mjs';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { entryFile, handlerName, functionName, functionArn, memoryMb, logGroupName, logStreamName, clock } = workerData;
/** Real time, for the invocation deadline (the parent sets it on the real clock). */
const realNow = Date.now.bind(Date);

// The local cloud's clock offset (POST /_local/clock): Date.now() and new Date() read the shared
// offset on every call, so tests can move the functions' time forward. Installed before the
// bundle loads; Date.prototype is the real one, so instanceof and every method stay as they are.
if (clock instanceof SharedArrayBuffer) {
  const RealDate = Date;
  const offset = new BigInt64Array(clock);
  const shiftedNow = () => RealDate.now() + Number(Atomics.load(offset, 0));
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget);
    },
    apply() {
      return new RealDate(shiftedNow()).toString();
    },
    get(target, prop, receiver) {
      if (prop === 'now') return shiftedNow;
      return Reflect.get(target, prop, receiver);
    },
  });
}

// On Lambda a function is a process of its own and Lambda reads its file descriptors 1 and 2; here
// every function is a thread of one process, so a direct write to fd 1 or 2 (fs.writeSync, as the
// functions' logger does) goes to this worker's stdout or stderr, which the local cloud reads per
// function. Installed before the bundle loads; syncBuiltinESMExports updates `import { writeSync }`.
const realWriteSync = fs.writeSync;
fs.writeSync = function writeSync(fd, data, ...rest) {
  if (fd !== 1 && fd !== 2) return realWriteSync.call(fs, fd, data, ...rest);
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (typeof data === 'string') {
    const encoding = typeof rest[1] === 'string' ? rest[1] : 'utf8';
    stream.write(data, encoding);
    return Buffer.byteLength(data, encoding);
  }
  // (fd, buffer, offset?, length?) or (fd, buffer, { offset, length }); copied, as the caller may reuse it.
  const options = typeof rest[0] === 'object' && rest[0] !== null ? rest[0] : { offset: rest[0], length: rest[1] };
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const offset = options.offset ?? 0;
  const chunk = Buffer.from(bytes.subarray(offset, offset + (options.length ?? bytes.length - offset)));
  stream.write(chunk);
  return chunk.length;
};
syncBuiltinESMExports();

function serializeError(err) {
  if (err instanceof Error) {
    return { errorType: err.name || 'Error', errorMessage: err.message, stack: err.stack };
  }
  return { errorType: 'Error', errorMessage: typeof err === 'string' ? err : JSON.stringify(err) };
}

let handler;
try {
  const mod = await import(pathToFileURL(entryFile).href);
  handler = handlerName.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (handler === undefined && mod.default != null) {
    handler = handlerName.split('.').reduce((o, k) => (o == null ? undefined : o[k]), mod.default);
  }
  if (typeof handler !== 'function') throw new Error(`${entryFile} exports no function ${handlerName}`);
  parentPort.postMessage({ type: 'ready' });
} catch (err) {
  parentPort.postMessage({ type: 'init-error', error: { ...serializeError(err), errorType: 'Runtime.ImportModuleError' } });
}

function context(requestId, deadline) {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName,
    logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - realNow()),
  };
}

// Like the Node.js runtime: a handler returns a promise, or calls back.
function run(event, ctx) {
  return new Promise((resolve, reject) => {
    const callback = (err, value) => (err ? reject(err) : resolve(value));
    try {
      const r = handler(event, ctx, callback);
      if (r && typeof r.then === 'function') r.then(resolve, reject);
    } catch (err) {
      reject(err);
    }
  });
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke' || handler === undefined) return;
  if (msg.crash) {
    // Injected fault: the runtime dies mid-invocation, as when a process crashes on Lambda.
    process.exit(134);
  }
  try {
    const value = await run(msg.event, context(msg.requestId, msg.deadline));
    // Lambda serializes the result to JSON; undefined becomes null.
    const json = value === undefined ? 'null' : JSON.stringify(value);
    parentPort.postMessage({ type: 'result', id: msg.id, ok: true, json: json === undefined ? 'null' : json });
  } catch (err) {
    parentPort.postMessage({ type: 'result', id: msg.id, ok: false, error: serializeError(err) });
  }
});
