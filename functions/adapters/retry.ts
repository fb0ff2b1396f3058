// Backoff for the partial failures that batch APIs return (UnprocessedItems, Failed entries).
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff: attempt 0 waits up to 50 ms, doubling to a 2 s cap. */
const backoffMs = (attempt: number) => Math.random() * Math.min(2000, 50 * 2 ** attempt);

const MAX_BATCH_ATTEMPTS = 8;

/**
 * Sends one batch until the service has taken all of it. `send` returns the part it left
 * (UnprocessedItems, UnprocessedKeys, failed entries), which goes again after a backoff; after
 * MAX_BATCH_ATTEMPTS calls in all, the error names `what` and how many are left.
 */
export async function sendUntilProcessed<T>(batch: readonly T[], what: string, send: (batch: readonly T[]) => Promise<readonly T[]>): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= MAX_BATCH_ATTEMPTS) throw new Error(`${what} left ${pending.length} unprocessed after ${MAX_BATCH_ATTEMPTS} attempts`);
    if (attempt > 0) await sleep(backoffMs(attempt));
    pending = await send(pending);
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
