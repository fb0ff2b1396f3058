// How a function is bundled (lib/constructs/bundling.ts): code that only a dynamic import() reaches
// is a chunk of its own, left out of module init, and still there when the handler asks for it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { NETWORK_SETTINGS_FILE } from '../../functions/contract/environment.js';
import { ENTRY_FILE, filesLoadedAtInit, FunctionBundle, functionBuildOptions } from '../../lib/constructs/bundling.js';
import { loadNetworkConfig, networkSettings } from '../../lib/network-config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A handler with one module every invocation needs and one only some invocations need. */
function sources(): string {
  const dir = mkdtempSync(join(tmpdir(), 'samskab-bundling-'));
  writeFileSync(join(dir, 'always.ts'), `export const greet = (name: string) => 'hello ' + name;\n`);
  writeFileSync(join(dir, 'rarely.ts'), `export const RARE_MARKER = 'only-some-invocations';\nexport const shout = (s: string) => s.toUpperCase() + '!';\n`);
  writeFileSync(join(dir, 'handler.ts'), [
    `import { greet } from './always.js';`,
    `export async function handler(event: { name: string; rare?: boolean }) {`,
    `  if (!event.rare) return greet(event.name);`,
    `  const { shout } = await import('./rarely.js');`,
    `  return shout(greet(event.name));`,
    `}`,
  ].join('\n'));
  return dir;
}

describe('function bundles', () => {
  it('compile at module init only what every invocation needs; a dynamic import is a chunk loaded when first called', async () => {
    const src = sources();
    const out = join(src, 'out');
    const result = buildSync({ ...functionBuildOptions(root), absWorkingDir: root, entryPoints: [join(src, 'handler.ts')], outdir: out, metafile: true, logLevel: 'silent' });
    const atInit = filesLoadedAtInit(result.metafile!).map((f) => relative(out, join(root, f)));
    expect(atInit).toEqual([ENTRY_FILE]);
    const chunks = readdirSync(join(out, 'chunks'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatch(/\.mjs$/);
    expect(readFileSync(join(out, ENTRY_FILE), 'utf8')).not.toContain('only-some-invocations');
    expect(readFileSync(join(out, 'chunks', chunks[0]!), 'utf8')).toContain('only-some-invocations');

    const { handler } = (await import(pathToFileURL(join(out, ENTRY_FILE)).href)) as { handler: (e: { name: string; rare?: boolean }) => Promise<string> };
    expect(await handler({ name: 'Anne' })).toBe('hello Anne');
    expect(await handler({ name: 'Anne', rare: true })).toBe('HELLO ANNE!');
  });

  it('counts a chunk the entry imports statically as loaded at init', () => {
    const src = sources();
    // A second entry sharing always.ts makes esbuild put it in a shared chunk the entry imports statically.
    writeFileSync(join(src, 'other.ts'), `import { greet } from './always.js';\nexport const handler = () => greet('other');\n`);
    const out = join(src, 'out');
    const result = buildSync({ ...functionBuildOptions(root), absWorkingDir: root, entryNames: '[name]/index', entryPoints: [join(src, 'handler.ts'), join(src, 'other.ts')], outdir: out, metafile: true, logLevel: 'silent' });
    const handlerEntry = Object.keys(result.metafile!.outputs).find((k) => k.endsWith(`handler/${ENTRY_FILE}`))!;
    const only = { ...result.metafile!, outputs: Object.fromEntries(Object.entries(result.metafile!.outputs).filter(([k]) => !k.endsWith(`other/${ENTRY_FILE}`))) };
    const atInit = filesLoadedAtInit(only);
    expect(atInit[0]).toBe(handlerEntry);
    const shared = atInit.filter((f) => f.includes('/chunks/'));
    expect(shared).toHaveLength(1);
    expect(readFileSync(join(root, shared[0]!), 'utf8')).toContain('hello ');
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
    const src = mkdtempSync(join(tmpdir(), 'samskab-bundling-'));
    const settingsModule = join(root, 'functions/adapters/settings.ts');
    // Imported by the entry and by a lazy module, esbuild puts the settings module in a shared chunk.
    writeFileSync(join(src, 'lazy.ts'), `import { networkSettings } from ${JSON.stringify(settingsModule)};\nexport const zone = () => networkSettings().timeZone;\n`);
    writeFileSync(join(src, 'handler.ts'), [
      `import { networkSettings } from ${JSON.stringify(settingsModule)};`,
      `export const handler = async () => [networkSettings().name, (await import('./lazy.js')).zone()].join(' / ');`,
    ].join('\n'));
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
