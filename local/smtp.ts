// SES receiving, locally: an SMTP endpoint (smtp-server) that runs the template's receipt rules
// (AWS::SES::ReceiptRule) on every mail, as SES does: a recipient no rule names is refused at
// RCPT TO; for each matching rule its actions run in order, here the S3 action (the raw mail into
// the local S3 stand-in, key = ObjectKeyPrefix + message id, as the bucket policy allows SES) and
// the Lambda action (SES's event, with the headers and never the body, invoked asynchronously
// as the function's permission for ses.amazonaws.com allows). Other actions are logged and skipped.
import { randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import type { AsyncInvoker } from './async-invocations.js';
import type { LocalIam } from './iam/local-iam.js';
import type { LocalResources } from './resources.js';
import type { LocalS3 } from './s3.js';
import type { Stats } from './stats.js';
import { resourcesOfType } from './template.js';

type Action = { S3Action?: { BucketName: string; ObjectKeyPrefix?: string }; LambdaAction?: { FunctionArn: string; InvocationType?: string } } & Record<string, unknown>;

export interface ReceiptRule {
  name: string;
  ruleSetName: string;
  arn: string;
  recipients: string[];
  actions: Action[];
  scanEnabled: boolean;
  /** The bucket policies of the buckets its S3 actions write to (SES needs s3:PutObject there). */
  bucketPolicies: Map<string, object>;
}

/** The template's enabled receipt rules, in template order. */
export function declareReceiptRules(resources: LocalResources, say: (line: string) => void): ReceiptRule[] {
  const template = resources.stack.template;
  const policies = new Map<string, object>();
  for (const [id] of resourcesOfType(template, 'AWS::S3::BucketPolicy')) {
    const p = resources.properties(id);
    policies.set(String(p['Bucket']), p['PolicyDocument'] as object);
  }
  const rules: ReceiptRule[] = [];
  for (const [id] of resourcesOfType(template, 'AWS::SES::ReceiptRule')) {
    const p = resources.properties(id);
    const rule = p['Rule'] as { Name?: string; Enabled?: boolean; Recipients?: string[]; Actions?: Action[]; ScanEnabled?: boolean };
    if (rule.Enabled === false) continue;
    const ruleSetName = String(p['RuleSetName']);
    const name = rule.Name ?? resources.name(id);
    const actions = rule.Actions ?? [];
    for (const a of actions) {
      if (a.S3Action === undefined && a.LambdaAction === undefined) say(`receipt rule ${name}: action ${Object.keys(a).join(',')} is not run locally`);
    }
    rules.push({
      name, ruleSetName, actions,
      arn: `arn:aws:ses:${resources.settings.region}:${resources.settings.accountId}:receipt-rule-set/${ruleSetName}:receipt-rule/${name}`,
      recipients: (rule.Recipients ?? []).map((r) => r.toLowerCase()),
      scanEnabled: rule.ScanEnabled === true,
      bucketPolicies: policies,
    });
  }
  return rules;
}

/** SES's recipient match: an address exactly, a domain for every address at it, `.domain` for its subdomains; none: everyone. */
export function ruleMatches(rule: Pick<ReceiptRule, 'recipients'>, address: string): boolean {
  const a = address.toLowerCase();
  const domain = a.slice(a.lastIndexOf('@') + 1);
  if (rule.recipients.length === 0) return true;
  return rule.recipients.some((r) => (r.includes('@') ? r === a : r.startsWith('.') ? domain.endsWith(r) : r === domain));
}

export interface SmtpDeps {
  rules: () => ReceiptRule[];
  s3: LocalS3;
  invoker: () => AsyncInvoker;
  iam?: LocalIam | undefined;
  region: string;
  accountId: string;
  stats: Stats;
  log: (line: string) => void;
}

/** SES's message ids: 40 characters of lowercase letters and digits. */
const messageId = () => randomBytes(25).toString('base64').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 40);

export function createSmtpServer(deps: SmtpDeps): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // SES accepts messages up to 40 MB (30 MB for an S3 action).
    size: 30 * 1024 * 1024,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!deps.rules().some((r) => ruleMatches(r, address.address))) {
        const err = Object.assign(new Error('Recipient address rejected: no receipt rule for it'), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(Object.assign(new Error('Message too big'), { responseCode: 552 }));
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        receive(Buffer.concat(chunks), from, recipients, deps).then(() => callback(), (err: Error) => {
          deps.log(`inbound mail: ${err.message}`);
          callback(Object.assign(new Error(`Message rejected: ${err.message}`), { responseCode: 554 }));
        });
      });
    },
  });
}

