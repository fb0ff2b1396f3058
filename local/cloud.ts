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
import { describeDeployment, type LocalCatalog } from './aws-endpoint/catalog.js';
import { createAwsEndpoint } from './aws-endpoint/server.js';
import { SesProxy, type CapturedMail } from './aws-endpoint/ses-proxy.js';
import { AsyncInvoker } from './async-invocations.js';
import {
  buildHttpApi, declareEventInvokeConfigs, declareEventSourceMappings, declareFunctions, declareQueues, declareRules, declareSecrets,
  pickApiToken, assumeScheduleRole, scheduleInvoker, targetInvoker, declareTemplateSchedules,
} from './cloud-wiring.js';
import { createTables, runCustomResources, startDynalite, type DynamoDbEmulator } from './dynamodb.js';
import { EventBus } from './event-bus.js';
import type { QueuePoller } from './event-source-mappings.js';
import { FaultState, type Faults } from './faults.js';
import { FunctionRegistry } from './functions.js';
import { Journal, JOURNAL_FILE } from './journal.js';
import { LocalIam } from './iam/local-iam.js';
import { readTemplateIam } from './iam/policies.js';
import { closeServer, listen, localUrl } from './ports.js';
import { QueueRegistry } from './queues.js';
import { LocalResources } from './resources.js';
import { LocalScheduler, type Schedule } from './scheduler.js';
import { SecretStore } from './secrets.js';
import { startSesEmulator, type SesEmulator } from './ses.js';
import { SesSimulator } from './ses-simulator.js';
import { createS3Endpoint, declareBuckets, LocalS3, type S3EndpointDeps } from './s3.js';
import { createSmtpServer, declareReceiptRules, listenSmtp } from './smtp.js';
import type { SMTPServer } from 'smtp-server';
import { SesSandbox, templateIdentities } from './ses-sandbox.js';
import { Stats } from './stats.js';
import { TtlSweeper, ttlTables } from './ttl-sweeper.js';
import { synthesize } from './synth.js';
import { readStack, type StackArtifact } from './template.js';

export { shortName } from './cloud-wiring.js';

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
  /** SES receiving's SMTP endpoint (local/smtp.ts): mail to the template's receipt rules. */
  smtp?: number;
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
  /** Evaluate IAM as AWS does (roles, trust policies, Lambda permissions; local/iam). Default true. */
  iam?: boolean;
  /** false: the HTTP API ignores the stage's throttling (a test that fires requests faster than the public routes allow, on purpose). Default true. */
  apiThrottling?: boolean;
  /** SES's sandbox: only verified identities (local/ses-sandbox.ts); or exactly these identities (and the mailbox simulator). */
  sesSandbox?: boolean | { verifiedIdentities: string[] };
  /** The account's SES sending rate, mails a second (0 = no limit); default 14, as a new production account. */
  sesMaxSendRate?: number;
  /** How often expired TTL items are deleted (dynalite does not); 0 = only on sweepTtl(). Default 60 s. */
  ttlSweepIntervalMs?: number;
  /**
   * Run this network in another local cloud's account (its `account`): one DynamoDB (the SES
   * send-rate limiter's table), one SES with one sending rate, as the stacks of one AWS account
   * and region share them (local/cloud-account.ts). The SES counters are the first cloud's.
   */
  account?: LocalAccount;
}

/** What the networks of one local cloud share, as every stack in an AWS account and region does. */
export interface LocalAccount {
  dynamo: DynamoDbEmulator;
  ses: SesEmulator;
  sesProxy: SesProxy;
  /** Adds a network's functions to the shared DynamoDB's IAM check (each function's role). */
  addIam(config: LocalIam['deciderConfig']): void;
  /** Puts SES in its sandbox with these verified identities, added to the other networks' (one SES account). */
  addSandboxIdentities(identities: string[], region: string): string[];
}

