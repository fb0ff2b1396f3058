// esbuild's build of one function bundle, with the one plugin bundling needs (init-sharing, below).
// Plain JavaScript run as a child process: CDK's local bundling is synchronous, and esbuild's
// synchronous API takes no plugins (lib/constructs/bundling.ts starts it with execFileSync).
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** An ES module's source: what may carry an added static import (a CommonJS file may not). */
const ESM_SYNTAX = /^(?:import|export)[\s{*]/m;
const DEFAULT_EXPORT = /\bexport\s+default\b|\bas\s+default\b/;

/**
 * Module init loads the entry and everything it imports statically. esbuild splits code into a chunk
 * per set of entry points (dynamic imports count as entry points) that reach it, so modules the
 * entry shares with different lazily loaded modules land in different chunks, and init loads them
 * all, each a file to resolve and load (more, the longer the folder's path). Every module a dynamic
 * import loads runs after init anyway, so letting it import the entry changes nothing at run time,
 * but gives every module init loads the same set of entry points: they become one chunk.
 * `lazy` is the set of modules only dynamic imports load (absolute paths), known before the build: a
 * module a lazy module imports may be loaded before its own dynamic import is seen.
 */
export function initSharing(entry, { lazy, atInitTargets }) {
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
      // A dynamic import of a module init loads anyway (the SDK imports a credential provider both
      // ways) would still make it an entry point of its own. It goes through a stand-in that
      // imports the entry and re-exports the module: no static cycle, one set of entry points.
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === initSharing) return undefined;
        const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: initSharing });
        if (resolved.errors.length > 0 || !atInitTargets.has(resolved.path)) return resolved;
        // `export *` leaves out a default export: such a module keeps its own entry point.
        if (DEFAULT_EXPORT.test(readFileSync(resolved.path, 'utf8'))) return resolved;
        return { path: resolved.path, namespace: 'init-sharing' };
      });
      b.onLoad({ filter: /.*/, namespace: 'init-sharing' }, (args) => ({
        contents: `import ${JSON.stringify(entry)};\nexport * from ${JSON.stringify(args.path)};\n`,
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}

/**
 * The modules only dynamic imports load, from a first build that writes nothing. A module the entry
 * also reaches statically is left out: it runs at init anyway, and importing the entry from it
 * would be a static cycle, which changes the order modules run in.
 */
async function lazilyLoadedModules(options, entry) {
  const { metafile } = await build({ ...options, write: false, metafile: true });
  const cwd = options.absWorkingDir ?? process.cwd();
  const inputs = metafile.inputs;
  const atInit = new Set(reachedStatically(inputs, Object.keys(inputs).find((k) => resolve(cwd, k) === entry)));
  const lazy = new Set();
  const atInitTargets = new Set();
  for (const input of Object.values(inputs)) {
    for (const i of input.imports) {
      if (i.kind !== 'dynamic-import' || i.external) continue;
      (atInit.has(i.path) ? atInitTargets : lazy).add(resolve(cwd, i.path));
    }
  }
  return { lazy, atInitTargets };
}

/**
 * `start` and everything it imports, transitively, other than by dynamic import(): in an esbuild
 * metafile's inputs (source modules) or outputs (bundle files), as esbuild names them.
 */
export function reachedStatically(graph, start) {
  const seen = new Set();
  const queue = [start];
  for (const file of queue) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of graph[file].imports) if (i.kind !== 'dynamic-import' && !i.external && graph[i.path] !== undefined) queue.push(i.path);
  }
  return [...seen];
}

/** Builds one function bundle: `options` as lib/constructs/bundling.ts gives them, with one entry point. */
export async function buildFunction(options) {
  const entry = resolve(options.absWorkingDir ?? process.cwd(), options.entryPoints[0]);
  return build({ ...options, plugins: [initSharing(entry, await lazilyLoadedModules(options, entry))] });
}

// As a child process: the options as JSON in the first argument.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildFunction(JSON.parse(process.argv[2]));
}
