// DynamoDB requests pass through here on their way to dynalite so every operation is counted
// (reads, writes, and the Scan count the benchmark must show as 0).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Stats } from '../stats.js';
import { forward, relay, type Upstream } from './forward.js';

export async function proxyDynamoDb(op: string, req: IncomingMessage, body: Buffer, res: ServerResponse, upstream: Upstream, stats: Stats): Promise<void> {
  stats.count('DynamoDB', op);
  if (op === 'BatchWriteItem' || op === 'BatchGetItem') {
    try {
      const input = JSON.parse(body.toString('utf8')) as { RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }> };
      let n = 0;
      for (const v of Object.values(input.RequestItems ?? {})) n += Array.isArray(v) ? v.length : (v.Keys?.length ?? 0);
      stats.countItems('DynamoDB', op, n);
    } catch {
      // dynalite answers the malformed request itself
    }
  }
  relay(res, await forward(req, body, upstream));
}
