// The daily digest (functions/digest): its function, invoked once a day at 07:00 in the network's
// time zone by an EventBridge Scheduler schedule (Scheduler keeps the local hour across summer
// time, which an EventBridge rule's UTC cron cannot), with Lambda's own retries and an
// on-failure queue behind it. The function reads the table and queues one mail per subscriber.
import { Duration, Stack, TimeZone, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Env } from '../../functions/contract/environment.js';
import type { NetworkConfig } from '../network-config.js';
import type { Data } from './data.js';
import { onFailureQueue } from './queues.js';
import { WorkflowFunction } from './workflow-function.js';

/** The local hour the digest goes out: early enough to read before the day's meetings. */
export const DIGEST_LOCAL_HOUR = 7;

export interface DigestProps {
  readonly config: NetworkConfig;
  readonly data: Data;
  readonly mailQueue: sqs.IQueue;
  readonly environment: Record<string, string>;
}

export class Digest extends Construct {
  readonly fn: WorkflowFunction;
  readonly schedule: scheduler.Schedule;
  readonly onFailureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: DigestProps) {
    super(scope, id);
    const { config } = props;
    this.fn = new WorkflowFunction(this, 'Function', {
      entry: 'functions/digest/handler.ts',
      description: 'Daily digest of new answers and reflections to the facilitators who asked for it',
      config,
      timeout: Duration.seconds(120),
      environment: {
        ...props.environment,
        [Env.MailQueueUrl]: props.mailQueue.queueUrl,
        [Env.Facilitators]: config.facilitators.join(','),
      },
    });
    props.data.grantReadData(this.fn.function);
    props.mailQueue.grantSendMessages(this.fn.function);
    this.onFailureQueue = onFailureQueue(this, 'Digest', this.fn.function);
    // The role Scheduler assumes to invoke the function: only for this account's default schedule group
    // (Scheduler sends the group's ARN as aws:SourceArn, never the schedule's).
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'SchedulerRole', {
      description: `Samskab ${config.slug}: EventBridge Scheduler invokes the daily digest`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }) },
        },
      }),
    });
    const fnId = stack.getLogicalId(this.fn.function.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: 'grantInvoke also names the digest function\'s versions and aliases (its ARN with :*); the role invokes only this one function.',
    });
    this.schedule = new scheduler.Schedule(this, 'Daily', {
      description: `Samskab ${config.slug}: the daily digest at ${DIGEST_LOCAL_HOUR}:00 local time`,
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: String(DIGEST_LOCAL_HOUR), timeZone: TimeZone.of(config.timeZone ?? 'Europe/Copenhagen') }),
      target: new targets.LambdaInvoke(this.fn.function, { role, input: scheduler.ScheduleTargetInput.fromObject({}), retryAttempts: 2, maxEventAge: Duration.hours(6) }),
    });
  }
}
