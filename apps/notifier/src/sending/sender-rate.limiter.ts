/**
 * Paces texts per sender (provider + sender number) as providers impose it,
 * e.g. one text per second on a Twilio long code. Each sender has its own
 * schedule: a caller reserves the next free slot and waits for it, so
 * senders never wait on each other. The wait holds only the Kafka
 * partition of the text being paced (the notifier consumes every
 * partition concurrently); texts of other tenants on that partition wait
 * at most for the slot of the text ahead of them.
 */
export class SenderRateLimiter {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** Milliseconds the caller must wait before sending; reserves the slot. */
  reserve(sender: string, perSecond: number): number {
    const interval = 1000 / perSecond;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(sender) ?? 0);
    this.nextSlot.set(sender, slot + interval);

    return slot - now;
  }

  async take(sender: string, perSecond: number): Promise<number> {
    const wait = this.reserve(sender, perSecond);
    if (wait > 0) {
      await this.sleep(wait);
    }

    return wait;
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
