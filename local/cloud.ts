// startLocalCloud: synthesizes (or reads) the network's cloud assembly and runs it on this
// machine — dynalite, aws-ses-v2-local, the local AWS endpoint, the functions in workers,
// the rules, queues and the HTTP API — as the template declares them.
import { mkdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Activity } from './activity.js';
import { LocalClock } from './clock.js';
import { createAppServer, type HttpApiRuntime } from './app-server.js';
import { closeForwardAgent } from './aws-endpoint/forward.js';
import { createAwsEndpoint } from './aws-endpoint/server.js';
import { SesProxy, type CapturedMail } from './aws-endpoint/ses-proxy.js';
import { createTables, runCustomResources, startDynalite, type DynamoDbEmulator } from './dynamodb.js';
import { EventBus, type LocalRule, type RuleTarget } from './event-bus.js';
import { compilePattern } from './eventbridge/pattern.js';
import { QueuePoller } from './event-source-mappings.js';
import { FaultState, type Faults } from './faults.js';
import { FunctionRegistry, LocalFunction, type FunctionSpec } from './functions.js';
import { compileRoutes, type ApiRoute } from './http-api.js';
import { closeServer, listen, localUrl } from './ports.js';
import { QueueRegistry } from './queues.js';
import { LocalResources } from './resources.js';
import { LocalScheduler, type ScheduleTarget } from './scheduler.js';
import { SecretStore, type LocalSecret } from './secrets.js';
import { startSesEmulator, type SesEmulator } from './ses.js';
import { SesSimulator } from './ses-simulator.js';
import { Stats } from './stats.js';
import { TtlSweeper, ttlTables } from './ttl-sweeper.js';
import { synthesize } from './synth.js';
import { readStack, resourcesOfType, type StackArtifact } from './template.js';

export const projectRoot = resolvePath(fileURLToPath(new URL('..', import.meta.url)));

export interface LocalCloudPorts {
  /** The HTTP API, the admin endpoints and later the web app. */
  api?: number;
  /** The local AWS endpoint (EventBridge, SQS, Secrets Manager, Scheduler, SES and DynamoDB proxies). */
  aws?: number;
  /** aws-ses-v2-local and its mail viewer. */
  mail?: number;
  /** dynalite (reached through the AWS endpoint; its own port only matters for debugging). */
  dynamodb?: number;
}

export type LogOption = 'inherit' | 'silent' | ((source: string, line: string) => void);

export interface LocalCloudOptions {
  network?: string;
  projectDir?: string;
  /** Read this cloud assembly instead of synthesizing one. */
  assemblyDir?: string;
  stackName?: string;
  dataDir?: string;
  fresh?: boolean;
  host?: string;
  /** 0 picks a free port. Defaults: api 3000, aws 3001, mail 8005, dynamodb free. */
  ports?: LocalCloudPorts;
  faults?: Partial<Faults>;
  /** Scales retry backoff and redelivery waits (1 = as on AWS; tests use e.g. 0.01). */
  timeScale?: number;
  region?: string;
  accountId?: string;
  logs?: LogOption;
  /** Start every function's worker (module init) at start instead of on first use. */
  warm?: boolean;
  /** How often expired TTL items are deleted (dynalite does not); 0 = only on sweepTtl(). Default 60 s. */
  ttlSweepIntervalMs?: number;
}

export interface LocalCloud {
  network: string;
  stackName: string;
  dataDir: string;
  assemblyDir: string;
  urls: { api: string; app: string; mail: string; aws: string; dynamodb: string };
  /** The facilitator API token (the generated secret), if the template declares one. */
  apiToken: string | undefined;
  faults: FaultState;
  stats(): LocalCloudStats;
  resetStats(): void;
  /** Resolves when nothing runs and every polled queue is empty; rejects after timeoutMs. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  mail(): CapturedMail[];
  clearMail(): Promise<void>;
  runSchedules(before?: number): Promise<number>;
  /** The shifted clock of the functions and the Scheduler (starts at real time). */
  clock: LocalClock;
  /** Moves the clock ({offsetMs} | {advanceMs} | {now}) and fires the schedules due then; resolves to how many fired. */
  setClock(input: { offsetMs: number } | { advanceMs: number } | { now: string }): Promise<number>;
  /** The last lines the functions and the local cloud logged. */
  logs(): string[];
  /** Deletes the items whose TTL attribute is past on the local clock (as DynamoDB would); resolves to how many. */
  sweepTtl(): Promise<number>;
  stop(): Promise<void>;
}

