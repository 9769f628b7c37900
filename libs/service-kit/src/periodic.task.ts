import type { Logger } from '@rebound/telemetry';

export interface PeriodicTaskOptions {
  /** Names the task in logs. */
  name: string;
  intervalMs: number;
  /** Delay before the first run; defaults to the interval. */
  firstRunMs?: number;
}

/**
 * Runs a piece of background work (a sweep, a measurement) again and again,
 * one run at a time, waiting the interval after each run ends. A failed run
 * is logged and the next one tries again. `stop` waits for a run in flight,
 * so shutdown never cuts a transaction in half.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  /** True once `stop` was called: long runs check it between steps. */
  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.schedule(this.options.firstRunMs ?? this.options.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    this.timer = setTimeout(() => {
      this.running = this.work()
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn(
            { task: this.options.name, err: error },
            'background task failed; will retry',
          ),
        )
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
