// EventBridge over the JSON protocol (AWSEvents.<Operation>, x-amz-json-1.1).
import type { EventBus, PutEventsEntry } from '../event-bus.js';
import type { LocalCatalog } from './catalog.js';
import { handleEventBridgeRead } from './eventbridge-reads.js';
import { AwsError } from './wire.js';

const MAX_ENTRIES = 10;
/** The same limit as functions/contract/limits.ts (local/ imports nothing from functions/). */
const MAX_BYTES = 256 * 1024;

/**
 * The entries' size as EventBridge computes it ("Calculating PutEvents event entry size"): Time 14
 * bytes, Source, DetailType, Detail and each of Resources their UTF-8 bytes; nothing else counts.
 */
function entriesSize(entries: readonly unknown[]): number {
  const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  let size = 0;
  for (const e of entries as Record<string, unknown>[]) {
    if (e?.['Time'] !== undefined) size += 14;
    size += bytes(e?.['Source']) + bytes(e?.['DetailType']) + bytes(e?.['Detail']);
    for (const r of Array.isArray(e?.['Resources']) ? e['Resources'] : []) size += bytes(r);
  }
  return size;
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
  if (entriesSize(entries) > MAX_BYTES) {
    throw new AwsError(400, 'ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  const Entries = bus.putEvents(entries as PutEventsEntry[]);
  return { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries };
}
