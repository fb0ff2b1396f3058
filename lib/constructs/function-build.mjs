// esbuild's build of one function bundle, with the one plugin bundling needs (init-sharing, below).
// Plain JavaScript run as a child process: CDK's local bundling is synchronous, and esbuild's
// synchronous API takes no plugins (lib/constructs/bundling.ts starts it with execFileSync).
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** An ES module's source: what may carry an added static import (a CommonJS file may not). */
const ESM_SYNTAX = /^(?:import|export)[\s{*]/m;

/**
 * Module init loads the entry and everything it imports statically. esbuild splits code into a chunk
 * per set of entry points (dynamic imports count as entry points) that reach it, so modules the
 * entry shares with different lazily loaded modules land in different chunks, and init loads them
 * all, each a file to resolve and load (more, the longer the folder's path). Every module a dynamic
 * import loads runs after init anyway, so letting it import the entry changes nothing at run time,
 * but gives every module init loads the same set of entry points: they become one chunk.
 * `lazy` is the set of dynamic-import targets (absolute paths), known before the build: a module
 * both imported and dynamically imported may be loaded before its dynamic import is seen.
 */
export function initSharing(entry, lazy) {
  return {
    name: 'init-sharing',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
        if (!lazy.has(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!ESM_SYNTAX.test(source)) return undefined;
        const loader = extname(args.path).endsWith('ts') ? 'ts' : 'js';
        return { contents: `import ${JSON.stringify(entry)};\n${source}`, loader, resolveDir: dirname(args.path) };
      });
    },
  };
}

/** The modules dynamic imports load, from a first build that writes nothing. */
async function dynamicImportTargets(options) {
  const { metafile } = await build({ ...options, write: false, metafile: true });
  const cwd = options.absWorkingDir ?? process.cwd();
  const targets = new Set();
  for (const input of Object.values(metafile.inputs)) {
    for (const i of input.imports) if (i.kind === 'dynamic-import' && !i.external) targets.add(resolve(cwd, i.path));
  }
  return targets;
}

/** Builds one function bundle: `options` as lib/constructs/bundling.ts gives them, with one entry point. */
export async function buildFunction(options) {
  const entry = resolve(options.absWorkingDir ?? process.cwd(), options.entryPoints[0]);
  const lazy = await dynamicImportTargets(options);
  return build({ ...options, plugins: [initSharing(entry, lazy)] });
}

// As a child process: the options as JSON in the first argument.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildFunction(JSON.parse(process.argv[2]));
}
