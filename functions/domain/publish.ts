// The port of the network's event bus: puts one contract event on it and resolves to its event
// id, or throws when the bus did not take it (functions/adapters/publisher.ts on EventBridge).
import type { DetailInput, DetailType } from '../contract/events.js';

export type Publish = <T extends DetailType>(detailType: T, detail: DetailInput<T>) => Promise<string>;
