// Mail jobs held back by the SES sending rate go back to the mail queue within seconds, and never
// toward its DLQ: SQS counts every receive, so a job that has used up all but one of its receives
// is sent again as a new message (a fresh receive count) and the old one is deleted; the others
// just become visible again after a few seconds (ChangeMessageVisibility). The mail's claim makes
// a copy that survives a crash harmless.
import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Env, requireEnv } from '../contract/environment.js';
import { MAIL_QUEUE_MAX_RECEIVES } from '../contract/send-rate.js';
import { throttledRetryDelaySeconds } from '../domain/mail/send-rate.js';
import { chunk } from './retry.js';

const client = new SQSClient({});

export interface ThrottledMessage {
  messageId: string;
  body: string;
  receiptHandle: string;
  receiveCount: number;
}

/** Returns the messages to the queue; resolves to the ids still to report as batch item failures. */
export async function returnThrottled(messages: readonly ThrottledMessage[], random: () => number = Math.random): Promise<string[]> {
  if (messages.length === 0) return [];
  const queueUrl = requireEnv(Env.MailQueueUrl);
  const requeue = messages.filter((m) => m.receiveCount >= MAIL_QUEUE_MAX_RECEIVES - 1);
  const wait = messages.filter((m) => m.receiveCount < MAIL_QUEUE_MAX_RECEIVES - 1);
  const stillFailed: string[] = [];
  for (const batch of chunk(requeue, 10)) {
    const out = await client.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: m.body, DelaySeconds: throttledRetryDelaySeconds(random) })),
    }));
    // A copy that was not taken keeps its original in the queue (reported as failed).
    for (const f of out.Failed ?? []) stillFailed.push(batch[Number(f.Id)]!.messageId);
  }
  for (const batch of chunk(wait, 10)) {
    stillFailed.push(...batch.map((m) => m.messageId));
    // Best effort: if it fails, the message waits out the queue's visibility timeout instead.
    await client.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: queueUrl,
      Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.receiptHandle, VisibilityTimeout: throttledRetryDelaySeconds(random) })),
    })).catch(() => undefined);
  }
  return stillFailed;
}
