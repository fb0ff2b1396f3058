// The people seed's custom resource (Custom::PeopleSeed): what lib/constructs/data.ts declares, the
// seed function reads, and the local cloud runs the same way from the cloud assembly.

/** BatchWriteItem takes at most 25 items per call: one group, one hash. */
export const SEED_GROUP_SIZE = 25;

/** The groups the stack hashes and the seed function writes: both must cut the items alike. */
export function seedGroups<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SEED_GROUP_SIZE) out.push(items.slice(i, i + SEED_GROUP_SIZE));
  return out;
}

/** The items (DynamoDB JSON, one array) in the seed function's bundle. */
export const SEED_ITEMS_FILE = 'people.json';

export interface PeopleSeedProperties {
  ServiceToken: string;
  TableName: string;
  /** The bundled file that holds the items. */
  ItemsFile: string;
  /** One hash per group of SEED_GROUP_SIZE items, in order: a changed hash rewrites that group. */
  GroupHashes: string[];
}
