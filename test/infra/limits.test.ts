// AWS's deployment limits at synth: the largest config the schema allows, with 5,000 people,
// synthesizes within every limit; what would not deploy is refused, naming the file and the limit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ITEMS_FILE } from '../../functions/contract/people-seed.js';
import { checkTemplate, deployedBytes, LIMITS } from '../../lib/limits.js';
import { loadNetworkConfig, type NetworkConfig } from '../../lib/network-config.js';
import { NetworkStack } from '../../lib/network-stack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const demo = JSON.parse(readFileSync(join(root, 'networks', 'demo.json'), 'utf8'));

/** The longest text the schema allows (600 characters), with æøå: about 2 bytes a character in UTF-8. */
const longest = (seed: string) => `${seed} `.concat('æøå Åø '.repeat(200)).slice(0, 600);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samskab-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the largest network the config allows', () => {
  let config: NetworkConfig;
  let templateFile: string;
  let template: { Resources: Record<string, { Type: string; Properties: Record<string, any>; Metadata?: Record<string, string> }> };
  let outdir: string;

  beforeAll(() => {
    const text = (s: string) => ({ da: longest(s), en: longest(`${s} (en)`) });
    const people = Array.from({ length: 5000 }, (_, i) => ({
      id: `person-${String(i).padStart(4, '0')}-${'ø'.length}-${'x'.repeat(40)}`,
      name: `Søren Ærø Åkjær ${i} `.concat('Ø'.repeat(120)).slice(0, 120),
      email: `person.${i}.${'a'.repeat(200)}@example.org`,
      role: 'citizen',
      municipality: 'Kolding',
      language: i % 2 === 0 ? 'da' : 'en',
    }));
    const file = join(dir, 'maximal.json');
    writeFileSync(file, JSON.stringify({
      ...demo,
      name: 'Ø'.repeat(120),
      municipalities: [...demo.municipalities, ...Array.from({ length: 20 }, (_, i) => `Kommune ${i} `.concat('æ'.repeat(60)).slice(0, 60))],
      practicalInfo: { text: text('Praktisk'), url: 'https://example.org/praktisk' },
      attendanceGuidelines: { text: text('Fremmøde'), url: 'https://example.org/fremmoede' },
      people: [...demo.people, ...people],
      reservedConcurrency: { api: 20, mailer: 10 },
      sesVerifiedRecipients: ['tester@kolding.example.com'],
    }));
    config = loadNetworkConfig(file);
    outdir = join(dir, 'cdk.out');
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new NetworkStack(app, 'Samskab-maximal', { config });
    templateFile = app.synth().getStackByName(stack.stackName).templateFullPath;
    template = JSON.parse(readFileSync(templateFile, 'utf8'));
  }, 600_000);

  it('keeps the template under 1 MB and 500 resources, and every role\'s inline policies within IAM\'s size', () => {
    expect(readFileSync(templateFile).length).toBeLessThan(LIMITS.templateBytes);
    expect(Object.keys(template.Resources).length).toBeLessThan(LIMITS.templateResources);
    expect(() => checkTemplate(templateFile, config)).not.toThrow();
  });

  it('keeps every function\'s environment under 4 KB, the long texts travelling in the bundle', () => {
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    for (const fn of functions) {
      const variables = (fn.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
      const bytes = Object.entries(variables).reduce((n, [k, v]) => n + Buffer.byteLength(k) + deployedBytes(v), 0);
      expect(bytes).toBeLessThan(LIMITS.lambdaEnvironmentBytes);
    }
    expect(readFileSync(templateFile, 'utf8')).not.toContain(longest('Praktisk'));
  });

  it('creates an SES identity for each sandbox recipient the config lists', () => {
    const identities = Object.values(template.Resources).filter((r) => r.Type === 'AWS::SES::EmailIdentity').map((r) => r.Properties['EmailIdentity']);
    expect(identities).toEqual(['tester@kolding.example.com']);
  });

  it('reserves the concurrency the config asks for, and only that', () => {
    const reserved = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties['ReservedConcurrentExecutions'] !== undefined)
      .map(([id, r]) => [id.replace(/Function.*$/, ''), r.Properties['ReservedConcurrentExecutions']]);
    expect(reserved.sort()).toEqual([['Api', 20], ['Mailer', 10]]);
  });

  it('seeds all 5,000 people and their address keys from the bundle, none of them in the template', () => {
    const [seed] = Object.values(template.Resources).filter((r) => r.Type === 'Custom::PeopleSeed');
    expect(seed!.Properties['GroupHashes']).toHaveLength(Math.ceil((config.people.length * 2) / 25));
    const fnId = seed!.Properties['ServiceToken']['Fn::GetAtt'][0] as string;
    const bundle = join(outdir, template.Resources[fnId]!.Metadata!['aws:asset:path']!);
    const items = JSON.parse(readFileSync(join(bundle, SEED_ITEMS_FILE), 'utf8')) as unknown[];
    expect(items).toHaveLength(config.people.length * 2); // each person and their address key
    expect(readFileSync(templateFile, 'utf8')).not.toContain('person.4999.');
  });
});

describe('templates CloudFormation would refuse', () => {
  const config = { ...loadNetworkConfig(join(root, 'networks', 'demo.json')), file: 'networks/big.json' };
  const write = (template: unknown) => {
    const file = join(dir, `t${Math.random()}.json`);
    writeFileSync(file, JSON.stringify(template));
    return file;
  };

  it('refuses more than 500 resources, naming the file and the limit', () => {
    const Resources = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`Q${i}`, { Type: 'AWS::SQS::Queue' }]));
    expect(() => checkTemplate(write({ Resources }), config)).toThrow('networks/big.json: the template declares 501 resources; CloudFormation allows 500');
  });

  it('refuses a template over 1 MB', () => {
    const file = write({ Resources: { Q: { Type: 'AWS::SQS::Queue', Metadata: { pad: 'x'.repeat(LIMITS.templateBytes) } } } });
    expect(() => checkTemplate(file, config)).toThrow(/networks\/big\.json: the template is \d+ bytes; CloudFormation allows 1048576 bytes \(1 MB\)/);
  });

  it('refuses a role whose inline policies exceed 10,240 characters', () => {
    const Statement = Array.from({ length: 60 }, (_, i) => ({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [`Table${i}`, 'Arn'] } }));
    const file = write({ Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
      Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Version: '2012-10-17', Statement } } },
    } });
    expect(() => checkTemplate(file, config)).toThrow(/networks\/big\.json: the inline policies of role \{"Ref":"Role"\} come to about \d+ characters; IAM allows 10240 per role/);
  });
});
