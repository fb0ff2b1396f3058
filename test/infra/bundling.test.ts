// How a function is bundled (lib/constructs/bundling.ts): code that only a dynamic import() reaches
// is a chunk of its own, left out of module init, and still there when the handler asks for it;
// what init loads is the entry and one chunk.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NETWORK_SETTINGS_FILE } from '../../functions/contract/environment.js';
import { buildFunction, ENTRY_FILE, filesLoadedAtInit, FunctionBundle, functionBuildOptions } from '../../lib/constructs/bundling.js';
import { loadNetworkConfig, networkSettings } from '../../lib/network-config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A fresh folder holding these source files (name -> content). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskab-bundling-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A handler with one module every invocation needs and one only some invocations need. */
function sources(): string {
  return project({
    'always.ts': `export const greet = (name: string) => 'hello ' + name;\n`,
    'rarely.ts': `export const RARE_MARKER = 'only-some-invocations';\nexport const shout = (s: string) => s.toUpperCase() + '!';\n`,
    'handler.ts': [
      `import { greet } from './always.js';`,
      `export async function handler(event: { name: string; rare?: boolean }) {`,
      `  if (!event.rare) return greet(event.name);`,
      `  const { shout } = await import('./rarely.js');`,
      `  return shout(greet(event.name));`,
      `}`,
    ].join('\n'),
  });
}

