// Admin endpoints under /_local/ on the API port, for tests, benchmarks and curious humans:
//   GET  /_local/stats            counts per service and operation, invocations, queue and DLQ depths
//   POST /_local/stats/reset      zero the counters (a benchmark measures one run)
//   GET  /_local/faults           the current fault settings
//   POST /_local/faults           {duplicateDeliveries?, sesThrottleRate?, crashFirstInvocation?, failEveryInvocation?, crashAfterSend?}
//   GET  /_local/idle?timeoutMs=  waits until no queue holds work and nothing runs (200, or 408)
//   GET  /_local/mail             mail accepted by SES, with the raw MIME (base64)
//   POST /_local/mail/clear       forget captured mail (and clear the SES emulator's store)
//   POST /_local/schedules/run    fire pending one-time schedules now (?before=<ISO time>)
//   POST /_local/ttl/sweep        delete the items whose TTL (expiresAt) is past on the local clock
//   GET  /_local/clock            the local clock: {offsetMs, now}
//   POST /_local/clock            {offsetMs} | {advanceMs} | {now: ISO}: moves the functions' and the
//                                 Scheduler's time; schedules due on the new time fire before it answers
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { CapturedMail } from './aws-endpoint/ses-proxy.js';
import type { FaultState } from './faults.js';

export interface AdminTarget {
  stats(): unknown;
  resetStats(): void;
  faults: FaultState;
  waitForIdle(timeoutMs: number): Promise<boolean>;
  mail(): CapturedMail[];
  clearMail(): Promise<void>;
  runSchedules(before?: number): Promise<number>;
  clock: { state(): { offsetMs: number; now: string }; set(input: unknown): { offsetMs: number; now: string }; now(): number };
  /** Deletes expired TTL items now (dynalite has no TTL); resolves to how many. */
  sweepTtl(): Promise<number>;
}

/**
 * True for a loopback peer: 127.0.0.0/8, ::1, or 127.x as an IPv4-mapped IPv6 address. The
 * admin endpoints hand out sign-in links and move the clock, so with `--host 0.0.0.0` they
 * answer only this machine. Decided on the socket's address, never on headers a client sets.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(address) !== 6) return false;
  const groups = expandIPv6(address);
  return groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
}

function expandIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (g.includes('.') ? -1 : parseInt(g, 16))));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

export async function handleAdmin(req: IncomingMessage, body: Buffer, res: ServerResponse, admin: AdminTarget): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    const text = JSON.stringify({ error: '/_local/ admin endpoints answer only on loopback (127.0.0.1, ::1)' });
    res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const route = `${req.method} ${url.pathname.replace(/\/$/, '')}`;
  const json = (status: number, value: unknown) => {
    const text = JSON.stringify(value, null, 2);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const input = (): unknown => {
    try {
      return body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      throw new BadRequest('body is not JSON');
    }
  };
  try {
    switch (route) {
      case 'GET /_local/stats': return json(200, admin.stats());
      case 'POST /_local/stats/reset': admin.resetStats(); return json(200, { reset: true });
      case 'GET /_local/faults': return json(200, admin.faults.current);
      case 'POST /_local/faults': {
        try {
          return json(200, admin.faults.set(input()));
        } catch (err) {
          throw new BadRequest((err as Error).message);
        }
      }
      case 'GET /_local/idle': {
        const timeoutMs = Number(url.searchParams.get('timeoutMs') ?? 30_000);
        const idle = await admin.waitForIdle(Number.isFinite(timeoutMs) ? timeoutMs : 30_000);
        return json(idle ? 200 : 408, { idle });
      }
      case 'GET /_local/mail': return json(200, admin.mail());
      case 'POST /_local/mail/clear': await admin.clearMail(); return json(200, { cleared: true });
      case 'POST /_local/schedules/run': {
        const before = url.searchParams.get('before');
        return json(200, { fired: await admin.runSchedules(before === null ? undefined : Date.parse(before)) });
      }
      case 'GET /_local/clock': return json(200, admin.clock.state());
      case 'POST /_local/clock': {
        let state;
        try {
          state = admin.clock.set(input());
        } catch (err) {
          throw new BadRequest((err as Error).message);
        }
        return json(200, { ...state, fired: await admin.runSchedules(admin.clock.now()) });
      }
      case 'POST /_local/ttl/sweep': return json(200, { deleted: await admin.sweepTtl() });
      default: return json(404, { message: `no admin endpoint ${route}` });
    }
  } catch (err) {
    if (err instanceof BadRequest) return json(400, { message: err.message });
    throw err;
  }
}

class BadRequest extends Error {}
