// IAM as AWS applies it, for the local cloud: every call a function makes to the local AWS
// endpoint is checked against its execution role (dynalite's thread checks DynamoDB calls with
// the same decider, emulator-worker.mjs); a service assumes a role only if the role's trust
// policy lets it; a rule or the HTTP API invokes a function only with its Lambda permission.
// The decisions are @cloud-copilot/iam-simulate's (decide.mjs).
import type { EndpointRequest } from '../aws-endpoint/server.js';
import { AwsError } from '../aws-endpoint/wire.js';
import type { SecretStore } from '../secrets.js';
import { senderOf } from '../ses-sandbox.js';
import { IamDecider, type Caller, type Check } from './decide.mjs';
import type { TemplateIam } from './policies.js';

export interface LocalIamOptions { region: string; accountId: string }

/** A request to the local AWS endpoint, as far as IAM needs it. */

export class LocalIam {
  readonly decider: IamDecider;

  constructor(readonly template: TemplateIam, private readonly o: LocalIamOptions) {
    this.decider = new IamDecider({ accountId: o.accountId, callers: [...template.callers.values()] });
  }

  /** What dynalite's thread needs to decide on its own. */
  get deciderConfig(): { accountId: string; callers: Caller[] } {
    return { accountId: this.o.accountId, callers: [...this.template.callers.values()] };
  }

  /** The access key id a function signs with: it names the function, so its role can be found. */
  accessKeyId(functionArn: string): string | undefined {
    return this.template.callers.get(functionArn)?.accessKeyId;
  }

  /** Throws the service's AccessDenied error when the calling function's role does not allow the request. */
  async authorize(r: EndpointRequest, secrets: SecretStore): Promise<void> {
    const caller = this.decider.caller(r.headers.authorization);
    if (caller === undefined) return;
    const denial = await this.decider.denial(caller, this.checks(r, secrets));
    if (denial === undefined) return;
    throw accessDenied(r.service, denial.message);
  }

  /**
   * A service (`scheduler.amazonaws.com`) assumes `roleArn` with the request's source; answers the
   * role session's caller, or throws as STS would (the service then fails the invocation).
   */
  async assumeRole(servicePrincipal: string, roleArn: string, source: { sourceArn: string }, session: string): Promise<Caller> {
    const reason = await this.decider.resourcePolicyDenial(servicePrincipal, this.template.trustPolicy(roleArn), {
      action: 'sts:AssumeRole', resource: roleArn,
      context: { 'aws:SourceArn': source.sourceArn, 'aws:SourceAccount': this.o.accountId },
    });
    if (reason !== undefined) {
      throw Object.assign(new Error(`${servicePrincipal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} ${reason}`), { name: 'AccessDenied' });
    }
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    return { accessKeyId: session, principalArn: `arn:aws:sts::${this.o.accountId}:assumed-role/${roleName}/${session}`, roleArn, policies: this.template.rolePolicies(roleArn) };
  }

  /** Throws when the role session may not do the checks (a service acting with an assumed role). */
  async authorizeRole(caller: Caller, checks: Check[]): Promise<void> {
    const denial = await this.decider.denial(caller, checks);
    if (denial !== undefined) throw Object.assign(new Error(denial.message), { name: 'AccessDeniedException' });
  }

  /** Throws unless the function's resource policy lets `servicePrincipal` invoke it from `sourceArn`. */
  async authorizeInvoke(servicePrincipal: string, functionArn: string, sourceArn: string): Promise<void> {
    const reason = await this.decider.resourcePolicyDenial(servicePrincipal, this.template.functionPolicy(functionArn), {
      action: 'lambda:InvokeFunction', resource: functionArn,
      context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': this.o.accountId },
    });
    if (reason !== undefined) {
      throw Object.assign(new Error(`${servicePrincipal} is not authorized to perform: lambda:InvokeFunction on resource: ${functionArn} ${reason}`), { name: 'AccessDeniedException' });
    }
  }

