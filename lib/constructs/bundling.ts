// How every function is bundled, set once: local esbuild (no Docker), ESM with code splitting.
// The entry is index.mjs; what only a dynamic import() reaches goes to chunks/*.mjs and is compiled
// when first called. That keeps the SDK's own lazy parts (credential providers a function with
// Lambda's environment credentials never loads) and our per-route or per-kind code out of module
// init, and what init does load is one chunk (function-build.mjs says why) (docs/performance.md).
// bench/init.ts builds its SDK-only baseline the same way.
import { execFileSync, execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ILocalBundling } from 'aws-cdk-lib';
import type { BuildOptions, Metafile } from 'esbuild';
import { reachedStatically } from './function-build.mjs';
export { buildFunction } from './function-build.mjs';

/** The build run as a child process (CDK's bundling is synchronous; esbuild's plugins are not). */
const FUNCTION_BUILD = fileURLToPath(new URL('./function-build.mjs', import.meta.url));

/** What `node:stream/web` resolves to in every bundle (see below). */
export const LAZY_STREAM_WEB = 'functions/shared/lazy-stream-web.ts';

/** The module Lambda loads (handler `index.handler`): ESM by its extension, no package.json needed. */
export const ENTRY_FILE = 'index.mjs';

/** esbuild's options for a function bundle written to a folder (entry index.mjs, chunks/). */
export const functionBuildOptions = (projectDir: string): BuildOptions => ({
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // The ESM builds of SDK v3 tree-shake far better; bundling the SDK pins the version we test.
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: false,
  charset: 'utf8',
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  // Cold start: @middy/core imports Node's web streams for a check no function needs at import
  // (functions/shared/lazy-stream-web.ts).
  alias: { 'node:stream/web': join(projectDir, LAZY_STREAM_WEB) },
  logLevel: 'warning',
});

/**
 * The output files module init loads: the entry and, transitively, what it imports statically
 * (chunks reached only by dynamic import() are left out). Paths as esbuild's metafile names them.
 */
export function filesLoadedAtInit(meta: Metafile): string[] {
  const entry = Object.keys(meta.outputs).find((k) => k.endsWith(`/${ENTRY_FILE}`) || k === ENTRY_FILE);
  if (entry === undefined) throw new Error(`no ${ENTRY_FILE} among the bundle's outputs`);
  return reachedStatically(meta.outputs, entry);
}

export interface FunctionBundleProps {
  /** Absolute path of the handler module. */
  readonly entry: string;
  readonly projectDir: string;
  /** More files next to index.mjs: name -> content (the network settings, the people seed's items). */
  readonly files: Record<string, string>;
  /** Shell commands run in the project folder after esbuild, e.g. to put the web app beside the bundle. */
  readonly afterBundling: (inputDir: string, outputDir: string) => string[];
}

/**
 * CDK's local bundling for a function. Its fields are what CDK's asset cache key sees, so two
 * functions never share a bundle; the asset hash is the output's (AssetHashType.OUTPUT).
 */
export class FunctionBundle implements ILocalBundling {
  readonly entry: string;
  readonly projectDir: string;
  readonly files: Record<string, string>;
  private readonly afterBundling: FunctionBundleProps['afterBundling'];

  constructor(props: FunctionBundleProps) {
    this.entry = props.entry;
    this.projectDir = props.projectDir;
    this.files = props.files;
    this.afterBundling = props.afterBundling;
  }

  tryBundle(outputDir: string): boolean {
    const options: BuildOptions = { ...functionBuildOptions(this.projectDir), entryPoints: [this.entry], outdir: outputDir, absWorkingDir: this.projectDir };
    this.run('', () => execFileSync(process.execPath, [FUNCTION_BUILD, JSON.stringify(options)], { stdio: 'pipe' }));
    for (const [name, content] of Object.entries(this.files)) writeFileSync(join(outputDir, name), content);
    for (const command of this.afterBundling(this.projectDir, outputDir)) {
      this.run(`: \`${command}\``, () => execSync(command, { cwd: this.projectDir, stdio: 'pipe' }));
    }
    return true;
  }

  /** Runs a bundling step; a failure names the function, the step and what it wrote. */
  private run(step: string, command: () => unknown): void {
    try {
      command();
    } catch (err) {
      const e = err as Error & { stderr?: Buffer; stdout?: Buffer };
      const output = `${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`;
      throw new Error(`bundling ${this.entry}${step} failed:\n${output || e.message}`);
    }
  }
}
