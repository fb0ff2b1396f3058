// API Gateway's throttling of an HTTP API stage: a token bucket per route (burst = its size, rate =
// tokens added per second), from the route's RouteSettings or else the stage's DefaultRouteSettings.
// A request that finds the bucket empty gets 429 {"message":"Too Many Requests"}, as API Gateway answers.

export interface ThrottleSettings {
  burstLimit: number;
  rateLimit: number;
}

class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly settings: ThrottleSettings, now: number) {
    this.tokens = settings.burstLimit;
    this.last = now;
  }

  take(now: number): boolean {
    const { burstLimit, rateLimit } = this.settings;
    this.tokens = Math.min(burstLimit, this.tokens + ((now - this.last) / 1000) * rateLimit);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class StageThrottling {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly defaults: ThrottleSettings | undefined,
    private readonly perRoute: Record<string, ThrottleSettings> = {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a request on this route may go through now (a route without limits always may). */
  allow(routeKey: string): boolean {
    const settings = this.perRoute[routeKey] ?? this.defaults;
    if (settings === undefined) return true;
    let bucket = this.buckets.get(routeKey);
    if (bucket === undefined) {
      bucket = new TokenBucket(settings, this.now());
      this.buckets.set(routeKey, bucket);
    }
    return bucket.take(this.now());
  }
}

/** The throttle of a stage's DefaultRouteSettings or one of its RouteSettings (CloudFormation properties). */
export function throttleOf(settings: unknown): ThrottleSettings | undefined {
  const s = settings as { ThrottlingBurstLimit?: unknown; ThrottlingRateLimit?: unknown } | undefined;
  if (s?.ThrottlingBurstLimit === undefined && s?.ThrottlingRateLimit === undefined) return undefined;
  // API Gateway's account defaults fill in what the stage leaves out.
  return { burstLimit: Number(s.ThrottlingBurstLimit ?? 5000), rateLimit: Number(s.ThrottlingRateLimit ?? 10_000) };
}

/** The stage's throttling, read from its CloudFormation properties. */
export function stageThrottling(stage: Record<string, unknown> | undefined): StageThrottling {
  const perRoute: Record<string, ThrottleSettings> = {};
  for (const [routeKey, settings] of Object.entries((stage?.['RouteSettings'] ?? {}) as Record<string, unknown>)) {
    const t = throttleOf(settings);
    if (t !== undefined) perRoute[routeKey] = t;
  }
  return new StageThrottling(throttleOf(stage?.['DefaultRouteSettings']), perRoute);
}
