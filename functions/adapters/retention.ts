// The TTL attribute for meeting-related personal data: meeting end + the network's retentionMonths
// (functions/domain/retention.ts). Functions without NETWORK_SETTINGS (some tests) write no TTL.
import { Env } from '../contract/environment.js';
import { NetworkSettings } from '../contract/network.js';
import { TableKeys } from '../contract/table.js';
import { retentionExpiresAt } from '../domain/retention.js';

let months: number | null | undefined;

function retentionMonths(): number | null {
  if (months !== undefined) return months;
  const raw = process.env[Env.NetworkSettings];
  if (!raw) return null; // not cached: a test may set it later
  try {
    months = NetworkSettings.parse(JSON.parse(raw)).retentionMonths;
  } catch {
    months = null;
  }
  return months;
}

/** `{ expiresAt }` to spread into an item, or nothing when the end or the settings are unknown. */
export function retentionAttribute(endsAt: string | undefined): { [TableKeys.ttl]?: number } {
  const m = retentionMonths();
  if (endsAt === undefined || m === null) return {};
  const at = retentionExpiresAt(endsAt, { retentionMonths: m });
  return at === undefined ? {} : { [TableKeys.ttl]: at };
}
