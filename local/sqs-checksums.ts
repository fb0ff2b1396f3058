// The MD5 digests SQS returns; the SDK v3 client verifies them and throws "Invalid MD5 checksum".
import { createHash } from 'node:crypto';

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string; // base64 on the JSON wire
}

export const md5OfBody = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

/** MD5 of message attributes as SQS documents it: sorted by name, each field length-prefixed. */
export function md5OfMessageAttributes(attrs: Record<string, MessageAttributeValue>): string {
  const hash = createHash('md5');
  const lengthPrefixed = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    hash.update(len);
    hash.update(b);
  };
  for (const name of Object.keys(attrs).sort()) {
    const a = attrs[name]!;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(a.DataType, 'utf8'));
    if (a.BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(a.BinaryValue, 'base64'));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(a.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}
