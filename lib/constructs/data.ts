// The network's single table (key design in functions/contract/table.ts) and the people seed.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { TableKeys, seedItems } from '../../functions/contract/table.js';
import type { NetworkConfig } from '../network-config.js';

/** BatchWriteItem takes at most 25 items per call. */
const BATCH = 25;

const S = dynamodb.AttributeType.STRING;

export class Data extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: { config: NetworkConfig }) {
    super(scope, id);
    const { byCollection, byPerson } = TableKeys;
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: TableKeys.partitionKey, type: S },
      sortKey: { name: TableKeys.sortKey, type: S },
      globalSecondaryIndexes: [byCollection, byPerson].map((gsi) => ({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: S },
        sortKey: { name: gsi.sortKey, type: S },
      })),
      timeToLiveAttribute: TableKeys.ttl,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      billing: dynamodb.Billing.onDemand(),
      // Tearing a network down must not lose its data by accident.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.seedPeople(props.config);
  }

  /**
   * Least-privilege data access: item operations on the table and Query on its two indexes,
   * named one by one (no index wildcard, and no Scan: every access pattern is a key lookup).
   */
  grantReadWriteData(grantee: iam.IGrantable): void {
    const arn = this.table.tableArn;
    iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeTable',
      ],
      resourceArns: [arn],
    });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [TableKeys.byCollection, TableKeys.byPerson].map((gsi) => `${arn}/index/${gsi.indexName}`),
    });
  }

  /**
   * Writes the config's people with BatchWriteItem, 25 per custom resource. Each chunk has a
   * stable physical id, so a changed chunk is rewritten on update and the others are left alone.
   */
  private seedPeople(config: NetworkConfig): void {
    // Each person with their address key (sign-in and the address uniqueness read it).
    const items = seedItems(config.people).map(toAttributeMap);
    const logGroup = new logs.LogGroup(this, 'SeedLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (let i = 0; i * BATCH < items.length; i++) {
      const call: cr.AwsSdkCall = {
        service: 'DynamoDB',
        action: 'batchWriteItem',
        parameters: {
          RequestItems: {
            [this.table.tableName]: items.slice(i * BATCH, (i + 1) * BATCH).map((Item) => ({ PutRequest: { Item } })),
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`samskab-${config.slug}-people-${i}`),
      };
      new cr.AwsCustomResource(this, `SeedPeople${i}`, {
        onCreate: call,
        onUpdate: call,
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.table.tableArn] }),
        installLatestAwsSdk: false,
        logGroup,
      });
    }
    // CDK creates one provider function per stack for all AwsCustomResources, at the stack root.
    const provider = Stack.of(this).node.findChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    // Plain JavaScript, so it runs on arm64 like the rest (cheaper); the L2 does not expose the option.
    (provider.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Architectures', [lambda.Architecture.ARM_64.name]);
    Validations.of(provider).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's AwsCustomResource provider (the people seed) comes with this role; it only writes its own logs.",
    });
  }
}

/** DynamoDB JSON for the seed items, which only hold strings (see seedItems). */
function toAttributeMap(item: Record<string, string>): Record<string, { S: string }> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }]));
}
