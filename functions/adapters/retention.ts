// The TTL attribute for meeting-related personal data: meeting end + the network's retentionMonths
// (functions/domain/retention.ts). A function without settings (some tests) writes no TTL.
import { TableKeys } from '../contract/table.js';
import { retentionExpiresAt } from '../domain/retention.js';
import { networkSettings } from './settings.js';

function retentionMonths(): number | null {
  // Deployed functions read the settings from their bundle, not the environment: ask settings.ts,
  // which caches only a successful read (a test may set NETWORK_SETTINGS later).
  try {
    return networkSettings().retentionMonths; // parsed once per container (settings.ts)
  } catch {
    return null;
  }
}

/** `{ expiresAt }` to spread into an item, or nothing when the end or the settings are unknown. */
export function retentionAttribute(endsAt: string | undefined): { [TableKeys.ttl]?: number } {
  const m = retentionMonths();
  if (endsAt === undefined || m === null) return {};
  const at = retentionExpiresAt(endsAt, { retentionMonths: m });
  return at === undefined ? {} : { [TableKeys.ttl]: at };
}
