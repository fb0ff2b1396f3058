// The account's SES sending rate (MaxSendRate), kept by the local SES as AWS keeps API rates: a
// token bucket that holds at most one second of sends and refills at the rate. A SendEmail with
// no token left is answered as SES answers a rate exceeded (TooManyRequestsException, HTTP 429,
// "Maximum sending rate exceeded."). Every network of one local cloud draws from the one bucket,
// as every stack in an AWS account and region does.

export class SendRateLimit {
  private tokens: number;
  private refilledAt: number;

  /** `perSecond` 0 = no limit. */
  constructor(private perSecond: number, private readonly now: () => number = Date.now) {
    this.tokens = Math.max(perSecond, 1);
    this.refilledAt = now();
  }

  get rate(): number {
    return this.perSecond;
  }

  set rate(perSecond: number) {
    if (!(perSecond >= 0) || !Number.isFinite(perSecond)) throw new Error('maxSendRate must be a number >= 0');
    this.perSecond = perSecond;
    this.tokens = Math.min(this.tokens, Math.max(perSecond, 1));
  }

  /** Takes one send from the bucket; false when the rate is exceeded. */
  take(): boolean {
    if (this.perSecond === 0) return true;
    const t = this.now();
    const capacity = Math.max(this.perSecond, 1);
    this.tokens = Math.min(capacity, this.tokens + ((t - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
