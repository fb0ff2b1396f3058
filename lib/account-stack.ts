// What every network stack in one AWS account and region shares: the SES send-rate limiter's
// table (SES's MaxSendRate is per account and region, not per network). Deployed once per
// account and region, before the networks; the mailers find the table by its fixed name.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { INBOUND_RULE_SET_NAME } from '../functions/contract/inbound-mail.js';
import { SEND_RATE_KEY, SEND_RATE_TABLE_NAME, SEND_RATE_TTL } from '../functions/contract/send-rate.js';

export const ACCOUNT_STACK_NAME = 'Samskab-account';

export class AccountStack extends Stack {
  readonly sendRateTable: dynamodb.TableV2;
  /** SES receiving: one active rule set per account and region; each network adds its rule (lib/constructs/inbound-mail.ts). */
  readonly inboundRuleSet: ses.ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Samskab: resources every network in the account shares (SES send-rate limiter, SES receiving rule set)', ...props });
    this.sendRateTable = new dynamodb.TableV2(this, 'SendRateTable', {
      tableName: SEND_RATE_TABLE_NAME,
      partitionKey: { name: SEND_RATE_KEY, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: SEND_RATE_TTL,
      // Counters of the last few seconds, gone after five minutes: nothing to recover or keep.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.inboundRuleSet = new ses.ReceiptRuleSet(this, 'InboundRuleSet', { receiptRuleSetName: INBOUND_RULE_SET_NAME });
  }
}
