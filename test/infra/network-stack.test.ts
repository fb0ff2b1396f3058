// The synthesized template of the demo network: what the design promises about its shape.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SOURCE, subscriptionDetailFilters, subscriptions, type Consumer } from '../../functions/contract/events.js';
import { matchesPattern } from '../../local/eventbridge/pattern.js';
import { NETWORK_SETTINGS_FILE } from '../../functions/contract/environment.js';
import { TableKeys } from '../../functions/contract/table.js';
import { loadNetworkConfig, type NetworkConfig } from '../../lib/network-config.js';
import { API_THROTTLING } from '../../lib/constructs/api.js';
import { NetworkStack } from '../../lib/network-stack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demoFile = join(root, 'networks', 'demo.json');
const demo = loadNetworkConfig(demoFile);

type Resource = { Type: string; Properties: Record<string, any>; Metadata?: Record<string, any> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let app: App;
let stack: NetworkStack;
let template: Template;
let resources: Record<string, Resource>;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as Parameters<Stack['getLogicalId']>[0]);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

beforeAll(() => {
  app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'samskab-infra-')),
    builtinCloudFormationValidation: false,
    // As the CDK CLI sets it: each asset's folder in the resource's metadata (the local cloud reads it).
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  stack = new NetworkStack(app, 'Samskab-demo', { config: demo });
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

