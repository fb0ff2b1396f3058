// The mailer function: SQS batches from the mail queue, partial batch failure responses.
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { Env } from '../contract/environment.js';
import { composeMail } from '../mail/index.js';
import { classifySendError, sendRawMail } from '../adapters/ses.js';
import { networkSettings } from '../adapters/settings.js';
import { claimMail, markMailsSent, recordMailRejected, releaseMail } from '../adapters/store.js';
import { mailTags, sendMailBatch, type MailerPorts } from './send.js';

export const mailerPorts: MailerPorts = {
  claimMail: (job) => claimMail(job),
  releaseMail,
  recordMailRejected: (job, reason) => recordMailRejected(job, reason),
  markMailsSent,
  compose: (job) => composeMail(job, networkSettings(), { ...(process.env[Env.AppUrl] ? { appUrl: process.env[Env.AppUrl] } : {}) }),
  send: (mail, job) =>
    sendRawMail(mail, {
      ...(process.env[Env.SesConfigurationSet] ? { configurationSet: process.env[Env.SesConfigurationSet] } : {}),
      tags: mailTags(job),
    }),
  classifySendError,
};

export async function handleMailBatch(event: SQSEvent, ports: MailerPorts = mailerPorts): Promise<SQSBatchResponse> {
  const { batchItemFailures } = await sendMailBatch(
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
    ports,
  );
  return { batchItemFailures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>().handler((event) => handleMailBatch(event));
