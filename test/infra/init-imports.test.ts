// What a function's module init loads: no function's init loads zod. The api validates bodies and
// events only for the requests that have them (its route modules, loaded on their first request);
// the event consumers, the mailer and the deliverability function check every event, mail job and
// link with compiled schemas (contract/schemas.generated.ts) and load zod only to explain a refusal.
// A value imported from a module of zod schemas (mail-job.ts, network.ts, events.ts) at init brings
// that module, and zod with it, into init as soon as another path uses one of its schemas.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunction, filesLoadedAtInit, functionBuildOptions } from '../../lib/constructs/bundling.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

let outdir: string;
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'samskab-init-imports-'));
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const isZod = (input: string) => input.startsWith('node_modules/zod/');

/** The function's bundle as deployed, and the inputs (source files) of the files its init loads. */
async function initOf(fn: string) {
  const entry = `functions/${fn}/handler.ts`;
  const { metafile } = await buildFunction({ ...functionBuildOptions(root), absWorkingDir: root, entryPoints: [join(root, entry)], outdir: join(outdir, fn), metafile: true, write: false });
  const atInit = new Set(filesLoadedAtInit(metafile).flatMap((file) => Object.keys(metafile.outputs[file]!.inputs)));
  return { entry, metafile, atInit };
}

/** Own modules loaded at init that import zod themselves, each with the chain of static imports from the entry that brings it in. */
function zodImportersAtInit({ entry, metafile, atInit }: { entry: string; metafile: Metafile; atInit: Set<string> }): Map<string, string> {
  const importedBy = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  for (const file of queue) {
    for (const i of metafile.inputs[file]!.imports) {
      if (i.kind !== 'import-statement' || importedBy.has(i.path) || metafile.inputs[i.path] === undefined) continue;
      importedBy.set(i.path, file);
      queue.push(i.path);
    }
  }
  const chain = (file: string): string => (importedBy.get(file) ? `${chain(importedBy.get(file)!)} -> ${file}` : file);
  const importers = new Map<string, string>();
  for (const file of atInit) {
    if (file.startsWith('functions/') && metafile.inputs[file]!.imports.some((i) => isZod(i.path))) importers.set(file, chain(file));
  }
  return importers;
}

describe("the api function's module init", () => {
  let api: Awaited<ReturnType<typeof initOf>>;
  beforeAll(async () => {
    api = await initOf('api');
  }, 60_000);

  it('loads no module that imports zod, nor zod itself', () => {
    const offending = [...zodImportersAtInit(api).values()];
    expect(offending, 'modules loaded at init that import zod (chain of static imports from the entry)').toEqual([]);
    expect([...api.atInit].filter(isZod)).toEqual([]);
  });

  it('has the event schemas in the bundle, loaded with the first publish, schedule or route that needs them', () => {
    const bundled = Object.keys(api.metafile.inputs);
    expect(bundled).toContain('functions/contract/events.ts');
    expect(bundled).toContain('functions/contract/scheduled-events.ts');
    expect(api.atInit.has('functions/contract/events.ts')).toBe(false);
    expect(api.atInit.has('functions/contract/scheduled-events.ts')).toBe(false);
  });
});

const FUNCTIONS = ['api', 'meetings', 'experiments', 'mailer', 'inbound', 'deliverability', 'digest', 'seed-people'];

describe("every function's module init", () => {
  for (const fn of FUNCTIONS) {
    it(`${fn}: loads no zod, and no module of zod schemas`, async () => {
      const init = await initOf(fn);
      const offending = [...zodImportersAtInit(init).values()];
      expect(offending, 'modules loaded at init that import zod (chain of static imports from the entry)').toEqual([]);
      expect([...init.atInit].filter(isZod)).toEqual([]);
    }, 60_000);
  }

  it('a consumer still has its zod schemas in the bundle, for the events its compiled schemas refuse', async () => {
    const meetings = await initOf('meetings');
    expect(Object.keys(meetings.metafile.inputs)).toContain('functions/contract/events.ts');
    expect(meetings.atInit.has('functions/contract/events.ts')).toBe(false);
    expect(meetings.atInit.has('functions/contract/schemas.generated.ts')).toBe(true);
  }, 60_000);
});