describe('function bundles', () => {
  /** The bundle of `handler.ts` in `src`, built as CDK builds it: the files init loads, and its handler. */
  const bundle = async <H>(src: string) => {
    const out = join(src, 'out');
    const result = await buildFunction({ ...functionBuildOptions(root), absWorkingDir: root, entryPoints: [join(src, 'handler.ts')], outdir: out, metafile: true, logLevel: 'silent' });
    const atInit = filesLoadedAtInit(result.metafile).map((f) => relative(out, join(root, f)));
    const handler = async () => ((await import(pathToFileURL(join(out, ENTRY_FILE)).href)) as { handler: H }).handler;
    return { out, atInit, handler, read: (file: string) => readFileSync(join(out, file), 'utf8') };
  };

  it('compile at module init only what every invocation needs; a dynamic import is a chunk loaded when first called', async () => {
    const { out, atInit, read, handler: load } = await bundle<(e: { name: string; rare?: boolean }) => Promise<string>>(sources());
    expect(atInit[0]).toBe(ENTRY_FILE);
    for (const file of atInit) expect(read(file)).not.toContain('only-some-invocations');
    const lazy = readdirSync(join(out, 'chunks')).map((f) => `chunks/${f}`).filter((f) => !atInit.includes(f));
    expect(lazy).toHaveLength(1);
    expect(read(lazy[0]!)).toContain('only-some-invocations');

    const handler = await load();
    expect(await handler({ name: 'Anne' })).toBe('hello Anne');
    expect(await handler({ name: 'Anne', rare: true })).toBe('HELLO ANNE!');
  });

  it('puts everything module init loads in one chunk, however the lazily loaded modules share it', async () => {
    // Three modules init needs; two lazy modules each use a different part of them. Left to itself,
    // esbuild would make a chunk per sharing pattern ({one}, {two, three}), each a file init loads.
    const counter = (name: string) => `export let ${name}Count = 0;\nexport const ${name} = () => ++${name}Count;\n`;
    const src = project({
      'one.ts': counter('one'),
      'two.ts': counter('two'),
      'three.ts': counter('three'),
      'first.ts': `import { one } from './one.js';\nexport const first = () => 'first ' + one();\n`,
      'second.ts': `import { two } from './two.js';\nimport { three } from './three.js';\nexport const second = () => 'second ' + two() + three();\n`,
      'handler.ts': [
        `import { one } from './one.js';`,
        `import { two } from './two.js';`,
        `import { three } from './three.js';`,
        `export const counted = [one(), two(), three()];`,
        `export async function handler(event: { which: 'first' | 'second' }) {`,
        `  return event.which === 'first' ? (await import('./first.js')).first() : (await import('./second.js')).second();`,
        `}`,
      ].join('\n'),
    });
    const { atInit, handler: load } = await bundle<(e: { which: 'first' | 'second' }) => Promise<string>>(src);
    expect(atInit).toHaveLength(2);
    expect(atInit[0]).toBe(ENTRY_FILE);

    // The lazy modules use the very module instances init created (one module state, not a copy).
    const handler = await load();
    expect(await handler({ which: 'first' })).toBe('first 2');
    expect(await handler({ which: 'second' })).toBe('second 22');
  });

  it('puts init code in one chunk also when a lazily loaded module is reached statically before its dynamic import', async () => {
    // As in the SDK: a lazy module (outer) imports `inner` statically, and `inner` is also the
    // target of a dynamic import further down (deep.ts), found only after `inner` was loaded.
    const src = project({
      'one.ts': `export const one = () => 'one';\n`,
      'two.ts': `export const two = () => 'two';\n`,
      'inner.ts': `import { one } from './one.js';\nexport const inner = () => 'inner ' + one();\n`,
      'deep.ts': `export const deep = async () => (await import('./inner.js')).inner();\n`,
      'outer.ts': `import { inner } from './inner.js';\nimport { deep } from './deep.js';\nexport const outer = async () => inner() + ' / ' + (await deep());\n`,
      'handler.ts': `import { one } from './one.js';\nimport { two } from './two.js';\nexport const handler = async () => [one(), two(), await (await import('./outer.js')).outer()].join(' ');\n`,
    });
    const { atInit, handler } = await bundle<() => Promise<string>>(src);
    expect(atInit).toHaveLength(2);
    expect(await (await handler())()).toBe('one two inner one / inner one');
  });

  it('keeps init in one chunk when a lazily loaded module dynamically imports a module init has loaded', async () => {
    // As the SDK does with a credential provider it also imports statically.
    const src = project({
      'one.ts': `export let calls = 0;\nexport const one = () => ++calls;\n`,
      'two.ts': `export const two = () => 'two';\n`,
      'later.ts': `export const later = async () => (await import('./one.js')).one();\n`,
      'handler.ts': `import { one } from './one.js';\nimport { two } from './two.js';\nexport const first = one();\nexport const handler = async () => [two(), await (await import('./later.js')).later()].join(' ');\n`,
    });
    const { atInit, handler } = await bundle<() => Promise<string>>(src);
    expect(atInit).toHaveLength(2);
    expect(await (await handler())()).toBe('two 2');
  });

  it('builds every function so that its module init runs as Lambda runs it', async () => {
    // The plugin adds imports between modules; if it ever made a static cycle, modules would run out of
    // order and init would throw (a function used before its module ran).
    const names = readdirSync(join(root, 'functions')).filter((d) => existsSync(join(root, 'functions', d, 'handler.ts')));
    expect(names.length).toBeGreaterThan(5);
    const out = mkdtempSync(join(tmpdir(), 'samskab-bundling-all-'));
    for (const name of names) {
      const dir = join(out, name);
      await buildFunction({ ...functionBuildOptions(root), absWorkingDir: root, entryPoints: [join(root, 'functions', name, 'handler.ts')], outdir: dir, logLevel: 'silent' });
      const env = { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-1', NODE_NO_WARNINGS: '1', LAMBDA_TASK_ROOT: dir };
      const script = `import(${JSON.stringify(pathToFileURL(join(dir, ENTRY_FILE)).href)}).then((m) => process.stdout.write(typeof m.handler))`;
      expect(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }), name).toBe('function');
    }
  }, 120_000);

  it('builds with the same options through CDK (a child process) and names a failing build', () => {
    const src = sources();
    writeFileSync(join(src, 'broken.ts'), `export const x = ;\n`);
    writeFileSync(join(src, 'handler.ts'), `import { x } from './broken.js';\nexport const handler = () => x;\n`);
    const out = join(src, 'out');
    mkdirSync(out);
    expect(() => new FunctionBundle({ entry: join(src, 'handler.ts'), projectDir: root, files: {}, afterBundling: () => [] }).tryBundle(out)).toThrow(/handler\.ts failed:[\s\S]*broken\.ts/);
  });

  it('writes the extra files beside the bundle and names a failing after-bundling command', () => {
    const src = sources();
    const ok = join(src, 'ok');
    mkdirSync(ok);
    new FunctionBundle({ entry: join(src, 'handler.ts'), projectDir: root, files: { 'network-settings.json': '{"a":1}' }, afterBundling: () => [] }).tryBundle(ok);
    expect(readFileSync(join(ok, 'network-settings.json'), 'utf8')).toBe('{"a":1}');
    const bad = join(src, 'bad');
    mkdirSync(bad);
    const failing = new FunctionBundle({ entry: join(src, 'handler.ts'), projectDir: root, files: {}, afterBundling: () => ['echo broken web build >&2; exit 3'] });
    expect(() => failing.tryBundle(bad)).toThrow(/handler\.ts: `echo broken web build >&2; exit 3` failed:\nbroken web build/);
  });

  it('finds the network settings beside the bundle when the settings module sits in a chunk', () => {
    const settingsModule = JSON.stringify(join(root, 'functions/adapters/settings.ts'));
    // Imported by the entry and by a lazy module, the settings module goes to a chunk, not index.mjs.
    const src = project({
      'lazy.ts': `import { networkSettings } from ${settingsModule};\nexport const zone = () => networkSettings().timeZone;\n`,
      'handler.ts': `import { networkSettings } from ${settingsModule};\nexport const handler = async () => [networkSettings().name, (await import('./lazy.js')).zone()].join(' / ');\n`,
    });
    const out = join(src, 'out');
    mkdirSync(out);
    const settings = networkSettings(loadNetworkConfig(join(root, 'networks', 'demo.json')));
    new FunctionBundle({ entry: join(src, 'handler.ts'), projectDir: root, files: { [NETWORK_SETTINGS_FILE]: JSON.stringify(settings) }, afterBundling: () => [] }).tryBundle(out);
    const settingsChunk = readdirSync(join(out, 'chunks')).filter((f) => readFileSync(join(out, 'chunks', f), 'utf8').includes(NETWORK_SETTINGS_FILE));
    expect(settingsChunk).toHaveLength(1);

    // As Lambda runs it: LAMBDA_TASK_ROOT is the folder the bundle is in, no NETWORK_SETTINGS override.
    const env = { PATH: process.env['PATH'] ?? '', LAMBDA_TASK_ROOT: out };
    const script = `import(${JSON.stringify(pathToFileURL(join(out, ENTRY_FILE)).href)}).then(async (m) => process.stdout.write(await m.handler()))`;
    expect(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' })).toBe(`${settings.name} / ${settings.timeZone}`);
  });
});
