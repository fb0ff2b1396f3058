// One NetworkStack per networks/*.json; `cdk synth -c network=<slug>` selects one.
// cdk-nag's AwsSolutions pack validates every stack; a finding without acknowledgement fails synth.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadNetworkConfig, networkConfigFiles, NetworkConfigError } from '../lib/network-config.js';
import { checkTemplate } from '../lib/limits.js';
import { NetworkStack } from '../lib/network-stack.js';
import { ACCOUNT_STACK_NAME, AccountStack } from '../lib/account-stack.js';

function main(): void {
  // CDK's built-in template check costs about 4 s per synth; cfn-lint (npm run check) covers the same ground.
  const app = new App({ builtinCloudFormationValidation: false });
  // -c networksDir=<dir> points at other config files (tests, trying a new network).
  const dir = (app.node.tryGetContext('networksDir') as string | undefined) ?? fileURLToPath(new URL('../networks/', import.meta.url));
  const files = networkConfigFiles(dir);
  const wanted: unknown = app.node.tryGetContext('network');
  let selected = files;
  if (wanted !== undefined) {
    selected = files.filter((f) => basename(f, '.json') === wanted);
    if (selected.length === 0) {
      const known = files.map((f) => basename(f, '.json')).join(', ') || '(none)';
      throw new NetworkConfigError(`unknown network "${String(wanted)}" (-c network=...); known networks: ${known}`);
    }
  }
  // Shared by every network in the account and region (the SES send-rate limiter); always synthesized.
  new AccountStack(app, ACCOUNT_STACK_NAME);
  const stacks = selected.map((file) => {
    const config = loadNetworkConfig(file);
    // Environment-agnostic: the template names no account or region (deploy target comes from the CLI's credentials).
    return { config, stack: new NetworkStack(app, `Samskab-${config.slug}`, { config }) };
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  // CloudFormation's limits on the template as written (size, resources, inline policies).
  for (const { config, stack } of stacks) checkTemplate(assembly.getStackByName(stack.stackName).templateFullPath, config);
}

try {
  main();
} catch (err) {
  // Config mistakes are the operator's to fix: print the message alone, without a stack trace.
  if (err instanceof NetworkConfigError) {
    console.error(`error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
