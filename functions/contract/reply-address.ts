// The network's reply address, zod-free: the inbound function and the calendar parts read it on
// every mail, and network.ts (the settings' schema) is for what validates them.
import type { NetworkSettings } from './network.js';

/** The network's reply address: the configured one, else svar@ at the sender's domain. */
export const replyAddressOf = (settings: Pick<NetworkSettings, 'replyAddress' | 'senderAddress'>): string =>
  settings.replyAddress ?? `svar@${settings.senderAddress.slice(settings.senderAddress.lastIndexOf('@') + 1)}`;
