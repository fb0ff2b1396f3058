// Files that travel beside a function's bundle: network-settings.json, the api's web/ folder, the
// people seed's items. Lambda sets LAMBDA_TASK_ROOT to the folder the bundle is unpacked in (the
// local cloud sets it to the asset's folder). A path relative to import.meta.url would depend on
// where esbuild put the module: with code splitting, a module shared by the entry and a lazy chunk
// lives in chunks/, one folder below the files.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function bundleFile(name: string): string {
  // Without LAMBDA_TASK_ROOT (tests running the sources), beside this module.
  return join(process.env['LAMBDA_TASK_ROOT'] ?? dirname(fileURLToPath(import.meta.url)), name);
}
