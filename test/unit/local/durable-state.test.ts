// The local cloud's state survives a restart as AWS's does: queue messages (visible, delayed and in
// flight) and pending asynchronous Lambda invocations are journaled in the data folder, and a
// journal cut short by a kill -9 still reads back.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Activity } from '../../../local/activity.js';
import { AsyncInvoker, asyncRetryDelayMs } from '../../../local/async-invocations.js';
import type { FunctionRegistry } from '../../../local/functions.js';
import { Journal, JOURNAL_FILE } from '../../../local/journal.js';
import { QueueRegistry } from '../../../local/queues.js';
import { Stats } from '../../../local/stats.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samskab-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const config = { name: 'work', arn: 'arn:aws:sqs:eu-west-1:000000000000:work', url: 'http://x/work', visibilityTimeoutSeconds: 300, delaySeconds: 0, retentionSeconds: 345_600 };

function registry(journal: Journal, timeScale = 1) {
  const queues = new QueueRegistry(Date.now, { journal, timeScale });
  return { queues, queue: queues.add(config) };
}

describe('queues across a restart', () => {
  it('keeps visible, delayed and in-flight messages; what was deleted stays deleted', () => {
    const first = new Journal(dir);
    const { queue } = registry(first);
    for (let i = 0; i < 5; i++) queue.send(`m${i}`);
    queue.send('later', {}, 900);
    const [held, done] = queue.receive(2);
    queue.delete(done!.receiptHandle);
    first.flush(); // the end of the tick; a kill -9 after it loses nothing

    const { queue: again } = registry(new Journal(dir));
    expect(again.depth).toBe(5);
    expect(again.counts()).toEqual({ visible: 3, inFlight: 1, delayed: 1 });
    // The consumer that held it is gone: visible again when its visibility timeout ends, not before.
    expect(again.receive(10).map((r) => r.message.body).sort()).toEqual(['m2', 'm3', 'm4']);
    expect(again.nextVisibleIn()).toBeGreaterThan(299_000);
    expect(held!.message.body).toBe('m0');
  });

  it('scales what is left of an in-flight message\'s visibility timeout by the time scale', () => {
    const first = new Journal(dir);
    const { queue } = registry(first);
    queue.send('held');
    expect(queue.receive(1)).toHaveLength(1);
    first.flush();
    const { queue: scaled } = registry(new Journal(dir), 0.001);
    expect(scaled.counts().visible).toBe(0);
    expect(scaled.nextVisibleIn()).toBeLessThanOrEqual(300);
  });

  it('reads a journal whose last line a kill cut short, and compacts it at start', () => {
    const first = new Journal(dir);
    const { queue } = registry(first);
    for (let i = 0; i < 3; i++) queue.send(`m${i}`);
    queue.purge();
    queue.send('kept');
    first.flush();
    appendFileSync(join(dir, JOURNAL_FILE), '{"op":"put","kind":"sqs:arn:aws:sqs:eu-west-1:000000000000:work","key":"x","val');
    const { queue: again } = registry(new Journal(dir));
    expect(again.receive(10).map((r) => r.message.body)).toEqual(['kept']);
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('writes the changes of one tick in one append (a fan-out of 2,000 sends stays cheap)', async () => {
    const journal = new Journal(dir);
    const { queue } = registry(journal);
    for (let i = 0; i < 2000; i++) queue.send(JSON.stringify({ i, body: 'x'.repeat(200) }));
    await Promise.resolve();
    const { queue: again } = registry(new Journal(dir));
    expect(again.depth).toBe(2000);
  });
});

describe('asynchronous Lambda invocations across a restart', () => {
  const fnArn = 'arn:aws:lambda:eu-west-1:000000000000:function:worker';

  function invoker(journal: Journal, invoke: (payload: unknown) => Promise<unknown>) {
    const functions = { find: (ref: string) => (ref.startsWith(fnArn) ? { spec: { arn: fnArn }, invoke } : undefined) } as unknown as FunctionRegistry;
    const stats = new Stats();
    const activity = new Activity();
    const queues = new QueueRegistry();
    const failures = queues.add({ ...config, name: 'failures', arn: 'arn:aws:sqs:eu-west-1:000000000000:failures' });
    const async = new AsyncInvoker({
      functions, configs: new Map([[fnArn, { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600, onFailureArn: failures.config.arn }]]),
      queues, stats, activity, timeScale: 0.001, journal, log: () => undefined,
    });
    return { async, stats, activity, failures };
  }
  const idle = async (activity: Activity) => {
    while (activity.count > 0) await new Promise((r) => setTimeout(r, 5));
  };

  it('resumes an invocation that was accepted (or running) when the process died', async () => {
    const first = new Journal(dir);
    const dead = invoker(first, () => new Promise(() => undefined)); // never returns: the process dies meanwhile
    await dead.async.invoke(fnArn, { n: 1 });
    first.flush();
    dead.async.stop();

    const seen: unknown[] = [];
    const next = invoker(new Journal(dir), async (payload) => seen.push(payload));
    next.async.start();
    await idle(next.activity);
    expect(seen).toEqual([{ n: 1 }]);
    expect(next.stats.lambdaAsync.resumed).toBe(1);
  });

  it('resumes a pending retry, keeping the attempts already made, then sends the record to the on-failure queue', async () => {
    const first = new Journal(dir);
    let calls = 0;
    const failing = invoker(first, async () => {
      calls++;
      throw new Error('always');
    });
    await failing.async.invoke(fnArn, { n: 2 });
    while (calls < 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 5));
    first.flush();
    failing.async.stop();

    const next = invoker(new Journal(dir), async () => {
      calls++;
      throw new Error('always');
    });
    next.async.start();
    await idle(next.activity);
    expect(calls).toBe(3); // 1 before the restart + 2 retries after it
    const [record] = next.failures.receive(10);
    expect(JSON.parse(record!.message.body)).toMatchObject({ requestContext: { approximateInvokeCount: 3, condition: 'RetriesExhausted' }, requestPayload: { n: 2 } });
  });

  it('waits about a minute, then two, between retries (scaled)', () => {
    expect([asyncRetryDelayMs(0), asyncRetryDelayMs(1)]).toEqual([60_000, 120_000]);
  });
});
