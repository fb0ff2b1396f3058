// Cold start: bundle bytes and module-init time of each function's bundle in fresh Node processes,
// next to a bundle that only imports (and constructs) the same AWS SDK clients.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import { buildFunction, ENTRY_FILE, filesLoadedAtInit, functionBuildOptions } from '../lib/constructs/bundling.js';
import { ENTRY_METADATA } from '../lib/constructs/workflow-function.js';
import { resourcesOfType, type StackArtifact } from '../local/template.js';
import { baselineSource, describeUsage, sdkUsage } from './sdk-usage.js';

export interface FunctionBundle {
  /** The handler's folder under functions/: api, meetings, mailer, seed-people */
  name: string;
  logicalId: string;
  bundle: string;
  entry: string;
  projectDir: string;
  /** Literal environment variables from the template (references left out). */
  environment: Record<string, string>;
}

export interface InitResult {
  name: string;
  clients: string;
  /** Bytes module init loads: index.mjs and the chunks it imports statically (not the lazy chunks). */
  bundleBytes: number;
  baselineBytes: number;
  initMs: number[];
  baselineMs: number[];
  medianMs: number;
  baselineMedianMs: number;
  ratio: number;
  /** CPU time (user + system, every thread) of the same imports: less moved by other load on the machine. */
  cpuMs: number[];
  baselineCpuMs: number[];
  cpuRatio: number;
  /** The bytes module init loads, by package (esbuild metafile of the same build). */
  bytesByPackage: Array<[string, number]>;
}

/** The esbuild options of every function bundle (lib/constructs/bundling.ts), for the baseline too. */
export const bundleOptions = (projectDir: string): BuildOptions => ({ ...functionBuildOptions(projectDir), logLevel: 'silent' });

