// The template's IAM, resolved locally: each function's execution role with every policy that
// applies to it (inline Policies, AWS::IAM::Policy and ::ManagedPolicy resources attached to the
// role, the AWS managed policies we know by heart), each role's trust policy, and each function's
// resource policy as its AWS::Lambda::Permission resources make it.
import type { LocalResources } from '../resources.js';
import { resourcesOfType } from '../template.js';
import type { Caller, NamedPolicy } from './decide.mjs';

type PolicyDocument = { Version?: string; Statement: unknown[] };

/** AWS managed policies CDK attaches to functions (their documents as AWS publishes them). */
const AWS_MANAGED: Record<string, PolicyDocument> = {
  'service-role/AWSLambdaBasicExecutionRole': {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' }],
  },
  'service-role/AWSLambdaSQSQueueExecutionRole': {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    }],
  },
};

export interface TemplateIam {
  /** The execution role of each function (by function ARN) with its policies; callers are keyed by access key id = function name. */
  callers: Map<string, Caller>;
  /** A role's trust policy (AssumeRolePolicyDocument), by role ARN. */
  trustPolicy(roleArn: string): PolicyDocument | undefined;
  /** A role's policies, by role ARN (for a service that assumes it, e.g. Scheduler). */
  rolePolicies(roleArn: string): NamedPolicy[];
  /** The resource policy of a function, from its AWS::Lambda::Permission resources; undefined when it has none. */
  functionPolicy(functionArn: string): PolicyDocument | undefined;
}

export function readTemplateIam(resources: LocalResources, accountId: string, say: (line: string) => void): TemplateIam {
  const template = resources.stack.template;
  const safely = <T>(what: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (err) {
      say(`IAM: ${what} is not evaluated locally: ${(err as Error).message}`);
      return undefined;
    }
  };

  // Role name (what Ref gives) -> the policies attached to it.
  const roles = new Map<string, { arn: string; trust: PolicyDocument | undefined; policies: NamedPolicy[] }>();
  const managedInTemplate = new Map<string, NamedPolicy>();
  for (const [id] of resourcesOfType(template, 'AWS::IAM::ManagedPolicy')) {
    const p = safely(`managed policy ${id}`, () => resources.properties(id));
    if (p === undefined) continue;
    managedInTemplate.set(resources.resolveString({ Ref: id }), { name: id, policy: p['PolicyDocument'] as PolicyDocument });
  }
  for (const [id] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const p = safely(`role ${id}`, () => resources.properties(id)) ?? {};
    const policies: NamedPolicy[] = ((p['Policies'] as Array<{ PolicyName: string; PolicyDocument: PolicyDocument }> | undefined) ?? [])
      .map((x) => ({ name: x.PolicyName, policy: x.PolicyDocument }));
    for (const arn of (p['ManagedPolicyArns'] as string[] | undefined) ?? []) {
      const known = managedInTemplate.get(arn) ?? awsManaged(arn);
      if (known !== undefined) policies.push(known);
      else say(`IAM: role ${id}: managed policy ${arn} is not known locally (it grants nothing here)`);
    }
    roles.set(resources.name(id), { arn: resources.arn(id), trust: p['AssumeRolePolicyDocument'] as PolicyDocument | undefined, policies });
  }
  const attach = (type: string) => {
    for (const [id] of resourcesOfType(template, type)) {
      const p = safely(`policy ${id}`, () => resources.properties(id));
      if (p === undefined) continue;
      const policy = { name: String(p['PolicyName'] ?? id), policy: p['PolicyDocument'] as PolicyDocument };
      for (const role of (p['Roles'] as string[] | undefined) ?? []) roles.get(role)?.policies.push(policy);
    }
  };
  attach('AWS::IAM::Policy');
  for (const [id] of resourcesOfType(template, 'AWS::IAM::ManagedPolicy')) {
    const p = safely(`managed policy ${id}`, () => resources.properties(id));
    const policy = managedInTemplate.get(resources.resolveString({ Ref: id }));
    if (p === undefined || policy === undefined) continue;
    for (const role of (p['Roles'] as string[] | undefined) ?? []) roles.get(role)?.policies.push(policy);
  }
  const roleByArn = new Map([...roles.values()].map((r) => [r.arn, r]));

  const callers = new Map<string, Caller>();
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const roleArn = safely(`function ${id}'s role`, () => resources.resolveString(resources.resource(id).Properties?.['Role']));
    if (roleArn === undefined) continue;
    const name = resources.name(id);
    const role = roleByArn.get(roleArn);
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    callers.set(resources.arn(id), {
      accessKeyId: name,
      principalArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${name}`,
      roleArn,
      policies: role?.policies ?? [],
    });
  }

  const permissions = new Map<string, unknown[]>();
  for (const [id] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
    const p = safely(`permission ${id}`, () => resources.properties(id));
    if (p === undefined) continue;
    const fn = String(p['FunctionName']);
    const fnArn = fn.startsWith('arn:') ? fn : `arn:aws:lambda:${resources.pseudo.region}:${accountId}:function:${fn}`;
    const condition: Record<string, Record<string, string>> = {};
    if (p['SourceArn'] !== undefined) condition['ArnLike'] = { 'aws:SourceArn': String(p['SourceArn']) };
    if (p['SourceAccount'] !== undefined) condition['StringEquals'] = { 'aws:SourceAccount': String(p['SourceAccount']) };
    const principal = String(p['Principal']);
    const statement = {
      Sid: id, Effect: 'Allow', Action: String(p['Action']), Resource: fnArn,
      Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
      ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
    };
    permissions.set(fnArn, [...(permissions.get(fnArn) ?? []), statement]);
  }

  return {
    callers,
    trustPolicy: (arn) => roleByArn.get(arn)?.trust,
    rolePolicies: (arn) => roleByArn.get(arn)?.policies ?? [],
    functionPolicy: (arn) => {
      const statements = permissions.get(arn);
      return statements === undefined ? undefined : { Version: '2012-10-17', Statement: statements };
    },
  };
}

function awsManaged(arn: string): NamedPolicy | undefined {
  const m = /^arn:aws[\w-]*:iam::aws:policy\/(.+)$/.exec(arn);
  const doc = m === null ? undefined : AWS_MANAGED[m[1]!];
  return doc === undefined ? undefined : { name: m![1]!, policy: doc };
}
