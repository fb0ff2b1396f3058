// The ops alarms in the demo network's template: one per dead-letter queue, errors and throttles
// per function, the mail backlog, SES reputation below the review levels, and the SNS topic
// (TLS only, the config's alarmEmail subscribed) they all notify.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkConfig } from '../../lib/network-config.js';
import { NetworkStack } from '../../lib/network-stack.js';
import { sendFailedLogMessage } from '../../functions/contract/ses-events.js';
import type { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Alarms } from '../../lib/constructs/alarms.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = loadNetworkConfig(join(root, 'networks', 'demo.json'));

type Resource = { Type: string; Properties: Record<string, any> };
// (Properties is absent on a resource without any, e.g. a queue with the defaults.)

const outdirs: string[] = [];
function synth(build: (app: App) => Stack): { stack: Stack; template: Template; resources: Record<string, Resource> } {
  const outdir = mkdtempSync(join(tmpdir(), 'samskab-alarms-'));
  outdirs.push(outdir);
  // No bundling: the alarms do not depend on the function code.
  const stack = build(new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:bundling-stacks': [] } }));
  const template = Template.fromStack(stack);
  return { stack, template, resources: template.toJSON().Resources };
}
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ofType = (resources: Record<string, Resource>, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const getAttId = (v: unknown): string | undefined => (v as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];

/**
 * Queues named as a deadLetterTargetArn of a queue, as a DeadLetterConfig of a rule target, as a
 * function's on-failure destination (EventInvokeConfig), or in a
 * function's *DEAD_LETTER* or *DLQ* environment variable (targets the function creates at run time, such as
 * the reminder schedules).
 */
function deadLetterQueueIds(resources: Record<string, Resource>): Set<string> {
  const ids = new Set<string>();
  for (const [, fn] of ofType(resources, 'AWS::Lambda::Function')) {
    for (const [name, value] of Object.entries(fn.Properties?.Environment?.Variables ?? {})) {
      const id = getAttId(value);
      if (/DEAD_LETTER|DLQ/.test(name) && id !== undefined && resources[id]?.Type === 'AWS::SQS::Queue') ids.add(id);
    }
  }
  for (const [, q] of ofType(resources, 'AWS::SQS::Queue')) {
    const id = getAttId(q.Properties?.RedrivePolicy?.deadLetterTargetArn);
    if (id !== undefined) ids.add(id);
  }
  for (const [, rule] of ofType(resources, 'AWS::Events::Rule')) {
    for (const t of rule.Properties?.Targets ?? []) {
      const id = getAttId(t.DeadLetterConfig?.Arn);
      if (id !== undefined) ids.add(id);
    }
  }
  // A function's on-failure destination for asynchronous invocations is a dead-letter queue too.
  for (const [, config] of ofType(resources, 'AWS::Lambda::EventInvokeConfig')) {
    const id = getAttId(config.Properties?.DestinationConfig?.OnFailure?.Destination);
    if (id !== undefined) ids.add(id);
  }
  return ids;
}

function alarms(resources: Record<string, Resource>): Array<Record<string, any>> {
  return ofType(resources, 'AWS::CloudWatch::Alarm').map(([id, r]) => ({ id, ...r.Properties }));
}

describe('alarms of the demo network', () => {
  let stack: NetworkStack;
  let template: Template;
  let resources: Record<string, Resource>;
  let topicRef: { Ref: string };

  beforeAll(() => {
    ({ template, resources } = synth((app) => (stack = new NetworkStack(app, 'Samskab-demo', { config: demo }))));
    const topics = ofType(resources, 'AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    topicRef = { Ref: topics[0]![0] };
  });

  it('alarms on SES refusing mail for the account: a metric filter on the mailer\'s "send failed (account)" log lines', () => {
    const [[, filter]] = ofType(resources, 'AWS::Logs::MetricFilter') as [[string, Resource]];
    const mailerLogs = stack.getLogicalId(stack.functions.mailer.logGroup.node.defaultChild as CfnLogGroup);
    expect(filter.Properties.LogGroupName).toEqual({ Ref: mailerLogs });
    expect(filter.Properties.FilterPattern).toBe(`{ $.message = "${sendFailedLogMessage('account')}" }`);
    const [transform] = filter.Properties.MetricTransformations;
    const alarm = alarms(resources).find((a) => a.AlarmName === `samskab-${demo.slug}-ses-account-rejections`)!;
    expect(alarm).toMatchObject({ Namespace: transform.MetricNamespace, MetricName: transform.MetricName, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef] });
  });

  it('watches every dead-letter queue: more than zero visible messages notifies the topic', () => {
    const dlqs = deadLetterQueueIds(resources);
    // The mail DLQ and one per rule target (meetings, experiments, ...).
    expect(dlqs.size).toBeGreaterThanOrEqual(1 + Object.keys(stack.events.rules).length);
    expect(dlqs).toContain(stack.getLogicalId(stack.mail.deadLetterQueue.node.defaultChild as sqs.CfnQueue));
    for (const id of dlqs) {
      const matching = alarms(resources).filter((a) =>
        a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
        getAttId(a.Dimensions?.[0]?.Value) === id);
      expect(matching, `alarm on DLQ ${id}`).toHaveLength(1);
      expect(matching[0]).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, AlarmActions: [topicRef] });
      expect(matching[0]!.AlarmDescription).toContain(`npm run redrive -- --network ${demo.slug}`);
    }
    // Only dead-letter queues have a depth alarm (the mail queue's backlog is watched by age).
    const depthAlarms = alarms(resources).filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depthAlarms).toHaveLength(dlqs.size);
  });

  it('names every dead-letter queue ...DeadLetterQueue..., which the redrive script relies on', () => {
    const dlqs = deadLetterQueueIds(resources);
    for (const [id] of ofType(resources, 'AWS::SQS::Queue')) {
      expect(id.includes('DeadLetterQueue'), id).toBe(dlqs.has(id));
    }
  });

  it('alarms on errors and throttles of every function, summed over 5 minutes', () => {
    const functions = ofType(resources, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(Object.keys(stack.functions).length);
    for (const [id] of functions) {
      for (const metric of ['Errors', 'Throttles']) {
        const matching = alarms(resources).filter((a) =>
          a.Namespace === 'AWS/Lambda' && a.MetricName === metric && a.Dimensions?.[0]?.Name === 'FunctionName' && a.Dimensions[0].Value?.Ref === id);
        expect(matching, `${metric} alarm of ${id}`).toHaveLength(1);
        expect(matching[0]).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef] });
      }
    }
  });

  it('alarms when the oldest mail job waits longer than 30 minutes', () => {
    const mailQueueId = stack.getLogicalId(stack.mail.queue.node.defaultChild as sqs.CfnQueue);
    const age = alarms(resources).find((a) => a.MetricName === 'ApproximateAgeOfOldestMessage' && getAttId(a.Dimensions?.[0]?.Value) === mailQueueId);
    expect(age).toBeDefined();
    expect(age!.Threshold).toBeLessThanOrEqual(Duration.minutes(30).toSeconds());
    expect(age).toMatchObject({ ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef] });
  });

  it('alarms on the account\'s SES bounce and complaint rates below the levels at which SES reviews (5 %, 0.1 %)', () => {
    const ses = (name: string) => {
      const found = alarms(resources).filter((a) => a.Namespace === 'AWS/SES' && a.MetricName === name);
      expect(found, name).toHaveLength(1);
      expect(found[0]!.Dimensions).toBeUndefined(); // account level: what SES reviews
      expect(found[0]).toMatchObject({ ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmActions: [topicRef] });
      return found[0]!.Threshold as number;
    };
    const bounce = ses('Reputation.BounceRate');
    const complaint = ses('Reputation.ComplaintRate');
    expect(bounce).toBeGreaterThan(0);
    expect(bounce).toBeLessThan(0.05);
    expect(complaint).toBeGreaterThan(0);
    expect(complaint).toBeLessThan(0.001);
  });

  it('treats missing data as not breaching and names every alarm after the network', () => {
    for (const a of alarms(resources)) {
      expect(a.TreatMissingData, a.id).toBe('notBreaching');
      expect(a.AlarmName, a.id).toMatch(new RegExp(`^samskab-${demo.slug}-`));
      expect(a.AlarmActions, a.id).toEqual([topicRef]);
    }
  });

  it('sends the alarms to the config\'s alarmEmail through a TLS-only topic CloudWatch may publish to', () => {
    expect(demo.alarmEmail).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: demo.alarmEmail, TopicArn: topicRef });
    const [[, policy]] = ofType(resources, 'AWS::SNS::TopicPolicy') as [[string, Resource]];
    expect(policy.Properties.Topics).toEqual([topicRef]);
    const statements = policy.Properties.PolicyDocument.Statement as Array<Record<string, any>>;
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }));
    const cw = statements.find((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cw).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } });
    expect(JSON.stringify(cw!.Condition.ArnLike)).toContain(`:alarm:samskab-${demo.slug}-*`);
    template.hasOutput('AlarmTopicArn', { Value: topicRef });
  });

  it('subscribes no one when the config has no alarmEmail', () => {
    const { template: t } = synth((app) => new NetworkStack(app, 'Samskab-quiet', { config: { ...demo, slug: 'quiet', alarmEmail: undefined } }));
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.resourceCountIs('AWS::SNS::Topic', 1);
  });
});

