// Bounces, complaints, deliveries and delivery delays: the SES configuration set publishes them to
// EventBridge, which SES supports on the account's DEFAULT bus only. A rule there picks this
// network's events by the configuration set's name (SES tags every event with it) and invokes the
// deliverability function, with a retry policy and a dead-letter queue like the network bus's rules,
// and an on-failure queue for the events the function accepted but failed on.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CONFIGURATION_SET_TAG, SES_DETAIL_TYPES, SES_EVENT_SOURCE } from '../../functions/contract/ses-events.js';
import type { NetworkConfig } from '../network-config.js';
import type { Data } from './data.js';
import { onFailureQueue, secureQueue } from './queues.js';
import { WorkflowFunction } from './workflow-function.js';

export interface SesEventsProps {
  readonly config: NetworkConfig;
  readonly configurationSet: ses.ConfigurationSet;
  readonly data: Data;
  /** The environment every function gets (table, settings). */
  readonly environment: Record<string, string>;
}

export class SesEvents extends Construct {
  readonly function: WorkflowFunction;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;
  /** Events the deliverability function accepted but failed on, after Lambda's retries. */
  readonly onFailureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: SesEventsProps) {
    super(scope, id);
    const { config, configurationSet } = props;
    const defaultBus = events.EventBus.fromEventBusArn(
      this,
      'DefaultBus',
      Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
    );
    configurationSet.addEventDestination('EventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    this.function = new WorkflowFunction(this, 'DeliverabilityFunction', {
      entry: 'functions/deliverability/handler.ts',
      description: 'SES bounces, complaints and deliveries -> person and mail records',
      config,
      environment: props.environment,
    });
    props.data.grantReadWriteData(this.function.function);

    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue');
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of an EventBridge rule target.',
    });
    // No eventBus: a rule on the account's default bus, where SES puts the events.
    this.rule = new events.Rule(this, 'Rule', {
      description: `SES events of configuration set ${configurationSet.configurationSetName} -> deliverability`,
      eventPattern: {
        source: [SES_EVENT_SOURCE],
        detailType: [...SES_DETAIL_TYPES],
        detail: { mail: { tags: { [CONFIGURATION_SET_TAG]: [configurationSet.configurationSetName] } } },
      },
      targets: [
        new targets.LambdaFunction(this.function.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    this.onFailureQueue = onFailureQueue(this, 'Deliverability', this.function.function);
  }
}
