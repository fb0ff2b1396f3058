// Resolves CloudFormation intrinsic functions in a template value to local values.
// Only what CDK emits for this stack is supported; anything else is an error at start,
// so a template the local cloud cannot run fails loudly instead of running half-wired.

export interface PseudoParameters {
  region: string;
  accountId: string;
  partition: string;
  urlSuffix: string;
  stackName: string;
  stackId: string;
}

export interface IntrinsicContext {
  pseudo: PseudoParameters;
  /** The value of `Ref` for a resource or parameter of the template. */
  ref(logicalId: string): unknown;
  /** The value of `Fn::GetAtt` for a resource attribute. */
  getAtt(logicalId: string, attribute: string): unknown;
}

/** Marker for AWS::NoValue: the property is dropped from the enclosing object or list. */
const NO_VALUE = Symbol('AWS::NoValue');

export class IntrinsicError extends Error {
  override name = 'IntrinsicError';
}

export function resolve(value: unknown, ctx: IntrinsicContext): unknown {
  const resolved = resolveAny(value, ctx);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Resolves and requires a string (for names, ARNs, environment variables). */
export function resolveString(value: unknown, ctx: IntrinsicContext, what = 'value'): string {
  const resolved = resolve(value, ctx);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new IntrinsicError(`${what} does not resolve to a string: ${JSON.stringify(value)}`);
}

function resolveAny(value: unknown, ctx: IntrinsicContext): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => resolveAny(v, ctx)).filter((v) => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    if (fn === 'Ref' || fn.startsWith('Fn::')) return intrinsic(fn, arg, ctx);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const r = resolveAny(v, ctx);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

function pseudo(name: string, ctx: IntrinsicContext): unknown {
  const p = ctx.pseudo;
  switch (name) {
    case 'AWS::Region': return p.region;
    case 'AWS::AccountId': return p.accountId;
    case 'AWS::Partition': return p.partition;
    case 'AWS::URLSuffix': return p.urlSuffix;
    case 'AWS::StackName': return p.stackName;
    case 'AWS::StackId': return p.stackId;
    case 'AWS::NoValue': return NO_VALUE;
    case 'AWS::NotificationARNs': return [];
    default: return undefined;
  }
}

function intrinsic(fn: string, arg: unknown, ctx: IntrinsicContext): unknown {
  switch (fn) {
    case 'Ref': {
      if (typeof arg !== 'string') throw new IntrinsicError(`Ref takes a name, got ${JSON.stringify(arg)}`);
      if (arg.startsWith('AWS::')) {
        const v = pseudo(arg, ctx);
        if (v === undefined) throw new IntrinsicError(`unknown pseudo parameter ${arg}`);
        return v;
      }
      return ctx.ref(arg);
    }
    case 'Fn::GetAtt': {
      const [id, attr] = Array.isArray(arg) ? arg : typeof arg === 'string' ? splitOnce(arg, '.') : [];
      if (typeof id !== 'string' || typeof attr !== 'string') throw new IntrinsicError(`bad Fn::GetAtt ${JSON.stringify(arg)}`);
      return ctx.getAtt(id, resolveString(attr, ctx, 'Fn::GetAtt attribute'));
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new IntrinsicError(`bad Fn::Join ${JSON.stringify(arg)}`);
      const sep = resolveString(arg[0], ctx, 'Fn::Join separator');
      const list = resolveAny(arg[1], ctx);
      if (!Array.isArray(list)) throw new IntrinsicError('Fn::Join needs a list');
      return list.map((v) => scalar(v, 'Fn::Join item')).join(sep);
    }
    case 'Fn::Sub': {
      const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
      if (typeof template !== 'string') throw new IntrinsicError(`bad Fn::Sub ${JSON.stringify(arg)}`);
      const local = resolveAny(vars, ctx) as Record<string, unknown>;
      return template.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
        if (name.startsWith('!')) return '${' + name.slice(1) + '}';
        if (name in local) return scalar(local[name], `Fn::Sub \${${name}}`);
        if (name.startsWith('AWS::')) return scalar(intrinsic('Ref', name, ctx), `Fn::Sub \${${name}}`);
        const [id, attr] = splitOnce(name, '.');
        return scalar(attr === undefined ? ctx.ref(id) : ctx.getAtt(id, attr), `Fn::Sub \${${name}}`);
      });
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new IntrinsicError(`bad Fn::Select ${JSON.stringify(arg)}`);
      const index = Number(resolveAny(arg[0], ctx));
      const list = resolveAny(arg[1], ctx);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) {
        throw new IntrinsicError(`Fn::Select index ${index} out of range`);
      }
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new IntrinsicError(`bad Fn::Split ${JSON.stringify(arg)}`);
      const sep = resolveString(arg[0], ctx, 'Fn::Split separator');
      return resolveString(arg[1], ctx, 'Fn::Split source').split(sep);
    }
    case 'Fn::Base64':
      return Buffer.from(resolveString(arg, ctx, 'Fn::Base64 source'), 'utf8').toString('base64');
    case 'Fn::GetAZs':
      return ['a', 'b', 'c'].map((z) => `${ctx.pseudo.region}${z}`);
    case 'Fn::ToJsonString':
      return JSON.stringify(resolve(arg, ctx));
    default:
      throw new IntrinsicError(`${fn} is not supported by the local cloud`);
  }
}

function scalar(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new IntrinsicError(`${what} is not a scalar: ${JSON.stringify(v)}`);
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
