// Mail to the network's reply address (the calendar's ORGANIZER): an SES receipt rule in the
// account's rule set stores the raw message in an encrypted bucket (SES's Lambda event carries
// the headers, never the body), then invokes the inbound function asynchronously with the
// message id, which it reads the stored copy by. The copies expire after INBOUND_MAIL_RETENTION_DAYS.
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import { Construct } from 'constructs';
import { INBOUND_MAIL_PREFIX, INBOUND_MAIL_RETENTION_DAYS, INBOUND_RULE_SET_NAME } from '../../functions/contract/inbound-mail.js';
import { replyAddressOf } from '../../functions/contract/reply-address.js';
import type { NetworkConfig } from '../network-config.js';

export interface InboundMailProps {
  readonly config: NetworkConfig;
  /** The function that reads each stored mail (functions/inbound). */
  readonly handler: lambda.IFunction;
}

export class InboundMail extends Construct {
  readonly bucket: s3.Bucket;
  readonly rule: ses.ReceiptRule;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ prefix: INBOUND_MAIL_PREFIX, expiration: Duration.days(INBOUND_MAIL_RETENTION_DAYS) }],
      // Personal data that expires by itself; a teardown must not delete it before then by accident.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Only SES writes (bucket policy bound to this account and rule) and only the inbound function reads (its role); objects expire after 14 days. A second bucket of access logs would keep the senders of personal mail longer than the mail itself.',
    });
    this.rule = new ses.ReceiptRule(this, 'Rule', {
      ruleSet: ses.ReceiptRuleSet.fromReceiptRuleSetName(this, 'RuleSet', INBOUND_RULE_SET_NAME),
      receiptRuleName: `samskab-${props.config.slug}`,
      recipients: [replyAddressOf(props.config)],
      scanEnabled: true,
      actions: [
        new actions.S3({ bucket: this.bucket, objectKeyPrefix: INBOUND_MAIL_PREFIX }),
        new actions.Lambda({ function: props.handler, invocationType: actions.LambdaInvocationType.EVENT }),
      ],
    });
    // Read only, the stored mail only (grantRead would add s3:List* and s3:GetBucket*).
    props.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${INBOUND_MAIL_PREFIX}*`)] }));
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    Validations.of(props.handler.role ?? props.handler).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${INBOUND_MAIL_PREFIX}*]`,
      reason: 'Each mail is stored under the prefix with the message id SES gives it, unknown until it arrives: the function reads any object under the prefix, nothing else.',
    });
  }
}
