export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitSettings {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** Time an open circuit waits before letting one trial call through. */
  cooldownMs: number;
}

/**
 * One provider's circuit: after `failureThreshold` consecutive retryable
 * failures it opens and callers go elsewhere; after `cooldownMs` one trial
 * call is let through (half-open); its success closes the circuit, its
 * failure opens it again for another cooldown.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly settings: CircuitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openedAt === null) {
      return 'closed';
    }

    return this.now() - this.openedAt >= this.settings.cooldownMs ? 'half_open' : 'open';
  }

  /** True when a call may go through now; a half-open circuit lets one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') {
      return true;
    }
    if (state === 'open' || this.trialInFlight) {
      return false;
    }
    this.trialInFlight = true;

    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.settings.failureThreshold) {
      this.openedAt = this.now();
    }
    this.trialInFlight = false;
  }

  /** A call that ended with no verdict on the provider's health (e.g. a permanent error). */
  release(): void {
    this.trialInFlight = false;
  }
}
