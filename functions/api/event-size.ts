// The 413 for a request whose event would not fit the bus. Apart from http.ts (which every request
// loads at init): sizing the event validates it with the contract's schemas, so only the route
// modules that publish such events (loaded on their first request) bring in zod.
import type { DetailInput, DetailType } from '../contract/events.js';
import { oversizedEvent } from '../contract/limits.js';
import { HttpError } from './http.js';

/**
 * Refuses (413, nothing written or published) a request whose event would not fit one PutEvents
 * entry, naming the fields to shorten. Call it before any write the publish depends on.
 */
export function refuseOversizedEvent<T extends DetailType>(detailType: T, detail: DetailInput<T>): void {
  const over = oversizedEvent(detailType, detail);
  if (!over) return;
  const kb = (n: number) => `${Math.ceil(n / 1024)} KB`;
  const names = over.fields.map((f) => `${f.field} (${kb(f.bytes)})`).join(', ');
  throw new HttpError(
    413,
    `request too large: it makes a ${kb(over.bytes)} event, and the event bus takes at most ${kb(over.maxBytes)}; shorten ${names}`,
    { errors: over.fields.map((f) => ({ field: f.field, message: `is ${kb(f.bytes)}; the whole event must fit in ${kb(over.maxBytes)}` })) },
  );
}
