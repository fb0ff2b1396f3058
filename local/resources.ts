// Gives every template resource a local physical identity (name, ARN, URL) and answers
// Ref / Fn::GetAtt with it, so environment variables and wiring resolve to local names.
import { createHash } from 'node:crypto';
import { resolve, resolveString, IntrinsicError, type IntrinsicContext, type PseudoParameters } from './intrinsics.js';
import type { CfnResource, StackArtifact } from './template.js';

export interface LocalSettings {
  region: string;
  accountId: string;
  /** Base URL of the local AWS endpoint (queue URLs live under it). */
  awsEndpointUrl: string;
  /** Base URL of the local HTTP API (no trailing slash). */
  apiUrl: string;
}

interface Identity { ref: unknown; attrs: Record<string, unknown> }

export class LocalResources implements IntrinsicContext {
  readonly pseudo: PseudoParameters;
  private readonly cache = new Map<string, Identity>();
  private readonly resolving = new Set<string>();
  /** The HTTP API ids the template declares; they map to the local API URL. */
  private readonly apiIds = new Set<string>();

  constructor(readonly stack: StackArtifact, readonly settings: LocalSettings) {
    this.pseudo = {
      region: settings.region,
      accountId: settings.accountId,
      partition: 'aws',
      urlSuffix: 'amazonaws.com',
      stackName: stack.stackName,
      stackId: `arn:aws:cloudformation:${settings.region}:${settings.accountId}:stack/${stack.stackName}/00000000-0000-0000-0000-000000000000`,
    };
    // Known up front so every URL built from an API id is localized.
    for (const [id, r] of Object.entries(stack.template.Resources)) {
      if (r.Type === 'AWS::ApiGatewayV2::Api') this.identity(id);
    }
  }

  resource(logicalId: string): CfnResource {
    const r = this.stack.template.Resources[logicalId];
    if (r === undefined) throw new IntrinsicError(`resource ${logicalId} is not in the template`);
    return r;
  }

  ref(logicalId: string): unknown {
    const param = this.stack.template.Parameters?.[logicalId];
    if (param !== undefined) {
      if (param.Default === undefined) throw new IntrinsicError(`parameter ${logicalId} has no default`);
      return param.Default;
    }
    return this.identity(logicalId).ref;
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const attrs = this.identity(logicalId).attrs;
    if (!(attribute in attrs)) {
      throw new IntrinsicError(`Fn::GetAtt ${logicalId}.${attribute} (${this.resource(logicalId).Type}) is not known locally`);
    }
    return attrs[attribute];
  }

  resolve(value: unknown): unknown {
    return this.localizeUrls(resolve(value, this));
  }

  resolveString(value: unknown, what?: string): string {
    return this.localizeUrls(resolveString(value, this, what)) as string;
  }

  /** The resolved properties of a resource. */
  properties(logicalId: string): Record<string, unknown> {
    return (this.resolve(this.resource(logicalId).Properties ?? {}) ?? {}) as Record<string, unknown>;
  }

  /** The local physical name of a named resource (table, queue, function, bus, ...). */
  name(logicalId: string): string {
    const n = this.identity(logicalId).attrs['Name'];
    if (typeof n !== 'string') throw new IntrinsicError(`${logicalId} has no local name`);
    return n;
  }

  arn(logicalId: string): string {
    const a = this.identity(logicalId).attrs['Arn'];
    if (typeof a !== 'string') throw new IntrinsicError(`${logicalId} has no local ARN`);
    return a;
  }

  /** The logical id whose local ARN is `arn` (rule targets, event source mappings). */
  logicalIdOfArn(arn: string): string | undefined {
    for (const id of Object.keys(this.stack.template.Resources)) {
      const r = this.resource(id);
      if (r.Type.startsWith('Custom::') || r.Type.startsWith('AWS::IAM::')) continue;
      try {
        if (this.identity(id).attrs['Arn'] === arn) return id;
      } catch {
        // resources we cannot name locally cannot be targets either
      }
    }
    return undefined;
  }

  queueUrl(name: string): string {
    return `${this.settings.awsEndpointUrl}/${this.settings.accountId}/${name}`;
  }


