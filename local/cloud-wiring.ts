// The template's resources as local components, one step per resource type: startLocalCloud
// (cloud.ts) runs these steps in order once the servers are bound and the template is read.
import { resolve as resolvePath } from 'node:path';
import type { HttpApiRuntime } from './app-server.js';
import type { AsyncInvoker, EventInvokeConfig } from './async-invocations.js';
import type { EventBus, LocalRule, RuleTarget } from './event-bus.js';
import { compilePattern } from './eventbridge/pattern.js';
import { QueuePoller, type PollerDeps } from './event-source-mappings.js';
import { FunctionRegistry, InvocationError, LocalFunction, type FunctionSpec } from './functions.js';
import { compileRoutes, type ApiRoute } from './http-api.js';
import { stageThrottling } from './api-throttling.js';
import type { QueueRegistry } from './queues.js';
import type { LocalResources } from './resources.js';
import type { LocalScheduler, Schedule, ScheduleTarget } from './scheduler.js';
import type { LocalSecret, SecretStore } from './secrets.js';
import type { LocalIam } from './iam/local-iam.js';
import { resourcesOfType, type StackArtifact } from './template.js';

type Say = (line: string) => void;

export function declareSecrets(resources: LocalResources, secrets: SecretStore): LocalSecret[] {
  return resourcesOfType(resources.stack.template, 'AWS::SecretsManager::Secret').map(([id]) =>
    secrets.declare(id, resources.name(id), resources.arn(id), resources.properties(id)));
}

export function declareQueues(resources: LocalResources, queues: QueueRegistry): void {
  for (const [id] of resourcesOfType(resources.stack.template, 'AWS::SQS::Queue')) {
    const p = resources.properties(id);
    const redrive = p['RedrivePolicy'] as { deadLetterTargetArn?: string; maxReceiveCount?: number | string } | undefined;
    queues.add({
      name: resources.name(id),
      arn: resources.arn(id),
      url: resources.queueUrl(resources.name(id)),
      visibilityTimeoutSeconds: Number(p['VisibilityTimeout'] ?? 30),
      delaySeconds: Number(p['DelaySeconds'] ?? 0),
      retentionSeconds: Number(p['MessageRetentionPeriod'] ?? 345_600),
      ...(redrive?.deadLetterTargetArn !== undefined
        ? { redrive: { deadLetterTargetArn: redrive.deadLetterTargetArn, maxReceiveCount: Number(redrive.maxReceiveCount ?? 10) } }
        : {}),
    });
  }
  queues.link();
}

export interface FunctionEndpoints { region: string; awsUrl: string; dynamodbUrl: string; apiUrl: string; /** The local S3 stand-in (local/s3.ts). */ s3Url?: string }

/** The template's functions (not the providers behind custom resources: those are CloudFormation's business). */
export function declareFunctions(
  stack: StackArtifact, resources: LocalResources, functions: FunctionRegistry, endpoints: FunctionEndpoints,
  deps: Omit<ConstructorParameters<typeof LocalFunction>[1], 'log'>, log: (source: string, line: string) => void,
): void {
  const template = stack.template;
  const providers = new Set(Object.values(template.Resources)
    .filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
    .map((r) => JSON.stringify(r.Properties?.['ServiceToken'] ?? null)));
  for (const [id, r] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    if (providers.has(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }))) continue;
    const assetPath = r.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') {
      log('local', `function ${id} has no bundled asset; it is not run locally`);
      continue;
    }
    const p = resources.properties(id);
    const name = resources.name(id);
    const label = shortName(id);
    const spec: FunctionSpec = {
      logicalId: id,
      name,
      arn: resources.arn(id),
      assetDir: resolvePath(stack.assemblyDir, assetPath),
      handler: String(p['Handler'] ?? 'index.handler'),
      timeoutSeconds: Number(p['Timeout'] ?? 3),
      memoryMb: Number(p['MemorySize'] ?? 128),
      runtime: String(p['Runtime'] ?? 'nodejs22.x'),
      environment: {},
    };
    const logging = p['LoggingConfig'] as { LogGroup?: string; LogFormat?: string; ApplicationLogLevel?: string } | undefined;
    const logGroup = logging?.LogGroup ?? `/aws/lambda/${name}`;
    spec.environment = functionEnvironment(spec, (p['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}, {
      ...endpoints, logGroup, logFormat: logging?.LogFormat, applicationLogLevel: logging?.ApplicationLogLevel,
    });
    functions.add(new LocalFunction(spec, { ...deps, log: (_fn, line) => log(label, line) }));
  }
}

