// EventBridge over the JSON protocol (AWSEvents.<Operation>, x-amz-json-1.1).
import type { EventBus, PutEventsEntry } from '../event-bus.js';
import type { LocalCatalog } from './catalog.js';
import { handleEventBridgeRead } from './eventbridge-reads.js';
import { AwsError } from './wire.js';

const MAX_ENTRIES = 10;
const MAX_BYTES = 256 * 1024;

export function handleEventBridge(op: string, input: Record<string, unknown>, bus: EventBus, catalog: LocalCatalog): unknown {
  if (op !== 'PutEvents') return handleEventBridgeRead(op, input, catalog);
  const entries = input['Entries'];
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new AwsError(400, 'ValidationException', '1 validation error detected: Value null at \'entries\' failed to satisfy constraint: Member must not be null');
  }
  if (entries.length > MAX_ENTRIES) {
    throw new AwsError(400, 'ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`);
  }
  if (Buffer.byteLength(JSON.stringify(entries)) > MAX_BYTES) {
    throw new AwsError(400, 'ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  const Entries = bus.putEvents(entries as PutEventsEntry[]);
  return { FailedEntryCount: Entries.filter((e) => 'ErrorCode' in e).length, Entries };
}
