// EventBridge's read-only calls an operator looks around with (JSON protocol, AWSEvents.<Operation>):
// rules, their targets and event buses, from the deployed template.
import type { CatalogRule, LocalCatalog } from './catalog.js';
import { AwsError } from './wire.js';

export function handleEventBridgeRead(op: string, input: Record<string, unknown>, catalog: LocalCatalog): unknown {
  switch (op) {
    case 'ListRules': {
      const busName = busNameOf(input['EventBusName'], catalog);
      const prefix = stringOr(input['NamePrefix'], '');
      const Rules = catalog.rules.filter((r) => r.EventBusName === busName && r.Name.startsWith(prefix)).map(ruleSummary);
      return { Rules };
    }
    case 'DescribeRule': {
      const rule = ruleOf(input['Name'], input['EventBusName'], catalog);
      return { ...ruleSummary(rule), CreatedBy: catalog.accountId };
    }
    case 'ListTargetsByRule':
      return { Targets: ruleOf(input['Rule'], input['EventBusName'], catalog).Targets };
    case 'ListRuleNamesByTarget': {
      const arn = requireString(input['TargetArn'], 'targetArn');
      const busName = busNameOf(input['EventBusName'], catalog);
      return { RuleNames: catalog.rules.filter((r) => r.EventBusName === busName && r.Targets.some((t) => t['Arn'] === arn)).map((r) => r.Name) };
    }
    case 'ListEventBuses': {
      const prefix = stringOr(input['NamePrefix'], '');
      return { EventBuses: catalog.buses.filter((b) => b.Name.startsWith(prefix)) };
    }
    case 'DescribeEventBus': {
      const name = busNameOf(input['Name'], catalog);
      return catalog.buses.find((b) => b.Name === name)!;
    }
    default:
      throw new AwsError(400, 'UnsupportedOperation', `EventBridge ${op} is not supported by the local cloud`);
  }
}

function ruleSummary(rule: CatalogRule): Record<string, unknown> {
  const { Targets: _targets, ...summary } = rule;
  return summary;
}

function ruleOf(name: unknown, busRef: unknown, catalog: LocalCatalog): CatalogRule {
  const ruleName = requireString(name, 'name');
  const busName = busNameOf(busRef, catalog);
  const rule = catalog.rules.find((r) => r.Name === ruleName && r.EventBusName === busName);
  if (rule === undefined) throw new AwsError(400, 'ResourceNotFoundException', `Rule ${ruleName} does not exist on EventBus ${busName}.`);
  return rule;
}

/** A bus by name or ARN (default: the account's default bus); unknown buses are not found. */
function busNameOf(ref: unknown, catalog: LocalCatalog): string {
  const text = stringOr(ref, 'default');
  const name = text.startsWith('arn:') ? text.slice(text.lastIndexOf('/') + 1) : text;
  if (!catalog.buses.some((b) => b.Name === name)) throw new AwsError(400, 'ResourceNotFoundException', `Event bus ${name} does not exist.`);
  return name;
}

function requireString(value: unknown, member: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}
