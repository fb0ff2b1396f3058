// What every route module of the api function gets besides its own ports.
import type { NetworkSettings } from '../contract/network.js';
import type { Publish } from '../domain/publish.js';

export interface ApiContext {
  settings(): NetworkSettings;
  publish: Publish;
  /** The api's clock (tests pin it). */
  now(): Date;
  /** Ids of new meetings and experiments. */
  newId(): string;
}