  private localizeUrls(v: unknown): unknown {
    if (this.apiIds.size === 0) return v;
    if (typeof v === 'string') return this.localizeString(v);
    if (Array.isArray(v)) return v.map((x) => this.localizeUrls(x));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.localizeUrls(x)]));
    }
    return v;
  }

  // Templates build the API URL as https://<api-id>.execute-api.<region>.<suffix>/...;
  // locally that host is the local API server.
  private localizeString(s: string): string {
    return s.replace(/https:\/\/([a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com\/?/g, (m, id: string) =>
      this.apiIds.has(id) ? `${this.settings.apiUrl}/` : m);
  }

  private identity(logicalId: string): Identity {
    const cached = this.cache.get(logicalId);
    if (cached !== undefined) return cached;
    if (this.resolving.has(logicalId)) throw new IntrinsicError(`circular reference through ${logicalId}`);
    this.resolving.add(logicalId);
    try {
      const id = this.computeIdentity(logicalId, this.resource(logicalId));
      this.cache.set(logicalId, id);
      return id;
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  private computeIdentity(logicalId: string, r: CfnResource): Identity {
    const { region, accountId } = this.settings;
    const p = r.Properties ?? {};
    const stack = this.stack.stackName;
    const named = (prop: string, max: number, fallback = `${stack}-${logicalId}`): string =>
      p[prop] !== undefined ? resolveString(p[prop], this, `${logicalId}.${prop}`) : fallback.slice(0, max);
    const arn = (service: string, resource: string, withRegion = true) =>
      `arn:aws:${service}:${withRegion ? region : ''}:${accountId}:${resource}`;

    switch (r.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table': {
        const name = named('TableName', 255);
        const tableArn = arn('dynamodb', `table/${name}`);
        return { ref: name, attrs: { Name: name, Arn: tableArn, StreamArn: `${tableArn}/stream/local`, TableId: name } };
      }
      case 'AWS::SQS::Queue': {
        const fifo = p['FifoQueue'] === true || p['FifoQueue'] === 'true';
        const name = named('QueueName', 80, `${stack}-${logicalId}`.slice(0, fifo ? 75 : 80) + (fifo ? '.fifo' : ''));
        const url = this.queueUrl(name);
        return { ref: url, attrs: { Name: name, QueueName: name, Arn: arn('sqs', name), QueueUrl: url } };
      }
      case 'AWS::Lambda::Function': {
        const name = named('FunctionName', 64);
        return { ref: name, attrs: { Name: name, Arn: arn('lambda', `function:${name}`) } };
      }
      case 'AWS::Events::EventBus': {
        const name = named('Name', 256);
        return { ref: name, attrs: { Name: name, Arn: arn('events', `event-bus/${name}`) } };
      }
      case 'AWS::Events::Rule': {
        const name = named('Name', 64);
        const bus = p['EventBusName'] !== undefined ? resolveString(p['EventBusName'], this) : 'default';
        const busName = bus.startsWith('arn:') ? bus.split('/').pop()! : bus;
        const ruleArn = arn('events', busName === 'default' ? `rule/${name}` : `rule/${busName}/${name}`);
        return { ref: name, attrs: { Name: name, Arn: ruleArn } };
      }
      case 'AWS::SecretsManager::Secret': {
        const name = named('Name', 512, logicalId);
        const suffix = createHash('sha256').update(name).digest('hex').slice(0, 6);
        const secretArn = arn('secretsmanager', `secret:${name}-${suffix}`);
        return { ref: secretArn, attrs: { Name: name, Arn: secretArn, Id: secretArn } };
      }
      case 'AWS::ApiGatewayV2::Api': {
        const apiId = `local${createHash('sha256').update(logicalId).digest('hex').slice(0, 5)}`;
        this.apiIds.add(apiId);
        return { ref: apiId, attrs: { ApiId: apiId, ApiEndpoint: this.settings.apiUrl, Name: apiId } };
      }
      case 'AWS::ApiGatewayV2::Stage':
        return { ref: named('StageName', 128), attrs: {} };
      case 'AWS::IAM::Role': {
        const name = named('RoleName', 64);
        return { ref: name, attrs: { Name: name, Arn: arn('iam', `role/${name}`, false), RoleId: `AROA${logicalId}` } };
      }
      case 'AWS::Logs::LogGroup': {
        const name = named('LogGroupName', 512, `/aws/local/${stack}/${logicalId}`);
        return { ref: name, attrs: { Name: name, Arn: arn('logs', `log-group:${name}:*`) } };
      }
      case 'AWS::SES::ConfigurationSet': {
        const name = named('Name', 64);
        return { ref: name, attrs: { Name: name } };
      }
      case 'AWS::Scheduler::ScheduleGroup': {
        const name = named('Name', 64);
        return { ref: name, attrs: { Name: name, Arn: arn('scheduler', `schedule-group/${name}`) } };
      }
      case 'AWS::Scheduler::Schedule': {
        const name = named('Name', 64);
        const group = p['GroupName'] !== undefined ? resolveString(p['GroupName'], this, `${logicalId}.GroupName`) : 'default';
        return { ref: name, attrs: { Arn: arn('scheduler', `schedule/${group}/${name}`) } };
      }
      case 'AWS::S3::Bucket': {
        // Bucket names are lowercase, at most 63 characters, and global: no region or account in the ARN.
        const name = named('BucketName', 63, `${stack}-${logicalId}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 63));
        return { ref: name, attrs: { Name: name, Arn: `arn:aws:s3:::${name}`, DomainName: `${name}.s3.amazonaws.com`, RegionalDomainName: `${name}.s3.${region}.amazonaws.com` } };
      }
      case 'AWS::SNS::Topic': {
        const name = named('TopicName', 256);
        const topicArn = arn('sns', name);
        return { ref: topicArn, attrs: { Name: name, TopicName: name, TopicArn: topicArn } };
      }
      default: {
        // Resources the local cloud does not run (policies, permissions, alarms, ...) still get a
        // stable identity so references to them resolve.
        const name = `${stack}-${logicalId}`;
        const service = r.Type.split('::')[1]?.toLowerCase() ?? 'local';
        return { ref: name, attrs: { Name: name, Arn: arn(service, name) } };
      }
    }
  }
}
