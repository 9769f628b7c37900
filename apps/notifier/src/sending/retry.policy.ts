/**
 * Bounded exponential backoff with full jitter for retryable provider
 * errors: attempt n waits a random time up to base * 2^(n-1), capped.
 * Jitter keeps many notifier replicas from hammering a recovering provider
 * in step.
 */
export class RetryPolicy {
  constructor(
    readonly maxAttempts: number,
    private readonly baseMs: number,
    private readonly capMs = 30_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** True while another attempt is allowed after `attempt` failed ones. */
  allowsAnother(attempt: number): boolean {
    return attempt < this.maxAttempts;
  }

  delayAfter(attempt: number): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.max(0, attempt - 1));

    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
