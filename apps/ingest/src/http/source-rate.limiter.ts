/**
 * A token bucket per source address: a flooding sender gets 429 instead of
 * crowding out every carrier. Buckets are in memory per ingest replica.
 */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst = perSecond * 2,
  ) {}

  tryTake(source: string, nowMs = Date.now()): boolean {
    const bucket = this.buckets.get(source) ?? { tokens: this.burst, updatedAt: nowMs };
    const refill = ((nowMs - bucket.updatedAt) / 1000) * this.perSecond;
    bucket.tokens = Math.min(this.burst, bucket.tokens + refill);
    bucket.updatedAt = nowMs;
    this.buckets.set(source, bucket);
    if (this.buckets.size > 10_000) {
      this.buckets.clear();
    }
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;

    return true;
  }
}
