// The network's settings, bundled with every function as network-settings.json (Lambda's 4 KB
// environment cannot hold the longest texts a config allows); NETWORK_SETTINGS overrides it in tests.
// Both are the output of the one schema, checked at synth (lib/network-config.ts: networkSettings),
// so a function reads them as they are: checking its own build output again on every cold start
// would load the validation library into module init of functions that validate nothing else.
import { readFileSync } from 'node:fs';
import { Env, NETWORK_SETTINGS_FILE } from '../contract/environment.js';
import type { NetworkSettings } from '../contract/network.js';
import { bundleFile } from '../shared/bundle-files.js';

let cached: NetworkSettings | undefined;

export function networkSettings(): NetworkSettings {
  cached ??= JSON.parse(process.env[Env.NetworkSettings] ?? readBundledSettings()) as NetworkSettings;
  return cached;
}

function readBundledSettings(): string {
  const file = bundleFile(NETWORK_SETTINGS_FILE);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`the network settings are missing: neither ${Env.NetworkSettings} nor ${file} (${(err as Error).message})`);
  }
}
