// Pacing to the account's SES sending rate (MaxSendRate), shared by every network stack in the
// account and region. Time is cut into one-second windows; each window holds `rate` send slots,
// slot i at windowStart + i/rate s, so sends are spread evenly and never exceed the rate in any
// second. A slot whose time has passed is never handed out: a mailer that joins mid-second starts
// at the slot of that moment instead of sending the second's unused slots at once (which SES would
// answer with throttling). A network that shares the window with others (they sent or waited in
// the previous window) takes at most its fair share, ceil(rate / networks), so two networks get
// half each. The store (functions/adapters/send-rate-store.ts) keeps one counter item per window.

export const WINDOW_MS = 1000;

export interface SlotGrant {
  granted: true;
  /** The slot's index in its window: the mail goes out at `slotTime(window, index, rate)`. */
  index: number;
}
export type SlotAnswer = SlotGrant | { granted: false };

export interface SendRateStore {
  /**
   * Takes slot max(next free slot, `earliest`) of `window` when that is below `rate` and this
   * network holds fewer than `share` of the window's slots; slots below `earliest` are skipped for good.
   */
  takeSlot(window: number, network: string, rate: number, share: number, earliest: number): Promise<SlotAnswer>;
  /** The networks that sent or waited in `window`. */
  networksIn(window: number): Promise<string[]>;
}

export const windowOf = (nowMs: number): number => Math.floor(nowMs / WINDOW_MS);

/** A network's slots per window when `networks` send at once (itself included). */
export function fairShare(rate: number, networks: number): number {
  return Math.max(1, Math.ceil(rate / Math.max(1, networks)));
}

/** When slot `index` of `window` may be used (ms since the epoch). */
export function slotTime(window: number, index: number, rate: number): number {
  return window * WINDOW_MS + Math.floor((index * WINDOW_MS) / Math.max(rate, 1));
}

/**
 * The first slot of `window` still usable at `nowMs`: the one whose interval [slotTime(i),
 * slotTime(i + 1)) holds now. Sending late within its own interval keeps the rate; an older slot
 * would make two sends where the rate allows one.
 */
export function earliestSlot(window: number, nowMs: number, rate: number): number {
  return Math.max(0, Math.floor(((nowMs - window * WINDOW_MS) * Math.max(rate, 1)) / WINDOW_MS));
}

export interface PacerDeps {
  store: SendRateStore;
  network: string;
  /** The account's MaxSendRate (mails a second); 0 or less: no limit. */
  rate(): Promise<number>;
  now(): number;
  sleep(ms: number): Promise<void>;
  random?: () => number;
}

/**
 * Waits for a send slot; resolves true when the mail may go out now, false when no slot came
 * before `deadline` (ms since the epoch): the caller returns the mail to the queue for a few seconds.
 */
export async function acquireSlot(deps: PacerDeps, deadline: number): Promise<boolean> {
  const rate = await deps.rate();
  if (!(rate > 0)) return true;
  const random = deps.random ?? Math.random;
  const known = new Map<number, number>();
  while (deps.now() < deadline) {
    const now = deps.now();
    const window = windowOf(now);
    const earliest = earliestSlot(window, now, rate);
    if (earliest < rate) {
      let networks = known.get(window - 1);
      if (networks === undefined) {
        const previous = await deps.store.networksIn(window - 1);
        networks = new Set([...previous, deps.network]).size;
        known.set(window - 1, networks);
      }
      const answer = await deps.store.takeSlot(window, deps.network, rate, fairShare(rate, networks), earliest);
      if (answer.granted) {
        const wait = slotTime(window, answer.index, rate) - deps.now();
        if (wait > 0) await deps.sleep(wait);
        return true;
      }
    }
    // The window is full (or this network's share of it): try again in the next one, spread over
    // its first slot's interval (later would leave that slot unused).
    const next = (window + 1) * WINDOW_MS + Math.floor(random() * (WINDOW_MS / rate));
    await deps.sleep(Math.max(0, next - deps.now()));
  }
  return false;
}

/** How long a mail that found no slot (or was throttled by SES) stays invisible: a few seconds, jittered. */
export function throttledRetryDelaySeconds(random: () => number = Math.random): number {
  return 2 + Math.floor(random() * 4);
}
