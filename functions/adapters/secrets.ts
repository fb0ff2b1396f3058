// Secrets Manager reads, cached per container for a few minutes (so a rotated value is picked up).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const client = new SecretsManagerClient({});
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { value: Promise<string>; fetchedAt: number }>();

export function getSecret(secretId: string): Promise<string> {
  const hit = cache.get(secretId);
  if (hit && Date.now() - hit.fetchedAt < TTL_MS) return hit.value;
  const value = client.send(new GetSecretValueCommand({ SecretId: secretId })).then((out) => {
    if (out.SecretString === undefined) throw new Error(`secret ${secretId} has no string value`);
    return out.SecretString;
  });
  // A failed read is not cached: the next request tries again.
  value.catch(() => cache.delete(secretId));
  cache.set(secretId, { value, fetchedAt: Date.now() });
  return value;
}
