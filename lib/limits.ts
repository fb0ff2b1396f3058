// AWS's deployment limits, checked at synth so that a config that synthesizes also deploys.
// Every error names the network's config file and the limit.
import { readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import { NetworkConfigError, type NetworkConfig } from './network-config.js';

export const LIMITS = {
  /** Lambda: UTF-8 bytes of every key and value of a function's environment. */
  lambdaEnvironmentBytes: 4 * 1024,
  /** CloudFormation: a template uploaded through S3 (as cdk deploy does). */
  templateBytes: 1024 * 1024,
  /** CloudFormation: resources in one template. */
  templateResources: 500,
  /** IAM: the characters of every inline policy of one role, whitespace not counted. */
  roleInlinePolicyChars: 10_240,
} as const;

/**
 * What an unresolved reference (Ref, Fn::GetAtt, ...) comes to once CloudFormation deploys it: room
 * for the longest ARN or URL of this stack (a queue URL with an 80-character generated name in a
 * 14-character region). Pseudo parameters have their own, known, sizes.
 */
const REFERENCE_BYTES = 160;
const PSEUDO_BYTES: Record<string, number> = {
  'AWS::Region': 14, 'AWS::AccountId': 12, 'AWS::Partition': 10, 'AWS::URLSuffix': 16, 'AWS::StackName': 128, 'AWS::StackId': 160,
};

/** The bytes a resolved CloudFormation value comes to once deployed, references counted at their largest. */
export function deployedBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + deployedBytes(v), 0);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      if (fn === 'Ref') return PSEUDO_BYTES[String(arg)] ?? REFERENCE_BYTES;
      if (fn === 'Fn::Join') {
        const [sep, parts] = arg as [string, unknown[]];
        return parts.reduce<number>((n, p) => n + deployedBytes(p), Math.max(0, parts.length - 1) * Buffer.byteLength(sep, 'utf8'));
      }
      if (fn.startsWith('Fn::')) return REFERENCE_BYTES;
    }
    return entries.reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + deployedBytes(v), 0);
  }
  return 0;
}

const where = (config: NetworkConfig) => config.file ?? `networks/${config.slug}.json`;

/** Every function's environment, keys and values in UTF-8 bytes as Lambda counts them, within 4 KB. */
export function checkFunctionEnvironments(scope: IConstruct, config: NetworkConfig): void {
  const stack = Stack.of(scope);
  for (const fn of scope.node.findAll().filter((c): c is lambda.CfnFunction => c instanceof lambda.CfnFunction)) {
    const variables = (stack.resolve(fn.environment) as { variables?: Record<string, unknown> } | undefined)?.variables ?? {};
    const bytes = Object.entries(variables).reduce((n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + deployedBytes(v), 0);
    if (bytes > LIMITS.lambdaEnvironmentBytes) {
      throw new NetworkConfigError(
        `${where(config)}: the environment of ${fn.node.path.replace(/\/Resource$/, '')} comes to ${bytes} bytes (UTF-8, keys and values, ` +
          `references at their largest); Lambda allows ${LIMITS.lambdaEnvironmentBytes} bytes`,
      );
    }
  }
}

interface Template { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> }

/** The synthesized template as CloudFormation receives it: 1 MB, 500 resources, each role's inline policies. */
export function checkTemplate(templateFile: string, config: NetworkConfig): void {
  const text = readFileSync(templateFile);
  if (text.length > LIMITS.templateBytes) {
    throw new NetworkConfigError(`${where(config)}: the template is ${text.length} bytes; CloudFormation allows ${LIMITS.templateBytes} bytes (1 MB)`);
  }
  const resources = (JSON.parse(text.toString('utf8')) as Template).Resources ?? {};
  const count = Object.keys(resources).length;
  if (count > LIMITS.templateResources) {
    throw new NetworkConfigError(`${where(config)}: the template declares ${count} resources; CloudFormation allows ${LIMITS.templateResources}`);
  }
  const perRole = new Map<string, number>();
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const chars = deployedBytes(r.Properties?.['PolicyDocument']) + structureChars(r.Properties?.['PolicyDocument']);
    for (const role of (r.Properties?.['Roles'] as unknown[] | undefined) ?? []) {
      const id = JSON.stringify(role);
      perRole.set(id, (perRole.get(id) ?? 0) + chars);
    }
  }
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    // Policies written inline in the role itself count towards the same limit.
    const key = JSON.stringify({ Ref: id });
    for (const p of (r.Properties?.['Policies'] as Array<{ PolicyDocument?: unknown }> | undefined) ?? []) {
      perRole.set(key, (perRole.get(key) ?? 0) + deployedBytes(p.PolicyDocument) + structureChars(p.PolicyDocument));
    }
  }
  for (const [role, chars] of perRole) {
    if (chars > LIMITS.roleInlinePolicyChars) {
      throw new NetworkConfigError(
        `${where(config)}: the inline policies of role ${role} come to about ${chars} characters; IAM allows ${LIMITS.roleInlinePolicyChars} per role`,
      );
    }
  }
}

/** The JSON punctuation around a document's values (quotes, colons, commas, brackets), which IAM counts too. */
function structureChars(value: unknown): number {
  if (typeof value === 'string') return 2;
  if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1) + value.reduce<number>((n, v) => n + structureChars(v), 0);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0]![0] === 'Ref' || entries[0]![0].startsWith('Fn::'))) return 2;
    return 2 + Math.max(0, entries.length - 1) + entries.reduce((n, [, v]) => n + 3 + structureChars(v), 0);
  }
  return 0;
}