/** Each function's AWS::Lambda::EventInvokeConfig (retries and on-failure destination of asynchronous invocations), by function ARN. */
export function declareEventInvokeConfigs(resources: LocalResources, functions: FunctionRegistry, queues: QueueRegistry, say: Say): Map<string, EventInvokeConfig> {
  const configs = new Map<string, EventInvokeConfig>();
  for (const [id] of resourcesOfType(resources.stack.template, 'AWS::Lambda::EventInvokeConfig')) {
    const p = resources.properties(id);
    const fn = functions.find(String(p['FunctionName'] ?? ''));
    if (fn === undefined) {
      say(`event invoke config ${id} names no local function`);
      continue;
    }
    const onFailure = (p['DestinationConfig'] as { OnFailure?: { Destination?: string } } | undefined)?.OnFailure?.Destination;
    // Where failed work lands, like a DLQ: counted as one in /_local/stats.
    if (onFailure !== undefined) queues.byArn(onFailure)?.sources.add(fn.spec.arn);
    configs.set(fn.spec.arn, {
      maximumRetryAttempts: Number(p['MaximumRetryAttempts'] ?? 2),
      maximumEventAgeSeconds: Number(p['MaximumEventAgeInSeconds'] ?? 21_600),
      ...(onFailure !== undefined ? { onFailureArn: onFailure } : {}),
    });
  }
  return configs;
}

/** Delivers to a rule's or a schedule's target: a function (asynchronously, as AWS invokes it), a queue or another event bus. */
export function targetInvoker(asyncInvoker: AsyncInvoker, queues: QueueRegistry, eventBus: () => EventBus, iam?: LocalIam) {
  return async (arn: string, payload: unknown, ruleArn?: string): Promise<void> => {
    if (arn.startsWith('arn:aws:lambda:')) {
      // A rule invokes a function only as its AWS::Lambda::Permission allows (else: a delivery failure).
      const authorize = ruleArn !== undefined && iam !== undefined ? () => iam.authorizeInvoke('events.amazonaws.com', arn, ruleArn) : undefined;
      await asyncInvoker.invoke(arn, payload, authorize);
      return;
    }
    if (arn.startsWith('arn:aws:sqs:')) {
      const q = queues.byArn(arn);
      if (q === undefined) throw new Error(`queue ${arn} does not exist locally`);
      q.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
      return;
    }
    if (arn.startsWith('arn:aws:events:') && arn.includes(':event-bus/')) {
      eventBus().route(arn.slice(arn.lastIndexOf('/') + 1), payload as never);
      return;
    }
    throw new Error(`target ${arn} is not supported by the local cloud`);
  };
}

