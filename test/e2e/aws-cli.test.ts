// An operator looks around the local cloud with the AWS CLI (Debian's awscli package, as .ci/run
// installs it), exactly as on AWS: rules and their targets, queues and their depths, schedules,
// secrets' metadata, the SES account and its sending quota. Dummy credentials, no network beyond
// loopback (no instance metadata, no pager, no config files).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.js';
import { startDemo, synthDemo, workDir } from './helpers.js';

/** Debian's CLI (botocore's query protocol for SQS); SAMSKAB_AWS_CLI may name another. */
const AWS_CLI = process.env['SAMSKAB_AWS_CLI'] ?? (existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws');
const REGION = 'eu-west-1';

const work = workDir('e2e-aws-cli');
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startDemo(await synthDemo(work.dir), `${work.dir}/data`, { region: REGION, sesMaxSendRate: 14 }); // get-account reports the local SES's rate
});
afterAll(async () => {
  await cloud?.stop();
  work.cleanup();
});

interface CliResult { code: number; stdout: string; stderr: string }

/** Runs `aws <args>` against the local endpoint (asynchronously: the cloud runs in this process). */
function aws(...args: string[]): Promise<CliResult> {
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: work.dir,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  return new Promise((resolve) => {
    execFile(AWS_CLI, [...args, '--endpoint-url', cloud.urls.aws, '--region', REGION, '--output', 'json'], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

async function awsJson<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const r = await aws(...args);
  if (r.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

// Each CLI run starts a Python interpreter: seconds apiece on a busy machine.
describe('the AWS CLI against the local cloud', { timeout: 180_000 }, () => {
  it('lists the queues, finds one by name and reads its depth as messages arrive', async () => {
    const { QueueUrls } = await awsJson<{ QueueUrls: string[] }>('sqs', 'list-queues');
    expect(QueueUrls.length).toBeGreaterThan(1);
    const url = QueueUrls.find((u) => /mailer/i.test(u) && !/dlq|dead|failure/i.test(u)) ?? QueueUrls[0]!;
    const name = url.slice(url.lastIndexOf('/') + 1);
    expect(await awsJson('sqs', 'get-queue-url', '--queue-name', name)).toEqual({ QueueUrl: url });

    const { QueueUrls: prefixed } = await awsJson<{ QueueUrls: string[] }>('sqs', 'list-queues', '--queue-name-prefix', name);
    expect(prefixed).toContain(url);

    const depth = async () => (await awsJson<{ Attributes: Record<string, string> }>('sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'All')).Attributes;
    const before = await depth();
    expect(before).toMatchObject({ QueueArn: expect.stringMatching(/^arn:aws:sqs:/), VisibilityTimeout: expect.stringMatching(/^\d+$/) });
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']));

    // A delayed message is counted as delayed, not yet as visible: the poller cannot take it either.
    const sqs = new SQSClient({ endpoint: cloud.urls.aws, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{"probe":true}', DelaySeconds: 900 }));
    sqs.destroy();
    const after = await depth();
    expect(Number(after['ApproximateNumberOfMessagesDelayed'])).toBe(Number(before['ApproximateNumberOfMessagesDelayed']) + 1);

    const one = await awsJson<{ Attributes: Record<string, string> }>('sqs', 'get-queue-attributes', '--queue-url', url, '--attribute-names', 'ApproximateNumberOfMessages');
    expect(Object.keys(one.Attributes)).toEqual(['ApproximateNumberOfMessages']);
  });

  it('answers a missing queue as SQS does', async () => {
    const r = await aws('sqs', 'get-queue-url', '--queue-name', 'no-such-queue');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('lists the event buses, their rules with the patterns, and each rule\'s targets', async () => {
    const { EventBuses } = await awsJson<{ EventBuses: Array<{ Name: string; Arn: string }> }>('events', 'list-event-buses');
    expect(EventBuses[0]).toEqual({ Name: 'default', Arn: `arn:aws:events:${REGION}:000000000000:event-bus/default` });
    const bus = EventBuses.find((b) => b.Name !== 'default');
    expect(bus).toBeDefined();
    expect(await awsJson('events', 'describe-event-bus', '--name', bus!.Name)).toEqual(bus);

    const { Rules } = await awsJson<{ Rules: Array<{ Name: string; Arn: string; EventPattern: string; State: string; EventBusName: string }> }>(
      'events', 'list-rules', '--event-bus-name', bus!.Name);
    expect(Rules.length).toBeGreaterThan(0);
    for (const rule of Rules) {
      expect(rule).toMatchObject({ EventBusName: bus!.Name, State: 'ENABLED', Arn: expect.stringContaining(`:rule/${bus!.Name}/`) });
      expect(JSON.parse(rule.EventPattern)).toHaveProperty('source');
    }
    const rule = Rules[0]!;
    const described = await awsJson('events', 'describe-rule', '--name', rule.Name, '--event-bus-name', bus!.Name);
    expect(described).toMatchObject({ ...rule, CreatedBy: '000000000000' });

    const { Targets } = await awsJson<{ Targets: Array<{ Id: string; Arn: string }> }>('events', 'list-targets-by-rule', '--rule', rule.Name, '--event-bus-name', bus!.Name);
    expect(Targets.length).toBeGreaterThan(0);
    expect(Targets[0]!.Arn).toMatch(/^arn:aws:(lambda|sqs):/);

    const missing = await aws('events', 'describe-rule', '--name', 'no-such-rule', '--event-bus-name', bus!.Name);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
    // Without --event-bus-name: the default bus, where SES's events arrive (its rules' ARNs name no bus).
    const onDefault = await awsJson<{ Rules: Array<{ Arn: string; EventPattern: string; EventBusName: string }> }>('events', 'list-rules');
    expect(onDefault.Rules.length).toBeGreaterThan(0);
    for (const r of onDefault.Rules) {
      expect(r).toMatchObject({ EventBusName: 'default', Arn: expect.stringMatching(/:rule\/[^/]+$/) });
    }
    expect(onDefault.Rules.map((r) => JSON.parse(r.EventPattern) as { source: string[] })).toContainEqual(expect.objectContaining({ source: ['aws.ses'] }));
  });

  it('puts an event', async () => {
    const r = await awsJson<{ FailedEntryCount: number }>('events', 'put-events', '--entries',
      JSON.stringify([{ Source: 'operator.cli', DetailType: 'probe', Detail: '{}' }]));
    expect(r.FailedEntryCount).toBe(0);
  });

  it('lists the schedule groups and reads a schedule in one', async () => {
    const { ScheduleGroups } = await awsJson<{ ScheduleGroups: Array<{ Name: string; State: string; Arn: string }> }>('scheduler', 'list-schedule-groups');
    expect(ScheduleGroups[0]).toMatchObject({ Name: 'default', State: 'ACTIVE' });
    const group = ScheduleGroups.find((g) => g.Name !== 'default');
    expect(group).toMatchObject({ State: 'ACTIVE', Arn: expect.stringContaining(':schedule-group/') });

    const queueArn = `arn:aws:sqs:${REGION}:000000000000:probe`;
    const created = await fetch(`${cloud.urls.aws}/schedules/operator-probe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ GroupName: group!.Name, ScheduleExpression: 'at(2099-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: { Arn: queueArn, RoleArn: 'arn:aws:iam::000000000000:role/probe' } }),
    });
    expect(created.status).toBe(200);
    const { Schedules } = await awsJson<{ Schedules: Array<{ Name: string; GroupName: string }> }>('scheduler', 'list-schedules', '--group-name', group!.Name);
    expect(Schedules).toContainEqual(expect.objectContaining({ Name: 'operator-probe', GroupName: group!.Name }));
    const schedule = await awsJson('scheduler', 'get-schedule', '--name', 'operator-probe', '--group-name', group!.Name);
    expect(schedule).toMatchObject({ Name: 'operator-probe', ScheduleExpression: 'at(2099-01-01T00:00:00)', Target: { Arn: queueArn } });
    expect((await aws('scheduler', 'get-schedule', '--name', 'operator-probe')).stderr).toContain('ResourceNotFoundException');
  });

  it('lists and describes the secrets without their values', async () => {
    const { SecretList } = await awsJson<{ SecretList: Array<Record<string, unknown> & { Name: string }> }>('secretsmanager', 'list-secrets');
    expect(SecretList.length).toBeGreaterThan(0);
    for (const s of SecretList) {
      expect(s).toMatchObject({ ARN: expect.stringMatching(/^arn:aws:secretsmanager:/), Name: expect.any(String) });
      expect(s).not.toHaveProperty('SecretString');
    }
    const name = SecretList[0]!.Name;
    const described = await awsJson('secretsmanager', 'describe-secret', '--secret-id', name);
    expect(described).toMatchObject({ Name: name, ARN: SecretList[0]!['ARN'] });
    expect(JSON.stringify(described)).not.toContain(cloud.apiToken);
    const filtered = await awsJson<{ SecretList: unknown[] }>('secretsmanager', 'list-secrets', '--filters', 'Key=name,Values=no-such-prefix');
    expect(filtered.SecretList).toEqual([]);
  });

  it('reads the SES account: production access, sending enabled, and the quota counting what was sent', async () => {
    const account = async () => awsJson<{ SendQuota: { Max24HourSend: number; MaxSendRate: number; SentLast24Hours: number }; ProductionAccessEnabled: boolean; SendingEnabled: boolean }>('sesv2', 'get-account');
    const before = await account();
    expect(before).toMatchObject({ ProductionAccessEnabled: true, SendingEnabled: true, SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14 } });
    const ses = new SESv2Client({ endpoint: cloud.urls.aws, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ses.send(new SendEmailCommand({
      FromEmailAddress: 'noreply@example.org',
      Destination: { ToAddresses: ['ada@example.org'] },
      Content: { Simple: { Subject: { Data: 'Hej' }, Body: { Text: { Data: 'Hej' } } } },
    }));
    ses.destroy();
    expect((await account()).SendQuota.SentLast24Hours).toBe(before.SendQuota.SentLast24Hours + 1);
  });
});
