// The network's custom event bus and one rule per consumer, built from the contract's
// subscriptions so rules and handlers cannot drift apart.
import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, subscriptionDetailFilters, subscriptions, type Consumer } from '../../functions/contract/events.js';
import { onFailureQueue, secureQueue } from './queues.js';

export interface EventBusProps {
  readonly slug: string;
}

export interface ConsumerRule {
  readonly rule: events.Rule;
  /** Events the rule could not deliver to the function (Lambda did not accept them) land here. */
  readonly deadLetterQueue: sqs.Queue;
  /** Events the function accepted but failed on, after Lambda's retries (invocation records). */
  readonly onFailureQueue: sqs.Queue;
}

/** The consumer's detail filter from the contract, as a pattern's `detail` (none: every detail). */
function detailFilter(consumer: Consumer): Pick<events.EventPattern, 'detail'> {
  const filter = subscriptionDetailFilters[consumer];
  return filter ? { detail: Object.fromEntries(Object.entries(filter).map(([field, values]) => [field, [...values]])) } : {};
}

export class NetworkEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly rules = {} as Record<Consumer, ConsumerRule>;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `samskab-${props.slug}` });
  }

  /** Routes the consumer's detail-types (from the contract), narrowed by its detail filter, to its function. */
  subscribe(consumer: Consumer, fn: lambda.IFunction): ConsumerRule {
    const id = consumer.charAt(0).toUpperCase() + consumer.slice(1);
    const deadLetterQueue = secureQueue(this, `${id}DeadLetterQueue`);
    // cdk-nag only recognizes queues named in another queue's RedrivePolicy as dead-letter queues.
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of an EventBridge rule target.',
    });
    const rule = new events.Rule(this, `${id}Rule`, {
      eventBus: this.bus,
      description: `${subscriptions[consumer].join(', ')} -> ${consumer}`,
      eventPattern: { source: [EVENT_SOURCE], detailType: [...subscriptions[consumer]], ...detailFilter(consumer) },
      targets: [
        new targets.LambdaFunction(fn, {
          deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    return (this.rules[consumer] = { rule, deadLetterQueue, onFailureQueue: onFailureQueue(this, id, fn) });
  }
}
