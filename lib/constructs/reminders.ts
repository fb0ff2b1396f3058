// Meeting reminders and fan-out checks: an EventBridge Scheduler group per network for the one-time
// schedules the meetings function (reminders, fan-out checks) and the api (the check of an accepted
// change) create, the role Scheduler assumes to put reminder-due or fan-out-check on the network's
// bus, and a dead-letter queue for schedules the bus would not take.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { secureQueue } from './queues.js';

export interface RemindersProps {
  readonly slug: string;
  readonly bus: events.IEventBus;
}

export class Reminders extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The role the schedules' target uses (passed by the meetings function on CreateSchedule). */
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: RemindersProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `samskab-${props.slug}`,
      // Deleting the group deletes its schedules: pending reminders of a torn-down network must not fire.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'SchedulerRole', {
      description: `Samskab ${props.slug}: EventBridge Scheduler puts reminder-due, fan-out-check and experiment-review-due on the network bus`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only this account's schedules in this group may use the role (confused deputy). Scheduler
        // sends the schedule GROUP's ARN as aws:SourceArn: a schedule ARN or name prefix never matches.
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnEquals: { 'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: this.group.scheduleGroupName }) },
        },
      }),
    });
    props.bus.grantPutEventsTo(this.role);
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue');
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the reminder schedules (EventBridge Scheduler targets).',
    });
    this.deadLetterQueue.grantSendMessages(this.role);
  }

  /** Every schedule in the group (the names are per meeting, version and offset). */
  get scheduleArnPattern(): string {
    return Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*` });
  }

  /** Lets a function create and delete the group's schedules (reminders, fan-out checks), passing the scheduler role only. */
  grantManage(fn: lambda.IFunction): void {
    this.grant(fn, ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule']);
  }

  /** Lets a function create, move and delete the group's schedules (the experiments function's review reminders). */
  grantManageAndUpdate(fn: lambda.IFunction): void {
    this.grant(fn, ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule']);
  }

  /** Lets a function create the group's schedules only (the api arms the fan-out check of a change it accepts). */
  grantCreate(fn: lambda.IFunction): void {
    this.grant(fn, ['scheduler:CreateSchedule']);
  }

  private grant(fn: lambda.IFunction, actions: string[]): void {
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions,
      resourceArns: [this.scheduleArnPattern],
    });
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['iam:PassRole'],
      resourceArns: [this.role.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
    // The grant lands in the role's default policy (the role is a sibling of the function).
    Validations.of(fn.role ?? fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.group.scheduleGroupName}/*]`,
      reason:
        'Reminder, fan-out check and review schedules are created per meeting, version or experiment at run time, so their names are not known at ' +
        "deploy time; the grant is limited to this network's own schedule group.",
    });
  }
}
