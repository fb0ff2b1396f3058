// Backoff for the partial failures that batch APIs return (UnprocessedItems, Failed entries).
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full-jitter exponential backoff: attempt 0 waits up to 50 ms, doubling to a 2 s cap. */
export const backoffMs = (attempt: number) => Math.random() * Math.min(2000, 50 * 2 ** attempt);

export const MAX_BATCH_ATTEMPTS = 8;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
