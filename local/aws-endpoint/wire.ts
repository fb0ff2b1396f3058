// Small helpers for the AWS JSON wire protocols (awsJson1_0 / awsJson1_1) and REST-JSON errors.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const JSON_1_0 = 'application/x-amz-json-1.0';
export const JSON_1_1 = 'application/x-amz-json-1.1';

export async function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new AwsError(413, 'RequestEntityTooLarge', 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** An error answered in the service's error shape. */
export class AwsError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly namespace?: string) {
    super(message);
  }
}

/** Sender for the caller's mistakes, Receiver for the service's: the query protocol's error Type. */
export const faultOf = (err: AwsError) => (err.status >= 500 ? 'Receiver' : 'Sender');

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  res.end(text);
}

/**
 * JSON protocol error: `__type` carries the code (namespaced for SQS), as the SDK parses it.
 * `queryCode`: for a service with AWS's awsQueryCompatible trait (SQS), the code its query protocol
 * gives for this error; every JSON error of such a service carries it in x-amzn-query-error, and
 * botocore (the AWS CLI) reports that code.
 */
export function sendAwsError(res: ServerResponse, err: AwsError, contentType: string, queryCode?: string): void {
  const type = err.namespace !== undefined ? `${err.namespace}#${err.code}` : err.code;
  const text = JSON.stringify({ __type: type, message: err.message });
  res.writeHead(err.status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': err.code,
    'x-amzn-requestid': crypto.randomUUID(),
    ...(queryCode !== undefined ? { 'x-amzn-query-error': `${queryCode};${faultOf(err)}` } : {}),
  });
  res.end(text);
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const v = JSON.parse(body.toString('utf8')) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new AwsError(400, 'SerializationException', 'request body is not a JSON object');
  }
}
