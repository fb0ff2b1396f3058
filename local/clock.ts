// The local cloud's clock: real time plus an offset that tests move forward (POST /_local/clock),
// so a reminder due in six days fires now. The offset lives in a SharedArrayBuffer that every
// function worker reads on each `Date.now()`/`new Date()` (function-runtime.mjs patches Date), and
// the local Scheduler re-arms its timers when it changes. Timers, retries and visibility timeouts
// keep real time.
export class LocalClock {
  /** Shared with the workers: one signed 64-bit offset in milliseconds. */
  readonly buffer = new SharedArrayBuffer(8);
  private readonly view = new BigInt64Array(this.buffer);
  private readonly listeners = new Set<() => void>();

  get offsetMs(): number {
    return Number(Atomics.load(this.view, 0));
  }

  /** Epoch milliseconds on the shifted clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    if (!Number.isFinite(offsetMs)) throw new Error('offsetMs must be a finite number of milliseconds');
    Atomics.store(this.view, 0, BigInt(Math.round(offsetMs)));
    for (const l of this.listeners) l();
  }

  /** Sets the clock from {offsetMs} | {advanceMs} | {now: ISO time}; returns the new state. */
  set(input: unknown): { offsetMs: number; now: string } {
    const o = (input ?? {}) as { offsetMs?: unknown; advanceMs?: unknown; now?: unknown };
    const given = ['offsetMs', 'advanceMs', 'now'].filter((k) => (o as Record<string, unknown>)[k] !== undefined);
    if (given.length !== 1) throw new Error('give exactly one of offsetMs, advanceMs, now');
    if (o.offsetMs !== undefined) this.setOffset(Number(o.offsetMs));
    else if (o.advanceMs !== undefined) this.setOffset(this.offsetMs + Number(o.advanceMs));
    else {
      const target = typeof o.now === 'string' ? Date.parse(o.now) : NaN;
      if (Number.isNaN(target)) throw new Error('now must be an ISO 8601 time');
      this.setOffset(target - Date.now());
    }
    return this.state();
  }

  state(): { offsetMs: number; now: string } {
    return { offsetMs: this.offsetMs, now: new Date(this.now()).toISOString() };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
