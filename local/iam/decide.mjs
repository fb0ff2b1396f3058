// IAM decisions for the local cloud, made by @cloud-copilot/iam-simulate (not by us): is a
// function's execution role allowed an action on a resource, and does a resource policy (a role's
// trust policy, a function's Lambda permissions) let a service principal in. Plain JavaScript,
// because dynalite's worker thread (emulator-worker.mjs) runs it without the TypeScript loader.
import { runSimulation } from '@cloud-copilot/iam-simulate';

/**
 * @typedef {{ name: string, policy: object }} NamedPolicy
 * @typedef {{ accessKeyId: string, principalArn: string, roleArn: string, policies: NamedPolicy[] }} Caller
 * @typedef {{ action: string, resource: string, context?: Record<string, string | string[]> }} Check
 */

export class IamDecider {
  /** @param {{ accountId: string, callers: Caller[] }} config */
  constructor(config) {
    this.accountId = config.accountId;
    this.callers = new Map(config.callers.map((c) => [c.accessKeyId, c]));
    /** @type {Map<string, Promise<string | undefined>>} */
    this.decisions = new Map();
  }

  /** The function a request comes from, by its SigV4 credential; undefined for anyone else (tools, tests). */
  caller(authorization) {
    const m = /Credential=([^/,\s]+)\//.exec(String(authorization ?? ''));
    return m === null ? undefined : this.callers.get(m[1]);
  }

  /** The first check the caller's role does not allow, as AWS words the denial; undefined when all are allowed. */
  async denial(caller, checks) {
    for (const check of checks) {
      // By principal, not access key: a schedule's session and a function can share a name, not a role.
      const key = JSON.stringify([caller.principalArn, check.action, check.resource, check.context ?? {}]);
      let decision = this.decisions.get(key);
      if (decision === undefined) {
        decision = this.decideIdentity(caller, check);
        this.decisions.set(key, decision);
      }
      const reason = await decision;
      if (reason !== undefined) return { ...check, message: deniedMessage(caller.principalArn, check, reason) };
    }
    return undefined;
  }

  async decideIdentity(caller, check) {
    const result = await simulate({
      identityPolicies: caller.policies,
      request: request(caller.principalArn, check, this.accountId),
    });
    return reasonOf(result, 'identity-based', check);
  }

  /** Whether a resource policy lets a service principal (e.g. scheduler.amazonaws.com) do the check; a reason when not. */
  resourcePolicyDenial(servicePrincipal, resourcePolicy, check) {
    if (resourcePolicy === undefined) return Promise.resolve(`no resource-based policy allows the ${check.action} action`);
    // The template fixes the resource's policy, so one simulation per (principal, action, resource) serves every invocation.
    const key = JSON.stringify(['resource', servicePrincipal, check.action, check.resource, check.context ?? {}]);
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      decision = simulate({ identityPolicies: [], resourcePolicy, request: request(servicePrincipal, check, this.accountId) })
        .then((result) => reasonOf(result, 'resource-based', check)?.replace('ACTION', check.action));
      this.decisions.set(key, decision);
    }
    return decision;
  }
}

function request(principal, check, accountId) {
  return { principal, action: check.action, resource: { resource: check.resource, accountId }, contextVariables: check.context ?? {} };
}

async function simulate(input) {
  return runSimulation({ serviceControlPolicies: [], resourceControlPolicies: [], ...input }, {});
}

/** undefined when allowed; else the clause AWS ends its denial message with. */
function reasonOf(result, kind, check) {
  if (result.resultType === 'error') {
    // The local cloud mapped a request to an action or resource IAM does not know: a bug here, shown loudly.
    throw new Error(`IAM simulation refused ${check?.action} on ${check?.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (result.overallResult === 'Allowed') return undefined;
  return result.overallResult === 'ExplicitlyDenied' ? `with an explicit deny in an ${kind} policy` : `because no ${kind} policy allows the ACTION action`;
}

function deniedMessage(principalArn, check, reason) {
  return `User: ${principalArn} is not authorized to perform: ${check.action} on resource: ${check.resource} ${reason.replace('ACTION', check.action)}`;
}

/** What a DynamoDB request asks IAM for: one check per table (and index) and action. */
export function dynamoDbChecks(op, input, region, accountId) {
  const table = (name) => `arn:aws:dynamodb:${region}:${accountId}:table/${name}`;
  const on = (action, name, index) => ({ action: `dynamodb:${action}`, resource: index === undefined ? table(name) : `${table(name)}/index/${index}` });
  switch (op) {
    case 'BatchGetItem':
    case 'BatchWriteItem':
      return Object.keys(input.RequestItems ?? {}).map((name) => on(op, name));
    case 'TransactWriteItems':
      return (input.TransactItems ?? []).flatMap((item) => Object.entries(item).map(([kind, v]) =>
        on({ Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind] ?? kind, v.TableName)));
    case 'TransactGetItems':
      return (input.TransactItems ?? []).map((item) => on('GetItem', item.Get?.TableName));
    case 'ListTables':
      return [{ action: 'dynamodb:ListTables', resource: '*' }];
    default:
      return typeof input.TableName === 'string' ? [on(op, input.TableName, input.IndexName)] : [];
  }
}
