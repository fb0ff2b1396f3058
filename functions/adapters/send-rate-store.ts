// The shared send-rate limiter's counters (functions/domain/mail/send-rate.ts) in the account's
// limiter table: one item per one-second window with the window's next free slot, the slots taken
// per network, and the networks that waited for one. A slot is one conditional UpdateItem (two
// when the window's next slot is already in the past and has to be skipped).
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEND_RATE_KEY, SEND_RATE_TABLE_NAME, SEND_RATE_TTL } from '../contract/send-rate.js';
import type { SendRateStore, SlotAnswer } from '../domain/mail/send-rate.js';
import { doc, isConditionFailure } from './dynamo.js';

const key = (window: number) => ({ [SEND_RATE_KEY]: `window#${window}` });
const expiry = (window: number) => window + 300;
const NETWORK_PREFIX = 'n_';
const networkAttribute = (network: string) => `${NETWORK_PREFIX}${network}`;
const NEXT_SLOT = 'nextSlot';
const SHARE_LEFT = '(attribute_not_exists(#mine) OR #mine < :share)';

/** The last window this container found without a slot for its network: no more calls for it. */
let exhausted: { window: number; network: string } | undefined;
/** The last slot this container took was the slot of that moment (the window's next one had passed). */
let lagging = false;

export const sendRateStore: SendRateStore = {
  async takeSlot(window: number, network: string, rate: number, share: number, earliest: number): Promise<SlotAnswer> {
    if (exhausted?.window === window && exhausted.network === network) return { granted: false };
    const names = { '#next': NEXT_SLOT, '#mine': networkAttribute(network), '#ttl': SEND_RATE_TTL };
    const update = (input: { expression: string; condition: string; values: Record<string, unknown> }) => doc.send(new UpdateCommand({
      TableName: SEND_RATE_TABLE_NAME,
      Key: key(window),
      UpdateExpression: input.expression,
      ConditionExpression: input.condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':one': 1, ':share': share, ':ttl': expiry(window), ...input.values },
      ReturnValues: 'UPDATED_NEW',
    })).then((out) => Number(out.Attributes?.[NEXT_SLOT]) - 1, (err: unknown) => {
      if (isConditionFailure(err)) return undefined;
      throw err;
    });
    // Two tries each: the window's next slot is still ahead (take it), or it lies in the past (skip
    // to `earliest`); another mailer may move it between the two. When the last slot had to skip,
    // the senders lag behind the rate and the skip is tried first (one call instead of two).
    const takeNext = async () => {
      const next = await update({
        expression: 'ADD #next :one, #mine :one SET #ttl = :ttl',
        condition: `#next >= :earliest AND #next < :rate AND ${SHARE_LEFT}`,
        values: { ':earliest': earliest, ':rate': rate },
      });
      return next === undefined ? undefined : { granted: true as const, index: next };
    };
    const skipToEarliest = async () => {
      const skipped = await update({
        expression: 'SET #next = :after, #ttl = :ttl ADD #mine :one',
        condition: `(attribute_not_exists(#next) OR #next < :earliest) AND ${SHARE_LEFT}`,
        values: { ':earliest': earliest, ':after': earliest + 1 },
      });
      return skipped === undefined ? undefined : { granted: true as const, index: earliest };
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      const order = lagging ? [skipToEarliest, takeNext] : [takeNext, skipToEarliest];
      for (const take of order) {
        const grant = await take();
        if (grant !== undefined) {
          lagging = take === skipToEarliest;
          return grant;
        }
      }
    }
    exhausted = { window, network };
    // Tells the other networks that this one wants to send: they keep to their share next window.
    await doc.send(new UpdateCommand({
      TableName: SEND_RATE_TABLE_NAME,
      Key: key(window),
      UpdateExpression: 'ADD #waiting :me SET #ttl = :ttl',
      ExpressionAttributeNames: { '#waiting': 'waiting', '#ttl': SEND_RATE_TTL },
      ExpressionAttributeValues: { ':me': new Set([network]), ':ttl': expiry(window) },
    }));
    return { granted: false };
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
  const sent = Object.keys(item).filter((k) => k.startsWith(NETWORK_PREFIX)).map((k) => k.slice(NETWORK_PREFIX.length));
  const waiting = item['waiting'] instanceof Set ? [...(item['waiting'] as Set<string>)] : [];
  return [...new Set([...sent, ...waiting])];
}
