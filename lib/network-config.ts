// The per-network config file (networks/<slug>.json): validated once at synth time.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as z from 'zod/mini';
import { Email, NetworkSettings, Person } from '../functions/contract/network.js';

const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const networkConfigFields = z.extend(NetworkSettings._zod.innerType, {
  people: z.array(Person).check(z.minLength(1)),
  /** Person ids (from people) who may use the facilitator app and API. */
  facilitators: z.array(z.string()).check(z.minLength(1)),
  /**
   * While the SES account is in the sandbox: addresses to create as SES identities (SES mails each
   * a verification link) so they may receive mail; identities belong to the account, so list an
   * address in one network only. The local cloud's --ses-sandbox treats them as verified.
   */
  sesVerifiedRecipients: z._default(z.array(Email), []),
  /** Where ops alarms go. */
  alarmEmail: z.optional(Email),
  /**
   * Lambda reserved concurrency per function (docs/architecture.md, "Throttling and concurrency"):
   * unset by default, because a new account's concurrency quota leaves nothing to reserve and the
   * deploy would fail. Set it once the account's quota allows (Lambda keeps 100 unreserved).
   */
  reservedConcurrency: z._default(
    z.object({
      api: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      meetings: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      experiments: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
      mailer: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
    }),
    {},
  ),
  /** Days CloudWatch keeps function logs (only the values CloudWatch Logs accepts). */
  logRetentionDays: z._default(
    z
      .number()
      .check(
        z.int(),
        z.refine((d: number) => LOG_RETENTION_DAYS.includes(d), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`),
      ),
    90,
  ),
});

export const NetworkConfig = networkConfigFields.check(
  z.superRefine((cfg, ctx) => {
    const ids = new Set<string>();
    const emails = new Set<string>();
    cfg.people.forEach((p, i) => {
      if (ids.has(p.id)) ctx.addIssue({ code: 'custom', path: ['people', i, 'id'], message: `duplicate person id "${p.id}"` });
      if (emails.has(p.email)) ctx.addIssue({ code: 'custom', path: ['people', i, 'email'], message: `duplicate email "${p.email}"` });
      ids.add(p.id);
      emails.add(p.email);
      if (p.municipality !== undefined && !cfg.municipalities.includes(p.municipality)) {
        ctx.addIssue({ code: 'custom', path: ['people', i, 'municipality'], message: `"${p.municipality}" is not one of the network's municipalities` });
      }
    });
    cfg.facilitators.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['facilitators', i], message: `"${id}" is not a person id in people` });
    });
  }),
);
/** `file` is the config file it was loaded from (for error messages at synth time). */
export type NetworkConfig = z.infer<typeof NetworkConfig> & { slug: string; file?: string };

export class NetworkConfigError extends Error {}

const SLUG = /^[a-z][a-z0-9-]{1,30}$/;

export function loadNetworkConfig(file: string): NetworkConfig {
  const slug = basename(file, '.json');
  if (!SLUG.test(slug)) throw new NetworkConfigError(`${file}: file name must be a slug (lowercase letters, digits, dashes; 2-31 characters)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new NetworkConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const result = NetworkConfig.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new NetworkConfigError(`${file}: invalid network config\n${lines.join('\n')}`);
  }
  return { ...result.data, slug, file };
}

export function networkConfigFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** What functions receive in NETWORK_SETTINGS: the settings without the people seed. */
export function networkSettings(cfg: NetworkConfig): NetworkSettings {
  return NetworkSettings.parse(cfg);
}
