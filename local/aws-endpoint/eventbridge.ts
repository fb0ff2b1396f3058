// EventBridge over the JSON protocol (AWSEvents.<Operation>, x-amz-json-1.1).
import type { EventBus, PutEventsEntry } from '../event-bus.js';
import type { LocalCatalog } from './catalog.js';
import { handleEventBridgeRead } from './eventbridge-reads.js';
import { AwsError } from './wire.js';

const MAX_ENTRIES = 10;
/** The entries of one request, counted as entrySize counts them: at most 256 KB (functions/contract/limits.ts; local/ imports nothing from functions/). */
const MAX_BYTES = 256 * 1024;

/**
 * An entry's size as EventBridge computes it ("Calculating PutEvents event entry size"): 14 bytes
 * for Time if given, and the UTF-8 bytes of Source, DetailType, Detail and each of Resources.
 */
export function entrySize(e: PutEventsEntry & { Time?: unknown; Resources?: unknown }): number {
  const utf8 = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  const resources = Array.isArray(e.Resources) ? e.Resources.reduce<number>((n, r) => n + utf8(r), 0) : 0;
  return (e.Time !== undefined && e.Time !== null ? 14 : 0) + utf8(e.Source) + utf8(e.DetailType) + utf8(e.Detail) + resources;
}

export function handleEventBridge(op: string, input: Record<string, unknown>, bus: EventBus, catalog: LocalCatalog): unknown {
  if (op !== 'PutEvents') return handleEventBridgeRead(op, input, catalog);
  const entries = input['Entries'];
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new AwsError(400, 'ValidationException', '1 validation error detected: Value null at \'entries\' failed to satisfy constraint: Member must not be null');
  }
  if (entries.length > MAX_ENTRIES) {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`);
  }
  if ((entries as PutEventsEntry[]).reduce((n, e) => n + entrySize(e), 0) > MAX_BYTES) {
    throw new AwsError(400, 'ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  const Entries = bus.putEvents(entries as PutEventsEntry[]);
  return { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries };
}
