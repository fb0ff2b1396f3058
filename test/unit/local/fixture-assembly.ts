// A small hand-written cloud assembly shaped like what CDK synthesizes for the Samskab stack
// (GlobalTable, bus + rule with DLQ and retry policy, the rule target's EventInvokeConfig with an
// on-failure queue, a rule whose target does not exist, queue + DLQ + event source mapping,
// secret, HTTP API, an AwsCustomResource seed), with tiny handlers that use the real SDK v3
// clients. It tests the local cloud on its own, whatever state the real functions are in.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const asset = (hash: string) => ({ 'aws:asset:path': `asset.${hash}`, 'aws:asset:property': 'Code' });
const fn = (hash: string, env: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: { S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' }, S3Key: `${hash}.zip` },
    Handler: 'index.handler', Runtime: 'nodejs22.x', Timeout: 10,
    Environment: { Variables: env },
    ...extra,
  },
  Metadata: asset(hash),
});

export const template = {
  Resources: {
    TableCD117FA1: {
      Type: 'AWS::DynamoDB::GlobalTable',
      Properties: {
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'gsi1pk', AttributeType: 'S' }, { AttributeName: 'gsi1sk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        GlobalSecondaryIndexes: [{ IndexName: 'byCollection', KeySchema: [{ AttributeName: 'gsi1pk', KeyType: 'HASH' }, { AttributeName: 'gsi1sk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        Replicas: [{ Region: 'eu-west-1' }],
      },
    },
    BusEA82B648: { Type: 'AWS::Events::EventBus', Properties: { Name: 'FixtureBus' } },
    Dlq4103D6ED: { Type: 'AWS::SQS::Queue' },
    RuleDlq82192938: { Type: 'AWS::SQS::Queue' },
    FanoutFailures5E6F7A8B: { Type: 'AWS::SQS::Queue' },
    FanoutInvokeConfig9A8B7C6D: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'FanoutFn30915986' }, Qualifier: '$LATEST', MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['FanoutFailures5E6F7A8B', 'Arn'] } } },
      },
    },
    LostRule0A1B2C3D: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'BusEA82B648' },
        EventPattern: { source: ['fixture'], 'detail-type': ['job-requested'], detail: { fail: ['undeliverable'] } },
        State: 'ENABLED',
        Targets: [{
          Arn: { 'Fn::Join': ['', ['arn:aws:lambda:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':function:Samskab-fixture-Gone']] }, Id: 'Target0',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['RuleDlq82192938', 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 3600 },
        }],
      },
    },
    Queue4F838B3A: {
      Type: 'AWS::SQS::Queue',
      Properties: { VisibilityTimeout: 30, RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq4103D6ED', 'Arn'] }, maxReceiveCount: 3 } },
    },
    Token07F9A1D2: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 40 } } },
    ApiFnDF082D58: fn('aaaa', {
      BUS: { Ref: 'BusEA82B648' }, SECRET_ARN: { Ref: 'Token07F9A1D2' },
      PUBLIC_URL: { 'Fn::Join': ['', ['https://', { Ref: 'ApiF70053CD' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']] },
    }, { LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'WARN' } }),
    FanoutFn30915986: fn('bbbb', { QUEUE_URL: { Ref: 'Queue4F838B3A' } }),
    ConsumerFn11223344: fn('cccc', { TABLE: { Ref: 'TableCD117FA1' } }),
    Rule181240FD: {
      Type: 'AWS::Events::Rule',
      Properties: {
        EventBusName: { Ref: 'BusEA82B648' },
        EventPattern: { source: ['fixture'], 'detail-type': ['job-requested'] },
        State: 'ENABLED',
        Targets: [{
          Arn: { 'Fn::GetAtt': ['FanoutFn30915986', 'Arn'] }, Id: 'Target0',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['RuleDlq82192938', 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        }],
      },
    },
    Esm5A6B7C8D: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        BatchSize: 10, EventSourceArn: { 'Fn::GetAtt': ['Queue4F838B3A', 'Arn'] }, FunctionName: { Ref: 'ConsumerFn11223344' },
        FunctionResponseTypes: ['ReportBatchItemFailures'], ScalingConfig: { MaximumConcurrency: 2 },
      },
    },
    ApiF70053CD: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'Api', ProtocolType: 'HTTP' } },
    ApiDefaultStage189A7074: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'ApiF70053CD' }, AutoDeploy: true, StageName: '$default' } },
    ApiIntegration107294B0: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: { ApiId: { Ref: 'ApiF70053CD' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': ['ApiFnDF082D58', 'Arn'] }, PayloadFormatVersion: '2.0' },
    },
    ApiRouteProxy48D28B00: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'ApiF70053CD' }, AuthorizationType: 'NONE', RouteKey: 'ANY /api/{proxy+}', Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'ApiIntegration107294B0' }]] } },
    },
    ApiRouteHello48D28B01: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'ApiF70053CD' }, AuthorizationType: 'NONE', RouteKey: 'GET /hello/{name}', Target: { 'Fn::Join': ['', ['integrations/', { Ref: 'ApiIntegration107294B0' }]] } },
    },
    // The role the Scheduler test's schedules name: trusted for this account's default schedule group, allowed onto the bus.
    SchedulerRole5E6F7A8B: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'fixture-scheduler',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{
            Effect: 'Allow', Principal: { Service: 'scheduler.amazonaws.com' }, Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:aws:scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':schedule-group/default']] } },
            },
          }],
        },
        Policies: [{ PolicyName: 'put', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': ['BusEA82B648', 'Arn'] } }] } }],
      },
    },
    // The permissions CDK adds with a rule target and a Lambda integration (the local cloud checks them).
    RuleAllowEventRuleFanoutFn0A1B2C3D: {
      Type: 'AWS::Lambda::Permission',
      Properties: { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['FanoutFn30915986', 'Arn'] }, Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['Rule181240FD', 'Arn'] } },
    },
    ...Object.fromEntries([['ApiProxyPermission1A2B3C4D', 'api/{proxy+}'], ['ApiHelloPermission1A2B3C4E', 'hello/{name}']].map(([id, path]) => [id, {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['ApiFnDF082D58', 'Arn'] }, Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'ApiF70053CD' }, `/*/*/${path}`]] },
      },
    }])),
    SeedC76DC678: {
      Type: 'Custom::AWS',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['AWS679f53fac002430cb0da5b7982bd22872D164C4C', 'Arn'] },
        Create: { 'Fn::Join': ['', ['{"service":"DynamoDB","action":"batchWriteItem","parameters":{"RequestItems":{"', { Ref: 'TableCD117FA1' }, '":[{"PutRequest":{"Item":{"pk":{"S":"PEOPLE"},"sk":{"S":"PERSON#1"},"name":{"S":"Ada"}}}}]}},"physicalResourceId":{"id":"seed"}}']] },
        InstallLatestAwsSdk: true,
      },
    },
    AWS679f53fac002430cb0da5b7982bd22872D164C4C: fn('dddd', {}),
  },
};

