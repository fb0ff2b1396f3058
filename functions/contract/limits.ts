// The service limits a request must fit before the api accepts it, computed the way the services
// compute them, so a 202 never turns into a PutEvents or PutItem failure later. The api refuses
// with 413 naming the fields (functions/api/event-size.ts); local/ cannot import this module (it runs
// the synthesized template only) and keeps its own copy of the numbers with a pointer here.
import { eventEntryOf } from './event-entry.js';
import { eventSchemas, type DetailInput, type DetailType } from './events.js';

/** EventBridge PutEvents: the entries of one request together, 256 KB (the api puts one entry per request). */
export const EVENTBRIDGE_ENTRY_MAX_BYTES = 256 * 1024;

/** DynamoDB: one item, attribute names and values together. */
export const DYNAMODB_ITEM_MAX_BYTES = 400 * 1024;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The fields of a PutEventsRequestEntry that count towards its size. */
export interface PutEventsEntryFields {
  Source: string;
  DetailType: string;
  Detail?: string;
  Time?: Date;
  Resources?: readonly string[];
}

/**
 * An entry's size as EventBridge computes it ("Calculating PutEvents event entry size"): Time is
 * 14 bytes, Source, DetailType, Detail and each of Resources their UTF-8 bytes. EventBusName and
 * the JSON around the entry do not count.
 */
export function putEventsEntrySize(entry: PutEventsEntryFields): number {
  let size = entry.Time ? 14 : 0;
  size += utf8(entry.Source) + utf8(entry.DetailType);
  if (entry.Detail !== undefined) size += utf8(entry.Detail);
  for (const resource of entry.Resources ?? []) size += utf8(resource);
  return size;
}

/**
 * An item's size as DynamoDB computes it ("Item sizes and formats"): each attribute's name plus its
 * value; strings and binaries by their bytes, numbers about one byte per two digits plus one,
 * booleans and nulls one byte, lists and maps 3 bytes plus one per element plus their contents.
 * Takes the item as plain JavaScript values (what the document client marshals).
 */
export function dynamoItemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) size += utf8(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return Math.ceil(String(Math.abs(value)).replace(/[.-]|e.*$/g, '').replace(/^0+/, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((n: number, v) => n + valueSize(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((n: number, v) => n + 1 + valueSize(v), 0);
  if (typeof value === 'object') return 3 + Object.keys(value).length + dynamoItemSize(value as Record<string, unknown>);
  return 0;
}

/** A detail whose PutEvents entry is over the limit: its size and its biggest top-level fields, largest first. */
export interface OversizedEvent {
  bytes: number;
  maxBytes: number;
  fields: { field: string; bytes: number }[];
}

/**
 * Whether the event a request would publish fits EventBridge's entry limit; undefined when it
 * fits. The fields named are the detail's top-level fields that make up most of it.
 */
export function oversizedEvent<T extends DetailType>(detailType: T, detail: DetailInput<T>): OversizedEvent | undefined {
  const entry = eventEntryOf(eventSchemas, '', detailType, detail);
  const bytes = putEventsEntrySize(entry);
  if (bytes <= EVENTBRIDGE_ENTRY_MAX_BYTES) return undefined;
  const parsed = JSON.parse(entry.Detail) as Record<string, unknown>;
  const sizes = Object.entries(parsed)
    .map(([field, value]) => ({ field, bytes: utf8(JSON.stringify(value)) }))
    .sort((a, b) => b.bytes - a.bytes);
  // The fields that together make up at least the excess, so shortening them is enough.
  const excess = bytes - EVENTBRIDGE_ENTRY_MAX_BYTES;
  const fields: OversizedEvent['fields'] = [];
  let covered = 0;
  for (const s of sizes) {
    if (covered >= excess && fields.length > 0) break;
    fields.push(s);
    covered += s.bytes;
  }
  return { bytes, maxBytes: EVENTBRIDGE_ENTRY_MAX_BYTES, fields };
}
