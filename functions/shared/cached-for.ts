// A value kept for a short time per container (plain promises, no AWS): the first caller loads it,
// callers within `maxAgeMs` (and those arriving while it loads) share it; a failed load is not kept.

export function cachedFor<T>(maxAgeMs: number, nowMs: () => number, load: () => Promise<T>): () => Promise<T> {
  let entry: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = nowMs();
    // A clock that went back counts as expired, so nothing is kept longer than maxAgeMs.
    if (entry && now >= entry.at && now - entry.at < maxAgeMs) return entry.value;
    const mine = { at: now, value: load() };
    entry = mine;
    mine.value.catch(() => {
      if (entry === mine) entry = undefined;
    });
    return mine.value;
  };
}
