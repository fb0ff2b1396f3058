// Ops alarms of one network: an SNS topic (subscribed by the config's alarmEmail) and CloudWatch
// alarms on every dead-letter queue, every function's errors and throttles, the age of the oldest
// message in every work queue, and the account's SES bounce and complaint rates.
//
// Queues and functions are found in the stack itself, not listed by hand, so a dead-letter queue
// or function added later is watched too: instantiate this construct last in the stack.
import { ArnFormat, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { sendFailedLogMessage } from '../../functions/contract/ses-events.js';
import type { NetworkConfig } from '../network-config.js';

/**
 * SES reviews an account at a 5 % bounce rate and a 0.1 % complaint rate (and may pause sending
 * at 10 % / 0.5 %); these alarms fire well before, while there is time to clean the address list.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.03;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0005;
/** The mailer retries throttled mail for up to 5 receives x 6 min visibility: older than this is a backlog. */
export const OLDEST_MESSAGE_AGE_THRESHOLD = Duration.minutes(30);

export interface AlarmsProps {
  readonly config: NetworkConfig;
  /** The mailer's log group: its "send failed (account)" lines count SES's account-level rejections. */
  readonly mailerLogGroup?: logs.ILogGroup;
}

export interface WatchedQueue {
  readonly queue: sqs.Queue;
  /** Readable name from the construct path, e.g. Mail-DeadLetterQueue. */
  readonly label: string;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  /** Every queue the stack uses as a dead-letter queue (of a queue or of a rule target). */
  readonly deadLetterQueues: WatchedQueue[];
  /** Queues with a redrive policy: the ones consumers work from. */
  readonly workQueues: WatchedQueue[];
  readonly functions: lambda.Function[];
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    this.prefix = `samskab-${config.slug}`;

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Samskab ${config.slug} alarms`,
      enforceSSL: true,
    });
    // CloudWatch publishes as its service principal; the topic policy (which enforceSSL creates)
    // replaces SNS's default policy, so this network's alarms are allowed explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisNetwork',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${this.prefix}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names, metric values and thresholds, no personal data. CloudWatch cannot publish to a topic ' +
        'encrypted with the AWS-managed SNS key, and a customer-managed key per network would cost more than this data warrants.',
    });
    if (config.alarmEmail !== undefined) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const queues = findQueues(stack);
    this.deadLetterQueues = queues.deadLetterQueues;
    this.workQueues = queues.workQueues;
    this.functions = stack.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);

    const redrive = `npm run redrive -- --network ${config.slug}`;
    for (const { queue, label } of this.deadLetterQueues) {
      this.alarm(`DeadLetters${compact(label)}`, `dead-letters-${label}`, {
        description: `Messages in the dead-letter queue ${label}: work failed after all retries. Find the cause in the logs, fix it, then run: ${redrive}`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    for (const { queue, label } of this.workQueues) {
      this.alarm(`OldestMessage${compact(label)}`, `oldest-message-${label}`, {
        description: `The oldest message in ${label} waits longer than ${OLDEST_MESSAGE_AGE_THRESHOLD.toMinutes()} minutes: its consumer is failing, throttled or too slow.`,
        metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
        threshold: OLDEST_MESSAGE_AGE_THRESHOLD.toSeconds(),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    for (const fn of this.functions) {
      const label = labelOf(fn);
      this.alarm(`Errors${compact(label)}`, `errors-${label}`, {
        description: `The function ${label} failed in the last 5 minutes (its log group has the details).`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      this.alarm(`Throttles${compact(label)}`, `throttles-${label}`, {
        description: `Lambda throttled the function ${label} in the last 5 minutes (account concurrency or a reserved-concurrency cap).`,
        metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    // Account-wide reputation (SES reviews the account, not the configuration set). Every network
    // stack in an account has these two; they watch the same numbers.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, period: Duration.minutes(15), statistic: cloudwatch.Stats.MAXIMUM });
    this.alarm('SesBounceRate', 'ses-bounce-rate', {
      description: `The account's SES bounce rate is at or above ${pct(SES_BOUNCE_RATE_THRESHOLD)} (SES reviews the account at 5 %). Check the "unreachable" people and fix or remove their addresses.`,
      metric: reputation('Reputation.BounceRate'),
      threshold: SES_BOUNCE_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    this.alarm('SesComplaintRate', 'ses-complaint-rate', {
      description: `The account's SES complaint rate is at or above ${pct(SES_COMPLAINT_RATE_THRESHOLD)} (SES reviews the account at 0.1 %). Check who complained and what they were sent.`,
      metric: reputation('Reputation.ComplaintRate'),
      threshold: SES_COMPLAINT_RATE_THRESHOLD,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // SES refusing mail for the account (sandbox, unverified sender, sending paused): the mailer
    // retries, and no invitee is marked rejected, so nothing else would say so before the DLQ fills.
    if (props.mailerLogGroup !== undefined) {
      const filter = new logs.MetricFilter(this, 'SesAccountRejectionsFilter', {
        logGroup: props.mailerLogGroup,
        metricNamespace: `Samskab/${config.slug}`,
        metricName: 'SesAccountRejections',
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', sendFailedLogMessage('account')),
        metricValue: '1',
      });
      this.alarm('SesAccountRejections', 'ses-account-rejections', {
        description:
          'SES refused mail for the account (sender not verified, recipients not verified while in the sandbox, or sending paused). ' +
          'The mail waits in the queue, then its DLQ. Check `aws sesv2 get-account` and the identities, fix, then redrive.',
        metric: filter.metric({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    new CfnOutput(stack, 'AlarmTopicArn', { value: this.topic.topicArn, description: 'SNS topic of the network\'s CloudWatch alarms' });
  }

  private alarm(id: string, name: string, p: { description: string; metric: cloudwatch.IMetric; threshold: number; comparisonOperator: cloudwatch.ComparisonOperator }): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${name}`.slice(0, 255),
      alarmDescription: p.description,
      metric: p.metric,
      threshold: p.threshold,
      comparisonOperator: p.comparisonOperator,
      evaluationPeriods: 1,
      // No data means no messages, no invocations or no mail sent: nothing is wrong.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

/**
 * Sorts the stack's queues: a queue named in another queue's RedrivePolicy or in a rule target's
 * DeadLetterConfig, or whose construct id ends in DeadLetterQueue, is a dead-letter queue; a queue
 * with a RedrivePolicy is a work queue.
 */
export function findQueues(stack: Stack): { deadLetterQueues: WatchedQueue[]; workQueues: WatchedQueue[] } {
  const all = stack.node.findAll().filter((c): c is sqs.Queue => c instanceof sqs.Queue);
  const byArn = new Map(all.map((q) => [JSON.stringify(stack.resolve(q.queueArn)), q]));
  const dlqs = new Set<sqs.Queue>();
  const work = new Set<sqs.Queue>();
  for (const q of all) {
    const policy = stack.resolve((q.node.defaultChild as sqs.CfnQueue).redrivePolicy) as { deadLetterTargetArn?: unknown } | undefined;
    const target = policy?.deadLetterTargetArn === undefined ? undefined : byArn.get(JSON.stringify(policy.deadLetterTargetArn));
    if (target !== undefined) {
      dlqs.add(target);
      work.add(q);
    }
  }
  for (const rule of stack.node.findAll().filter((c): c is events.CfnRule => c instanceof events.CfnRule)) {
    // Resolved L1 properties (camelCase), not yet rendered as CloudFormation.
    const targets = (stack.resolve(rule.targets) ?? []) as Array<{ deadLetterConfig?: { arn?: unknown } }>;
    for (const t of targets) {
      const q = t.deadLetterConfig?.arn === undefined ? undefined : byArn.get(JSON.stringify(t.deadLetterConfig.arn));
      if (q !== undefined) dlqs.add(q);
    }
  }
  // Queues that are dead-letter queues of targets created at run time (e.g. the reminder schedules
  // the meetings function creates) are named so: construct id ...DeadLetterQueue.
  for (const q of all) if (q.node.id.endsWith('DeadLetterQueue')) dlqs.add(q);
  const watched = (qs: Set<sqs.Queue>) => all.filter((q) => qs.has(q)).map((queue) => ({ queue, label: labelOf(queue) }));
  return { deadLetterQueues: watched(dlqs), workQueues: watched(work) };
}

/** The construct path inside the stack, e.g. `Mail-DeadLetterQueue` or `ApiFunction` (from ApiFunction/Function). */
function labelOf(c: IConstruct): string {
  const stack = Stack.of(c);
  const parts = c.node.scopes.slice(c.node.scopes.indexOf(stack) + 1).map((s) => s.node.id);
  if (parts.length > 1 && ['Function', 'Resource'].includes(parts[parts.length - 1]!)) parts.pop();
  return parts.join('-');
}

const compact = (label: string) => label.replace(/[^A-Za-z0-9]/g, '');
const pct = (rate: number) => `${Number((rate * 100).toFixed(3))} %`;
