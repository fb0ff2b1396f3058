// Placeholder signature: composes one mail job into a raw MIME message ready for SES v2.
import type { MailJob } from '../contract/mail-job.js';
import type { NetworkSettings } from '../contract/network.js';

export interface ComposedMail {
  /** Recipient address (envelope and To). */
  to: string;
  /** The subject, for logs and tests; already encoded inside raw. */
  subject: string;
  /** The whole RFC 5322 message with text, HTML and calendar parts. */
  raw: Uint8Array;
}

export interface ComposeOptions {
  /** Base URL of the app, for links in the mail; omitted links are left out. */
  appUrl?: string;
}

export function composeMail(_job: MailJob, _settings: NetworkSettings, _options: ComposeOptions = {}): ComposedMail {
  throw new Error('not implemented');
}
