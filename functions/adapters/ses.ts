// Sending through SES v2 as raw MIME, and telling a retryable failure from a permanent one.
import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ComposedMail } from '../mail/index.js';
import type { SendFailureKind } from '../domain/mail/model.js';

interface RetryToken { getRetryCount(): number; getRetryDelay(): number }
const token = (count: number, delay: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => delay });

/**
 * The SDK's retries, less throttling: a throttled SendEmail goes back to the mail queue (pacing
 * keeps it rare); retrying it at once would take a send slot another mail was paced into and make
 * SES throttle that one. Transient and server errors are retried twice, with backoff, as by default.
 */
const noThrottlingRetries = {
  acquireInitialRetryToken: async () => token(0, 0),
  refreshRetryTokenForRetry: async (previous: RetryToken, errorInfo: { errorType: string }) => {
    const count = previous.getRetryCount() + 1;
    if (errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'CLIENT_ERROR' || count > 2) throw new Error('no retry');
    return token(count, 100 * 2 ** count * (0.5 + Math.random()));
  },
  recordSuccess: () => undefined,
};

const client = new SESv2Client({ retryStrategy: noThrottlingRetries });

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

const ACCOUNT_RATE_TTL_MS = 5 * 60_000;
let accountRate: { perSecond: number; readAt: number } | undefined;

/**
 * The account's MaxSendRate (mails a second), read with GetAccount and kept for five minutes per
 * container: a raised quota is used within minutes, and GetAccount is not called per mail.
 */
export async function accountSendRate(now = Date.now()): Promise<number> {
  if (accountRate !== undefined && now - accountRate.readAt < ACCOUNT_RATE_TTL_MS) return accountRate.perSecond;
  try {
    const out = await client.send(new GetAccountCommand({}));
    accountRate = { perSecond: out.SendQuota?.MaxSendRate ?? 1, readAt: now };
  } catch {
    // Without a fresh answer, keep the last one; without any, the sandbox's rate is the safe guess.
    if (accountRate === undefined) accountRate = { perSecond: 1, readAt: now - ACCOUNT_RATE_TTL_MS + 10_000 };
    else accountRate.readAt = now - ACCOUNT_RATE_TTL_MS + 10_000;
  }
  return accountRate.perSecond;
}

/** SES tag names and values allow ASCII letters, digits, _ - . @ and at most 256 characters. */
export function sesTagValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);
  return cleaned === '' ? '_' : cleaned;
}

const PERMANENT = new Set(['MessageRejected', 'BadRequestException', 'InvalidParameterValue']);
const ACCOUNT = new Set(['SendingPausedException', 'AccountSuspendedException', 'MailFromDomainNotVerifiedException']);
/** SES v2's MessageRejected for an unverified identity (sender, or a recipient in the sandbox). */
const NOT_VERIFIED = /Email address is not verified|identities failed the check/i;
/** SES v2 answers a sending rate exceeded with TooManyRequestsException (HTTP 429); v1 and the Query API with Throttling. */
const THROTTLED = new Set(['TooManyRequestsException', 'Throttling', 'ThrottlingException']);

/**
 * Which SendFailureKind an SES error is:
 * - "permanent": this message can never be sent as it is (SES rejected the content or a
 *   recipient, or the request is malformed). Recorded on the invitation; retrying only repeats it.
 * - "throttled": the account's sending rate was exceeded; retried within seconds, never dead-lettered.
 * - "account": the account cannot send this now, whoever the invitee is: an unverified sender, a
 *   recipient not verified while the account is in the sandbox, sending paused or the account
 *   suspended, an unverified MAIL FROM domain. The job goes back to the queue (and, if it persists,
 *   to the DLQ for a redrive once ops fix it), never "rejected" for the person; the mailer's log
 *   line "send failed (account)" feeds the ses-account-rejections alarm (lib/constructs/alarms.ts).
 * - "retryable": everything else. Quota errors and service errors pass with time; unknown errors are
 *   retryable too: the DLQ keeps them, nothing is dropped.
 */
export function classifySendError(err: unknown): SendFailureKind {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name !== undefined && ACCOUNT.has(e.name)) return 'account';
  if (e?.name === 'MessageRejected' && NOT_VERIFIED.test(e.message ?? '')) return 'account';
  if (e?.name && PERMANENT.has(e.name)) return 'permanent';
  if ((e?.name && THROTTLED.has(e.name)) || e?.$metadata?.httpStatusCode === 429) return 'throttled';
  return 'retryable';
}
