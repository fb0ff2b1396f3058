// Synthesizes the CDK app for one network (or every network) into a cloud assembly the local cloud reads.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * `cdk synth -c network=<network> [-c key=value ...] --quiet -o <outDir>`; `context` adds further
 * -c pairs. Without a network, every network config (and the account stack) goes into the assembly.
 */
export async function synthesize(projectDir: string, network: string | undefined, outDir: string, context: Record<string, string> = {}): Promise<void> {
  const cdk = join(projectDir, 'node_modules', '.bin', 'cdk');
  const extra = Object.entries(context).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const args = ['synth', ...(network !== undefined ? ['-c', `network=${network}`] : []), ...extra, '--quiet', '-o', outDir];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(cdk, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' } });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const tail = output.join('').trim().split('\n').slice(-40).join('\n');
    throw new Error(`cdk ${args.join(' ')} failed (exit ${code}):\n${tail}`);
  }
}
