// The shared send-rate limiter's counters (functions/domain/mail/send-rate.ts) in the account's
// limiter table: one item per one-second window with the slots taken in total and per network,
// and the networks that waited for one. A slot is one conditional UpdateItem.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEND_RATE_KEY, SEND_RATE_TABLE_NAME, SEND_RATE_TTL } from '../contract/send-rate.js';
import type { SendRateStore, SlotAnswer } from '../domain/mail/send-rate.js';
import { doc, isConditionFailure } from './dynamo.js';

const key = (window: number) => ({ [SEND_RATE_KEY]: `window#${window}` });
const expiry = (window: number) => window + 300;
const networkAttribute = (network: string) => `n_${network}`;

export const sendRateStore: SendRateStore = {
  async takeSlot(window: number, network: string, rate: number, share: number): Promise<SlotAnswer> {
    try {
      const out = await doc.send(new UpdateCommand({
        TableName: SEND_RATE_TABLE_NAME,
        Key: key(window),
        UpdateExpression: 'ADD #total :one, #mine :one SET #ttl = :ttl',
        ConditionExpression: '(attribute_not_exists(#total) OR #total < :rate) AND (attribute_not_exists(#mine) OR #mine < :share)',
        ExpressionAttributeNames: { '#total': 'total', '#mine': networkAttribute(network), '#ttl': SEND_RATE_TTL },
        ExpressionAttributeValues: { ':one': 1, ':rate': rate, ':share': share, ':ttl': expiry(window) },
        ReturnValues: 'UPDATED_NEW',
      }));
      const total = Number(out.Attributes?.['total'] ?? 1);
      return { granted: true, index: total - 1 };
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      // Tells the other networks that this one wants to send: they keep to their share next window.
      await doc.send(new UpdateCommand({
        TableName: SEND_RATE_TABLE_NAME,
        Key: key(window),
        UpdateExpression: 'ADD #waiting :me SET #ttl = :ttl',
        ExpressionAttributeNames: { '#waiting': 'waiting', '#ttl': SEND_RATE_TTL },
        ExpressionAttributeValues: { ':me': new Set([network]), ':ttl': expiry(window) },
      }));
      return { granted: false };
    }
  },

  async networksIn(window: number): Promise<string[]> {
    // A past window no longer changes much: one read per window per container, however many mails wait.
    const cached = networksRead.get(window);
    if (cached !== undefined) return cached;
    const read = readNetworksIn(window);
    read.catch(() => networksRead.delete(window));
    networksRead.clear();
    networksRead.set(window, read);
    return read;
  },
};

const networksRead = new Map<number, Promise<string[]>>();

async function readNetworksIn(window: number): Promise<string[]> {
  const out = await doc.send(new GetCommand({ TableName: SEND_RATE_TABLE_NAME, Key: key(window) }));
  const item = out.Item ?? {};
  const sent = Object.keys(item).filter((k) => k.startsWith('n_')).map((k) => k.slice(2));
  const waiting = item['waiting'] instanceof Set ? [...(item['waiting'] as Set<string>)] : [];
  return [...new Set([...sent, ...waiting])];
}
