// One network's deployment: table, event bus with rules, mail queue and SES, HTTP API, functions.
import { CfnOutput, Duration, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { Env } from '../functions/contract/environment.js';
import { subscriptions, type Consumer } from '../functions/contract/events.js';
import type { NetworkConfig } from './network-config.js';
import { checkFunctionEnvironments } from './limits.js';
import { Alarms } from './constructs/alarms.js';
import { Api } from './constructs/api.js';
import { Data } from './constructs/data.js';
import { Digest } from './constructs/digest.js';
import { NetworkEventBus } from './constructs/event-bus.js';
import { InboundMail } from './constructs/inbound-mail.js';
import { Mail } from './constructs/mail.js';
import { Reminders } from './constructs/reminders.js';
import { SesEvents } from './constructs/ses-events.js';
import { WorkflowFunction } from './constructs/workflow-function.js';

export interface NetworkStackProps extends StackProps {
  readonly config: NetworkConfig;
}

export class NetworkStack extends Stack {
  readonly data: Data;
  readonly events: NetworkEventBus;
  readonly mail: Mail;
  readonly api: Api;
  readonly reminders: Reminders;
  readonly alarms: Alarms;
  /** The daily digest to facilitators who asked for it (a Scheduler schedule and its function). */
  readonly digest: Digest;
  /** SES bounces, complaints and deliveries -> the deliverability function (rule on the default bus). */
  readonly sesEvents: SesEvents;
  readonly functions: { api: WorkflowFunction; meetings: WorkflowFunction; experiments: WorkflowFunction; mailer: WorkflowFunction; inbound: WorkflowFunction };
  /** Mail to the reply address (calendar answers, plain replies) -> the inbound function. */
  readonly inboundMail: InboundMail;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { description: `Samskab: ${props.config.name}`, ...props });
    const { config } = props;
    Tags.of(this).add('samskab:network', config.slug);

    this.data = new Data(this, 'Data', { config });
    this.events = new NetworkEventBus(this, 'Events', { slug: config.slug });
    const mailerTimeout = Duration.seconds(60);
    this.mail = new Mail(this, 'Mail', { config, mailerTimeout });
    this.api = new Api(this, 'Api', { config });
    this.reminders = new Reminders(this, 'Reminders', { slug: config.slug, bus: this.events.bus });

    const common = {
      [Env.TableName]: this.data.table.tableName,
    };
    // The two event-driven workflows fan out to many people: more time and memory than the default.
    const workflow = { config, timeout: Duration.seconds(120), memorySize: 1024 };
    // Where one-time schedules (reminders, fan-out checks) go: the group, the role, the bus, the DLQ.
    const oneTimeSchedules = {
      [Env.ScheduleGroupName]: this.reminders.group.scheduleGroupName,
      [Env.SchedulerRoleArn]: this.reminders.role.roleArn,
      [Env.EventBusArn]: this.events.bus.eventBusArn,
      [Env.ReminderDeadLetterQueueArn]: this.reminders.deadLetterQueue.queueArn,
    };
    const api = new WorkflowFunction(this, 'ApiFunction', {
      entry: 'functions/api/handler.ts',
      description: 'Facilitator API and participant links',
      config,
      // No Env.AppUrl here: the function would reference its own API (a circular dependency);
      // the sign-in link is built from the request's own origin instead.
      environment: {
        ...common,
        [Env.EventBusName]: this.events.bus.eventBusName,
        [Env.ApiTokenSecretArn]: this.api.tokenSecret.secretArn,
        [Env.LinkSigningSecretArn]: this.api.linkSigningSecret.secretArn,
        [Env.MailQueueUrl]: this.mail.queue.queueUrl,
        [Env.Facilitators]: config.facilitators.join(','),
        // The fan-out check the api arms with every change it accepts.
        ...oneTimeSchedules,
      },
      // The facilitator app (web/), built into the bundle's web/ folder and served by the function.
      afterBundling: (inputDir, outputDir) => [`node "${inputDir}/web/build.mjs" "${outputDir}/web"`],
    });
    const meetings = new WorkflowFunction(this, 'MeetingsFunction', {
      entry: 'functions/meetings/handler.ts',
      description: 'Meeting workflow: persist, expand invitees, enqueue mail, schedule reminders',
      ...workflow,
      environment: {
        ...common,
        [Env.MailQueueUrl]: this.mail.queue.queueUrl,
        ...oneTimeSchedules,
      },
    });
    const experiments = new WorkflowFunction(this, 'ExperimentsFunction', {
      entry: 'functions/experiments/handler.ts',
      description: 'Experiment workflow: register, involve people, share learnings, review reminders',
      ...workflow,
      // The review date's one-time schedule (issue 17).
      environment: { ...common, [Env.MailQueueUrl]: this.mail.queue.queueUrl, ...oneTimeSchedules },
    });
    const mailer = new WorkflowFunction(this, 'MailerFunction', {
      entry: 'functions/mailer/handler.ts',
      description: 'Renders and sends mail from the mail queue',
      config,
      timeout: mailerTimeout,
      environment: {
        ...common,
        [Env.SesConfigurationSet]: this.mail.configurationSet.configurationSetName,
        [Env.MailQueueUrl]: this.mail.queue.queueUrl,
        [Env.NetworkSlug]: config.slug,
        [Env.AppUrl]: this.api.url,
        [Env.LinkSigningSecretArn]: this.api.linkSigningSecret.secretArn,
      },
    });
    const inbound = new WorkflowFunction(this, 'InboundFunction', {
      entry: 'functions/inbound/handler.ts',
      description: 'Mail to the reply address: calendar answers, plain replies to the facilitators',
      config,
      environment: {
        ...common,
        [Env.EventBusName]: this.events.bus.eventBusName,
        [Env.Facilitators]: config.facilitators.join(','),
      },
    });
    this.inboundMail = new InboundMail(this, 'InboundMail', { config, handler: inbound.function });
    inbound.function.addEnvironment(Env.InboundMailBucket, this.inboundMail.bucket.bucketName);
    this.functions = { api, meetings, experiments, mailer, inbound };
    for (const [name, fn] of Object.entries(this.functions) as [keyof NetworkConfig['reservedConcurrency'], WorkflowFunction][]) {
      const reserved = config.reservedConcurrency[name];
      if (reserved !== undefined) (fn.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = reserved;
    }
    this.sesEvents = new SesEvents(this, 'SesEvents', { config, configurationSet: this.mail.configurationSet, data: this.data, environment: common });

    // Least privilege, function by function.
    this.data.grantReadWriteData(api.function);
    this.events.bus.grantPutEventsTo(api.function);
    this.api.tokenSecret.grantRead(api.function);
    this.api.linkSigningSecret.grantRead(api.function);
    // Sign-in links go out through the mailer.
    this.mail.queue.grantSendMessages(api.function);
    this.api.connect(api.function);
    this.reminders.grantCreate(api.function);

    this.data.grantReadWriteData(meetings.function);
    this.mail.queue.grantSendMessages(meetings.function);
    this.reminders.grantManage(meetings.function);

    this.data.grantReadWriteData(experiments.function);
    this.mail.queue.grantSendMessages(experiments.function);
    this.reminders.grantManageAndUpdate(experiments.function);

    this.data.grantReadWriteData(mailer.function);
    this.mail.connectMailer(mailer.function);
    this.api.linkSigningSecret.grantRead(mailer.function);

    this.data.grantReadWriteData(inbound.function);
    this.events.bus.grantPutEventsTo(inbound.function);
    // Plain replies go on to the facilitators, sent as the network's sender.
    this.mail.grantSendAsSender(inbound.function);

    // Typed as the contract's consumers, so a new subscription does not compile until it has a function.
    this.digest = new Digest(this, 'Digest', { config, data: this.data, mailQueue: this.mail.queue, environment: common });

    const consumers: Record<Consumer, WorkflowFunction> = { meetings, experiments, inbound };
    for (const consumer of Object.keys(subscriptions) as Consumer[]) {
      this.events.subscribe(consumer, consumers[consumer].function);
    }

    const outputs: Record<string, string> = {
      ApiUrl: this.api.url,
      EventBusName: this.events.bus.eventBusName,
      TableName: this.data.table.tableName,
      MailQueueName: this.mail.queue.queueName,
      MailQueueUrl: this.mail.queue.queueUrl,
      MailDeadLetterQueueName: this.mail.deadLetterQueue.queueName,
      ApiTokenSecretArn: this.api.tokenSecret.secretArn,
      ReminderScheduleGroupName: this.reminders.group.scheduleGroupName,
      ReminderDeadLetterQueueName: this.reminders.deadLetterQueue.queueName,
      InboundMailBucketName: this.inboundMail.bucket.bucketName,
    };
    for (const [consumer, { deadLetterQueue, onFailureQueue }] of Object.entries(this.events.rules)) {
      const name = `${consumer.charAt(0).toUpperCase()}${consumer.slice(1)}`;
      outputs[`${name}RuleDeadLetterQueueName`] = deadLetterQueue.queueName;
      outputs[`${name}OnFailureQueueName`] = onFailureQueue.queueName;
    }
    outputs['DeliverabilityOnFailureQueueName'] = this.sesEvents.onFailureQueue.queueName;
    outputs['DigestOnFailureQueueName'] = this.digest.onFailureQueue.queueName;
    for (const [id, value] of Object.entries(outputs)) new CfnOutput(this, id, { value });

    // Last: the alarms find every dead-letter queue, work queue and function in the stack.
    this.alarms = new Alarms(this, 'Alarms', { config, mailerLogGroup: mailer.logGroup });
    checkFunctionEnvironments(this, config);
  }
}