export interface LocalCloud {
  network: string;
  /** What another network started with `account` shares with this one. */
  account: LocalAccount;
  stackName: string;
  dataDir: string;
  assemblyDir: string;
  /** `dynamodbFunctions`: the functions' own DynamoDB port (counted, IAM-checked); `dynamodb` is the cloud's own. */
  urls: { api: string; app: string; mail: string; aws: string; dynamodb: string; dynamodbFunctions: string; smtp: string };
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

/** The local cloud's log: the last LOG_LINES lines, echoed to the console or a callback. */
function createLog(sink: LogOption) {
  const recent: string[] = [];
  const log = (source: string, line: string) => {
    recent.push(`[${source}] ${line}`);
    if (recent.length > LOG_LINES) recent.splice(0, recent.length - LOG_LINES);
    if (sink === 'inherit') console.log(`[${source}] ${line}`);
    else if (typeof sink === 'function') sink(source, line);
  };
  return { log, say: (line: string) => log('local', line), recent: () => [...recent] };
}

const portHint = (flag: string, env: string) => `Stop what uses it, or choose another port with ${flag} <n> or ${env}=<n> (0 = any free port).`;

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const network = options.network ?? 'demo';
  const projectDir = options.projectDir ?? projectRoot;
  const dataDir = resolvePath(options.dataDir ?? join(projectDir, '.samskab', network));
  const host = options.host ?? '127.0.0.1';
  // SMTP: a free port unless asked (npm start asks for 2525), so clouds started side by side by tests never collide.
  const ports = { api: 3000, aws: 3001, mail: 8005, dynamodb: 0, smtp: 0, ...options.ports };
  const accountId = options.accountId ?? '000000000000';
  const timeScale = options.timeScale ?? 1;
  const { log, say, recent } = createLog(options.logs ?? 'silent');

