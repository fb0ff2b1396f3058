// The network's settings, passed to every function as JSON in NETWORK_SETTINGS; parsed once.
import { Env, requireEnv } from '../contract/environment.js';
import { NetworkSettings } from '../contract/network.js';

let cached: NetworkSettings | undefined;

export function networkSettings(): NetworkSettings {
  cached ??= NetworkSettings.parse(JSON.parse(requireEnv(Env.NetworkSettings)));
  return cached;
}