/** Event buses and rules; an invalid pattern stops the start here. */
export function declareRules(resources: LocalResources, queues: QueueRegistry, say: Say): { buses: Set<string>; rules: LocalRule[] } {
  const template = resources.stack.template;
  const buses = new Set(resourcesOfType(template, 'AWS::Events::EventBus').map(([id]) => resources.name(id)));
  const rules: LocalRule[] = [];
  for (const [id] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const p = resources.properties(id);
    if (p['EventPattern'] === undefined) {
      say(`rule ${id} has no event pattern (scheduled rules are not run locally)`);
      continue;
    }
    let matches: (event: unknown) => boolean;
    try {
      matches = compilePattern(p['EventPattern']);
    } catch (err) {
      throw new Error(`rule ${id}: ${(err as Error).message}`);
    }
    const busRef = String(p['EventBusName'] ?? 'default');
    const ruleArn = resources.arn(id);
    const targets = ((p['Targets'] as Array<Record<string, unknown>> | undefined) ?? []).map((t): RuleTarget => {
      const retry = t['RetryPolicy'] as { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number } | undefined;
      const dlq = (t['DeadLetterConfig'] as { Arn?: string } | undefined)?.Arn;
      if (dlq !== undefined) queues.byArn(dlq)?.sources.add(ruleArn);
      return {
        id: String(t['Id']),
        arn: String(t['Arn']),
        ...(typeof t['Input'] === 'string' ? { input: t['Input'] } : {}),
        ...(typeof t['InputPath'] === 'string' ? { inputPath: t['InputPath'] } : {}),
        ...(t['InputTransformer'] !== undefined ? { inputTransformer: t['InputTransformer'] as RuleTarget['inputTransformer'] & object } : {}),
        ...(dlq !== undefined ? { deadLetterArn: dlq } : {}),
        maximumRetryAttempts: Number(retry?.MaximumRetryAttempts ?? 185),
        maximumEventAgeSeconds: Number(retry?.MaximumEventAgeInSeconds ?? 86_400),
      };
    });
    rules.push({
      logicalId: id, name: resources.name(id), arn: ruleArn, enabled: (p['State'] ?? 'ENABLED') === 'ENABLED',
      busName: busRef.startsWith('arn:') ? busRef.slice(busRef.lastIndexOf('/') + 1) : busRef,
      matches, targets,
    });
  }
  return { buses, rules };
}

/** What a schedule's target does: the universal EventBridge PutEvents target, or a plain target. */
export function scheduleInvoker(eventBus: EventBus, invokeTarget: (arn: string, payload: unknown) => Promise<void>, iam?: LocalIam) {
  return async (t: ScheduleTarget, s: Schedule): Promise<void> => {
    // Scheduler acts as the schedule's execution role: it must assume it, then the role must allow the call.
    if (iam !== undefined) await iam.authorizeRole(await assumeScheduleRole(iam, s), [targetCheck(t)]);
    if (t.EventBridgeParameters !== undefined && t.Arn.includes(':event-bus/')) {
      const [result] = eventBus.putEvents([{
        EventBusName: t.Arn, Source: t.EventBridgeParameters.Source, DetailType: t.EventBridgeParameters.DetailType, Detail: t.Input ?? '{}',
      }]);
      if (result !== undefined && 'ErrorCode' in result) throw new Error(`${result.ErrorCode}: ${result.ErrorMessage}`);
      return;
    }
    await invokeTarget(t.Arn, t.Input === undefined ? {} : safeJson(t.Input));
  };
}

/** Scheduler assumes the schedule's role with the schedule group's ARN as aws:SourceArn (confused-deputy keys). */
/** The schedules the template declares (the daily digest), as Scheduler holds them; `put` re-arms each start. */
export function declareTemplateSchedules(resources: LocalResources, scheduler: LocalScheduler): Schedule[] {
  const schedules: Schedule[] = [];
  for (const [id] of resourcesOfType(resources.stack.template, 'AWS::Scheduler::Schedule')) {
    const p = resources.properties(id) as Partial<Schedule> & { Target: ScheduleTarget; ScheduleExpression: string };
    const name = String(resources.ref(id));
    const group = p.GroupName ?? 'default';
    const existing = scheduler.get(group, name);
    const now = Date.now();
    schedules.push({
      Name: name, GroupName: group, Arn: scheduler.arnOf(group, name),
      ScheduleExpression: p.ScheduleExpression,
      ...(p.ScheduleExpressionTimezone !== undefined ? { ScheduleExpressionTimezone: p.ScheduleExpressionTimezone } : {}),
      State: p.State ?? 'ENABLED', Target: p.Target,
      ...(p.FlexibleTimeWindow !== undefined ? { FlexibleTimeWindow: p.FlexibleTimeWindow } : {}),
      CreationDate: existing?.CreationDate ?? now, LastModificationDate: now,
      // An unchanged expression keeps its next due time across restarts.
      ...(existing?.ScheduleExpression === p.ScheduleExpression && existing.nextDueAt !== undefined ? { nextDueAt: existing.nextDueAt } : {}),
    });
  }
  for (const s of schedules) scheduler.put(s);
  return schedules;
}

