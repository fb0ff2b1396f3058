// The network's single table (key design in functions/contract/table.ts) and the people seed.
import { createHash } from 'node:crypto';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TableKeys, seedItems } from '../../functions/contract/table.js';
import { SEED_ITEMS_FILE, seedGroups, type PeopleSeedProperties } from '../../functions/contract/people-seed.js';
import type { NetworkConfig } from '../network-config.js';
import { WorkflowFunction } from './workflow-function.js';

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

  /** Reads only (the daily digest): item reads and Query on the table and its indexes. */
  grantReadData(grantee: iam.IGrantable): void {
    const arn = this.table.tableArn;
    iam.Grant.addToPrincipal({ grantee, actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'], resourceArns: [arn] });
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [TableKeys.byCollection, TableKeys.byPerson].map((gsi) => `${arn}/index/${gsi.indexName}`),
    });
  }

  /**
   * The people seed: the config's people, as table items, travel in the seed function's bundle (not
   * in the template, which would hit CloudFormation's 1 MB at about 1,000 people). The resource lists
   * a hash per group of 25, so a deploy rewrites only the groups that changed (by position).
   */
  private seedPeople(config: NetworkConfig): void {
    // Each person with their address key (sign-in and the address uniqueness read it).
    const items = seedItems(config.people).map(toAttributeMap);
    const seeder = new WorkflowFunction(this, 'PeopleSeedFunction', {
      entry: 'functions/seed-people/handler.ts',
      description: 'Writes the people of the network config to the table (custom resource, on deploy)',
      config,
      timeout: Duration.minutes(5),
      files: { [SEED_ITEMS_FILE]: JSON.stringify(items) },
    });
    iam.Grant.addToPrincipal({ grantee: seeder.function, actions: ['dynamodb:BatchWriteItem'], resourceArns: [this.table.tableArn] });
    const groupHashes = seedGroups(items).map((group) => createHash('sha256').update(JSON.stringify(group)).digest('hex').slice(0, 16));
    const properties: Omit<PeopleSeedProperties, 'ServiceToken'> = { TableName: this.table.tableName, ItemsFile: SEED_ITEMS_FILE, GroupHashes: groupHashes };
    new CustomResource(this, 'PeopleSeed', {
      resourceType: 'Custom::PeopleSeed',
      serviceToken: seeder.function.functionArn,
      properties,
    });
  }
}

/** DynamoDB JSON for the seed items, which only hold strings (see seedItems). */
function toAttributeMap(item: Record<string, string>): Record<string, { S: string }> {
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }]));
}
