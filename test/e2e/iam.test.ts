// IAM in the local cloud, as AWS applies it: each function's calls are checked against its
// execution role in the synthesized template, Scheduler assumes the reminders role only when its
// trust policy allows the schedule group, and a rule invokes a function only with its Lambda
// permission. The real demo template passes; variants of it (one grant removed) fail the way AWS
// would fail them.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SchedulerClient, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '../../local/cloud.js';
import { scheduleMeeting, startDemo, synthDemo, useDemoCloud, workDir } from './helpers.js';

const work = workDir('e2e-iam');
let assembly: string;
const STACK = 'Samskab-demo';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };
const templateFile = (dir: string) => join(dir, `${STACK}.template.json`);
const readTemplate = (dir: string) => JSON.parse(readFileSync(templateFile(dir), 'utf8')) as Template;
const logicalIdOf = (t: Template, type: string, prefix: string) => {
  const id = Object.keys(t.Resources).find((k) => k.startsWith(prefix) && t.Resources[k]!.Type === type);
  if (id === undefined) throw new Error(`no ${type} ${prefix}* in the template`);
  return id;
};

/** A copy of the assembly with the template changed by `change`. */
function variant(name: string, change: (t: Template) => void): string {
  const dir = join(work.dir, name);
  cpSync(assembly, dir, { recursive: true });
  const t = readTemplate(dir);
  change(t);
  writeFileSync(templateFile(dir), JSON.stringify(t));
  return dir;
}

/** SDK clients signed as a function (the local cloud knows a function by its access key id). */
function signedAs(cloud: LocalCloud, functionPrefix: string) {
  const t = readTemplate(assembly);
  const id = logicalIdOf(t, 'AWS::Lambda::Function', functionPrefix);
  const name = `${STACK}-${id}`;
  const config = { endpoint: cloud.urls.aws, region: 'eu-west-1', credentials: { accessKeyId: name, secretAccessKey: 'x' }, maxAttempts: 1 };
  return { name, config };
}

