// Secrets Manager over the JSON protocol (secretsmanager.<Operation>, x-amz-json-1.1).
import type { SecretStore } from '../secrets.js';
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
    default:
      throw new AwsError(400, 'UnsupportedOperation', `Secrets Manager ${op} is not supported by the local cloud`);
  }
}