/** The functions with an ESM bundle (index.mjs) in the assembly: not CDK's custom-resource providers. */
export function functionBundles(stack: StackArtifact, projectDir: string): FunctionBundle[] {
  const out: FunctionBundle[] = [];
  for (const [id, r] of resourcesOfType(stack.template, 'AWS::Lambda::Function')) {
    const assetPath = r.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') continue;
    const bundle = join(resolve(stack.assemblyDir, assetPath), ENTRY_FILE);
    if (!existsSync(bundle)) continue;
    // lib/constructs/workflow-function.ts records each function's handler module in the template.
    const entryPath = r.Metadata?.[ENTRY_METADATA];
    if (typeof entryPath !== 'string') throw new Error(`function ${id}: no ${ENTRY_METADATA} in its template metadata`);
    const entry = join(projectDir, entryPath);
    const name = basename(dirname(entryPath));
    const vars = ((r.Properties?.['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables) ?? {};
    const environment = Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => typeof e[1] === 'string'));
    out.push({ name, logicalId: id, bundle, entry, projectDir, environment });
  }
  return out;
}

/** Bytes of the output files module init loads, in total and by input package. */
function bytesAtInit(meta: Metafile): { total: number; byPackage: Array<[string, number]> } {
  const sums = new Map<string, number>();
  let total = 0;
  for (const file of filesLoadedAtInit(meta)) {
    for (const [input, { bytesInOutput }] of Object.entries(meta.outputs[file]!.inputs)) {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
      const key = m !== null ? m[1]! : input.startsWith('functions/') ? `functions/${input.split('/')[1]}` : input;
      sums.set(key, (sums.get(key) ?? 0) + bytesInOutput);
    }
    total += meta.outputs[file]!.bytes;
  }
  return { total, byPackage: [...sums].sort((a, b) => b[1] - a[1]) };
}

/**
 * Where each bundle is measured from: `<workDir>/function/<name>` and `<workDir>/baseline/<name>`,
 * paths of the same length. Loading a module file takes longer the longer its path is: with the
 * many chunk files init loaded before lib/constructs/function-build.mjs, that was about 8 ms for the
 * asset folder's 70-character name. Init now loads two files, and equal paths keep it fair whatever
 * is left of it; on Lambda every bundle is at /var/task.
 */
const measuredDir = (workDir: string, kind: 'function' | 'baseline', fn: FunctionBundle) => join(workDir, kind, fn.name);

async function buildBaseline(fn: FunctionBundle, workDir: string): Promise<{ file: string; clients: string; bytes: number }> {
  const usage = sdkUsage(fn.entry);
  const source = join(workDir, 'baseline-sources', fn.name);
  mkdirSync(source, { recursive: true });
  const entry = join(source, 'entry.mjs');
  writeFileSync(entry, baselineSource(usage));
  const out = measuredDir(workDir, 'baseline', fn);
  const result = await buildFunction({ ...bundleOptions(fn.projectDir), entryPoints: [entry], outdir: out, metafile: true });
  return { file: join(out, ENTRY_FILE), clients: describeUsage(usage), bytes: bytesAtInit(result.metafile!).total };
}

/** The function's asset (bundle, chunks, bundled files) copied to its measured folder. */
function placeFunction(fn: FunctionBundle, workDir: string): string {
  const dir = measuredDir(workDir, 'function', fn);
  rmSync(dir, { recursive: true, force: true });
  cpSync(dirname(fn.bundle), dir, { recursive: true });
  return join(dir, ENTRY_FILE);
}

/** The function's bundle rebuilt with the same options, for its metafile (the asset has none). */
async function functionBytes(fn: FunctionBundle, workDir: string) {
  const result = await buildFunction({ ...bundleOptions(fn.projectDir), entryPoints: [fn.entry], outdir: join(workDir, 'metafile', fn.name), metafile: true, write: false });
  return bytesAtInit(result.metafile!);
}

const MEASURE = [
  'const c0 = process.cpuUsage();',
  'const t0 = performance.now();',
  'await import(process.argv[1]);',
  'const t1 = performance.now();',
  'const c = process.cpuUsage(c0);',
  'process.stdout.write(`${t1 - t0} ${(c.user + c.system) / 1000}`);',
].join(' ');

interface Sample { ms: number; cpuMs: number }

/**
 * Each measured process runs on one core, the last one, when `taskset` is there: module init is one
 * thread's work (as in a Lambda environment of up to one vCPU), and unpinned runs on a 2-core
 * machine come out in two modes about 30 ms apart, depending on where the scheduler puts them.
 */
const TASKSET = '/usr/bin/taskset';
/** Whether the measured processes are pinned (the table says so only then). */
export const PINNED_TO_ONE_CORE = existsSync(TASKSET);
const pinned = (args: string[]): [string, string[]] =>
  PINNED_TO_ONE_CORE ? [TASKSET, ['-c', String(availableParallelism() - 1), process.execPath, ...args]] : [process.execPath, args];

/** Module init of one bundle in a fresh Node process: performance.now() and CPU time around `await import()`. */
function measureOnce(file: string, env: Record<string, string>): Promise<Sample> {
  return new Promise((resolvePromise, reject) => {
    const [command, args] = pinned(['--input-type=module', '-e', MEASURE, pathToFileURL(file).href]);
    const child = spawn(command, args, {
      env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const [ms, cpuMs] = out.trim().split(' ').map(Number);
      if (code !== 0 || !Number.isFinite(ms) || !Number.isFinite(cpuMs)) reject(new Error(`init of ${file} failed (exit ${code}): ${err.trim().slice(-2000)}`));
      else resolvePromise({ ms: ms!, cpuMs: cpuMs! });
    });
  });
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function measureInit(fns: FunctionBundle[], o: { runs: number; workDir: string; region: string; progress: (line: string) => void }): Promise<InitResult[]> {
  const prepared = [];
  for (const fn of fns) {
    const baseline = await buildBaseline(fn, o.workDir);
    o.progress(`  ${fn.name}: SDK clients ${baseline.clients}; baseline loads ${baseline.bytes} bytes at init`);
    // The same environment for both: Lambda's basics plus the function's literal variables.
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '',
      NODE_NO_WARNINGS: '1',
      AWS_REGION: o.region,
      AWS_DEFAULT_REGION: o.region,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      ...fn.environment,
    };
    const file = placeFunction(fn, o.workDir);
    // Lambda's folder of the code: where the function finds the files bundled beside it.
    env['LAMBDA_TASK_ROOT'] = dirname(file);
    prepared.push({ fn, file, baseline, env, init: [] as Sample[], baselineRuns: [] as Sample[] });
  }
  // One discarded warm-up each (file cache), then the measured runs, function and baseline interleaved
  // and their order alternated, so drift on the machine hits both alike.
  for (const p of prepared) {
    await measureOnce(p.file, p.env);
    await measureOnce(p.baseline.file, p.env);
  }
  for (let i = 0; i < o.runs; i++) {
    for (const p of prepared) {
      if (i % 2 === 0) {
        p.init.push(await measureOnce(p.file, p.env));
        p.baselineRuns.push(await measureOnce(p.baseline.file, p.env));
      } else {
        p.baselineRuns.push(await measureOnce(p.baseline.file, p.env));
        p.init.push(await measureOnce(p.file, p.env));
      }
    }
    if ((i + 1) % 5 === 0 || i + 1 === o.runs) o.progress(`  init runs ${i + 1}/${o.runs}`);
  }
  const results: InitResult[] = [];
  for (const p of prepared) {
    const initMs = p.init.map((x) => x.ms);
    const baselineMs = p.baselineRuns.map((x) => x.ms);
    const cpuMs = p.init.map((x) => x.cpuMs);
    const baselineCpuMs = p.baselineRuns.map((x) => x.cpuMs);
    const m = median(initMs);
    const b = median(baselineMs);
    const bytes = await functionBytes(p.fn, o.workDir);
    results.push({
      name: p.fn.name,
      clients: p.baseline.clients,
      bundleBytes: bytes.total,
      baselineBytes: p.baseline.bytes,
      initMs,
      baselineMs,
      medianMs: m,
      baselineMedianMs: b,
      ratio: m / b,
      cpuMs,
      baselineCpuMs,
      cpuRatio: median(cpuMs) / median(baselineCpuMs),
      bytesByPackage: bytes.byPackage,
    });
  }
  return results;
}
