// Forwards a buffered request to an emulator and relays its answer unchanged.
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Upstream { host: string; port: number }

export interface Forwarded { status: number; headers: IncomingHttpHeaders; body: Buffer }

export async function forward(req: IncomingMessage, body: Buffer, upstream: Upstream): Promise<Forwarded> {
  try {
    return await forwardOnce(req, body, upstream);
  } catch (err) {
    // The emulator closed an idle kept-alive socket just as it was reused: the request never
    // reached it, so sending it again on a fresh socket is safe (what Node's docs advise).
    if ((err as { reusedSocket?: boolean }).reusedSocket === true) return forwardOnce(req, body, upstream);
    throw err;
  }
}

function forwardOnce(req: IncomingMessage, body: Buffer, upstream: Upstream): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `${upstream.host}:${upstream.port}`, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    let answered = false;
    const up = request({ host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent }, (r) => {
      answered = true;
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
      r.on('error', reject);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      // Only a reset before any answer on a reused socket is retried.
      if (up.reusedSocket && err.code === 'ECONNRESET' && !answered) Object.assign(err, { reusedSocket: true });
      reject(err);
    });
    up.end(body);
  });
}

export function relay(res: ServerResponse, f: Forwarded): void {
  const headers: Record<string, unknown> = { ...f.headers, 'content-length': String(f.body.length) };
  delete headers['transfer-encoding'];
  delete headers['connection'];
  delete headers['keep-alive'];
  res.writeHead(f.status, headers as Record<string, string | string[]>);
  res.end(f.body);
}

export function closeForwardAgent(): void {
  agent.destroy();
}
