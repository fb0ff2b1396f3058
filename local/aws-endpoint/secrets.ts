// Secrets Manager over the JSON protocol (secretsmanager.<Operation>, x-amz-json-1.1).
import type { LocalSecret, SecretStore } from '../secrets.js';
import { AwsError } from './wire.js';

export function handleSecrets(op: string, input: Record<string, unknown>, store: SecretStore): unknown {
  const secret = () => {
    const id = input['SecretId'];
    if (typeof id !== 'string') throw new AwsError(400, 'InvalidParameterException', 'SecretId is required.');
    const s = store.find(id);
    if (s === undefined) throw new AwsError(400, 'ResourceNotFoundException', 'Secrets Manager can\'t find the specified secret.');
    return s;
  };
  switch (op) {
    case 'GetSecretValue': {
      const s = secret();
      return {
        ARN: s.arn, Name: s.name, SecretString: s.secretString,
        VersionId: 'local-version-1', VersionStages: ['AWSCURRENT'], CreatedDate: s.createdAt,
      };
    }
    case 'DescribeSecret': {
      const s = secret();
      return { ARN: s.arn, Name: s.name, CreatedDate: s.createdAt, VersionIdsToStages: { 'local-version-1': ['AWSCURRENT'] } };
    }
    case 'ListSecrets': {
      // Metadata only, as on AWS: the values stay behind GetSecretValue.
      const matches = secretFilter(input['Filters']);
      const SecretList = store.all().filter(matches).map((s) => ({
        ARN: s.arn, Name: s.name, CreatedDate: s.createdAt, LastChangedDate: s.createdAt,
        SecretVersionsToStages: { 'local-version-1': ['AWSCURRENT'] },
      }));
      return { SecretList };
    }
    default:
      throw new AwsError(400, 'UnsupportedOperation', `Secrets Manager ${op} is not supported by the local cloud`);
  }
}

/** ListSecrets' Filters: a secret matches when every filter has a value its key matches (name: prefix). */
function secretFilter(filters: unknown): (s: LocalSecret) => boolean {
  if (filters === undefined) return () => true;
  if (!Array.isArray(filters)) throw new AwsError(400, 'InvalidParameterException', 'Filters must be a list.');
  const tests = (filters as Array<{ Key?: unknown; Values?: unknown }>).map(({ Key, Values }) => {
    const values = Array.isArray(Values) ? Values.filter((v): v is string => typeof v === 'string') : [];
    switch (Key) {
      case 'name':
      case 'all':
        return (s: LocalSecret) => values.some((v) => (v.startsWith('!') ? !s.name.startsWith(v.slice(1)) : s.name.startsWith(v)));
      case 'description':
      case 'tag-key':
      case 'tag-value':
      case 'primary-region':
      case 'owning-service':
        return () => false; // local secrets have no description, tags, replicas or owning service
      default:
        throw new AwsError(400, 'ValidationException', `1 validation error detected: Value '${String(Key)}' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, primary-region, owning-service, tag-value]`);
    }
  });
  return (s) => tests.every((test) => test(s));
}