export type LocalCloudStats = ReturnType<Stats['snapshot']> & {
  queues: Record<string, { visible: number; inFlight: number; delayed: number; deadLetterQueue: boolean }>;
  deadLetterQueues: Record<string, number>;
  activity: number;
  faultSettings: Faults;
};

const LOG_LINES = 2000;

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const network = options.network ?? 'demo';
  const projectDir = options.projectDir ?? projectRoot;
  const dataDir = resolvePath(options.dataDir ?? join(projectDir, '.samskab', network));
  const host = options.host ?? '127.0.0.1';
  const ports = { api: 3000, aws: 3001, mail: 8005, dynamodb: 0, ...options.ports };
  const accountId = options.accountId ?? '000000000000';
  const timeScale = options.timeScale ?? 1;
  let assemblyDir = options.assemblyDir;
  let region = options.region ?? 'eu-west-1';

  const recent: string[] = [];
  const sink = options.logs ?? 'silent';
  const log = (source: string, line: string) => {
    recent.push(`[${source}] ${line}`);
    if (recent.length > LOG_LINES) recent.splice(0, recent.length - LOG_LINES);
    if (sink === 'inherit') console.log(`[${source}] ${line}`);
    else if (typeof sink === 'function') sink(source, line);
  };
  const say = (line: string) => log('local', line);

  if (options.fresh === true) {
    // Keep secrets.json: the API token survives a fresh start, the data does not.
    for (const f of ['dynamodb', 'deployed.json', 'schedules.json']) rmSync(join(dataDir, f), { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });

  const stats = new Stats();
  const faults = new FaultState(options.faults);
  const activity = new Activity();
  const clock = new LocalClock();
  const queues = new QueueRegistry();
  const functions = new FunctionRegistry();
  const pollers: QueuePoller[] = [];
  const servers: Server[] = [];
  let dynamo: DynamoDbEmulator | undefined;
  let ses: SesEmulator | undefined;
  let httpApi: HttpApiRuntime | undefined;
  let scheduler: LocalScheduler | undefined;
  let eventBus: EventBus | undefined;
  let ttl: TtlSweeper | undefined;
  let stopped = false;

  const portHint = (flag: string, env: string) => `Stop what uses it, or choose another port with ${flag} <n> or ${env}=<n> (0 = any free port).`;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const p of pollers) p.stop();
    eventBus?.stop();
    ttl?.stop();
    scheduler?.stop();
    await functions.stop();
    await Promise.all(servers.map((s) => closeServer(s)));
    if (ses !== undefined) await closeServer(ses.server);
    await dynamo?.close();
    closeForwardAgent();
  };

  try {
    // Servers first: their ports go into queue URLs, the API URL and the functions' environment.
    const secrets = new SecretStore(dataDir);
    const sesProxyRef: { proxy?: SesProxy } = {};
    const isIdle = () => activity.count === 0 && pollers.every((p) => queues.byArn(p.spec.queueArn)?.depth === 0);
    const waitForIdle = async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      let quiet = 0;
      // Several quiet checks in a row: work hops between workers, queues and timers.
      while (quiet < 3) {
        if (Date.now() > deadline) throw new Error(`local cloud not idle after ${timeoutMs} ms: ${JSON.stringify(busySummary())}`);
        await new Promise((r) => setTimeout(r, 20));
        quiet = isIdle() ? quiet + 1 : 0;
      }
    };
    const busySummary = () => ({
      activity: activity.count,
      queues: Object.fromEntries(queues.all().map((q) => [q.config.name, q.counts()])),
    });
    const snapshot = (): LocalCloudStats => {
      const qs = Object.fromEntries(queues.all().map((q) => [q.config.name, { ...q.counts(), deadLetterQueue: queues.isDeadLetterQueue(q) }]));
      return {
        ...stats.snapshot(),
        queues: qs,
        deadLetterQueues: Object.fromEntries(queues.all().filter((q) => queues.isDeadLetterQueue(q)).map((q) => [q.config.name, q.depth])),
        activity: activity.count,
        faultSettings: faults.current,
      };
    };
    const clearMail = async () => {
      sesProxyRef.proxy?.clear();
      if (ses !== undefined) await fetch(`${ses.url}/clear-store`, { method: 'POST' });
    };
    const runSchedules = (before?: number) => scheduler?.runDue(before) ?? Promise.resolve(0);

    const appServer = createAppServer({
      activity,
      api: () => httpApi,
      log: (l) => say(l),
      admin: {
        stats: snapshot,
        resetStats: () => stats.reset(),
        faults,
        waitForIdle: (ms) => waitForIdle(ms).then(() => true, () => false),
        mail: () => sesProxyRef.proxy?.mail ?? [],
        clearMail,
        runSchedules,
        clock,
        sweepTtl: () => ttl?.sweep() ?? Promise.resolve(0),
      },
    });
    servers.push(appServer);
    const apiPort = await listen(appServer, ports.api, host, 'API and app', portHint('--port', 'SAMSKAB_PORT'));
    const apiUrl = localUrl(host, apiPort);

    dynamo = await startDynalite(dataDir, ports.dynamodb, host);
    stats.attach('DynamoDB', dynamo.counters);
    ses = await startSesEmulator(ports.mail, host, portHint('--mail-port', 'SAMSKAB_MAIL_PORT'));
    const sesProxy = new SesProxy({ host, port: ses.port }, faults, stats);
    sesProxyRef.proxy = sesProxy;

    // The endpoint's handlers need the event bus and scheduler, built once the template is read.
    const late: { eventBus?: EventBus; scheduler?: LocalScheduler } = {};
    const awsServer = createAwsEndpoint({
      stats, activity, secrets, ses: sesProxy,
      sqs: { queues, faults, stats },
      get eventBus() { return late.eventBus!; },
      get scheduler() { return late.scheduler!; },
      log: (l) => say(l),
    });
    servers.push(awsServer);
    const awsPort = await listen(awsServer, ports.aws, host, 'local AWS endpoint', portHint('--aws-port', 'SAMSKAB_AWS_PORT'));
    const awsUrl = localUrl(host, awsPort);

    // Synthesized after the ports are bound, so a taken port fails fast.
    if (assemblyDir === undefined) {
      assemblyDir = join(projectDir, '.samskab', 'cdk.out', network);
      await synthesize(projectDir, network, assemblyDir);
    }
    const stack: StackArtifact = readStack(assemblyDir, options.stackName ?? `Samskab-${network}`);
    region = options.region ?? stack.region ?? region;

    const resources = new LocalResources(stack, { region, accountId, awsEndpointUrl: awsUrl, apiUrl });
    const template = stack.template;

    // Tables and seed data.
    const created = await createTables(dynamo.client, resources, say);
    await runCustomResources(dynamo.client, resources, dataDir, { tablesCreated: created.length > 0, log: say });

    // Secrets.
    const declared: LocalSecret[] = resourcesOfType(template, 'AWS::SecretsManager::Secret').map(([id]) =>
      secrets.declare(id, resources.name(id), resources.arn(id), resources.properties(id)));

    // Queues.
    for (const [id] of resourcesOfType(template, 'AWS::SQS::Queue')) {
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

    // Functions (not the providers behind custom resources: those are CloudFormation's business).
    const providers = new Set(Object.values(template.Resources)
      .filter((r) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource')
      .map((r) => JSON.stringify(r.Properties?.['ServiceToken'] ?? null)));
    const fnLog = (name: string) => (_fn: string, line: string) => log(name, line);
    for (const [id, r] of resourcesOfType(template, 'AWS::Lambda::Function')) {
      if (providers.has(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] }))) continue;
      const assetPath = r.Metadata?.['aws:asset:path'];
      if (typeof assetPath !== 'string') {
        say(`function ${id} has no bundled asset; it is not run locally`);
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
      const logGroup = (p['LoggingConfig'] as { LogGroup?: string } | undefined)?.LogGroup ?? `/aws/lambda/${name}`;
      spec.environment = functionEnvironment(spec, (p['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}, {
        region, awsUrl, dynamodbUrl: dynamo.functionsEndpoint, apiUrl, logGroup,
      });
      functions.add(new LocalFunction(spec, { stats, faults, activity, clock, log: fnLog(label) }));
    }

    const invokeTarget = async (arn: string, payload: unknown): Promise<void> => {
      if (arn.startsWith('arn:aws:lambda:')) {
        const fn = functions.find(arn);
        if (fn === undefined) throw new Error(`function ${arn} is not running locally`);
        await fn.invoke(payload);
        return;
      }
      if (arn.startsWith('arn:aws:sqs:')) {
        const q = queues.byArn(arn);
        if (q === undefined) throw new Error(`queue ${arn} does not exist locally`);
        q.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
        return;
      }
      if (arn.startsWith('arn:aws:events:') && arn.includes(':event-bus/')) {
        late.eventBus!.route(arn.slice(arn.lastIndexOf('/') + 1), payload as never);
        return;
      }
      throw new Error(`target ${arn} is not supported by the local cloud`);
    };

    // Event buses and rules; an invalid pattern stops the start here.
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
    eventBus = new EventBus({
      buses, rules, invokeTarget, queues, faults, stats, activity, region, accountId, timeScale, log: (l) => say(l),
    });
    late.eventBus = eventBus;
    // SES's mailbox simulator: bounce@/complaint@/success@simulator.amazonses.com -> SES events on the default bus.
    const simulator = new SesSimulator({ putEvents: (e) => eventBus!.putEvents(e), activity, region, accountId, log: say, count: (t) => stats.count('SESv2', `event ${t}`) });
    sesProxy.onSent = (request, messageId) => simulator.sent(request, messageId);
    // TTL expiry, which dynalite lacks, on the local clock.
    ttl = new TtlSweeper(dynamo.client, ttlTables(resources), () => clock.now(), say);
    ttl.start(options.ttlSweepIntervalMs ?? 60_000);

    // Scheduler: one-time schedules created by the functions.
    scheduler = new LocalScheduler(dataDir, {
      region, accountId, queues, stats, activity, timeScale, clock, log: (l) => say(l),
      invoke: async (t: ScheduleTarget) => {
        if (t.EventBridgeParameters !== undefined && t.Arn.includes(':event-bus/')) {
          const [result] = eventBus!.putEvents([{
            EventBusName: t.Arn, Source: t.EventBridgeParameters.Source, DetailType: t.EventBridgeParameters.DetailType, Detail: t.Input ?? '{}',
          }]);
          if (result !== undefined && 'ErrorCode' in result) throw new Error(`${result.ErrorCode}: ${result.ErrorMessage}`);
          return;
        }
        await invokeTarget(t.Arn, t.Input === undefined ? {} : safeJson(t.Input));
      },
    });
    late.scheduler = scheduler;
    scheduler.start();

    // Event source mappings (SQS).
    for (const [id] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const p = resources.properties(id);
      const sourceArn = String(p['EventSourceArn'] ?? '');
      const queue = queues.byArn(sourceArn);
      const fn = functions.find(String(p['FunctionName'] ?? ''));
      if (queue === undefined || fn === undefined) {
        say(`event source mapping ${id} (${sourceArn}) is not run locally`);
        continue;
      }
      const types = (p['FunctionResponseTypes'] as string[] | undefined) ?? [];
      const poller = new QueuePoller({
        logicalId: id,
        queueArn: sourceArn,
        batchSize: Number(p['BatchSize'] ?? 10),
        maxConcurrency: Number((p['ScalingConfig'] as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 5),
        reportBatchItemFailures: types.includes('ReportBatchItemFailures'),
        enabled: p['Enabled'] !== false && p['Enabled'] !== 'false',
      }, queue, fn, { activity, region, timeScale, log: (l) => say(l) });
      pollers.push(poller);
    }

    // The HTTP API.
    httpApi = buildHttpApi(resources, region, accountId, functions, say);

    for (const p of pollers) p.start();
    if (options.warm === true) {
      await Promise.all(functions.all().map((f) => f.warm().catch((err: Error) => say(`${f.spec.name}: init failed: ${err.message}`))));
    }

    const token = pickApiToken(declared, functions);
    return {
      network,
      stackName: stack.stackName,
      dataDir,
      assemblyDir: stack.assemblyDir,
      urls: { api: apiUrl, app: apiUrl, mail: ses.url, aws: awsUrl, dynamodb: dynamo.endpoint },
      apiToken: token,
      faults,
      stats: snapshot,
      resetStats: () => stats.reset(),
      waitForIdle,
      mail: () => [...sesProxy.mail],
      clearMail,
      runSchedules,
      clock,
      setClock: async (input) => {
        clock.set(input);
        return runSchedules(clock.now());
      },
      logs: () => [...recent],
      sweepTtl: () => ttl!.sweep(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function functionEnvironment(spec: FunctionSpec, variables: Record<string, unknown>, o: { region: string; awsUrl: string; dynamodbUrl: string; apiUrl: string; logGroup: string }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables)) env[k] = typeof v === 'string' ? v : JSON.stringify(v);
  // The public URL is only known after deployment on AWS; locally it is the API port.
  if (env['APP_URL'] === '') env['APP_URL'] = o.apiUrl;
  return {
    ...env,
    AWS_REGION: o.region,
    AWS_DEFAULT_REGION: o.region,
    AWS_ACCESS_KEY_ID: 'local',
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
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: o.logGroup,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${spec.logicalId}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: spec.assetDir,
    _HANDLER: spec.handler,
  };
}

function buildHttpApi(resources: LocalResources, region: string, accountId: string, functions: FunctionRegistry, say: (l: string) => void): HttpApiRuntime | undefined {
  const t = resources.stack.template;
  const apis = resourcesOfType(t, 'AWS::ApiGatewayV2::Api').filter(([id]) => (resources.properties(id)['ProtocolType'] ?? 'HTTP') === 'HTTP');
  if (apis.length === 0) return undefined;
  if (apis.length > 1) say(`the template has ${apis.length} HTTP APIs; serving ${apis[0]![0]}`);
  const [apiLogicalId] = apis[0]!;
  const apiId = String(resources.ref(apiLogicalId));
  const ofApi = (type: string) => resourcesOfType(t, type).filter(([id]) => resources.properties(id)['ApiId'] === apiId);
  const integrations = new Map(ofApi('AWS::ApiGatewayV2::Integration').map(([id]) => [String(resources.ref(id)), resources.properties(id)]));
  const stage = ofApi('AWS::ApiGatewayV2::Stage').map(([id]) => String(resources.properties(id)['StageName']))[0] ?? '$default';
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
    invoke: async (arn, event) => {
      const fn = functions.find(arn);
      if (fn === undefined) throw new Error(`function ${arn} is not running locally`);
      return fn.invoke(event);
    },
  };
}

/** The generated secret a function reads as its API token (or the only one). */
function pickApiToken(secrets: LocalSecret[], functions: FunctionRegistry): string | undefined {
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
