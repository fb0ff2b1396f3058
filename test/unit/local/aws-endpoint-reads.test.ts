// The read-only calls' answers and errors, without a CLI: bus and rule lookups as EventBridge
// resolves them, ListSecrets' filters, schedule groups.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalCatalog } from '../../../local/aws-endpoint/catalog.js';
import { handleEventBridge } from '../../../local/aws-endpoint/eventbridge.js';
import { handleEventBridgeRead } from '../../../local/aws-endpoint/eventbridge-reads.js';
import type { EventBus } from '../../../local/event-bus.js';
import { handleScheduleGroups } from '../../../local/aws-endpoint/scheduler.js';
import { handleSecrets } from '../../../local/aws-endpoint/secrets.js';
import { SecretStore } from '../../../local/secrets.js';

const busArn = (name: string) => `arn:aws:events:eu-west-1:000000000000:event-bus/${name}`;
const catalog: LocalCatalog = {
  region: 'eu-west-1',
  accountId: '000000000000',
  buses: [{ Name: 'default', Arn: busArn('default') }, { Name: 'app', Arn: busArn('app') }],
  rules: [
    { Name: 'on-app', Arn: 'arn:aws:events:eu-west-1:000000000000:rule/app/on-app', EventBusName: 'app', EventPattern: '{"source":["app"]}', State: 'ENABLED', Targets: [{ Id: 't', Arn: 'arn:aws:lambda:eu-west-1:000000000000:function:f' }] },
    { Name: 'on-ses', Arn: 'arn:aws:events:eu-west-1:000000000000:rule/on-ses', EventBusName: 'default', EventPattern: '{"source":["aws.ses"]}', State: 'DISABLED', Targets: [] },
  ],
  scheduleGroups: [{ Name: 'default', Arn: 'arn:aws:scheduler:eu-west-1:000000000000:schedule-group/default', State: 'ACTIVE', CreationDate: 1, LastModificationDate: 1 }],
};

describe('EventBridge reads', () => {
  it('lists the rules of the named bus (by name or ARN), the default bus without one', () => {
    expect(handleEventBridgeRead('ListRules', { EventBusName: busArn('app') }, catalog)).toEqual({ Rules: [expect.objectContaining({ Name: 'on-app' })] });
    expect(handleEventBridgeRead('ListRules', {}, catalog)).toEqual({ Rules: [expect.objectContaining({ Name: 'on-ses', State: 'DISABLED' })] });
    expect(handleEventBridgeRead('ListRules', { EventBusName: 'app', NamePrefix: 'x' }, catalog)).toEqual({ Rules: [] });
  });

  it('finds a rule only on its own bus, and no rule on a bus that does not exist', () => {
    expect(() => handleEventBridgeRead('DescribeRule', { Name: 'on-app' }, catalog)).toThrow('Rule on-app does not exist on EventBus default.');
    expect(() => handleEventBridgeRead('ListRules', { EventBusName: 'nope' }, catalog)).toThrow('Event bus nope does not exist.');
    expect(handleEventBridgeRead('ListTargetsByRule', { Rule: 'on-app', EventBusName: 'app' }, catalog)).toEqual({ Targets: catalog.rules[0]!.Targets });
    expect(handleEventBridgeRead('ListRuleNamesByTarget', { TargetArn: 'arn:aws:lambda:eu-west-1:000000000000:function:f', EventBusName: 'app' }, catalog)).toEqual({ RuleNames: ['on-app'] });
  });

  it('refuses what it does not serve', () => {
    expect(() => handleEventBridgeRead('DeleteRule', { Name: 'on-app' }, catalog)).toThrow(/not supported by the local cloud/);
  });
});

describe('EventBridge PutEvents size', () => {
  // EventBridge counts Time (14 bytes), Source, DetailType, Detail and Resources, not the JSON or the bus name.
  const bus = { putEvents: (entries: unknown[]) => entries.map(() => ({ EventId: 'e' })) } as unknown as EventBus;
  /** An entry of `bytes` as AWS counts them: Source 3 + DetailType 1 + a Detail of 3-byte "€", ASCII and 2 quotes. */
  const entry = (bytes: number) => {
    const text = bytes - 4 - 2;
    return { EventBusName: 'b'.repeat(200), Source: 'app', DetailType: 'x', Detail: `"${'€'.repeat(Math.floor(text / 3))}${'a'.repeat(text % 3)}"` };
  };
  it('takes an entry of exactly 256 KB as AWS counts it, and refuses one byte more', () => {
    const fits = entry(256 * 1024);
    expect(handleEventBridge('PutEvents', { Entries: [fits] }, bus, catalog)).toMatchObject({ FailedEntryCount: 0 });
    const over = entry(256 * 1024 + 1);
    expect(() => handleEventBridge('PutEvents', { Entries: [over] }, bus, catalog)).toThrow('Total size of the entries in the request is over the limit.');
  });
});

describe('Scheduler schedule groups', () => {
  it('gets a group by name and answers a missing one with ResourceNotFoundException', () => {
    expect(handleScheduleGroups('GET', new URL('http://x/schedule-groups/default'), catalog).result).toMatchObject({ Name: 'default', State: 'ACTIVE' });
    expect(() => handleScheduleGroups('GET', new URL('http://x/schedule-groups/nope'), catalog)).toThrow('Schedule group nope does not exist.');
  });
});

describe('Secrets Manager ListSecrets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const store = new SecretStore(dir);
  store.declare('Token', 'samskab-demo/api-token', 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:samskab-demo/api-token-AbCdEf', {});
  store.declare('Other', 'other/key', 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:other/key-AbCdEf', { SecretString: 'v' });
  const names = (input: Record<string, unknown>) => (handleSecrets('ListSecrets', input, store) as { SecretList: Array<{ Name: string }> }).SecretList.map((s) => s.Name);

  it('lists metadata only, filtered by name prefix (and its negation)', () => {
    expect(names({})).toEqual(['samskab-demo/api-token', 'other/key']);
    expect(JSON.stringify(handleSecrets('ListSecrets', {}, store))).not.toContain('SecretString');
    expect(names({ Filters: [{ Key: 'name', Values: ['samskab-'] }] })).toEqual(['samskab-demo/api-token']);
    expect(names({ Filters: [{ Key: 'name', Values: ['!samskab-'] }] })).toEqual(['other/key']);
    expect(names({ Filters: [{ Key: 'tag-key', Values: ['x'] }] })).toEqual([]);
  });

  it('refuses an unknown filter key as Secrets Manager validates it', () => {
    expect(() => names({ Filters: [{ Key: 'colour', Values: ['x'] }] })).toThrow(/Member must satisfy enum value set/);
  });
});
