// SES v2 (REST) passes through here on its way to aws-ses-v2-local: calls are counted, sends over
// the account's MaxSendRate are throttled (TooManyRequestsException, HTTP 429, as SES answers when
// the sending rate is exceeded; local/ses-rate.ts), as is a configurable fraction of them (a
// fault), and the raw MIME of every accepted mail is kept for tests.
// SendEmail goes to the emulator's handler in-process (the hot path: one mail per call); the
// other calls are forwarded to its server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultState } from '../faults.js';
import type { JournalSection } from '../journal.js';
import { recipientsOf, senderOf, type SesSandbox } from '../ses-sandbox.js';
import type { Stats } from '../stats.js';
import { sendEmailInProcess } from '../ses.js';
import { SendRateLimit } from '../ses-rate.js';
import { forward, relay, type Forwarded, type Upstream } from './forward.js';
import { parseJsonBody } from './wire.js';

export interface CapturedMail {
  messageId: string;
  at: number;
  from?: string;
  to: string[];
  /** The raw MIME message, base64, when sent as Content.Raw. */
  raw?: string;
  configurationSetName?: string;
}

export interface SesAccountSettings {
  productionAccessEnabled: boolean;
  sendingEnabled: boolean;
  max24HourSend: number;
}

export class SesProxy {
  readonly mail: CapturedMail[] = [];
  /** Called with the SendEmail request of every accepted mail (the local SES mailbox simulator). */
  onSent?: (request: Record<string, unknown>, messageId: string) => void;
  /**
   * Called with the caller's access key id (a function's name) after SES accepted its mail and
   * before the answer goes back: the crashAfterSend fault kills the caller's runtime here.
   */
  beforeAnswer?: (accessKeyId: string) => Promise<void>;
  /** What GetAccount reports: production access with SES's usual starting quota unless set otherwise. */
  readonly account: SesAccountSettings = { productionAccessEnabled: true, sendingEnabled: true, max24HourSend: 50_000 };
  /** Set with --ses-sandbox: only verified senders and recipients. */
  sandbox?: SesSandbox;
  private outbox: JournalSection<CapturedMail> | undefined;
  private readonly sendRate: SendRateLimit;

  /** `maxSendRate`: mails a second the account may send (0 = no limit); default 14, a new production account's. */
  constructor(
    private readonly upstream: Upstream,
    private readonly faults: FaultState,
    private readonly stats: Stats,
    options: { maxSendRate?: number; now?: () => number } = {},
  ) {
    this.sendRate = new SendRateLimit(options.maxSendRate ?? DEFAULT_MAX_SEND_RATE, options.now);
  }

  /** Changes the account's sending rate (what GetAccount reports and SendEmail keeps). */
  setMaxSendRate(perSecond: number): void {
    this.sendRate.rate = perSecond;
  }

  /**
   * Keeps who was sent which mail across restarts (a recipient's inbox outlives the sender's
   * crash), without the MIME: mail from before a restart is listed with no `raw`.
   */
  keepIn(outbox: JournalSection<CapturedMail>): void {
    this.outbox = outbox;
    this.mail.unshift(...outbox.restored.values());
  }

  async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const op = sesOperation(req.method ?? 'GET', path);
    this.stats.count('SESv2', op);
    const sending = op === 'SendEmail' || op === 'SendBulkEmail';
    const faulted = sending && this.faults.throttleSes();
    if (faulted) this.stats.faults.sesThrottled++;
    if (sending && (faulted || !this.sendRate.take())) {
      this.stats.ses.throttled++;
      const text = JSON.stringify({ message: 'Maximum sending rate exceeded.' });
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
        'x-amzn-requestid': crypto.randomUUID(),
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    if (op === 'GetAccount') return relay(res, jsonAnswer(200, this.getAccount()));
    if (op !== 'SendEmail') return relay(res, await forward(req, body, this.upstream));
    const request = parseJsonBody(body);
    const refusal = this.sandbox?.refusal(senderOf(request), recipientsOf(request));
    if (refusal !== undefined) {
      this.stats.count('SESv2', 'SendEmail rejected (sandbox)');
      const text = JSON.stringify({ message: refusal });
      res.writeHead(400, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'MessageRejected',
        'x-amzn-requestid': crypto.randomUUID(),
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    const answer = await sendEmailInProcess(request, req.headers.authorization);
    const text = Buffer.from(JSON.stringify(answer.body), 'utf8');
    if (answer.status === 200) {
      this.stats.ses.sent++;
      this.capture(request, answer.body);
      const caller = /Credential=([^/,\s]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      if (caller !== undefined) await this.beforeAnswer?.(caller);
    }
    relay(res, { status: answer.status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: text } satisfies Forwarded);
  }

  /** GetAccount as SES v2 answers it; SentLast24Hours counts the mail accepted in the last 24 hours. */
  getAccount(now = Date.now()): Record<string, unknown> {
    const a = this.account;
    return {
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: a.productionAccessEnabled,
      SendingEnabled: a.sendingEnabled,
      SendQuota: {
        Max24HourSend: a.max24HourSend,
        // The rate the local SES enforces (one number: what is reported is what is kept).
        MaxSendRate: this.sendRate.rate,
        SentLast24Hours: this.mail.filter((m) => m.at > now - 24 * 3600_000).length,
      },
      SuppressionAttributes: { SuppressedReasons: [] },
    };
  }

  clear(): void {
    this.mail.length = 0;
    this.outbox?.clear();
  }

  private capture(request: unknown, response: unknown): void {
    try {
      const input = request as {
        FromEmailAddress?: string;
        Destination?: { ToAddresses?: string[] };
        ConfigurationSetName?: string;
        Content?: { Raw?: { Data?: string } };
      };
      const { MessageId } = response as { MessageId: string };
      const mail: CapturedMail = {
        messageId: MessageId,
        at: Date.now(),
        ...(input.FromEmailAddress !== undefined ? { from: input.FromEmailAddress } : {}),
        to: input.Destination?.ToAddresses ?? [],
        ...(input.ConfigurationSetName !== undefined ? { configurationSetName: input.ConfigurationSetName } : {}),
      };
      this.outbox?.put(MessageId, mail);
      this.mail.push({ ...mail, ...(input.Content?.Raw?.Data !== undefined ? { raw: input.Content.Raw.Data } : {}) });
      this.onSent?.(input as Record<string, unknown>, MessageId);
    } catch {
      // not a mail we can record; the emulator's store still has it
    }
  }
}

/** SES's usual sending rate for a new production account. */
export const DEFAULT_MAX_SEND_RATE = 14;

function jsonAnswer(status: number, body: unknown): Forwarded {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': crypto.randomUUID() }, body: Buffer.from(JSON.stringify(body), 'utf8') };
}

export function sesOperation(method: string, path: string): string {
  if (path === '/v2/email/outbound-emails' && method === 'POST') return 'SendEmail';
  if (path === '/v2/email/outbound-bulk-emails' && method === 'POST') return 'SendBulkEmail';
  if (path === '/v2/email/account' && method === 'GET') return 'GetAccount';
  return `${method} ${path.replace(/\/v2\/email\/([a-z-]+)\/[^/]+/, '/v2/email/$1/{name}')}`;
}
