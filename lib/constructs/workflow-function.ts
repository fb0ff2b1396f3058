// One Lambda function with the project's defaults, set once: Node.js 24 on arm64, an ESM bundle
// built by local esbuild (no Docker), its own log group with retention and a role without
// managed policies (it may write to its own log group, and everything else is granted explicitly).
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { NetworkConfig } from '../network-config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkflowFunctionProps {
  /** Handler module, relative to the project root, e.g. functions/api/handler.ts (exports `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly config: NetworkConfig;
  readonly environment?: Record<string, string>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
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
        forceDockerBundling: false,
        ...(props.afterBundling
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: props.afterBundling,
              },
            }
          : {}),
      },
    });
  }
}