const handlers: Record<string, string> = {
  // The API: publishes events, reads the secret, and shows the response mapping.
  aaaa: `
import { writeSync } from 'node:fs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
const events = new EventBridgeClient({});
const secrets = new SecretsManagerClient({});
export const handler = async (event) => {
  const path = event.rawPath;
  if (path.startsWith('/hello/')) return 'hello ' + event.pathParameters.name;
  if (path === '/api/jobs' && event.requestContext.http.method === 'POST') {
    const out = await events.send(new PutEventsCommand({ Entries: [{ EventBusName: process.env.BUS, Source: 'fixture', DetailType: 'job-requested', Detail: event.body }] }));
    return { statusCode: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ eventId: out.Entries[0].EventId }) };
  }
  if (path === '/api/secret') {
    const s = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));
    return { length: s.SecretString.length };
  }
  if (path === '/api/cookies') return { statusCode: 201, cookies: ['a=1; Path=/', 'b=2'], headers: { 'x-test': 'yes' }, body: 'plain text' };
  if (path === '/api/binary') return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, isBase64Encoded: true, body: Buffer.from([0, 1, 2, 255]).toString('base64') };
  if (path === '/api/echo') return { statusCode: 200, body: JSON.stringify({ event, env: { PUBLIC_URL: process.env.PUBLIC_URL, AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_LOG_FORMAT: process.env.AWS_LAMBDA_LOG_FORMAT, AWS_LAMBDA_LOG_LEVEL: process.env.AWS_LAMBDA_LOG_LEVEL } }) };
  if (path === '/api/log') return writeSync(1, Buffer.from('xx{"message":"written to fd 1"}\\n'), 2), writeSync(2, 'to fd 2\\n'), 'logged';
  if (path === '/api/boom') throw new Error('boom');
  return { statusCode: 404, body: 'no route' };
};`,
  // Fan-out: one event becomes detail.count queue messages, sent in batches of ten.
  bbbb: `
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const handler = async (event) => {
  const { count = 1, fail, job } = event.detail;
  if (fail === 'fanout') throw new Error('fan-out refuses');
  const items = Array.from({ length: count }, (_, i) => ({ job, i, fail }));
  for (let i = 0; i < items.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.QUEUE_URL, Entries: items.slice(i, i + 10).map((b, k) => ({ Id: String(k), MessageBody: JSON.stringify(b) })) }));
  }
};`,
  // Consumer: one conditional write per item; items marked to fail are reported as failures.
  cccc: `
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const r of event.Records) {
    const b = JSON.parse(r.body);
    if (b.fail === 'always' || (b.fail === 'once' && r.attributes.ApproximateReceiveCount === '1')) {
      batchItemFailures.push({ itemIdentifier: r.messageId });
      continue;
    }
    try {
      await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: { pk: { S: 'JOB#' + b.job }, sk: { S: 'ITEM#' + b.i } }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (e) {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    }
  }
  return { batchItemFailures };
};`,
  dddd: 'export const handler = async () => { throw new Error("the custom resource provider must not run locally"); };',
};

/** Writes the assembly into `dir` (inside the project, so the handlers resolve the SDK). */
export function writeFixtureAssembly(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    version: '55.0.0',
    artifacts: {
      'Samskab-fixture': { type: 'aws:cloudformation:stack', environment: 'aws://unknown-account/eu-west-1', properties: { templateFile: 'Samskab-fixture.template.json' } },
    },
  }));
  writeFileSync(join(dir, 'Samskab-fixture.template.json'), JSON.stringify(template, null, 1));
  for (const [hash, code] of Object.entries(handlers)) {
    mkdirSync(join(dir, `asset.${hash}`), { recursive: true });
    writeFileSync(join(dir, `asset.${hash}`, 'index.mjs'), code);
  }
}
