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
 * - "account": the account cannot send this now, whoever the invitee is: an unverified sender, a
 *   recipient not verified while the account is in the sandbox, sending paused or the account
 *   suspended, an unverified MAIL FROM domain. The job goes back to the queue (and, if it persists,
 *   to the DLQ for a redrive once ops fix it), never "rejected" for the person; the mailer's log
 *   line "send failed (account)" feeds the ses-account-rejections alarm (lib/constructs/alarms.ts).
 * - "retryable": everything else. Throttling and quota errors pass with time; unknown errors are
 *   retryable too: the DLQ keeps them, nothing is dropped.
 */

const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'InvalidParameterValue']);
const ACCOUNT = new Set(['SendingPausedException', 'AccountSuspendedException', 'MailFromDomainNotVerifiedException']);
/** SES v2's MessageRejected for an unverified identity (sender, or a recipient in the sandbox). */
const NOT_VERIFIED = /Email address is not verified|identities failed the check/i;

export function classifySendError(err: unknown): SendFailureKind {
  const e = err as { name?: string; message?: string };
  if (e?.name !== undefined && ACCOUNT.has(e.name)) return 'account';
  if (e?.name === 'MessageRejected' && NOT_VERIFIED.test(e.message ?? '')) return 'account';
  if (e?.name && PERMANENT.has(e.name)) return 'permanent';
  return 'retryable';
}