describe('network stack (demo)', () => {
  it('passes cdk-nag AwsSolutions with every finding acknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('runs every function on Node.js 22+ and arm64, logging to its own log group with retention', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const [, fn] of functions) {
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.any(String) });
      // The JSON lines of functions/adapters/logger.ts are filtered by Lambda at this level.
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' });
    }
    for (const [, group] of ofType('AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(demo.logRetentionDays);
  });

  it('bundles the workflow functions as ESM (index.mjs exporting handler)', () => {
    for (const { function: fn } of Object.values(stack.functions)) {
      expect(resources[logicalId(fn)]!.Properties.Handler).toBe('index.handler');
    }
  });

  it('keeps the table safe: PITR, TTL, on-demand, retained, deletion protection, the contract GSIs', () => {
    const [[id, table]] = ofType('AWS::DynamoDB::GlobalTable') as [[string, Resource]];
    expect(template.toJSON().Resources[id].DeletionPolicy).toBe('Retain');
    const p = table.Properties;
    expect(p.KeySchema).toEqual([
      { AttributeName: TableKeys.partitionKey, KeyType: 'HASH' },
      { AttributeName: TableKeys.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TableKeys.ttl, Enabled: true });
    expect(p.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.Replicas[0].DeletionProtectionEnabled).toBe(true);
    const gsis = [TableKeys.byCollection, TableKeys.byPerson].map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: 'HASH' },
        { AttributeName: g.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(p.GlobalSecondaryIndexes).toEqual(gsis);
  });

  it('seeds the people and their address keys from the seed function\'s bundle, a hash per group of 25, with BatchWriteItem on the table only', () => {
    const [[, seed]] = ofType('Custom::PeopleSeed') as [[string, Resource]];
    const tableId = logicalId(stack.data.table);
    expect(seed.Properties.TableName).toEqual({ Ref: tableId });
    expect(seed.Properties.GroupHashes).toHaveLength(Math.ceil((demo.people.length * 2) / 25));
    // The people are not in the template.
    expect(JSON.stringify(template.toJSON())).not.toContain(demo.people[0]!.email);
    const [fnId, fn] = Object.entries(resources).find(([id]) => JSON.stringify(seed.Properties.ServiceToken).includes(id))!;
    expect(fn.Type).toBe('AWS::Lambda::Function');
    const bundle = join(app.outdir, (fn as unknown as { Metadata: Record<string, string> }).Metadata['aws:asset:path']!);
    const items = JSON.parse(readFileSync(join(bundle, seed.Properties.ItemsFile), 'utf8')) as Array<Record<string, { S: string }>>;
    expect(items.map((i) => `${i.type!.S}:${i.personId!.S}`).sort()).toEqual(demo.people.flatMap((p) => [`address:${p.id}`, `person:${p.id}`]).sort());
    const roleId = fn.Properties.Role['Fn::GetAtt'][0];
    const statements = ofType('AWS::IAM::Policy').filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]).filter((s) => JSON.stringify(s.Action).includes('dynamodb'));
    expect(statements).toEqual([{ Action: 'dynamodb:BatchWriteItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }]);
    expect(fnId).toBeDefined();
  });

  it('routes exactly the contract subscriptions, each target with a dead-letter queue and a retry policy', () => {
    const all = ofType('AWS::Events::Rule');
    // One rule per consumer on the network's bus, plus the SES events rule on the default bus.
    const rules = all.filter(([, r]) => r.Properties.EventBusName !== undefined);
    expect(rules).toHaveLength(Object.keys(subscriptions).length);
    expect(all).toHaveLength(rules.length + 1);
    for (const [, rule] of all) {
      for (const target of rule.Properties.Targets) {
        expect(target.DeadLetterConfig.Arn).toBeDefined();
        expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
        expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThan(0);
      }
    }
    for (const consumer of Object.keys(subscriptions) as Consumer[]) {
      const fnId = logicalId(stack.functions[consumer].function);
      const rule = rules.find(([, r]) => r.Properties.Targets.some((t: any) => t.Arn['Fn::GetAtt']?.[0] === fnId));
      expect(rule, `rule for ${consumer}`).toBeDefined();
      const filter = subscriptionDetailFilters[consumer];
      expect(rule![1].Properties.EventPattern).toEqual({ source: [EVENT_SOURCE], 'detail-type': [...subscriptions[consumer]], ...(filter ? { detail: filter } : {}) });
      expect(rule![1].Properties.EventBusName).toEqual({ Ref: logicalId(stack.events.bus) });
    }
  });

  it('invokes the inbound function only for calendar answers, never for the answer links\' rsvp-received', () => {
    const fnId = logicalId(stack.functions.inbound.function);
    const [, rule] = ofType('AWS::Events::Rule').find(([, r]) => r.Properties.Targets.some((t: any) => t.Arn['Fn::GetAtt']?.[0] === fnId))!;
    const event = (detail: Record<string, unknown>) => ({
      source: EVENT_SOURCE, 'detail-type': 'rsvp-received',
      detail: { schemaVersion: 1, meetingId: 'm1', personId: 'p1', answer: 'accept', answeredAt: '2027-03-01T10:00:00.000Z', ...detail },
    });
    expect(matchesPattern(rule.Properties.EventPattern, event({ via: 'calendar', version: 2 }))).toBe(true);
    expect(matchesPattern(rule.Properties.EventPattern, event({ via: 'link' }))).toBe(false);
    expect(matchesPattern(rule.Properties.EventPattern, event({}))).toBe(false);
  });

  it('gives every asynchronously invoked function (each rule target, and the daily digest) an on-failure queue: AWS\'s retries made explicit, the record kept', () => {
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig');
    const targets = new Set(ofType('AWS::Events::Rule').flatMap(([, r]) => r.Properties.Targets.map((t: any) => t.Arn['Fn::GetAtt']?.[0] as string)));
    expect([...targets].sort()).toEqual([
      ...(Object.keys(subscriptions) as Consumer[]).map((c) => logicalId(stack.functions[c].function)),
      logicalId(stack.sesEvents.function.function),
    ].sort());
    // The daily digest is invoked asynchronously too (by its Scheduler schedule).
    const asyncInvoked = new Set([...targets, logicalId(stack.digest.fn.function)]);
    expect(invokeConfigs).toHaveLength(asyncInvoked.size);
    for (const fnId of asyncInvoked) {
      const config = invokeConfigs.find(([, c]) => c.Properties.FunctionName?.Ref === fnId);
      expect(config, `EventInvokeConfig of ${fnId}`).toBeDefined();
      const p = config![1].Properties;
      expect(p).toMatchObject({ Qualifier: '$LATEST', MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 6 * 3600 });
      const queueId = p.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string;
      expect(resources[queueId]?.Type).toBe('AWS::SQS::Queue');
      expect(queueId).toMatch(/OnFailureDeadLetterQueue/);
      expect(resources[queueId]!.Properties.SqsManagedSseEnabled).toBe(true);
      // enforceSSL: the queue policy denies insecure transport.
      const policy = ofType('AWS::SQS::QueuePolicy').find(([, q]) => q.Properties.Queues.some((r: any) => r.Ref === queueId));
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
      // The function's role may send the record there (Lambda sends it with the function's role).
      const roleId = resources[fnId]!.Properties.Role['Fn::GetAtt'][0] as string;
      const statements = ofType('AWS::IAM::Policy').filter(([, q]) => q.Properties.Roles.some((r: any) => r.Ref === roleId)).flatMap(([, q]) => q.Properties.PolicyDocument.Statement as Statement[]);
      expect(statements.some((st) => [st.Action].flat().includes('sqs:SendMessage') && JSON.stringify(st.Resource).includes(queueId)), `${fnId} may send to ${queueId}`).toBe(true);
    }
  });

  it('publishes SES events to the default bus, where a rule on the configuration set feeds the deliverability function', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint', 'delivery', 'deliveryDelay'],
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    });
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventBusName === undefined);
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1];
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered', 'Email Delivery Delayed'],
      detail: { mail: { tags: { 'ses:configuration-set': [{ Ref: logicalId(stack.mail.configurationSet) }] } } },
    });
    expect(rule.Properties.Targets[0].Arn).toEqual({ 'Fn::GetAtt': [logicalId(stack.sesEvents.function.function), 'Arn'] });
  });

  it('feeds the mailer from the mail queue with partial batch failures and a concurrency cap', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(stack.mail.queue), 'Arn'] },
      FunctionName: { Ref: logicalId(stack.functions.mailer.function) },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: Match.anyValue() },
    });
    const queue = resources[logicalId(stack.mail.queue)]!.Properties;
    const mailer = resources[logicalId(stack.functions.mailer.function)]!.Properties;
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * mailer.Timeout);
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(stack.mail.deadLetterQueue), 'Arn'] }, maxReceiveCount: 5 });
    for (const [, q] of ofType('AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('lets Scheduler assume the reminders role only for this account and schedule group (confused deputy, as AWS documents it)', () => {
    const role = resources[logicalId(stack.reminders.role)]!.Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        // The group's ARN: Scheduler never sends a schedule's ARN as aws:SourceArn.
        ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule-group/samskab-${demo.slug}`]] } },
      },
    }]);
  });

  it('grants least privilege: no wildcard resources, each function only what it uses', () => {
    const statementsOf = (fn: { role: { node: { findChild(id: string): any } } }) => {
      const policy = fn.role.node.findChild('DefaultPolicy').node.defaultChild;
      return resources[stack.getLogicalId(policy)]!.Properties.PolicyDocument.Statement as Statement[];
    };
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      for (const s of policy.Properties.PolicyDocument.Statement as Statement[]) {
        // The wildcards: the network's own reminder schedule group (names are made at run time), the
        // inbound mail under its prefix (keys are SES's message ids), and ses:GetAccount, which has
        // no resource to scope to (all acknowledged).
        if (s.Action === 'ses:GetAccount') {
          expect(s.Resource).toBe('*');
          continue;
        }
        const resource = JSON.stringify(s.Resource).replace(`:schedule/samskab-${demo.slug}/*"`, ':schedule/samskab-<slug>/<name>"').replace('"/inbound/*"', '"/inbound/<message id>"');
        expect(resource, JSON.stringify(s)).not.toMatch(/"\*"|\/\*"/);
        expect([s.Action].flat().some((a) => a.endsWith('*'))).toBe(false);
      }
    }
    const actions = (fn: Parameters<typeof statementsOf>[0]) => statementsOf(fn).flatMap((s) => [s.Action].flat()).sort();
    const { api, meetings, mailer, inbound } = stack.functions;
    // The inbound function reads the stored mail, publishes calendar answers and forwards plain replies.
    expect(actions(inbound)).toEqual(expect.arrayContaining(['s3:GetObject', 'events:PutEvents', 'ses:SendEmail']));
    expect(actions(inbound)).not.toContain('s3:PutObject');
    expect(actions(api)).toContain('events:PutEvents');
    expect(actions(api)).toContain('secretsmanager:GetSecretValue');
    // The api sends sign-in mail through the mail queue (functions/auth), and only there.
    expect(actions(api)).toContain('sqs:SendMessage');
    expect(statementsOf(api).find((s) => [s.Action].flat().includes('sqs:SendMessage'))!.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack.mail.queue), 'Arn'] });
    expect(actions(meetings)).toContain('sqs:SendMessage');
    expect(actions(meetings)).not.toContain('events:PutEvents');
    // Both arm fan-out checks in the network's schedule group; only the meetings function deletes (reminders).
    expect(actions(meetings)).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole']));
    expect(actions(api)).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'iam:PassRole']));
    expect(actions(api)).not.toContain('scheduler:DeleteSchedule');
    // The experiments function keeps each experiment's one review schedule (create, move, delete), and publishes nothing.
    expect(actions(stack.functions.experiments)).toEqual(expect.arrayContaining(['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule', 'iam:PassRole']));
    expect(actions(stack.functions.experiments)).not.toContain('events:PutEvents');
    expect(actions(meetings)).not.toContain('scheduler:UpdateSchedule');
    expect(actions(mailer)).toEqual(expect.arrayContaining(['ses:SendEmail', 'ses:SendRawEmail', 'sqs:ReceiveMessage']));
    for (const fn of [api, meetings, mailer]) expect(actions(fn)).not.toContain('dynamodb:Scan');

    const busArn = { 'Fn::GetAtt': [logicalId(stack.events.bus), 'Arn'] };
    expect(statementsOf(api).find((s) => s.Action === 'events:PutEvents')!.Resource).toEqual(busArn);
    const sqsSend = statementsOf(meetings).find((s) => [s.Action].flat().includes('sqs:SendMessage'))!;
    expect(sqsSend.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack.mail.queue), 'Arn'] });
    const ses = JSON.stringify(statementsOf(mailer).find((s) => [s.Action].flat().includes('ses:SendEmail'))!.Resource);
    expect(ses).toContain(':identity/example.org');
    expect(ses).toContain(':configuration-set/');
    // The pace: the account's shared limiter table only, and the mail queue for throttled mails.
    const limiter = JSON.stringify(statementsOf(mailer).find((s) => [s.Action].flat().includes('dynamodb:UpdateItem') && JSON.stringify(s.Resource).includes('samskab-ses-send-rate'))!.Resource);
    expect(limiter).toContain(':table/samskab-ses-send-rate');
    expect(actions(mailer)).toEqual(expect.arrayContaining(['sqs:ChangeMessageVisibility', 'sqs:SendMessage', 'ses:GetAccount']));
    const requeue = statementsOf(mailer).find((s) => [s.Action].flat().includes('sqs:SendMessage'))!;
    expect(requeue.Resource).toEqual({ 'Fn::GetAtt': [logicalId(stack.mail.queue), 'Arn'] });
  });

  it('gives each function the environment the contract names, and the app URL only to the mailer', () => {
    const env = (fn: { node: { defaultChild?: unknown } }) => resources[logicalId(fn)]!.Properties.Environment.Variables;
    const { api, meetings, mailer, inbound } = stack.functions;
    // Exact sets: a function gets only what it uses (APP_URL on the api would be a circular reference).
    expect(Object.keys(env(api.function)).sort()).toEqual(
      // The schedule group, role, bus and DLQ: the api arms the fan-out check of each change it accepts.
      ['API_TOKEN_SECRET_ARN', 'EVENT_BUS_ARN', 'EVENT_BUS_NAME', 'FACILITATORS', 'LINK_SIGNING_SECRET_ARN', 'MAIL_QUEUE_URL', 'REMINDER_DLQ_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_GROUP_NAME', 'TABLE_NAME'],
    );
    expect(Object.keys(env(api.function))).not.toContain('APP_URL');
    expect(Object.keys(env(meetings.function)).sort()).toEqual(
      ['EVENT_BUS_ARN', 'MAIL_QUEUE_URL', 'REMINDER_DLQ_ARN', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_GROUP_NAME', 'TABLE_NAME'],
    );
    expect(Object.keys(env(meetings.function))).not.toContain('APP_URL');
    expect(Object.keys(env(mailer.function)).sort()).toEqual(
      ['APP_URL', 'LINK_SIGNING_SECRET_ARN', 'MAIL_QUEUE_URL', 'NETWORK_SLUG', 'SES_CONFIGURATION_SET', 'TABLE_NAME'],
    );
    expect(Object.keys(env(inbound.function)).sort()).toEqual(['EVENT_BUS_NAME', 'FACILITATORS', 'INBOUND_MAIL_BUCKET', 'TABLE_NAME']);
    // The settings travel in each bundle, not in the 4 KB environment.
    const bundle = join(app.outdir, resources[logicalId(api.function)]!.Metadata!['aws:asset:path']);
    const settings = JSON.parse(readFileSync(join(bundle, NETWORK_SETTINGS_FILE), 'utf8'));
    expect(settings.senderAddress).toBe(demo.senderAddress);
    expect(settings).not.toHaveProperty('people');
  });

  it('serves /api/{proxy+} through an HTTP API with access logs on the auto-deployed default stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0', IntegrationType: 'AWS_PROXY' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
  });

  it('throttles the stage, tighter on the public routes (sign-in, mail links), and reserves no concurrency by default', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    expect(stage.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: API_THROTTLING.stage.burstLimit, ThrottlingRateLimit: API_THROTTLING.stage.rateLimit });
    const publicRoutes = Object.keys(stage.Properties.RouteSettings).sort();
    expect(publicRoutes).toEqual(expect.arrayContaining(['POST /auth/{proxy+}', 'GET /auth/{proxy+}', 'GET /unsubscribe', 'POST /unsubscribe', 'GET /join', 'POST /join']));
    for (const key of publicRoutes) {
      expect(stage.Properties.RouteSettings[key]).toEqual({ ThrottlingBurstLimit: API_THROTTLING.publicRoutes.burstLimit, ThrottlingRateLimit: API_THROTTLING.publicRoutes.rateLimit });
    }
    expect(publicRoutes.some((k) => k.includes('/api/'))).toBe(false);
    // Every route the stage names exists before the stage is updated.
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    for (const key of publicRoutes) expect(routeKeys).toContain(key);
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('outputs what ops and the local cloud look up', () => {
    for (const name of ['ApiUrl', 'EventBusName', 'TableName', 'MailQueueName', 'MailQueueUrl', 'MailDeadLetterQueueName', 'ApiTokenSecretArn', 'MeetingsRuleDeadLetterQueueName']) {
      template.hasOutput(name, {});
    }
  });
});

describe('bad network configs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'samskab-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, edit: (cfg: any) => void) => {
    const cfg = JSON.parse(readFileSync(demoFile, 'utf8'));
    edit(cfg);
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(cfg));
    return file;
  };

  it('names the file and the missing senderAddress', () => {
    const file = write('no-sender', (c) => delete c.senderAddress);
    expect(() => loadNetworkConfig(file)).toThrow(new RegExp(`${file}[\\s\\S]*senderAddress`));
  });

  it('names the person whose municipality is not in the network', () => {
    const file = write('odense', (c) => (c.people[2].municipality = 'Odense'));
    expect(() => loadNetworkConfig(file)).toThrow(/people\.2\.municipality: "Odense" is not one of the network's municipalities/);
  });

  it('refuses a function environment over 4 KB (UTF-8 bytes of keys and values), naming the file and the limit', () => {
    // Every facilitator's id goes into the api function's FACILITATORS.
    const file = write('verbose', (c) => {
      const many = Array.from({ length: 70 }, (_, i) => ({ id: `facilitator-${i}-${'æ'.length}-med-et-langt-id-${'x'.repeat(20)}`, name: `F ${i}`, email: `f${i}@example.org`, role: 'facilitator' }));
      c.people.push(...many);
      c.facilitators.push(...many.map((p) => p.id));
    });
    const config: NetworkConfig = loadNetworkConfig(file);
    expect(() => new NetworkStack(new App(), 'Samskab-verbose', { config })).toThrow(
      new RegExp(`${file}: the environment of Samskab-verbose/ApiFunction/Function comes to \\d+ bytes .*Lambda allows 4096 bytes`),
    );
  }, 300_000);

  it('fails the CDK app plainly and non-zero, naming file and field', () => {
    const bad = mkdtempSync(join(tmpdir(), 'samskab-networks-'));
    write('no-sender', (c) => delete c.senderAddress);
    writeFileSync(join(bad, 'no-sender.json'), readFileSync(join(dir, 'no-sender.json')));
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin', 'app.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ networksDir: bad }), CDK_OUTDIR: join(bad, 'out') },
    });
    rmSync(bad, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no-sender\.json: invalid network config\n\s+senderAddress: /);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

