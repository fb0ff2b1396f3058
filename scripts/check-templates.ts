// npm run check: synthesizes every network (cdk-nag findings fail the synth) and lints each
// stack template with cfn-lint. Offline: cdk.json turns notices and telemetry off.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { networkConfigFiles } from '../lib/network-config.js';

const root = fileURLToPath(new URL('../', import.meta.url));
// Its own assembly directory, so a running local cloud's cdk.out is left alone.
const outdir = join(root, 'cdk.out', 'check');

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) return { ok: false, output: `${command}: ${result.error.message}` };
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

function step(label: string, command: string, args: string[]): boolean {
  process.stdout.write(`${label}... `);
  const { ok, output } = run(command, args);
  console.log(ok ? 'ok' : 'FAILED');
  if (!ok) console.error(output.replace(/^/gm, '  '));
  return ok;
}

const slugs = networkConfigFiles(join(root, 'networks')).map((f) => basename(f, '.json'));
if (slugs.length === 0) {
  console.error('no network configs in networks/');
  process.exit(1);
}

let failed = 0;
for (const slug of slugs) {
  const dir = join(outdir, slug);
  rmSync(dir, { recursive: true, force: true });
  if (!step(`synth ${slug}`, 'npx', ['cdk', 'synth', '--quiet', '-c', `network=${slug}`, '-o', dir])) {
    failed++;
    continue;
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
  };
  for (const artifact of Object.values(manifest.artifacts)) {
    const template = artifact.type === 'aws:cloudformation:stack' ? artifact.properties?.templateFile : undefined;
    if (template === undefined) continue;
    // W3005: CDK itself writes DependsOn entries that are also implied by Ref/GetAtt.
    if (!step(`cfn-lint ${template}`, 'cfn-lint', ['--ignore-checks', 'W3005', '--', join(dir, template)])) failed++;
  }
}

if (failed > 0) {
  console.error(`check failed: ${failed} step(s)`);
  process.exit(1);
}
console.log(`all ${slugs.length} network(s) pass cdk-nag and cfn-lint`);
