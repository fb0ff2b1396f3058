// SQS defaults shared by every queue: TLS only, SQS-managed encryption, two weeks to redrive.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export function secureQueue(scope: Construct, id: string, props: sqs.QueueProps = {}): sqs.Queue {
  return new sqs.Queue(scope, id, {
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
    ...props,
  });
}

/** Lambda's retries of an asynchronous invocation, as AWS's defaults (made explicit). */
export const ASYNC_RETRY_ATTEMPTS = 2;
export const ASYNC_MAX_EVENT_AGE = Duration.hours(6);

/**
 * The on-failure destination of a function AWS invokes asynchronously (an EventBridge rule's
 * target): once Lambda has accepted the event, the rule's DLQ no longer applies, and a handler
 * error is retried by Lambda and then, without this queue, dropped. The queue receives Lambda's
 * invocation record (requestPayload is the original event); the construct id ends in
 * DeadLetterQueue, so it is alarmed and `npm run redrive` finds it.
 */
export function onFailureQueue(scope: Construct, id: string, fn: lambda.IFunction): sqs.Queue {
  const queue = secureQueue(scope, `${id}OnFailureDeadLetterQueue`);
  // cdk-nag only recognizes queues named in another queue's RedrivePolicy as dead-letter queues.
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the on-failure destination of a function\'s asynchronous invocations (a dead-letter queue).',
  });
  fn.configureAsyncInvoke({
    onFailure: new destinations.SqsDestination(queue),
    retryAttempts: ASYNC_RETRY_ATTEMPTS,
    maxEventAge: ASYNC_MAX_EVENT_AGE,
  });
  return queue;
}