  /**
   * Lambda polls an event source mapping's queue with the function's role; CloudFormation refuses
   * to create the mapping when the role lacks these actions (so does the local start).
   */
  async authorizeQueuePolling(functionArn: string, queueArn: string): Promise<void> {
    const caller = this.template.callers.get(functionArn);
    if (caller === undefined) return;
    const actions = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
    const denial = await this.decider.denial(caller, actions.map((action) => ({ action, resource: queueArn })));
    if (denial !== undefined) {
      throw new Error(`event source mapping ${queueArn} -> ${functionArn}: the function's execution role does not have permissions to call ${denial.action.slice(4)} on SQS (${denial.message})`);
    }
  }

  /** What IAM is asked for by one request: action, resource and the condition keys the service sets. */
  private checks(r: EndpointRequest, secrets: SecretStore): Check[] {
    const { region, accountId } = this.o;
    const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
    const input = r.input;
    switch (r.service) {
      case 'AmazonSQS': {
        // The batch calls are authorized as their single-message actions (SQS has no *Batch actions).
        const action = `sqs:${r.op.replace(/Batch$/, '')}`;
        if (r.op === 'ListQueues') return [{ action, resource: '*' }];
        const name = typeof input['QueueUrl'] === 'string' ? input['QueueUrl'].slice(input['QueueUrl'].lastIndexOf('/') + 1) : String(input['QueueName'] ?? '');
        return [{ action, resource: arn('sqs', name) }];
      }
      case 'AWSEvents': {
        if (r.op !== 'PutEvents') return [];
        const entries = Array.isArray(input['Entries']) ? input['Entries'] as Array<Record<string, unknown>> : [];
        return entries.map((e) => {
          const bus = typeof e['EventBusName'] === 'string' ? e['EventBusName'] : 'default';
          return {
            action: 'events:PutEvents',
            resource: bus.startsWith('arn:') ? bus : arn('events', `event-bus/${bus}`),
            context: { 'events:source': String(e['Source'] ?? ''), 'events:detail-type': String(e['DetailType'] ?? '') },
          };
        });
      }
      case 'secretsmanager': {
        const id = String(input['SecretId'] ?? '');
        const resource = secrets.find(id)?.arn ?? (id.startsWith('arn:') ? id : arn('secretsmanager', `secret:${id}`));
        return [{ action: `secretsmanager:${r.op}`, resource }];
      }
      case 'Scheduler': {
        if (r.op === 'ListSchedules') return [{ action: 'scheduler:ListSchedules', resource: '*' }];
        const name = decodeURIComponent(r.url?.pathname.split('/')[2] ?? '');
        const group = typeof input['GroupName'] === 'string' ? input['GroupName'] : r.url?.searchParams.get('groupName') ?? 'default';
        const checks: Check[] = [{ action: `scheduler:${r.op}`, resource: arn('scheduler', `schedule/${group}/${name}`) }];
        const role = (input['Target'] as { RoleArn?: unknown } | undefined)?.RoleArn;
        // Creating a schedule passes its execution role to Scheduler.
        if (typeof role === 'string') checks.push({ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
        return checks;
      }
      case 'SESv2': {
        if (r.op !== 'SendEmail') return r.op.includes(' ') ? [] : [{ action: `ses:${r.op}`, resource: '*' }];
        // SES authorizes the sending identity (locally: the sender's domain) and the configuration set used.
        const address = senderOf(input as Parameters<typeof senderOf>[0]) ?? '';
        const checks: Check[] = [{ action: 'ses:SendEmail', resource: arn('ses', `identity/${address.slice(address.lastIndexOf('@') + 1)}`) }];
        if (typeof input['ConfigurationSetName'] === 'string') checks.push({ action: 'ses:SendEmail', resource: arn('ses', `configuration-set/${input['ConfigurationSetName']}`) });
        return checks;
      }
      default:
        return [];
    }
  }
}

/** AccessDenied in each protocol's shape. */
function accessDenied(service: string, message: string): AwsError {
  switch (service) {
    // SQS (JSON protocol, query-compatible): 403, and its messages name the action in lower case.
    case 'AmazonSQS':
      return new AwsError(403, 'AccessDenied', message.replace(/perform: (sqs:\w+)/, (_m, a: string) => `perform: ${a.toLowerCase()}`).replace(/allows the (sqs:\w+)/, (_m, a: string) => `allows the ${a.toLowerCase()}`));
    case 'SESv2':
    case 'Scheduler':
      return new AwsError(403, 'AccessDeniedException', message);
    default:
      return new AwsError(400, 'AccessDeniedException', message);
  }
}
