// Builds the facilitator app (web/src) into one folder: index.html, app.js, app.css, favicon.svg.
// Run by CDK when it bundles the api function (lib/network-stack.ts: afterBundling), so the app
// ships inside the api bundle; tests call buildWeb() directly. Plain JavaScript, so it runs with
// `node` alone on a clean clone.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildWeb(outDir) {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
  for (const file of ['app.css', 'favicon.svg']) copyFileSync(join(here, 'src', file), join(out, file));
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2] ?? join(here, 'dist');
  buildWeb(target).then(
    (dir) => console.log(`web app built into ${dir}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