describe('the alarms construct on its own', () => {
  it('finds dead-letter queues it was never told about: of queues and of rule targets', () => {
    const { resources } = synth((app) => {
      const stack = new Stack(app, 'Other');
      const dlq = new sqs.Queue(stack, 'SomeDlq');
      new sqs.Queue(stack, 'Work', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
      const ruleDlq = new sqs.Queue(stack, 'RuleDlq');
      new events.Rule(stack, 'Rule', {
        eventPattern: { source: ['x'] },
        targets: [new targets.SqsQueue(new sqs.Queue(stack, 'Target'), { deadLetterQueue: ruleDlq })],
      });
      new Alarms(stack, 'Alarms', { config: { ...demo, slug: 'other' } });
      return stack;
    });
    const watched = alarms(resources).filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible').map((a) => getAttId(a.Dimensions[0].Value)).sort();
    expect(watched).toEqual([...deadLetterQueueIds(resources)].sort());
    expect(watched).toHaveLength(2);
    expect(watched.every((id) => /^(SomeDlq|RuleDlq)/.test(id!))).toBe(true);
    expect(alarms(resources).filter((a) => a.MetricName === 'ApproximateAgeOfOldestMessage').map((a) => getAttId(a.Dimensions[0].Value))).toEqual([
      expect.stringMatching(/^Work/),
    ]);
  });
});
