// The shared send-rate limiter's DynamoDB adapter against dynalite: slots in order, a slot whose
// time has passed skipped for good (two UpdateItems), the rate and a network's share kept under
// concurrency, and the networks that sent or waited read back for the next window's shares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulators, type Emulators } from '../support/emulators.js';

let emu: Emulators;
let store: typeof import('../../functions/adapters/send-rate-store.js').sendRateStore;

beforeAll(async () => {
  emu = await startEmulators();
  store = (await import('../../functions/adapters/send-rate-store.js')).sendRateStore;
}, 60_000);
afterAll(async () => {
  await emu?.stop();
});

describe('send-rate store (DynamoDB)', () => {
  it('hands out the next slot, or the slot of this moment when the next one has passed', async () => {
    const w = 1_000_001;
    expect(await store.takeSlot(w, 'demo', 14, 14, 0)).toEqual({ granted: true, index: 0 });
    expect(await store.takeSlot(w, 'demo', 14, 14, 0)).toEqual({ granted: true, index: 1 });
    // Later in the second: slots 2..7 passed unused and are never handed out.
    expect(await store.takeSlot(w, 'demo', 14, 14, 8)).toEqual({ granted: true, index: 8 });
    expect(await store.takeSlot(w, 'demo', 14, 14, 2)).toEqual({ granted: true, index: 9 });
    // Another network's first mail of a fresh window that starts late.
    expect(await store.takeSlot(w + 1, 'other', 14, 14, 13)).toEqual({ granted: true, index: 13 });
    expect(await store.takeSlot(w + 1, 'other', 14, 14, 13)).toEqual({ granted: false });
  });

  it('keeps the rate and each network\'s share when many mailers ask at once, and remembers who waited', async () => {
    const w = 1_000_101;
    const ask = (network: string) => store.takeSlot(w, network, 10, 5, 0);
    const answers = await Promise.all([...Array.from({ length: 12 }, () => ask('demo')), ...Array.from({ length: 12 }, () => ask('other'))]);
    const granted = answers.filter((a) => a.granted);
    expect(granted).toHaveLength(10);
    expect(new Set(granted.map((a) => (a.granted ? a.index : -1)))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(answers.slice(0, 12).filter((a) => a.granted)).toHaveLength(5);
    expect((await store.networksIn(w)).sort()).toEqual(['demo', 'other']);
    expect(await store.networksIn(w + 50)).toEqual([]);
  });
});
