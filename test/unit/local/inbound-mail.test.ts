// The local SES receiving pieces: receipt-rule recipient matching as SES does it, and the S3
// stand-in as the SDK's S3 client sees it (path-style on an IP endpoint, S3's errors, IAM).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Activity } from '../../../local/activity.js';
import { LocalIam } from '../../../local/iam/local-iam.js';
import type { TemplateIam } from '../../../local/iam/policies.js';
import { listen, localUrl } from '../../../local/ports.js';
import { createS3Endpoint, LocalS3 } from '../../../local/s3.js';
import { ruleMatches } from '../../../local/smtp.js';
import { Stats } from '../../../local/stats.js';

describe('receipt rule recipients', () => {
  it('match an address exactly, a domain for all its addresses, .domain for its subdomains, nothing for everyone', () => {
    expect(ruleMatches({ recipients: ['svar@example.org'] }, 'Svar@Example.org')).toBe(true);
    expect(ruleMatches({ recipients: ['svar@example.org'] }, 'other@example.org')).toBe(false);
    expect(ruleMatches({ recipients: ['example.org'] }, 'other@example.org')).toBe(true);
    expect(ruleMatches({ recipients: ['example.org'] }, 'a@sub.example.org')).toBe(false);
    expect(ruleMatches({ recipients: ['.example.org'] }, 'a@sub.example.org')).toBe(true);
    expect(ruleMatches({ recipients: [] }, 'anyone@anywhere.example')).toBe(true);
  });
});

describe('local S3 stand-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samskab-s3-'));
  const s3 = new LocalS3(dir);
  const role = (name: string, statements: unknown[]) => ({
    accessKeyId: name, principalArn: `arn:aws:sts::000000000000:assumed-role/${name}-role/${name}`, roleArn: `arn:aws:iam::000000000000:role/${name}-role`,
    policies: [{ name: 'p', policy: { Version: '2012-10-17', Statement: statements } }],
  });
  const callers = new Map([
    ['reader', role('reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::mail-bucket/inbound/*' }])],
    ['stranger', role('stranger', [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }])],
  ]);
  const iam = new LocalIam({ callers, trustPolicy: () => undefined, rolePolicies: () => [], functionPolicy: () => undefined } as unknown as TemplateIam, { region: 'eu-west-1', accountId: '000000000000' });
  const server = createS3Endpoint({ s3, iam, stats: new Stats(), activity: new Activity(), log: () => undefined });
  let url = '';
  const client = (accessKeyId: string) => new S3Client({ endpoint: url, region: 'eu-west-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });

  beforeAll(async () => {
    url = localUrl('127.0.0.1', await listen(server, 0, '127.0.0.1', 's3'));
    s3.declare({ name: 'mail-bucket', arn: 'arn:aws:s3:::mail-bucket' });
    s3.put('mail-bucket', 'inbound/abc123', Buffer.from('Subject: hej\r\n\r\nbody'));
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves GetObject to a role that may read the object', async () => {
    const out = await client('reader').send(new GetObjectCommand({ Bucket: 'mail-bucket', Key: 'inbound/abc123' }));
    expect(Buffer.from(await out.Body!.transformToByteArray()).toString()).toBe('Subject: hej\r\n\r\nbody');
  });

  it('answers AccessDenied to a role without s3:GetObject there, NoSuchKey for a missing key', async () => {
    await expect(client('stranger').send(new GetObjectCommand({ Bucket: 'mail-bucket', Key: 'inbound/abc123' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(client('reader').send(new GetObjectCommand({ Bucket: 'mail-bucket', Key: 'elsewhere/abc123' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(client('reader').send(new GetObjectCommand({ Bucket: 'mail-bucket', Key: 'inbound/nothing' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
