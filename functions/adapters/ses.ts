// Sending through SES v2 as raw MIME, and telling a retryable failure from a permanent one.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ComposedMail } from '../mail/index.js';
import type { SendFailureKind } from '../domain/mail/model.js';

const client = new SESv2Client({});

export interface SendOptions {
  configurationSet?: string;
  /** Message tags (they come back on the configuration set's bounce/complaint events). */
  tags?: Record<string, string>;
}

/** Sends the composed message; resolves to SES's message id. */
export async function sendRawMail(mail: ComposedMail, options: SendOptions = {}): Promise<string> {
  const out = await client.send(
    new SendEmailCommand({
      Destination: { ToAddresses: [mail.to] },
      Content: { Raw: { Data: mail.raw } },
      ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
      ...(options.tags
        ? { EmailTags: Object.entries(options.tags).map(([Name, Value]) => ({ Name: sesTagValue(Name), Value: sesTagValue(Value) })) }
        : {}),
    }),
  );
  if (!out.MessageId) throw new Error('SES accepted the mail but returned no message id');
  return out.MessageId;
}

/** SES tag names and values allow ASCII letters, digits, _ - . @ and at most 256 characters. */
export function sesTagValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
  return cleaned === '' ? '_' : cleaned;
}

/**
 * - "permanent": this message can never be sent as it is (SES rejected the content or a
 *   recipient, or the request is malformed). Recorded on the invitation; retrying only repeats it.
 * - "retryable": everything else. Throttling and quota errors pass with time; a paused or
 *   suspended account, an unverified MAIL FROM domain or a missing configuration set affect every
 *   mail, not this invitee, so the job goes back to the queue (and, if it persists, to the DLQ for
 *   a redrive once ops fix it) instead of marking every invitee "rejected". Unknown errors are
 *   retryable too: the DLQ keeps them, nothing is dropped.
 */

const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'InvalidParameterValue']);

export function classifySendError(err: unknown): SendFailureKind {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name && PERMANENT.has(e.name)) return 'permanent';
  return 'retryable';
}
