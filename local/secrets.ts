// The template's generated secrets, created once per data folder (secrets.json) like
// Secrets Manager's GenerateSecretString, so the API token stays the same between runs.
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GenerateSecretString {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  ExcludeNumbers?: boolean;
  IncludeSpace?: boolean;
  SecretStringTemplate?: string;
  GenerateStringKey?: string;
}

export interface LocalSecret {
  logicalId: string;
  name: string;
  arn: string;
  secretString: string;
  /** The generated part (the token itself when a template wraps it in JSON). */
  generated: string;
  createdAt: number;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export function generatePassword(o: GenerateSecretString): string {
  let chars = '';
  if (o.ExcludeLowercase !== true) chars += 'abcdefghijklmnopqrstuvwxyz';
  if (o.ExcludeUppercase !== true) chars += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (o.ExcludeNumbers !== true) chars += '0123456789';
  if (o.ExcludePunctuation !== true) chars += PUNCTUATION;
  if (o.IncludeSpace === true) chars += ' ';
  const excluded = new Set(o.ExcludeCharacters ?? '');
  const pool = [...chars].filter((c) => !excluded.has(c));
  if (pool.length === 0) throw new Error('GenerateSecretString excludes every character');
  const length = o.PasswordLength ?? 32;
  return Array.from({ length }, () => pool[randomInt(pool.length)]).join('');
}

export class SecretStore {
  private readonly file: string;
  private readonly saved: Record<string, { secretString: string; generated: string; createdAt: number }>;
  private readonly secrets = new Map<string, LocalSecret>();

  constructor(dataDir: string) {
    this.file = join(dataDir, 'secrets.json');
    this.saved = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) as typeof this.saved : {};
  }

  /** Declares a template secret; generates its value the first time. */
  declare(logicalId: string, name: string, arn: string, props: Record<string, unknown>): LocalSecret {
    let s = this.saved[logicalId];
    if (s === undefined) {
      const gen = props['GenerateSecretString'] as GenerateSecretString | undefined;
      const fixed = props['SecretString'];
      let secretString: string;
      let generated: string;
      if (typeof fixed === 'string') {
        secretString = generated = fixed;
      } else {
        generated = generatePassword(gen ?? {});
        secretString = generated;
        if (gen?.SecretStringTemplate !== undefined && gen.GenerateStringKey !== undefined) {
          secretString = JSON.stringify({ ...(JSON.parse(gen.SecretStringTemplate) as object), [gen.GenerateStringKey]: generated });
        }
      }
      s = { secretString, generated, createdAt: Math.floor(Date.now() / 1000) };
      this.saved[logicalId] = s;
      writeFileSync(this.file, JSON.stringify(this.saved, null, 2), { mode: 0o600 });
    }
    const secret = { logicalId, name, arn, ...s };
    this.secrets.set(logicalId, secret);
    return secret;
  }

  /** By ARN (full or partial, as Secrets Manager accepts) or name. */
  find(id: string): LocalSecret | undefined {
    for (const s of this.secrets.values()) {
      if (s.arn === id || s.name === id || s.arn.startsWith(id + '-') || s.arn.startsWith(id)) return s;
    }
    return undefined;
  }

  all(): LocalSecret[] {
    return [...this.secrets.values()];
  }
}
