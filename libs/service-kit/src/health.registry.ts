export type HealthCheck = () => Promise<void>;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'ok' | string>;
}

/** Readiness checks a service registers (Kafka, PostgreSQL, its consumers). */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async readiness(): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    if (this.shuttingDown) {
      checks.lifecycle = 'shutting down';
    }
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        checks[name] = await withTimeout(check(), 2_000).then(
          () => 'ok' as const,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      }),
    );
    const healthy = Object.values(checks).every((value) => value === 'ok');

    return { status: healthy ? 'ok' : 'unavailable', checks };
  }
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
