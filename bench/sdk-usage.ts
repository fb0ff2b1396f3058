// Which AWS SDK v3 symbols a function uses: follows the relative imports from its handler under
// functions/ and collects the value (not type-only) names imported from @aws-sdk/* packages.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Package -> imported value names, e.g. '@aws-sdk/client-sqs' -> ['SQSClient', 'SendMessageBatchCommand']. */
export type SdkUsage = Map<string, Set<string>>;

const IMPORT = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]/g;
const SIDE_EFFECT = /(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g;

function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => existsSync(c) && c.endsWith('ts'));
}

/** Value names of an import clause: `{ A, type B, C as D }` -> A, C; `* as ns` -> '*'; `x` -> 'default'. */
function valueNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([\s\S]*?)\}/.exec(clause);
  if (braces !== null) {
    for (const part of braces[1]!.split(',')) {
      const p = part.trim();
      if (p === '' || p.startsWith('type ')) continue;
      names.push(p.split(/\s+as\s+/)[0]!.trim());
    }
  }
  const outside = clause.replace(/\{[\s\S]*?\}/, '').replace(/,/g, ' ').trim();
  if (/\*\s+as\s+\w+/.test(outside)) names.push('*');
  else if (/^[A-Za-z_$][\w$]*$/.test(outside)) names.push('default');
  return names;
}

export function sdkUsage(entry: string): SdkUsage {
  const usage: SdkUsage = new Map();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const follow = (specifier: string) => {
      if (!specifier.startsWith('.')) return;
      const target = resolveSource(file, specifier);
      if (target !== undefined) queue.push(target);
    };
    for (const m of source.matchAll(IMPORT)) {
      const [, , typeOnly, clause, specifier] = m as unknown as [string, string, string | undefined, string, string];
      if (typeOnly !== undefined) continue;
      if (specifier.startsWith('@aws-sdk/')) {
        const names = valueNames(clause);
        if (names.length === 0) continue;
        const set = usage.get(specifier) ?? new Set<string>();
        for (const n of names) set.add(n);
        usage.set(specifier, set);
      } else {
        follow(specifier);
      }
    }
    for (const m of source.matchAll(SIDE_EFFECT)) follow(m[1]!);
  }
  return usage;
}

/** Short label: client-dynamodb + lib-dynamodb -> "DynamoDB (+lib-dynamodb)". */
export function describeUsage(usage: SdkUsage): string {
  const labels: string[] = [];
  for (const [pkg, names] of usage) {
    if (pkg.startsWith('@aws-sdk/lib-')) continue;
    const client = [...names].find((n) => n.endsWith('Client'))?.replace(/Client$/, '') ?? pkg.replace('@aws-sdk/client-', '');
    const libs = [...usage.keys()].filter((p) => p.startsWith('@aws-sdk/lib-') && p.endsWith(pkg.replace('@aws-sdk/client-', '')));
    labels.push(libs.length > 0 ? `${client} (+${libs.map((l) => l.replace('@aws-sdk/', '')).join(', ')})` : client);
  }
  return labels.sort().join(', ');
}

/**
 * The baseline module: imports the same SDK names and constructs the clients the way the
 * adapters do (a module-level client each; the document client wraps the DynamoDB client), and
 * keeps every imported name reachable so tree shaking keeps what the function bundle keeps.
 */
export function baselineSource(usage: SdkUsage): string {
  const lines: string[] = [];
  const body: string[] = ['const clients = [];', 'const keep = [];'];
  let i = 0;
  let dynamoClient: string | undefined;
  const docClients: string[] = [];
  for (const [pkg, names] of usage) {
    const ns = `sdk${i++}`;
    lines.push(`import * as ${ns} from ${JSON.stringify(pkg)};`);
    for (const name of names) {
      if (name === '*' || name === 'default') {
        body.push(`keep.push(${ns});`);
      } else if (name === 'DynamoDBDocumentClient') {
        docClients.push(`${ns}.${name}`);
      } else if (name.endsWith('Client')) {
        const v = `c${i}_${name}`;
        body.push(`const ${v} = new ${ns}.${name}({});`, `clients.push(${v});`);
        if (name === 'DynamoDBClient') dynamoClient = v;
      } else {
        body.push(`keep.push(${ns}.${name});`);
      }
    }
  }
  for (const doc of docClients) {
    const inner = dynamoClient ?? 'undefined';
    body.push(`clients.push(${doc}.from(${inner}, { marshallOptions: { removeUndefinedValues: true } }));`);
  }
  body.push('globalThis.__samskabBaseline = { clients, keep };', 'export const handler = async () => clients.length + keep.length;');
  return `${lines.join('\n')}\n${body.join('\n')}\n`;
}
