// SES's sandbox (`--ses-sandbox`): mail goes only from and to verified identities. An address is
// verified when it, or its domain, is an identity. The identities are the template's: its
// AWS::SES::EmailIdentity resources (the config's sesVerifiedRecipients) and the identities its IAM
// policies send as (the sender ops verify before deploying, docs/operations.md), plus SES's mailbox
// simulator, which works in the sandbox too. A refusal is SES v2's: 400 MessageRejected.
import type { CfnTemplate } from './template.js';

const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export class SesSandbox {
  private readonly identities: Set<string>;

  constructor(identities: Iterable<string>, private readonly region: string) {
    this.identities = new Set([...identities].map((i) => i.toLowerCase()));
  }

  isVerified(address: string): boolean {
    const a = address.toLowerCase();
    const domain = a.slice(a.lastIndexOf('@') + 1);
    return domain === SIMULATOR_DOMAIN || this.identities.has(a) || this.identities.has(domain);
  }

  /** SES's error message for the unverified sender and recipients of a mail, or undefined when all are verified. */
  refusal(from: string | undefined, to: string[]): string | undefined {
    const failed = [...(from === undefined ? [] : [from]), ...to].filter((a) => !this.isVerified(a));
    if (failed.length === 0) return undefined;
    return `Email address is not verified. The following identities failed the check in region ${this.region.toUpperCase()}: ${[...new Set(failed)].join(', ')}`;
  }
}

/** The template's SES identities: EmailIdentity resources and `identity/<name>` in its IAM policies. */
export function templateIdentities(template: CfnTemplate): string[] {
  const found = new Set<string>();
  for (const r of Object.values(template.Resources)) {
    if (r.Type === 'AWS::SES::EmailIdentity' && typeof r.Properties?.['EmailIdentity'] === 'string') found.add(r.Properties['EmailIdentity']);
    if (r.Type === 'AWS::IAM::Policy') {
      for (const m of JSON.stringify(r.Properties?.['PolicyDocument'] ?? {}).matchAll(/:identity\/([^"*]+)"/g)) found.add(m[1]!);
    }
  }
  return [...found];
}

/** The sender of a SendEmail request: FromEmailAddress, or the From header of the raw message. */
export function senderOf(request: { FromEmailAddress?: string; Content?: { Raw?: { Data?: string } } }): string | undefined {
  const bare = (s: string) => (/<([^>]+)>/.exec(s)?.[1] ?? s).trim();
  if (request.FromEmailAddress !== undefined) return bare(request.FromEmailAddress);
  const raw = request.Content?.Raw?.Data;
  if (raw === undefined) return undefined;
  const headers = Buffer.from(raw, 'base64').toString('utf8').split(/\r?\n\r?\n/)[0] ?? '';
  const from = /^From:\s*(.+(?:\r?\n[ \t].+)*)/im.exec(headers)?.[1];
  return from === undefined ? undefined : bare(from.replace(/\r?\n[ \t]/g, ' '));
}

/** Every recipient a SendEmail request names. */
export function recipientsOf(request: { Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] } }): string[] {
  const d = request.Destination ?? {};
  return [...(d.ToAddresses ?? []), ...(d.CcAddresses ?? []), ...(d.BccAddresses ?? [])];
}
