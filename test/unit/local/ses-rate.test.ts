// The local SES keeps the account's sending rate (MaxSendRate) as SES does: sends over it are
// answered with TooManyRequestsException (HTTP 429, "Maximum sending rate exceeded."), GetAccount
// reports the rate, and /_local/stats counts mails sent and calls throttled.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, startLocalCloud, type LocalCloud } from '../../../local/cloud.js';
import { SendRateLimit } from '../../../local/ses-rate.js';
import { writeFixtureAssembly } from './fixture-assembly.js';

const root = join(projectRoot, '.samskab', 'test', `ses-rate-${randomUUID().slice(0, 8)}`);
let cloud: LocalCloud;
let ses: SESv2Client;

beforeAll(async () => {
  writeFixtureAssembly(join(root, 'assembly'));
  cloud = await startLocalCloud({
    assemblyDir: join(root, 'assembly'), stackName: 'Samskab-fixture', network: 'fixture',
    dataDir: join(root, 'data'), fresh: true, ports: { api: 0, aws: 0, mail: 0 }, timeScale: 0.001, sesMaxSendRate: 5,
  });
  // One attempt per call: the SDK's own retries would hide the answer.
  ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: cloud.urls.aws, maxAttempts: 1 });
});

afterAll(async () => {
  ses?.destroy();
  await cloud?.stop();
  rmSync(root, { recursive: true, force: true });
});

const send = (i: number) => ses.send(new SendEmailCommand({
  FromEmailAddress: 'noreply@example.org',
  Destination: { ToAddresses: [`p${i}@example.org`] },
  Content: { Simple: { Subject: { Data: `Mail ${i}` }, Body: { Text: { Data: 'Hej' } } } },
})).then(() => 'sent', (err: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) =>
  `${err.name} ${err.$metadata?.httpStatusCode} ${err.message}`);

describe('local SES sending rate', () => {
  it('a token bucket of one second: at most `rate` sends at once, then `rate` a second; 0 = no limit', () => {
    let now = 0;
    const limit = new SendRateLimit(4, () => now);
    expect([1, 2, 3, 4, 5].map(() => limit.take())).toEqual([true, true, true, true, false]);
    now = 250;
    expect([limit.take(), limit.take()]).toEqual([true, false]);
    now = 10_000;
    expect(Array.from({ length: 6 }, () => limit.take()).filter(Boolean)).toHaveLength(4);
    limit.rate = 0;
    expect(Array.from({ length: 100 }, () => limit.take()).every(Boolean)).toBe(true);
  });

  it('answers SendEmail over MaxSendRate with TooManyRequestsException (429), reports the rate in GetAccount, counts both', async () => {
    const account = await ses.send(new GetAccountCommand({}));
    expect(account.SendQuota?.MaxSendRate).toBe(5);
    await new Promise((r) => setTimeout(r, 1100));
    cloud.resetStats();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(i)));
    const seconds = (Date.now() - started) / 1000;
    const sent = answers.filter((a) => a === 'sent').length;
    // A full bucket (5) plus what refilled while the calls were arriving (a slow machine spreads them).
    expect(sent).toBeGreaterThanOrEqual(5);
    expect(sent).toBeLessThanOrEqual(5 + Math.ceil(5 * seconds));
    expect(new Set(answers.filter((a) => a !== 'sent'))).toEqual(new Set(['TooManyRequestsException 429 Maximum sending rate exceeded.']));
    const stats = await (await fetch(`${cloud.urls.api}/_local/stats`)).json() as { ses: { sent: number; throttled: number } };
    expect(stats.ses).toEqual({ sent, throttled: 20 - sent });
    expect(cloud.mail()).toHaveLength(sent);
  });
});
