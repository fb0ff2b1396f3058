// aws-ses-v2-local: the SES v2 emulator and its web page listing every sent mail.
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import sesModule from 'aws-ses-v2-local';
import { localUrl, PortInUseError } from './ports.js';

type ExpressHandler = (
  req: { body: unknown },
  res: { status(code: number): unknown; send(body: unknown): unknown },
  next: (err?: unknown) => void,
) => void;

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

export interface SesEmulator { server: Server; port: number; url: string }

export async function startSesEmulator(port: number, host: string, hint: string): Promise<SesEmulator> {
  // The emulator's server() does not report listen errors; probe the port first.
  await assertFree(port, host, `Port ${port} (mail viewer) is already in use. ${hint}`);
  // A CommonJS module with exports.default: Node's ESM import sees the exports object.
  const mod = sesModule as unknown as StartSes | { default: StartSes };
  const start = typeof mod === 'function' ? mod : mod.default;
  const server = await start({ host, port });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
  const url = localUrl(host, bound);
  // The emulator keeps its store in a module-global: a second cloud in one process (tests)
  // would see the first one's mail.
  await fetch(`${url}/clear-store`, { method: 'POST' });
  return { server, port: bound, url };
}

async function assertFree(port: number, host: string, message: string): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortInUseError(message) : e));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * The emulator's own SendEmail handler (the one its server routes POST /v2/email/outbound-emails
 * to), called in-process by the local endpoint's SES proxy: the functions' request already
 * crossed HTTP once, to the endpoint, so it does not cross it a second time on the same thread.
 */
const sendEmailHandler = (createRequire(import.meta.url)('aws-ses-v2-local/dist/v2/sendEmail.js') as { default: ExpressHandler }).default;

export interface EmulatorAnswer { status: number; body: unknown }

export function sendEmailInProcess(request: unknown, authorization: string | undefined): Promise<EmulatorAnswer> {
  // The emulator's server asks for an AWS-style Authorization header before any SES call.
  if (!authorization) return Promise.resolve({ status: 403, body: { message: 'Missing Authentication Token' } });
  if (!authorization.startsWith('AWS')) return Promise.resolve({ status: 400, body: { message: 'Not Authorized' } });
  return new Promise((resolve, reject) => {
    let status = 200;
    const res = {
      status(code: number) {
        status = code;
        return res;
      },
      send(body: unknown) {
        resolve({ status, body });
        return res;
      },
    };
    // It answers every request itself (as under its own server, a failure inside its async raw
    // handler is not passed to `next`); `next` is there for the handler's signature.
    sendEmailHandler({ body: request }, res, reject);
  });
}