async function receive(raw: Buffer, source: string, recipients: string[], deps: SmtpDeps): Promise<void> {
  const id = messageId();
  const now = new Date();
  deps.stats.count('SES', 'receive');
  for (const rule of deps.rules()) {
    const matched = recipients.filter((r) => ruleMatches(rule, r));
    if (matched.length === 0) continue;
    for (const action of rule.actions) {
      if (action.S3Action !== undefined) {
        const { BucketName: bucket, ObjectKeyPrefix: prefix = '' } = action.S3Action;
        const key = `${prefix}${id}`;
        await authorizeSesPut(deps, rule, bucket, key);
        deps.s3.put(bucket, key, raw);
      } else if (action.LambdaAction !== undefined) {
        const { FunctionArn: arn, InvocationType: type = 'Event' } = action.LambdaAction;
        const event = sesEvent(raw, { id, source, recipients: matched, now, rule, arn, type });
        const authorize = deps.iam === undefined ? undefined : () => deps.iam!.authorizeInvoke('ses.amazonaws.com', arn, rule.arn);
        // RequestResponse would make SES wait for the function; the template's rules use Event.
        if (type !== 'Event') deps.log(`receipt rule ${rule.name}: InvocationType ${type} runs asynchronously locally`);
        await deps.invoker().invoke(arn, event, authorize);
      }
    }
  }
}

/** SES writes to the bucket only as its policy lets ses.amazonaws.com (with this account as aws:Referer). */
async function authorizeSesPut(deps: SmtpDeps, rule: ReceiptRule, bucket: string, key: string): Promise<void> {
  if (deps.iam === undefined) return;
  const reason = await deps.iam.decider.resourcePolicyDenial('ses.amazonaws.com', rule.bucketPolicies.get(bucket), {
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${bucket}/${key}`,
    context: { 'aws:Referer': deps.accountId, 'aws:SourceAccount': deps.accountId, 'aws:SourceArn': rule.arn },
  });
  if (reason !== undefined) throw new Error(`SES may not write to bucket ${bucket}: ${reason}`);
}

interface EventInput { id: string; source: string; recipients: string[]; now: Date; rule: ReceiptRule; arn: string; type: string }

/** The event SES's Lambda action sends: mail metadata and headers, the receipt, no body. */
function sesEvent(raw: Buffer, e: EventInput) {
  const headers = parseHeaders(raw);
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const list = (name: string) => header(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const verdict = { status: 'PASS' };
  return {
    Records: [{
      eventSource: 'aws:ses',
      eventVersion: '1.0',
      ses: {
        mail: {
          timestamp: e.now.toISOString(),
          source: e.source,
          messageId: e.id,
          destination: e.recipients,
          headersTruncated: false,
          headers,
          commonHeaders: {
            returnPath: e.source,
            ...(list('from') ? { from: list('from') } : {}),
            ...(header('date') ? { date: header('date') } : {}),
            ...(list('to') ? { to: list('to') } : {}),
            ...(header('message-id') ? { messageId: header('message-id') } : {}),
            ...(header('subject') ? { subject: header('subject') } : {}),
          },
        },
        receipt: {
          timestamp: e.now.toISOString(),
          processingTimeMillis: 1,
          recipients: e.recipients,
          ...(e.rule.scanEnabled ? { spamVerdict: verdict, virusVerdict: verdict } : {}),
          spfVerdict: { status: 'GRAY' },
          dkimVerdict: { status: 'GRAY' },
          dmarcVerdict: { status: 'GRAY' },
          action: { type: 'Lambda', functionArn: e.arn, invocationType: e.type },
        },
      },
    }],
  };
}

/** The header block, unfolded (RFC 5322 2.2.3). */
function parseHeaders(raw: Buffer): Array<{ name: string; value: string }> {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return block.split(/\r?\n/).flatMap((line) => {
    const colon = line.indexOf(':');
    return colon > 0 ? [{ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() }] : [];
  });
}

/** Listens (0 = a free port) and resolves the bound port. */
export function listenSmtp(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}
