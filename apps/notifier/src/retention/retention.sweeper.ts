import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantDirectory } from '@rebound/config';
import { LOGGER, PeriodicTask } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { NOTIFIER_CONFIG } from '../notifier.tokens';
import type { NotifierConfig } from '../notifier.config';

/** Retention for rows of a tenant no longer configured: the schema's default. */
const DEFAULT_RETENTION_DAYS = 90;

/**
 * Keeps numbers and bodies only as long as each tenant's `retention_days`:
 * older texts lose them (the rest stays for statistics and audit), and
 * older delivery receipts are deleted. Runs at start and then every
 * NOTIFIER_RETENTION_SWEEP_SECONDS; every replica may run it, the
 * statements are idempotent.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'notifier retention',
        intervalMs: this.config.NOTIFIER_RETENTION_SWEEP_SECONDS * 1000,
        firstRunMs: 0,
      },
      () => this.sweep(),
      logger,
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** Returns the number of texts pseudonymised and receipts deleted. */
  async sweep(now: Date = new Date()): Promise<{ texts: number; receipts: number }> {
    let texts = 0;
    let receipts = 0;
    const known = this.tenants.all().map((tenant) => tenant.id);
    for (const tenant of this.tenants.all()) {
      const cutoff = daysBefore(now, tenant.retention_days);
      texts += await this.pseudonymise('tenant_id = $2', [cutoff, tenant.id]);
      receipts += await this.deleteReceipts('tenant_id = $2', [cutoff, tenant.id]);
    }
    const fallback = daysBefore(now, DEFAULT_RETENTION_DAYS);
    texts += await this.pseudonymise('tenant_id <> all($2)', [fallback, known]);
    receipts += await this.deleteReceipts('(tenant_id is null or tenant_id <> all($2))', [
      fallback,
      known,
    ]);
    if (texts + receipts > 0) {
      this.logger.info({ texts, receipts }, 'retention sweep done');
    }

    return { texts, receipts };
  }

  private async pseudonymise(tenantFilter: string, parameters: unknown[]): Promise<number> {
    const [, count] = (await this.db.query(
      `update text_message set to_e164 = null, body = null, note = null, erased_at = now()
        where created_at < $1 and ${tenantFilter}
          and (to_e164 is not null or body is not null)`,
      parameters,
    )) as [unknown, number];

    return count;
  }

  private async deleteReceipts(tenantFilter: string, parameters: unknown[]): Promise<number> {
    const [, count] = (await this.db.query(
      `delete from delivery_receipt where received_at < $1 and ${tenantFilter}`,
      parameters,
    )) as [unknown, number];

    return count;
  }
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
