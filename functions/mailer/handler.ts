// The mailer function: SQS batches from the mail queue, partial batch failure responses.
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Env, requireEnv } from '../contract/environment.js';
import type { MailJob } from '../contract/mail-job.js';
import { composeMail } from '../mail/index.js';
import { accountSendRate, classifySendError, sendRawMail } from '../adapters/ses.js';
import { sendRateStore } from '../adapters/send-rate-store.js';
import { returnThrottled } from '../adapters/throttled-mail.js';
import { acquireSlot } from '../domain/mail/send-rate.js';
import { logContext } from '../adapters/logger.js';
import { getSecret } from '../adapters/secrets.js';
import { networkSettings } from '../adapters/settings.js';
import { mailRecordStore } from '../adapters/mail-record-store.js';
import { recordMailSuppressed, suppressionsFor } from '../adapters/mail-status-store.js';
import { mailLinks } from './links.js';
import { mailTags, sendMailBatch, type MailerPorts } from './workflow.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waiting for a send slot ends this long before the function's timeout (the batch still has to finish). */
const SLOT_WAIT_RESERVE_MS = 15_000;
/** And at most this long: a mail that waits longer goes back to the queue for a few seconds. */
const MAX_SLOT_WAIT_MS = 40_000;
/** SendEmail calls for one mail in one invocation when SES throttles a paced send. */
const SES_THROTTLE_ATTEMPTS = 2;

/** Paces sends to the account's SES rate, shared with every network in the account (functions/domain/mail/send-rate.ts). */
export function sendSlots(deadline: number): () => Promise<boolean> {
  const network = requireEnv(Env.NetworkSlug);
  return () => acquireSlot({ store: sendRateStore, network, rate: () => accountSendRate(), now: Date.now, sleep }, deadline);
}

/** The ports with the link signing secret read. */
export function mailerPortsWith(linkSecret: string | undefined, acquireSendSlot?: () => Promise<boolean>): MailerPorts {
  const appUrl = process.env[Env.AppUrl];
  const links = (job: MailJob) => (linkSecret && appUrl ? mailLinks(job, linkSecret, appUrl) : {});
  return {
    ...mailRecordStore,
    compose: (job) => composeMail(job, networkSettings(), { links: links(job) }),
    send: async (mail, job) => {
      const options = {
        ...(process.env[Env.SesConfigurationSet] ? { configurationSet: process.env[Env.SesConfigurationSet] } : {}),
        tags: mailTags(job),
      };
      // SES throttled a paced send (another sender's burst): once more in a fresh slot, in this
      // invocation, before the mail goes back to the queue.
      for (let attempt = 1; ; attempt++) {
        try {
          return await sendRawMail(mail, options);
        } catch (err) {
          if (attempt >= SES_THROTTLE_ATTEMPTS || classifySendError(err) !== 'throttled' || !acquireSendSlot || !(await acquireSendSlot())) throw err;
        }
      }
    },
    classifySendError,
    suppressions: suppressionsFor,
    recordMailSuppressed: (job, reason) => recordMailSuppressed(job, reason),
    ...(acquireSendSlot ? { acquireSendSlot } : {}),
  };
}

/** Without a signing secret configured, mails go out without answer links. */
export const mailerPorts: MailerPorts = mailerPortsWith(undefined);

export async function handleMailBatch(
  event: SQSEvent,
  ports?: MailerPorts,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
  requeue: typeof returnThrottled = returnThrottled,
): Promise<SQSBatchResponse> {
  const secretArn = process.env[Env.LinkSigningSecretArn];
  const remaining = context?.getRemainingTimeInMillis() ?? MAX_SLOT_WAIT_MS + SLOT_WAIT_RESERVE_MS;
  const deadline = Date.now() + Math.max(0, Math.min(MAX_SLOT_WAIT_MS, remaining - SLOT_WAIT_RESERVE_MS));
  // Read once per batch (cached per container); a failed read fails the batch, which SQS retries.
  const resolved = ports ?? mailerPortsWith(secretArn ? await getSecret(secretArn) : undefined, sendSlots(deadline));
  const { batchItemFailures, outcomes } = await sendMailBatch(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
    resolved,
  );
  // Throttled mails come back within seconds and never count their way into the DLQ.
  const throttled = event.Records.filter((r) => outcomes[r.messageId] === 'throttled');
  const stillThrottled = new Set(await requeue(throttled.map((r) => ({
    messageId: r.messageId, body: r.body, receiptHandle: r.receiptHandle, receiveCount: Number(r.attributes.ApproximateReceiveCount) || 1,
  }))));
  return {
    batchItemFailures: batchItemFailures.filter((f) => outcomes[f.itemIdentifier] !== 'throttled' || stillThrottled.has(f.itemIdentifier)),
  };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(logContext())
  .handler((event, context) => handleMailBatch(event, undefined, context));
