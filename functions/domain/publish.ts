// The port of the network's event bus: puts one contract event on it and resolves to its event
// id, or throws when the bus did not take it (functions/adapters/publisher.ts on EventBridge).
import type { DetailInput, DetailType } from '../contract/events.js';

/** `D`: the detail-types it may publish (all by default). */
export type Publish<D extends DetailType = DetailType> = <T extends D>(detailType: T, detail: DetailInput<T>) => Promise<string>;
