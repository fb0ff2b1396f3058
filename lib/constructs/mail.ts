// The mail path: a queue that absorbs SES throttling, its dead-letter queue, the SES v2
// configuration set, and the wiring of the mailer (event source mapping and send permission).
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../network-config.js';
import { MAIL_QUEUE_MAX_RECEIVES, SEND_RATE_TABLE_NAME } from '../../functions/contract/send-rate.js';
import { secureQueue } from './queues.js';

export interface MailProps {
  readonly config: NetworkConfig;
  /** The mailer's timeout: the queue's visibility timeout must outlast six of them. */
  readonly mailerTimeout: Duration;
}

export class Mail extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly configurationSet: ses.ConfigurationSet;

  constructor(scope: Construct, id: string, private readonly props: MailProps) {
    super(scope, id);
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue');
    this.queue = secureQueue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(props.mailerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAIL_QUEUE_MAX_RECEIVES },
    });
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `samskab-${props.config.slug}`,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Sandbox testing: these addresses get SES's verification mail and, once verified, may receive.
    props.config.sesVerifiedRecipients.forEach((address, i) => {
      new ses.EmailIdentity(this, `VerifiedRecipient${i}`, { identity: ses.Identity.email(address) });
    });
  }

  /** The ARN of the SES configuration set (the L2 does not expose one). */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** Lets the function send as the network's sender (and with the given configuration sets). */
  grantSendAsSender(fn: lambda.Function, configurationSetArns: string[] = []): void {
    const sender = this.props.config.senderAddress;
    const domain = sender.slice(sender.lastIndexOf('@') + 1);
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          // SES authorizes against whichever identity is verified: the domain or the address.
          ...[domain, sender].map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
          ...configurationSetArns,
        ],
      }),
    );
  }

  /** Feeds the queue to the mailer in batches and lets it send as the network's sender only. */
  connectMailer(mailer: lambda.Function): void {
    mailer.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        // Only the failed messages of a batch come back (SES throttling is retried per mail).
        reportBatchItemFailures: true,
        // Caps parallel senders; the pace itself is the account's SES rate (the send-rate limiter).
        maxConcurrency: 5,
      }),
    );
    const stack = Stack.of(this);
    this.grantSendAsSender(mailer, [this.configurationSetArn]);
    // The pace: the account's MaxSendRate (GetAccount has no resource to scope to) and the shared limiter's table.
    mailer.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    Validations.of(mailer.role ?? mailer).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "ses:GetAccount (read the account's MaxSendRate) supports no resource-level permission; it is the only action granted on *.",
    });
    mailer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:GetItem'],
        resources: [stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: SEND_RATE_TABLE_NAME })],
      }),
    );
    // Throttled mails come back within seconds: a shorter visibility (sqs:ChangeMessageVisibility
    // comes with the event source's grant), or a fresh copy on their last receive.
    mailer.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
  }
}
