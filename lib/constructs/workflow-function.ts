// One Lambda function with the project's defaults, set once: Node.js 24 on arm64, an ESM bundle with
// code splitting built by local esbuild (lib/constructs/bundling.ts), its own log group with
// retention and a role without managed policies (it may write to its own log group, and everything
// else is granted explicitly).
// Every bundle carries the network's settings as a file (NETWORK_SETTINGS_FILE): the longest texts
// the config allows do not fit in Lambda's 4 KB environment.
import { fileURLToPath } from 'node:url';
import { AssetHashType, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NETWORK_SETTINGS_FILE } from '../../functions/contract/environment.js';
import { networkSettings, type NetworkConfig } from '../network-config.js';
import { ENTRY_FILE, FunctionBundle } from './bundling.js';

/** Template metadata on each function: its handler module, relative to the project root. */
export const ENTRY_METADATA = 'samskab:entry';

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
  readonly function: lambda.Function;
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

    const bundle = new FunctionBundle({
      entry: `${root}${props.entry}`,
      projectDir: root,
      files: { [NETWORK_SETTINGS_FILE]: JSON.stringify(networkSettings(props.config)), ...props.files },
      afterBundling: props.afterBundling ?? (() => []),
    });
    this.function = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(root, {
        assetHashType: AssetHashType.OUTPUT,
        // Local bundling always succeeds or throws, so the image is never pulled.
        bundling: { image: lambda.Runtime.NODEJS_24_X.bundlingImage, local: bundle },
      }),
      handler: `${ENTRY_FILE.replace(/\.mjs$/, '')}.handler`,
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
    });
    // The bench (bench/init.ts) finds each bundle's handler source by this, not by guessing from ids.
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
  }
}
