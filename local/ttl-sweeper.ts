// DynamoDB deletes items whose TTL attribute (epoch seconds) has passed; dynalite does not. The
// local cloud sweeps each table with a TTL from the template: periodically and on demand
// (POST /_local/ttl/sweep), against the local clock (so moving the clock forward makes retention
// testable). It talks to dynalite directly, so its Scans are not counted as the functions' requests.
import * as ddb from '@aws-sdk/client-dynamodb';
import { TABLE_TYPES } from './dynamodb.js';
import type { LocalResources } from './resources.js';

export interface TtlTable {
  name: string;
  attribute: string;
  keys: string[];
}

/** The template's tables with TTL enabled. */
export function ttlTables(resources: LocalResources): TtlTable[] {
  const out: TtlTable[] = [];
  for (const [id, r] of Object.entries(resources.stack.template.Resources)) {
    if (!TABLE_TYPES.has(r.Type)) continue;
    const p = resources.properties(id);
    const ttl = p['TimeToLiveSpecification'] as { AttributeName?: string; Enabled?: boolean | string } | undefined;
    if (!ttl?.AttributeName || ttl.Enabled === false || ttl.Enabled === 'false') continue;
    const keys = ((p['KeySchema'] as Array<{ AttributeName: string }> | undefined) ?? []).map((k) => k.AttributeName);
    out.push({ name: resources.name(id), attribute: ttl.AttributeName, keys });
  }
  return out;
}

export class TtlSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly client: ddb.DynamoDBClient,
    private readonly tables: TtlTable[],
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep().catch((e: Error) => this.log(`TTL sweep failed: ${e.message}`)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes every expired item now; resolves to how many. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepAll(): Promise<number> {
    const nowSeconds = Math.floor(this.now() / 1000);
    let count = 0;
    for (const t of this.tables) {
      // The same condition filters the scan and guards each delete.
      const expired = {
        ExpressionAttributeNames: { '#ttl': t.attribute },
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
      };
      let ExclusiveStartKey: Record<string, ddb.AttributeValue> | undefined;
      do {
        const out = await this.client.send(
          new ddb.ScanCommand({ TableName: t.name, ExclusiveStartKey, FilterExpression: '#ttl < :now', ...expired }),
        );
        for (const item of out.Items ?? []) {
          const Key = Object.fromEntries(t.keys.map((k) => [k, item[k]!]));
          // Only if still expired (a write since the scan may have moved it).
          await this.client
            .send(
              new ddb.DeleteItemCommand({ TableName: t.name, Key, ConditionExpression: '#ttl < :now', ...expired }),
            )
            .then(() => count++)
            .catch((e: Error) => {
              if (e.name !== 'ConditionalCheckFailedException') throw e;
            });
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    if (count > 0) this.log(`TTL: deleted ${count} expired item(s)`);
    return count;
  }
}
