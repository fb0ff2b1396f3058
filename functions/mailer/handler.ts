// The mailer function: SQS batches from the mail queue, partial batch failure responses.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Env } from '../contract/environment.js';
import type { MailJob } from '../contract/mail-job.js';
import { composeMail } from '../mail/index.js';
import { classifySendError, sendRawMail } from '../adapters/ses.js';
import { logger } from '../adapters/logger.js';
import { getSecret } from '../adapters/secrets.js';
import { networkSettings } from '../adapters/settings.js';
import { mailRecordStore } from '../adapters/mail-record-store.js';
import { recordMailSuppressed, suppressionsFor } from '../adapters/mail-status-store.js';
import { mailLinks } from './links.js';
import { mailTags, sendMailBatch, type MailerPorts } from './workflow.js';

/** The ports with the link signing secret read (compose itself is synchronous). */
export function mailerPortsWith(linkSecret: string | undefined): MailerPorts {
  const appUrl = process.env[Env.AppUrl];
  const links = (job: MailJob) => (linkSecret && appUrl ? mailLinks(job, linkSecret, appUrl) : {});
  return {
    ...mailRecordStore,
    compose: (job) => composeMail(job, networkSettings(), { links: links(job) }),
    send: (mail, job) =>
      sendRawMail(mail, {
        ...(process.env[Env.SesConfigurationSet] ? { configurationSet: process.env[Env.SesConfigurationSet] } : {}),
        tags: mailTags(job),
      }),
    classifySendError,
    suppressions: suppressionsFor,
    recordMailSuppressed: (job, reason) => recordMailSuppressed(job, reason),
  };
}

/** Without a signing secret configured, mails go out without answer links. */
export const mailerPorts: MailerPorts = mailerPortsWith(undefined);

export async function handleMailBatch(event: SQSEvent, ports?: MailerPorts): Promise<SQSBatchResponse> {
  const secretArn = process.env[Env.LinkSigningSecretArn];
  // Read once per batch (cached per container); a failed read fails the batch, which SQS retries.
  const resolved = ports ?? mailerPortsWith(secretArn ? await getSecret(secretArn) : undefined);
  const { batchItemFailures } = await sendMailBatch(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
    resolved,
  );
  return { batchItemFailures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => handleMailBatch(event));
