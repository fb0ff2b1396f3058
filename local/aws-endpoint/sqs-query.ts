// SQS over the query protocol (form-encoded Action=..., XML answers), which AWS still serves and
// which older AWS CLIs use (botocore before 1.31, e.g. Debian's awscli 2.9). Only the read-only
// calls an operator looks around with; they run through the same handler as the JSON protocol.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { handleSqs, sqsQueryCode, type SqsDeps } from './sqs.js';
import { AwsError, faultOf } from './wire.js';

const XMLNS = 'http://queue.amazonaws.com/doc/2012-11-05/';
const READ_ACTIONS = new Set(['ListQueues', 'GetQueueUrl', 'GetQueueAttributes', 'ListDeadLetterSourceQueues']);

export function isSqsQueryRequest(contentType: string | undefined, body: Buffer): boolean {
  return (contentType ?? '').startsWith('application/x-www-form-urlencoded') && /(^|&)Action=/.test(body.toString('latin1'));
}

/** Answers one query-protocol request; returns the operation name (for the stats). */
export async function handleSqsQuery(body: Buffer, res: ServerResponse, deps: SqsDeps): Promise<string> {
  const form = new URLSearchParams(body.toString('utf8'));
  const action = form.get('Action') ?? '';
  try {
    if (!READ_ACTIONS.has(action)) {
      throw new AwsError(400, 'UnsupportedOperation', `SQS ${action} over the query protocol is not supported by the local cloud; it serves the JSON protocol (AWS SDK v3, botocore 1.31 and later) for every call`);
    }
    const input: Record<string, unknown> = {};
    for (const key of ['QueueUrl', 'QueueName', 'QueueNamePrefix']) {
      const value = form.get(key);
      if (value !== null) input[key] = value;
    }
    const names = [...form.entries()].filter(([k]) => /^AttributeName\.\d+$/.test(k)).map(([, v]) => v);
    if (names.length > 0) input['AttributeNames'] = names;
    const result = (await handleSqs(action, input, deps)) as Record<string, unknown>;
    sendXml(res, 200, `<${action}Response xmlns="${XMLNS}"><${action}Result>${resultXml(action, result)}</${action}Result>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    const code = sqsQueryCode(err.code);
    sendXml(res, err.status, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${faultOf(err)}</Type>` +
      `<Code>${escapeXml(code)}</Code><Message>${escapeXml(err.message)}</Message><Detail/></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
  }
  return action;
}

function resultXml(action: string, result: Record<string, unknown>): string {
  const urls = (list: unknown) => ((list as string[] | undefined) ?? []).map((u) => `<QueueUrl>${escapeXml(u)}</QueueUrl>`).join('');
  switch (action) {
    case 'ListQueues':
      return urls(result['QueueUrls']);
    case 'ListDeadLetterSourceQueues':
      return urls(result['queueUrls']);
    case 'GetQueueUrl':
      return `<QueueUrl>${escapeXml(String(result['QueueUrl']))}</QueueUrl>`;
    case 'GetQueueAttributes':
      return Object.entries((result['Attributes'] as Record<string, string> | undefined) ?? {})
        .map(([name, value]) => `<Attribute><Name>${escapeXml(name)}</Name><Value>${escapeXml(value)}</Value></Attribute>`).join('');
    default:
      throw new Error(`unreachable: ${action} is not a read action`);
  }
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  const text = `<?xml version="1.0"?>${xml}`;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  res.end(text);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
