// The batch APIs' partial failures (UnprocessedItems, UnprocessedKeys, failed SQS entries):
// what is left goes again, after a backoff, and a batch that never goes through fails clearly.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forEachLimit } from '../../functions/shared/concurrency.js';
import { sendUntilProcessed } from '../../functions/adapters/retry.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('sendUntilProcessed', () => {
  it('sends again only what the service left, until nothing is left', async () => {
    vi.useFakeTimers();
    const calls: string[][] = [];
    const done = sendUntilProcessed(['a', 'b', 'c'], 'BatchWriteItem', async (batch) => {
      calls.push([...batch]);
      return calls.length === 1 ? ['b', 'c'] : calls.length === 2 ? ['c'] : [];
    });
    await vi.runAllTimersAsync();
    await done;
    expect(calls).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('waits before each retry, not before the first call', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const done = sendUntilProcessed([1], 'BatchGetItem', async (batch) => (++calls === 1 ? batch : []));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    // Full jitter: the first retry waits somewhere under 100 ms.
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toBe(2);
    await done;
  });

  it('gives up after 8 calls, naming the operation and how many are left', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const done = sendUntilProcessed([1, 2], 'SendMessageBatch', async () => {
      calls++;
      return [2];
    });
    const failure = expect(done).rejects.toThrow('SendMessageBatch left 1 unprocessed after 8 attempts');
    await vi.runAllTimersAsync();
    await failure;
    expect(calls).toBe(8);
  });

  it('makes no call for an empty batch, and passes a send error through', async () => {
    const send = vi.fn(async () => []);
    await sendUntilProcessed([], 'BatchWriteItem', send);
    expect(send).not.toHaveBeenCalled();
    await expect(sendUntilProcessed([1], 'SendMessageBatch', async () => {
      throw new Error('SQS rejected a mail job: InvalidParameterValue');
    })).rejects.toThrow('SQS rejected a mail job');
  });
});

describe('forEachLimit', () => {
  it('keeps at most `limit` calls in flight and runs every item', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      inFlight--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects with the first failure and starts no new item after it', async () => {
    const started: number[] = [];
    await expect(forEachLimit([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, 5));
      if (n === 2) throw new Error('item 2 failed');
    })).rejects.toThrow('item 2 failed');
    // 1 and 2 ran together; 3 started when 1 finished, before 2 failed; nothing after.
    expect(started).toEqual([1, 2, 3]);
  });
});
