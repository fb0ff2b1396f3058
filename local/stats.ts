// Counts every request per service and operation, function invocations and event deliveries,
// for the fault tests and the benchmark (`GET /_local/stats`).

export interface InvocationStats { invocations: number; errors: number; totalMs: number; inFlight: number; coldStarts: number }

/** Counters kept elsewhere (the dynalite thread's), merged into every snapshot. */
export interface CounterSource {
  read(): { requests: Record<string, number>; items: Record<string, number> };
  reset(): void;
}

export class Stats {
  requests: Record<string, Record<string, number>> = {};
  /** Items carried by batch operations, e.g. DynamoDB BatchWriteItem items or SQS batch entries. */
  items: Record<string, Record<string, number>> = {};
  functions: Record<string, InvocationStats> = {};
  events = { put: 0, matched: 0, deliveries: 0, failedAttempts: 0, sentToDlq: 0, dropped: 0 };
  faults = { duplicatedEvents: 0, duplicatedMessages: 0, sesThrottled: 0, crashes: 0 };
  /** SES sends: mails accepted, and SendEmail calls throttled (over the rate or by the fault). */
  ses = { sent: 0, throttled: 0 };
  /** Asynchronous Lambda invocations (rule and schedule targets); `dropped` were lost for want of an on-failure destination. */
  lambdaAsync = { accepted: 0, retries: 0, toOnFailure: 0, dropped: 0, resumed: 0 };
  private readonly sources = new Map<string, CounterSource>();

  /** Reports a service's requests from a source that counts them itself. */
  attach(service: string, source: CounterSource): void {
    this.sources.set(service, source);
  }

  count(service: string, operation: string, n = 1): void {
    const s = (this.requests[service] ??= {});
    s[operation] = (s[operation] ?? 0) + n;
  }

  countItems(service: string, operation: string, n: number): void {
    const s = (this.items[service] ??= {});
    s[operation] = (s[operation] ?? 0) + n;
  }

  fn(name: string): InvocationStats {
    return (this.functions[name] ??= { invocations: 0, errors: 0, totalMs: 0, inFlight: 0, coldStarts: 0 });
  }

  /** Zeroes the counters (in-flight gauges stay) so a benchmark can measure one run. */
  reset(): void {
    this.requests = {};
    this.items = {};
    for (const f of Object.values(this.functions)) Object.assign(f, { invocations: 0, errors: 0, totalMs: 0, coldStarts: 0 });
    this.events = { put: 0, matched: 0, deliveries: 0, failedAttempts: 0, sentToDlq: 0, dropped: 0 };
    this.faults = { duplicatedEvents: 0, duplicatedMessages: 0, sesThrottled: 0, crashes: 0 };
    this.ses = { sent: 0, throttled: 0 };
    this.lambdaAsync = { accepted: 0, retries: 0, toOnFailure: 0, dropped: 0, resumed: 0 };
    for (const source of this.sources.values()) source.reset();
  }

  snapshot(): Omit<Stats, 'attach' | 'count' | 'countItems' | 'fn' | 'reset' | 'snapshot'> {
    const copy = structuredClone({
      requests: this.requests, items: this.items, functions: this.functions, events: this.events, faults: this.faults,
      lambdaAsync: this.lambdaAsync, ses: this.ses,
    });
    for (const [service, source] of this.sources) {
      const { requests, items } = source.read();
      if (Object.keys(requests).length > 0) copy.requests[service] = requests;
      if (Object.keys(items).length > 0) copy.items[service] = items;
    }
    return copy;
  }
}
