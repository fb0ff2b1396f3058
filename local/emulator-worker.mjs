// dynalite in its own worker thread, so its CPU work (LevelDB, expression parsing, validation)
// runs beside the local AWS endpoint instead of on its event loop. It listens on its own port as
// before; the parent talks to it over HTTP and stops it with a 'close' message (the server
// closes, then dynalite closes its database).
// Plain JavaScript so the worker runs on plain Node without the TypeScript loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { kind, host, port, path } = workerData;

function fail(err) {
  parentPort.postMessage({ type: 'error', code: err?.code, message: err?.message ?? String(err) });
}

let server;
try {
  if (kind === 'dynalite') {
    const dynalite = require('dynalite');
    server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      parentPort.postMessage({ type: 'listening', port: server.address().port });
    });
  } else {
    throw new Error(`unknown emulator ${kind}`);
  }
  // Longer than the endpoint's idle kept-alive sockets usually wait, so few are closed under it.
  server.keepAliveTimeout = 60_000;
} catch (err) {
  fail(err);
}

parentPort.on('message', (msg) => {
  if (msg?.type !== 'close') return;
  const done = () => process.exit(0);
  if (server === undefined || !server.listening) return done();
  server.close(done);
  server.closeAllConnections?.();
});
