// A small S3 stand-in for the buckets the template declares: what SES receiving's S3 action
// writes (local/smtp.ts puts objects here) and what a function reads back with GetObject
// (AWS_ENDPOINT_URL_S3; the SDK addresses an IP endpoint path-style: GET /<bucket>/<key>).
// Objects live on disk under the data directory, so a restart keeps mail not yet processed.
// Every call is checked against the caller's role, as AWS would (s3:GetObject on the object's
// ARN); a denied call gets S3's 403 AccessDenied, an unknown key 404 NoSuchKey, in S3's XML.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Activity } from './activity.js';
import type { LocalIam } from './iam/local-iam.js';
import type { LocalResources } from './resources.js';
import type { Stats } from './stats.js';
import { resourcesOfType } from './template.js';

export interface LocalBucket { name: string; arn: string }

export class LocalS3 {
  private readonly buckets = new Map<string, LocalBucket>();

  constructor(private readonly dir: string) {}

  declare(bucket: LocalBucket): void {
    this.buckets.set(bucket.name, bucket);
    mkdirSync(join(this.dir, bucket.name), { recursive: true });
  }

  has(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  /** What a service (SES receiving) stores; the bucket must exist, as on AWS. */
  put(bucket: string, key: string, body: Uint8Array): void {
    if (!this.buckets.has(bucket)) throw new Error(`bucket ${bucket} does not exist locally`);
    const file = this.file(bucket, key);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }

  get(bucket: string, key: string): { body: Buffer; modified: Date } | undefined {
    try {
      const file = this.file(bucket, key);
      return { body: readFileSync(file), modified: statSync(file).mtime };
    } catch {
      return undefined;
    }
  }

  /** Keys are stored by hash: any key is a valid file name, and none can leave the bucket's folder. */
  private file(bucket: string, key: string): string {
    return join(this.dir, bucket, createHash('sha256').update(key).digest('hex'));
  }
}

/** The template's buckets. */
export function declareBuckets(resources: LocalResources, s3: LocalS3): void {
  for (const [id] of resourcesOfType(resources.stack.template, 'AWS::S3::Bucket')) s3.declare({ name: resources.name(id), arn: resources.arn(id) });
}

export interface S3EndpointDeps {
  s3: LocalS3;
  iam?: LocalIam | undefined;
  stats: Stats;
  activity: Activity;
  log: (line: string) => void;
}

/** GetObject (GET and HEAD), path-style; anything else answers NotImplemented. */
export function createS3Endpoint(deps: S3EndpointDeps): Server {
  return createServer((req, res) => {
    const end = deps.activity.begin();
    serve(req, res, deps)
      .catch((err: Error) => {
        deps.log(`s3: ${err.stack ?? err.message}`);
        if (!res.headersSent) xmlError(res, 500, 'InternalError', err.message);
      })
      .finally(end);
  });
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: S3EndpointDeps): Promise<void> {
  for await (const _ of req); // drain
  const url = new URL(req.url ?? '/', 'http://local');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  if ((req.method !== 'GET' && req.method !== 'HEAD') || key === '' || [...url.searchParams.keys()].some((k) => k !== 'x-id')) {
    return xmlError(res, 501, 'NotImplemented', `${req.method} ${url.pathname}${url.search} is not served by the local S3 stand-in`);
  }
  deps.stats.count('S3', 'GetObject');
  if (!deps.s3.has(bucket)) return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
  if (deps.iam !== undefined) {
    const caller = deps.iam.decider.caller(req.headers.authorization);
    if (caller !== undefined) {
      const denial = await deps.iam.decider.denial(caller, [{ action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/${key}` }]);
      if (denial !== undefined) return xmlError(res, 403, 'AccessDenied', denial.message);
    }
  }
  const object = deps.s3.get(bucket, key);
  if (object === undefined) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(object.body.length),
    etag: `"${createHash('md5').update(object.body).digest('hex')}"`,
    'last-modified': object.modified.toUTCString(),
  });
  res.end(req.method === 'HEAD' ? undefined : object.body);
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  const escaped = message.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escaped}</Message></Error>`);
}