  if (options.fresh === true) {
    // Keep secrets.json: the API token survives a fresh start, the data does not.
    for (const f of ['dynamodb', 'deployed.json', 'schedules.json', JOURNAL_FILE]) rmSync(join(dataDir, f), { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });

  const stats = new Stats();
  const faults = new FaultState(options.faults);
  const activity = new Activity();
  const clock = new LocalClock();
  // Queue messages and pending deliveries and invocations, kept across restarts.
  const journal = new Journal(dataDir, (err) => say(`could not write ${JOURNAL_FILE}: ${err.message}`));
  const queues = new QueueRegistry(Date.now, { journal, timeScale });
  const functions = new FunctionRegistry();
  const pollers: QueuePoller[] = [];
  const servers: Server[] = [];
  let dynamo: DynamoDbEmulator | undefined;
  let ses: SesEmulator | undefined;
  let httpApi: HttpApiRuntime | undefined;
  let scheduler: LocalScheduler | undefined;
  let eventBus: EventBus | undefined;
  let asyncInvoker: AsyncInvoker | undefined;
  let ttl: TtlSweeper | undefined;
  let smtp: SMTPServer | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const p of pollers) p.stop();
    eventBus?.stop();
    asyncInvoker?.stop();
    journal.close();
    ttl?.stop();
    scheduler?.stop();
    await functions.stop();
    await Promise.all(servers.map((s) => closeServer(s)));
    await new Promise<void>((r) => (smtp === undefined ? r() : smtp.close(() => r())));
    if (options.account !== undefined) return;
    if (ses !== undefined) await closeServer(ses.server);
    await dynamo?.close();
    closeForwardAgent();
  };

  try {
    // Servers first: their ports go into queue URLs, the API URL and the functions' environment.
    const secrets = new SecretStore(dataDir);
    const sesProxyRef: { proxy?: SesProxy } = {};
    const { waitForIdle, snapshot } = idleAndStats({ activity, queues, pollers, stats, faults });
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

    const account = options.account ?? await startAccount(dataDir, host, ports, { faults, stats, journal, sesMaxSendRate: options.sesMaxSendRate });
    dynamo = account.dynamo;
    if (options.account === undefined) stats.attach('DynamoDB', dynamo.counters);
    ses = account.ses;
    const sesProxy = account.sesProxy;
    sesProxyRef.proxy = sesProxy;

    // The endpoint's handlers need the event bus and scheduler, built once the template is read.
    const late: { eventBus?: EventBus; scheduler?: LocalScheduler; catalog?: LocalCatalog; iam?: LocalIam } = {};
    const awsServer = createAwsEndpoint({
      stats, activity, secrets, ses: sesProxy,
      sqs: { queues, faults, stats },
      get eventBus() { return late.eventBus!; },
      get scheduler() { return late.scheduler!; },
      get catalog() { return late.catalog!; },
      get iam() { return late.iam; },
      log: (l) => say(l),
    });
    servers.push(awsServer);
    const awsPort = await listen(awsServer, ports.aws, host, 'local AWS endpoint', portHint('--aws-port', 'SAMSKAB_AWS_PORT'));
    const awsUrl = localUrl(host, awsPort);
    // The buckets (SES receiving's S3 action writes, functions read with AWS_ENDPOINT_URL_S3); IAM once the template is read.
    const s3Deps: S3EndpointDeps = { s3: new LocalS3(join(dataDir, 's3')), stats, activity, log: (l) => say(l) };
    const s3Server = createS3Endpoint(s3Deps);
    servers.push(s3Server);
    const s3Url = localUrl(host, await listen(s3Server, 0, host, 'local S3'));

    // Synthesized after the ports are bound, so a taken port fails fast.
    const stack = await readOrSynthesize(options, projectDir, network);
    const region = options.region ?? stack.region ?? 'eu-west-1';
    const resources = new LocalResources(stack, { region, accountId, awsEndpointUrl: awsUrl, apiUrl });
    const iam = options.iam === false ? undefined : new LocalIam(readTemplateIam(resources, accountId, say), { region, accountId });
    late.iam = iam;
    s3Deps.iam = iam;
    declareBuckets(resources, s3Deps.s3);
    if (iam !== undefined) account.addIam(iam.deciderConfig);

    // Tables and seed data; first the account-wide ones (the SES send-rate limiter), if the assembly has them.
    const accountStack = readAccountStack(stack.assemblyDir);
    if (accountStack !== undefined) await createTables(dynamo.client, new LocalResources(accountStack, { region, accountId, awsEndpointUrl: awsUrl, apiUrl }), say);
    const created = await createTables(dynamo.client, resources, say);
    await runCustomResources(dynamo.client, resources, dataDir, { tablesCreated: created.length > 0, log: say });

    const declared = declareSecrets(resources, secrets);
    declareQueues(resources, queues);
    declareFunctions(stack, resources, functions, { region, awsUrl, dynamodbUrl: dynamo.functionsEndpoint, apiUrl, s3Url }, { stats, faults, activity, clock }, log);
    asyncInvoker = new AsyncInvoker({
      functions, configs: declareEventInvokeConfigs(resources, functions, queues, say), queues, stats, activity, timeScale, journal, log: (l) => say(l),
    });
    const invokeTarget = targetInvoker(asyncInvoker, queues, () => late.eventBus!, iam);
    // SES receiving: mail to the template's receipt rules -> S3 action -> Lambda action.
    const receiptRules = declareReceiptRules(resources, say);
    const invoker = asyncInvoker;
    smtp = createSmtpServer({ rules: () => receiptRules, s3: s3Deps.s3, invoker: () => invoker, iam, region, accountId, stats, log: (l) => say(l) });
    const smtpUrl = `smtp://${localUrl(host, await listenSmtp(smtp, ports.smtp, host)).slice('http://'.length)}`;

    const { buses, rules } = declareRules(resources, queues, say);
    late.catalog = describeDeployment(resources, { buses, rules }, region, accountId);
    eventBus = new EventBus({
      buses, rules, invokeTarget, queues, faults, stats, activity, region, accountId, timeScale, journal, log: (l) => say(l),
    });
    late.eventBus = eventBus;
    const bus = eventBus;
    // SES's mailbox simulator: bounce@/complaint@/success@simulator.amazonses.com -> SES events on the default bus.
    const simulator = new SesSimulator({ putEvents: (e) => bus.putEvents(e), activity, region, accountId, log: say, count: (t) => stats.count('SESv2', `event ${t}`) });
    // SES events go to the account's default bus: with several networks, each one's copy of it
    // (each network's rule there picks its own configuration set's events).
    const otherOnSent = sesProxy.onSent;
    sesProxy.onSent = (request, messageId) => {
      otherOnSent?.(request, messageId);
      simulator.sent(request, messageId);
    };
    if (options.sesSandbox !== undefined && options.sesSandbox !== false) {
      const identities = options.sesSandbox === true ? templateIdentities(stack.template) : options.sesSandbox.verifiedIdentities;
      const all = account.addSandboxIdentities(identities, region);
      say(`SES sandbox: mail only from and to ${all.join(', ') || '(no identity)'} and the mailbox simulator`);
    }
    // crashAfterSend: the caller's runtime dies after SES took its mail, before it hears back.
    const otherBeforeAnswer = sesProxy.beforeAnswer;
    sesProxy.beforeAnswer = async (caller) => {
      await otherBeforeAnswer?.(caller);
      const fn = functions.find(caller);
      if (fn === undefined || !faults.takeCrashAfterSend(fn.spec)) return;
      stats.faults.crashes++;
      say(`fault: ${fn.spec.name} killed after SES accepted its mail (crashAfterSend)`);
      await fn.stop();
    };
    // TTL expiry, which dynalite lacks, on the local clock.
    ttl = new TtlSweeper(dynamo.client, ttlTables(resources), () => clock.now(), say);
    ttl.start(options.ttlSweepIntervalMs ?? 60_000);

    // Scheduler: one-time schedules created by the functions.
    scheduler = new LocalScheduler(dataDir, {
      region, accountId, queues, stats, activity, timeScale, clock, log: (l) => say(l),
      invoke: scheduleInvoker(bus, invokeTarget, iam),
      ...(iam !== undefined ? {
        authorizeDeadLetter: async (s: Schedule, dlqArn: string) => iam.authorizeRole(await assumeScheduleRole(iam, s), [{ action: 'sqs:SendMessage', resource: dlqArn }]),
      } : {}),
    });
    late.scheduler = scheduler;
    scheduler.start();
    // The template's own schedules (the daily digest), recurring on the local clock.
    for (const s of declareTemplateSchedules(resources, scheduler)) say(`schedule ${s.GroupName}/${s.Name}: ${s.ScheduleExpression}${s.ScheduleExpressionTimezone ? ` (${s.ScheduleExpressionTimezone})` : ''}`);

    pollers.push(...declareEventSourceMappings(resources, queues, functions, { activity, region, timeScale, log: (l) => say(l) }, say));
    if (iam !== undefined) await Promise.all(pollers.map((p) => iam.authorizeQueuePolling(p.functionArn, p.spec.queueArn)));
    httpApi = buildHttpApi(resources, region, accountId, functions, say, iam);
    if (options.apiThrottling === false && httpApi !== undefined) delete httpApi.throttling;

    for (const p of pollers) p.start();
    // What a previous run left pending (a kill -9 included) resumes now.
    eventBus.start();
    asyncInvoker.start();
    const queued = queues.all().reduce((n, q) => n + q.depth, 0);
    if (queued > 0 || stats.lambdaAsync.resumed > 0) {
      say(`resumed from ${JOURNAL_FILE}: ${queued} queued message(s), ${stats.lambdaAsync.resumed} pending asynchronous invocation(s)`);
    }
    if (options.warm === true) {
      await Promise.all(functions.all().map((f) => f.warm().catch((err: Error) => say(`${f.spec.name}: init failed: ${err.message}`))));
    }

    const token = pickApiToken(declared, functions);
    return {
      network,
      account,
      stackName: stack.stackName,
      dataDir,
      assemblyDir: stack.assemblyDir,
      urls: { api: apiUrl, app: apiUrl, mail: ses.url, aws: awsUrl, dynamodb: dynamo.endpoint, dynamodbFunctions: dynamo.functionsEndpoint, smtp: smtpUrl },
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
      logs: recent,
      sweepTtl: () => ttl!.sweep(),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** DynamoDB and SES for a local account; their data stay in the first network's data folder. */
async function startAccount(
  dataDir: string, host: string, ports: Required<LocalCloudPorts>,
  o: { faults: FaultState; stats: Stats; journal: Journal; sesMaxSendRate: number | undefined },
): Promise<LocalAccount> {
  const dynamo = await startDynalite(dataDir, ports.dynamodb, host);
  try {
    const ses = await startSesEmulator(ports.mail, host, portHint('--mail-port', 'SAMSKAB_MAIL_PORT'));
    const sesProxy = new SesProxy({ host, port: ses.port }, o.faults, o.stats, o.sesMaxSendRate !== undefined ? { maxSendRate: o.sesMaxSendRate } : {});
    sesProxy.keepIn(o.journal.section('ses-outbox'));
    const callers = new Map<string, LocalIam['deciderConfig']['callers'][number]>();
    let iamAccount = '';
    const verified = new Set<string>();
    return {
      dynamo, ses, sesProxy,
      addSandboxIdentities: (identities, region) => {
        for (const i of identities) verified.add(i);
        sesProxy.sandbox = new SesSandbox(verified, region);
        return [...verified];
      },
      addIam: (config) => {
        iamAccount = config.accountId;
        for (const c of config.callers) callers.set(c.accessKeyId, c);
        dynamo.setIam({ accountId: iamAccount, callers: [...callers.values()] });
      },
    };
  } catch (err) {
    await dynamo.close();
    throw err;
  }
}

async function readOrSynthesize(options: LocalCloudOptions, projectDir: string, network: string): Promise<StackArtifact> {
  let assemblyDir = options.assemblyDir;
  if (assemblyDir === undefined) {
    assemblyDir = join(projectDir, '.samskab', 'cdk.out', network);
    await synthesize(projectDir, network, assemblyDir);
  }
  return readStack(assemblyDir, options.stackName ?? `Samskab-${network}`);
}

/** The stack every network in the account shares (bin/app.ts synthesizes it with every network). */
function readAccountStack(assemblyDir: string): StackArtifact | undefined {
  try {
    return readStack(assemblyDir, ACCOUNT_STACK);
  } catch {
    return undefined;
  }
}
const ACCOUNT_STACK = 'Samskab-account';

/** waitForIdle and the /_local/stats snapshot, over the running components. */
function idleAndStats(c: { activity: Activity; queues: QueueRegistry; pollers: QueuePoller[]; stats: Stats; faults: FaultState }) {
  const { activity, queues, pollers, stats, faults } = c;
  const isIdle = () => activity.count === 0 && pollers.every((p) => queues.byArn(p.spec.queueArn)?.depth === 0);
  const busySummary = () => ({
    activity: activity.count,
    queues: Object.fromEntries(queues.all().map((q) => [q.config.name, q.counts()])),
  });
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
  const snapshot = (): LocalCloudStats => ({
    ...stats.snapshot(),
    queues: Object.fromEntries(queues.all().map((q) => [q.config.name, { ...q.counts(), deadLetterQueue: queues.isDeadLetterQueue(q) }])),
    deadLetterQueues: Object.fromEntries(queues.all().filter((q) => queues.isDeadLetterQueue(q)).map((q) => [q.config.name, q.depth])),
    activity: activity.count,
    faultSettings: faults.current,
  });
  return { waitForIdle, snapshot };
}