const meeting = (start: number) => ({
  title: 'IAM-møde', agenda: ['Velkomst'],
  startsAt: new Date(start).toISOString().replace(/\.\d{3}Z$/, 'Z'), endsAt: new Date(start + 2 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  place: 'Kolding Rådhus', hostMunicipality: 'Kolding', audience: { municipalities: ['Kolding'] }, inspirers: [],
});

beforeAll(async () => {
  assembly = await synthDemo(work.dir);
}, 300_000);
afterAll(() => work.cleanup());

describe('the real demo template', () => {
  const cloud = useDemoCloud(() => assembly, join(work.dir, 'real-data'));

  it('denies each service call the role does not grant, in that protocol\'s error shape', async () => {
    const mailer = signedAs(cloud(), 'MailerFunction');
    const api = signedAs(cloud(), 'ApiFunction');
    const t = readTemplate(assembly);
    const mailQueueUrl = `${cloud().urls.aws}/000000000000/${STACK}-${logicalIdOf(t, 'AWS::SQS::Queue', 'MailQueue')}`;

    // EventBridge (JSON 1.1): the mailer puts nothing on the bus.
    const put = await new EventBridgeClient(mailer.config).send(new PutEventsCommand({ Entries: [{ EventBusName: 'samskab-demo', Source: 'samskab', DetailType: 'x', Detail: '{}' }] })).catch((e: Error) => e);
    expect(put).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((put as Error).message).toMatch(new RegExp(`^User: arn:aws:sts::000000000000:assumed-role/[^/]+/${mailer.name} is not authorized to perform: events:PutEvents on resource: arn:aws:events:eu-west-1:000000000000:event-bus/\\S+ because no identity-based policy allows the events:PutEvents action$`));

    // SQS (JSON, query-compatible): the deliverability function does not touch the mail queue.
    const send = await new SQSClient(signedAs(cloud(), 'SesEventsDeliverabilityFunction').config).send(new SendMessageCommand({ QueueUrl: mailQueueUrl, MessageBody: '{}' })).catch((e: Error) => e);
    expect(send).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((send as Error).message).toContain('is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:eu-west-1:000000000000:');
    // ... while the API may send to it.
    await expect(new SQSClient(api.config).send(new SendMessageCommand({ QueueUrl: mailQueueUrl, MessageBody: '{}' }))).resolves.toHaveProperty('MessageId');

    // Secrets Manager: the API token is the API's, not the mailer's.
    // A secret without a Name is named by its logical id locally.
    const secretId = logicalIdOf(t, 'AWS::SecretsManager::Secret', 'ApiTokenSecret');
    const secret = await new SecretsManagerClient(mailer.config).send(new GetSecretValueCommand({ SecretId: secretId })).catch((e: Error) => e);
    expect(secret).toMatchObject({ name: 'AccessDeniedException' });
    await expect(new SecretsManagerClient(api.config).send(new GetSecretValueCommand({ SecretId: secretId }))).resolves.toHaveProperty('SecretString');

    // Scheduler (REST): the meetings function manages reminders and the api arms fan-out checks; the mailer does neither.
    const schedule = await new SchedulerClient(mailer.config).send(new CreateScheduleCommand({
      Name: 'x', GroupName: 'samskab-demo', ScheduleExpression: 'at(2099-01-01T00:00:00)', FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: 'arn:aws:events:eu-west-1:000000000000:event-bus/samskab-demo', RoleArn: 'arn:aws:iam::000000000000:role/x' },
    })).catch((e: Error) => e);
    expect(schedule).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect((schedule as Error).message).toContain('scheduler:CreateSchedule on resource: arn:aws:scheduler:eu-west-1:000000000000:schedule/samskab-demo/x');

    // SES v2 (REST): only the mailer sends mail.
    const mail = { FromEmailAddress: 'netvaerk@example.org', Destination: { ToAddresses: ['a@example.org'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } };
    const denied = await new SESv2Client(api.config).send(new SendEmailCommand(mail)).catch((e: Error) => e);
    expect(denied).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect((denied as Error).message).toContain('ses:SendEmail on resource: arn:aws:ses:eu-west-1:000000000000:identity/example.org');
    await expect(new SESv2Client(mailer.config).send(new SendEmailCommand(mail))).resolves.toHaveProperty('MessageId');
  }, 120_000);

  it('denies a DynamoDB call the role does not grant (checked in dynalite\'s thread)', async () => {
    const mailer = signedAs(cloud(), 'MailerFunction');
    const t = readTemplate(assembly);
    const table = `${STACK}-${logicalIdOf(t, 'AWS::DynamoDB::GlobalTable', 'DataTable')}`;
    // The functions' own DynamoDB port: the one their AWS_ENDPOINT_URL_DYNAMODB names.
    const scan = await new DynamoDBClient({ ...mailer.config, endpoint: cloud().urls.dynamodbFunctions }).send(new ScanCommand({ TableName: table })).catch((e: Error) => e);
    expect(scan).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect((scan as Error).message).toMatch(/is not authorized to perform: dynamodb:Scan on resource: arn:aws:dynamodb:eu-west-1:000000000000:table\/\S+ because no identity-based policy allows the dynamodb:Scan action$/);
  });

  it('fires a reminder: Scheduler assumes the role the trust policy scopes to the schedule group', async () => {
    const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
    expect((await scheduleMeeting(cloud(), meeting(start))).status).toBe(202);
    await cloud().waitForIdle(120_000);
    await cloud().clearMail();
    await cloud().setClock({ now: new Date(start - 7 * DAY + HOUR).toISOString() });
    await cloud().waitForIdle(120_000);
    expect(cloud().mail().length).toBeGreaterThan(0);
    expect(cloud().logs().join('\n')).not.toContain('sts:AssumeRole');
  }, 240_000);
});

describe('a template whose roles lack a grant', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    const dir = variant('broken-grants', (t) => {
      // The mailer's role without ses:SendEmail ...
      const mailerPolicy = t.Resources[logicalIdOf(t, 'AWS::IAM::Policy', 'MailerFunctionRoleDefaultPolicy')]!.Properties;
      mailerPolicy.PolicyDocument.Statement = mailerPolicy.PolicyDocument.Statement.filter((s: { Action: unknown }) => ![s.Action].flat().includes('ses:SendEmail'));
      // ... and the reminders role trusting a schedule-name prefix, as it did before: Scheduler sends the group's ARN.
      const role = t.Resources[logicalIdOf(t, 'AWS::IAM::Role', 'RemindersSchedulerRole')]!.Properties;
      role.AssumeRolePolicyDocument.Statement[0].Condition = {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule/samskab-demo/*']] } },
      };
    });
    cloud = await startDemo(dir, join(work.dir, 'broken-data'));
  }, 120_000);
  afterAll(() => cloud?.stop());

  it('a mailer role without ses:SendEmail gets AccessDenied: no invitation goes out', async () => {
    const mailer = signedAs(cloud, 'MailerFunction');
    const mail = { FromEmailAddress: 'netvaerk@example.org', Destination: { ToAddresses: ['a@example.org'] }, Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } } };
    await expect(new SESv2Client(mailer.config).send(new SendEmailCommand(mail))).rejects.toMatchObject({ name: 'AccessDeniedException' });

    const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
    expect((await scheduleMeeting(cloud, meeting(start))).status).toBe(202);
    await cloud.waitForIdle(120_000);
    expect(cloud.mail()).toHaveLength(0);
    expect(cloud.logs().join('\n')).toMatch(/not authorized to perform: ses:SendEmail/);
  }, 240_000);

  it('a reminders role trusted for schedule names, not the group, never fires, and its DLQ write fails too', async () => {
    const start = Math.ceil((Date.now() + 20 * DAY) / HOUR) * HOUR;
    expect((await scheduleMeeting(cloud, meeting(start))).status).toBe(202);
    await cloud.waitForIdle(120_000);
    const before = cloud.stats().deadLetterQueues;
    await cloud.setClock({ now: new Date(start - 7 * DAY + HOUR).toISOString() });
    await cloud.waitForIdle(120_000);
    const logs = cloud.logs().join('\n');
    expect(logs).toMatch(/schedule samskab-demo\/\S+ failed: scheduler\.amazonaws\.com is not authorized to perform: sts:AssumeRole/);
    expect(logs).toContain('its DLQ write failed too');
    expect(cloud.stats().deadLetterQueues).toEqual(before);
  }, 240_000);
});

describe('a rule without its Lambda permission', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    const dir = variant('no-permission', (t) => {
      delete t.Resources[logicalIdOf(t, 'AWS::Lambda::Permission', 'EventsMeetingsRuleAllowEventRule')];
    });
    cloud = await startDemo(dir, join(work.dir, 'no-permission-data'));
  }, 120_000);
  afterAll(() => cloud?.stop());

  it('does not deliver: the event goes to the rule\'s DLQ and the meetings function never runs', async () => {
    const start = Math.ceil((Date.now() + 10 * DAY) / HOUR) * HOUR;
    expect((await scheduleMeeting(cloud, meeting(start))).status).toBe(202);
    await cloud.waitForIdle(120_000);
    const s = cloud.stats();
    const dlq = Object.entries(s.deadLetterQueues).find(([name]) => name.includes('EventsMeetingsDeadLetterQueue'));
    expect(dlq?.[1]).toBe(1);
    expect(cloud.mail()).toHaveLength(0);
    expect(cloud.logs().join('\n')).toContain('events.amazonaws.com is not authorized to perform: lambda:InvokeFunction');
  }, 240_000);
});
