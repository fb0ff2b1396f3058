// Reads a synthesized cloud assembly (cdk.out): finds the network's stack and its template.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
}

export interface StackArtifact {
  stackName: string;
  assemblyDir: string;
  template: CfnTemplate;
  /** Region from the stack's environment, when it is not environment-agnostic. */
  region?: string;
}

interface Manifest {
  artifacts?: Record<string, {
    type: string;
    environment?: string;
    displayName?: string;
    properties?: { templateFile?: string; stackName?: string };
  }>;
}

/** The stack named `stackName` (or the only stack) of the assembly in `assemblyDir`. */
export function readStack(assemblyDir: string, stackName?: string): StackArtifact {
  const manifestPath = join(assemblyDir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`no cloud assembly at ${assemblyDir} (manifest.json missing)`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(([, a]) => a.type === 'aws:cloudformation:stack');
  const pick = stackName === undefined
    ? (stacks.length === 1 ? stacks[0] : undefined)
    : stacks.find(([id, a]) => id === stackName || a.properties?.stackName === stackName || a.displayName === stackName);
  if (pick === undefined) {
    const names = stacks.map(([id]) => id).join(', ') || 'none';
    throw new Error(stackName === undefined
      ? `the assembly holds ${stacks.length} stacks (${names}); name one`
      : `stack ${stackName} is not in the assembly (stacks: ${names})`);
  }
  const [id, artifact] = pick;
  const templateFile = artifact.properties?.templateFile ?? `${id}.template.json`;
  const template = JSON.parse(readFileSync(join(assemblyDir, templateFile), 'utf8')) as CfnTemplate;
  const region = /^aws:\/\/[^/]+\/([a-z0-9-]+)$/.exec(artifact.environment ?? '')?.[1];
  return {
    stackName: artifact.properties?.stackName ?? id,
    assemblyDir,
    template,
    ...(region !== undefined && region !== 'unknown-region' ? { region } : {}),
  };
}

/** The resources of one type, as [logicalId, resource] pairs in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export const props = (r: CfnResource): Record<string, unknown> => r.Properties ?? {};