export function assumeScheduleRole(iam: LocalIam, s: Schedule) {
  const groupArn = s.Arn.replace(/:schedule\/([^/]+)\/.*$/, ':schedule-group/$1');
  if (s.Target.RoleArn === undefined) throw Object.assign(new Error('the schedule has no execution role'), { name: 'AccessDenied' });
  return iam.assumeRole('scheduler.amazonaws.com', s.Target.RoleArn, { sourceArn: groupArn }, s.Name.slice(0, 64));
}

/** The call a schedule's target makes, as IAM sees it. */
function targetCheck(t: ScheduleTarget): { action: string; resource: string } {
  if (t.Arn.startsWith('arn:aws:sqs:')) return { action: 'sqs:SendMessage', resource: t.Arn };
  if (t.Arn.startsWith('arn:aws:lambda:')) return { action: 'lambda:InvokeFunction', resource: t.Arn };
  return { action: 'events:PutEvents', resource: t.Arn };
}

/** Event source mappings (SQS), not yet started. */
export function declareEventSourceMappings(resources: LocalResources, queues: QueueRegistry, functions: FunctionRegistry, deps: PollerDeps, say: Say): QueuePoller[] {
  const pollers: QueuePoller[] = [];
  for (const [id] of resourcesOfType(resources.stack.template, 'AWS::Lambda::EventSourceMapping')) {
    const p = resources.properties(id);
    const sourceArn = String(p['EventSourceArn'] ?? '');
    const queue = queues.byArn(sourceArn);
    const fn = functions.find(String(p['FunctionName'] ?? ''));
    if (queue === undefined || fn === undefined) {
      say(`event source mapping ${id} (${sourceArn}) is not run locally`);
      continue;
    }
    const types = (p['FunctionResponseTypes'] as string[] | undefined) ?? [];
    pollers.push(new QueuePoller({
      logicalId: id,
      queueArn: sourceArn,
      batchSize: Number(p['BatchSize'] ?? 10),
      maxConcurrency: Number((p['ScalingConfig'] as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 5),
      reportBatchItemFailures: types.includes('ReportBatchItemFailures'),
      enabled: p['Enabled'] !== false && p['Enabled'] !== 'false',
    }, queue, fn, deps));
  }
  return pollers;
}

function functionEnvironment(
  spec: FunctionSpec,
  variables: Record<string, unknown>,
  o: FunctionEndpoints & { logGroup: string; logFormat?: string | undefined; applicationLogLevel?: string | undefined },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables)) env[k] = typeof v === 'string' ? v : JSON.stringify(v);
  // The public URL is only known after deployment on AWS; locally it is the API port.
  if (env['APP_URL'] === '') env['APP_URL'] = o.apiUrl;
  return {
    ...env,
    AWS_REGION: o.region,
    AWS_DEFAULT_REGION: o.region,
    // The access key names the function, so the local endpoint knows the caller (IAM: whose role to check; faults).
    AWS_ACCESS_KEY_ID: spec.name,
    AWS_SECRET_ACCESS_KEY: 'local',
    // Every service the functions call goes to the local endpoint, except DynamoDB, which goes
    // straight to dynalite's thread (on a port that counts them); the catch-all makes a call to
    // anything else fail fast instead of reaching for real AWS.
    AWS_ENDPOINT_URL: o.awsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: o.dynamodbUrl,
    AWS_ENDPOINT_URL_SESV2: o.awsUrl,
    AWS_ENDPOINT_URL_EVENTBRIDGE: o.awsUrl,
    AWS_ENDPOINT_URL_SQS: o.awsUrl,
    AWS_ENDPOINT_URL_SCHEDULER: o.awsUrl,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: o.awsUrl,
    ...(o.s3Url !== undefined ? { AWS_ENDPOINT_URL_S3: o.s3Url } : {}),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: o.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${spec.logicalId}`,
    // Lambda's advanced logging controls reach the runtime as these two (LoggingConfig in the template).
    ...(o.logFormat !== undefined ? { AWS_LAMBDA_LOG_FORMAT: o.logFormat } : {}),
    ...(o.applicationLogLevel !== undefined ? { AWS_LAMBDA_LOG_LEVEL: o.applicationLogLevel } : {}),
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: spec.assetDir,
    _HANDLER: spec.handler,
  };
}

export function buildHttpApi(resources: LocalResources, region: string, accountId: string, functions: FunctionRegistry, say: (l: string) => void, iam?: LocalIam): HttpApiRuntime | undefined {
  const t = resources.stack.template;
  const apis = resourcesOfType(t, 'AWS::ApiGatewayV2::Api').filter(([id]) => (resources.properties(id)['ProtocolType'] ?? 'HTTP') === 'HTTP');
  if (apis.length === 0) return undefined;
  if (apis.length > 1) say(`the template has ${apis.length} HTTP APIs; serving ${apis[0]![0]}`);
  const [apiLogicalId] = apis[0]!;
  const apiId = String(resources.ref(apiLogicalId));
  const ofApi = (type: string) => resourcesOfType(t, type).filter(([id]) => resources.properties(id)['ApiId'] === apiId);
  const integrations = new Map(ofApi('AWS::ApiGatewayV2::Integration').map(([id]) => [String(resources.ref(id)), resources.properties(id)]));
  const stageProperties = ofApi('AWS::ApiGatewayV2::Stage').map(([id]) => resources.properties(id))[0];
  const stage = String(stageProperties?.['StageName'] ?? '$default');
  const routes: ApiRoute[] = [];
  for (const [id] of ofApi('AWS::ApiGatewayV2::Route')) {
    const p = resources.properties(id);
    const target = String(p['Target'] ?? '');
    const integration = integrations.get(target.replace(/^integrations\//, ''));
    const uri = String(integration?.['IntegrationUri'] ?? '');
    // A Lambda integration names the function ARN, directly or inside an invocation URI.
    const fnArn = /(arn:aws:lambda:[^/]+?:function:[^/:]+)/.exec(uri)?.[1];
    if (integration === undefined || fnArn === undefined || functions.find(fnArn) === undefined) {
      say(`route ${String(p['RouteKey'])} has no local Lambda integration; it is not served`);
      continue;
    }
    if (p['AuthorizationType'] !== undefined && p['AuthorizationType'] !== 'NONE') {
      say(`route ${String(p['RouteKey'])}: ${String(p['AuthorizationType'])} authorization is not enforced locally`);
    }
    routes.push({
      routeKey: String(p['RouteKey']),
      functionArn: fnArn,
      payloadFormatVersion: String(integration['PayloadFormatVersion'] ?? '2.0'),
      timeoutMs: Number(integration['TimeoutInMillis'] ?? 30_000),
    });
  }
  for (const r of routes) {
    if (r.payloadFormatVersion !== '2.0') say(`route ${r.routeKey} uses payload format ${r.payloadFormatVersion}; the local API sends 2.0`);
  }
  return {
    config: { apiId, stage, routes, region, accountId },
    routes: compileRoutes(routes),
    throttling: stageThrottling(stageProperties),
    invoke: async (arn, event) => {
      const fn = functions.find(arn);
      if (fn === undefined) throw new Error(`function ${arn} is not running locally`);
      if (iam !== undefined) {
        // API Gateway invokes the integration only as its Lambda permission allows (else a 500).
        const { routeKey } = event as { routeKey: string };
        const [method, path] = routeKey === '$default' ? ['*', ''] : routeKey.split(' ') as [string, string];
        await iam.authorizeInvoke('apigateway.amazonaws.com', arn, `arn:aws:execute-api:${region}:${accountId}:${apiId}/${stage}/${method}${path}`)
          .catch((err: Error) => { throw new InvocationError('AccessDeniedException', err.message, fn.spec.name); });
      }
      return fn.invoke(event);
    },
  };
}

/** The generated secret a function reads as its API token (or the only one). */
export function pickApiToken(secrets: LocalSecret[], functions: FunctionRegistry): string | undefined {
  if (secrets.length <= 1) return secrets[0]?.generated;
  const named = secrets.find((s) => /token/i.test(s.logicalId));
  const referenced = secrets.find((s) => functions.all().some((f) => Object.entries(f.spec.environment).some(([k, v]) => /TOKEN/i.test(k) && v === s.arn)));
  return (referenced ?? named ?? secrets[0])?.generated;
}

/** `MailerFunction1A2B3C4D` -> `MailerFunction`: logical ids without CDK's hash suffix. */
export function shortName(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '') || logicalId;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
