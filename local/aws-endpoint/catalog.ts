// What an operator looks around in with the read-only AWS calls (events list-rules, scheduler
// list-schedule-groups, ...): the template's event buses, rules and schedule groups, as deployed.
import type { LocalRule } from '../event-bus.js';
import type { LocalResources } from '../resources.js';
import { resourcesOfType } from '../template.js';

export interface CatalogRule {
  Name: string;
  Arn: string;
  EventBusName: string;
  EventPattern: string;
  State: 'ENABLED' | 'DISABLED';
  Description?: string;
  /** The template's targets with their ARNs resolved, as ListTargetsByRule answers them. */
  Targets: Array<Record<string, unknown>>;
}

export interface CatalogScheduleGroup {
  Name: string;
  Arn: string;
  State: 'ACTIVE';
  CreationDate: number;
  LastModificationDate: number;
}

export interface LocalCatalog {
  region: string;
  accountId: string;
  /** Every event bus, the account's default bus first. */
  buses: Array<{ Name: string; Arn: string }>;
  rules: CatalogRule[];
  /** Every schedule group, `default` first. */
  scheduleGroups: CatalogScheduleGroup[];
}

const TARGET_FIELDS = ['Id', 'Arn', 'RoleArn', 'Input', 'InputPath', 'InputTransformer', 'RetryPolicy', 'DeadLetterConfig', 'SqsParameters'];

export function describeDeployment(
  resources: LocalResources,
  declared: { buses: ReadonlySet<string>; rules: readonly LocalRule[] },
  region: string,
  accountId: string,
): LocalCatalog {
  const busArn = (name: string) => `arn:aws:events:${region}:${accountId}:event-bus/${name}`;
  const startedAt = Math.floor(Date.now() / 1000);
  const rules = declared.rules.map((rule): CatalogRule => {
    const p = resources.properties(rule.logicalId);
    const pattern = p['EventPattern'];
    return {
      Name: rule.name,
      Arn: rule.arn,
      EventBusName: rule.busName,
      EventPattern: typeof pattern === 'string' ? pattern : JSON.stringify(pattern),
      State: rule.enabled ? 'ENABLED' : 'DISABLED',
      ...(typeof p['Description'] === 'string' ? { Description: p['Description'] } : {}),
      Targets: ((p['Targets'] as Array<Record<string, unknown>> | undefined) ?? []).map((t) =>
        Object.fromEntries(Object.entries(t).filter(([k]) => TARGET_FIELDS.includes(k)))),
    };
  });
  const groupNames = resourcesOfType(resources.stack.template, 'AWS::Scheduler::ScheduleGroup').map(([id]) => resources.name(id));
  return {
    region,
    accountId,
    buses: ['default', ...[...declared.buses].filter((b) => b !== 'default')].map((Name) => ({ Name, Arn: busArn(Name) })),
    rules,
    scheduleGroups: ['default', ...groupNames.filter((g) => g !== 'default')].map((Name) => ({
      Name,
      Arn: `arn:aws:scheduler:${region}:${accountId}:schedule-group/${Name}`,
      State: 'ACTIVE',
      CreationDate: startedAt,
      LastModificationDate: startedAt,
    })),
  };
}
