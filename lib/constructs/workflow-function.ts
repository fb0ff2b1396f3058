// One Lambda function with the project's defaults, set once: Node.js 24 on arm64, an ESM bundle
// built by local esbuild (no Docker), its own log group with retention and a role without
// managed policies (it may write to its own log group, and everything else is granted explicitly).
// Every bundle carries the network's settings as a file (NETWORK_SETTINGS_FILE): the longest texts
// the config allows do not fit in Lambda's 4 KB environment.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NETWORK_SETTINGS_FILE } from '../../functions/contract/environment.js';
import { networkSettings, type NetworkConfig } from '../network-config.js';

/** Template metadata on each function: its handler module, relative to the project root. */
export const ENTRY_METADATA = 'samskab:entry';

/** What `node:stream/web` resolves to in every bundle (see the bundling options below). */
export const LAZY_STREAM_WEB = 'functions/shared/lazy-stream-web.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkflowFunctionProps {
  /** Handler module, relative to the project root, e.g. functions/api/handler.ts (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly config: NetworkConfig;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  /** More files in the bundle, next to index.mjs: name -> content (e.g. the people seed's items). */
  readonly files?: Record<string, string>;
  /** Shell commands run after esbuild, e.g. to put more files next to the bundle (the api's web app). */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export class WorkflowFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WorkflowFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.config.logRetentionDays as logs.RetentionDays,
      // Logs expire anyway; the data that must survive a teardown lives in the retained table.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(this.role);

    const files = { [NETWORK_SETTINGS_FILE]: JSON.stringify(networkSettings(props.config)), ...props.files };
    const staged = Object.entries(files).map(([name, content]) => [name, stage(content)] as const);
    const afterBundling = (inputDir: string, outputDir: string) => [
      ...staged.map(([name, file]) => `cp "${file}" "${outputDir}/${name}"`),
      ...(props.afterBundling?.(inputDir, outputDir) ?? []),
    ];
    this.function = new NodejsFunction(this, 'Function', {
      entry: `${root}${props.entry}`,
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      // Lambda's JSON log format: the "level" of each line our logger writes (functions/adapters/logger.ts)
      // is filtered at ApplicationLogLevel, which Lambda hands the runtime as AWS_LAMBDA_LOG_LEVEL, and
      // Lambda's own records (START/REPORT, an uncaught error with its request id) are JSON too.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment: props.environment,
      bundling: {
        // ESM output is written as index.mjs, so Lambda loads it as a module without a package.json.
        format: OutputFormat.ESM,
        target: 'node22',
        // The ESM builds of SDK v3 tree-shake far better; bundling the SDK pins the version we test.
        mainFields: ['module', 'main'],
        externalModules: [],
        minify: true,
        sourceMap: false,
        charset: Charset.UTF8,
        // Cold start: @middy/core imports Node's web streams for a check no function needs at import
        // (functions/shared/lazy-stream-web.ts); bench/init.ts builds its baseline with the same alias.
        esbuildArgs: { '--alias': `node:stream/web=${root}${LAZY_STREAM_WEB}` },
        forceDockerBundling: false,
        commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling },
      },
    });
    // The bench (bench/init.ts) finds each bundle's handler source by this, not by guessing from ids.
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
  }
}

/** A file named by its content, for the bundle's afterBundling copy (the bundle's hash follows the content). */
function stage(content: string): string {
  const dir = join(tmpdir(), 'samskab-bundle-files');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, createHash('sha256').update(content).digest('hex').slice(0, 32));
  writeFileSync(file, content);
  return file;
}
