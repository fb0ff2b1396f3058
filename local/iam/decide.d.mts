// Types of decide.mjs (plain JavaScript so dynalite's worker thread can run it).
export interface NamedPolicy { name: string; policy: object }
/** A function's execution role, as its access key id names it. */
export interface Caller { accessKeyId: string; principalArn: string; roleArn: string; policies: NamedPolicy[] }
export interface Check { action: string; resource: string; context?: Record<string, string | string[]> }
export interface Denial extends Check { message: string }

export class IamDecider {
  constructor(config: { accountId: string; callers: Caller[] });
  caller(authorization: string | string[] | undefined): Caller | undefined;
  denial(caller: Caller, checks: Check[]): Promise<Denial | undefined>;
  resourcePolicyDenial(servicePrincipal: string, resourcePolicy: object | undefined, check: Check): Promise<string | undefined>;
}

export function dynamoDbChecks(op: string, input: Record<string, unknown>, region: string, accountId: string): Check[];
