// What every network stack in one AWS account and region shares: the SES send-rate limiter's
// table (SES's MaxSendRate is per account and region, not per network). Deployed once per
// account and region, before the networks; the mailers find the table by its fixed name.
import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { SEND_RATE_KEY, SEND_RATE_TABLE_NAME, SEND_RATE_TTL } from '../functions/contract/send-rate.js';

export const ACCOUNT_STACK_NAME = 'Samskab-account';

export class AccountStack extends Stack {
  readonly sendRateTable: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { description: 'Samskab: resources every network in the account shares (SES send-rate limiter)', ...props });
    this.sendRateTable = new dynamodb.TableV2(this, 'SendRateTable', {
      tableName: SEND_RATE_TABLE_NAME,
      partitionKey: { name: SEND_RATE_KEY, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: SEND_RATE_TTL,
      // Counters of the last few seconds, gone after five minutes: nothing to recover or keep.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}
