// The mail queue: the meetings function enqueues one MailJob per invitation.
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { Env, requireEnv } from '../contract/environment.js';
import type { MailJob } from '../contract/mail-job.js';
import { forEachLimit } from '../shared/concurrency.js';
import { sendUntilProcessed } from './retry.js';

const client = new SQSClient({});

/** SQS limits per SendMessageBatch call: 10 entries and 256 KiB of payload in total. */
const MAX_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;

/** Groups bodies into batches that respect both the entry count and the payload size limit. */
export function batchBodies(bodies: readonly string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = Buffer.byteLength(body, 'utf8');
    if (current.length > 0 && (current.length === MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** SendMessageBatch calls of one enqueue in flight at once. */
const SEND_CONCURRENCY = 4;

/** Enqueues the jobs with as few calls as the limits allow (up to 4 at once); retries entries SQS failed. */
export async function enqueue(jobs: readonly MailJob[]): Promise<void> {
  const queueUrl = requireEnv(Env.MailQueueUrl);
  await forEachLimit(batchBodies(jobs.map((job) => JSON.stringify(job))), SEND_CONCURRENCY, async (batch) => {
    const entries: SendMessageBatchRequestEntry[] = batch.map((body, i) => ({ Id: String(i), MessageBody: body }));
    await sendUntilProcessed(entries, 'SendMessageBatch', async (pending) => {
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [...pending] }));
      const failed = out.Failed ?? [];
      // A sender fault (a bad entry) fails the same way every time: no retry.
      const senderFault = failed.find((f) => f.SenderFault);
      if (senderFault) throw new Error(`SQS rejected a mail job: ${senderFault.Code} ${senderFault.Message ?? ''}`.trim());
      const failedIds = new Set(failed.map((f) => f.Id));
      return pending.filter((e) => failedIds.has(e.Id));
    });
  });
}
