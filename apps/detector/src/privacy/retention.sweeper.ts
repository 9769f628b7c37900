import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantDirectory, type Tenant } from '@rebound/config';
import { LOGGER, PeriodicTask } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { DETECTOR_CONFIG } from '../detector.tokens';
import type { DetectorConfig } from '../detector.config';

/**
 * Deletes, per tenant, call events stored longer ago than the tenant's
 * `retention_days`, with the calls, leg links and holds they leave behind.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(DETECTOR_CONFIG) private readonly config: DetectorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'detector retention',
        intervalMs: this.config.DETECTOR_RETENTION_INTERVAL_SECONDS * 1000,
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

  /** One pass over every tenant; the number of rows deleted. */
  async sweep(): Promise<number> {
    let deleted = 0;
    for (const tenant of this.tenants.all()) {
      deleted += await this.sweepTenant(tenant);
    }
    if (deleted > 0) {
      this.logger.info({ rows: deleted }, 'retention sweep deleted expired rows');
    }

    return deleted;
  }

  private async sweepTenant(tenant: Tenant): Promise<number> {
    const cutoff = `now() - make_interval(days => $2)`;
    const expired = [
      `delete from call_event where tenant_id = $1 and stored_at < ${cutoff}`,
      `delete from call_state where tenant_id = $1 and last_event_stored_at < ${cutoff}`,
      `delete from verdict_hold where tenant_id = $1 and held_until < ${cutoff}`,
    ];
    const orphanLinks = `delete from leg_alias a where a.tenant_id = $1
      and not exists (select 1 from call_state s where s.tenant_id = $1 and s.call_id = a.call_id)
      and not exists (select 1 from call_event e where e.tenant_id = $1 and e.call_id = a.call_id)`;

    return this.db.transaction(async (tx) => {
      let deleted = 0;
      for (const statement of expired) {
        deleted += await affected(tx.query(statement, [tenant.id, tenant.retention_days]));
      }

      return deleted + (await affected(tx.query(orphanLinks, [tenant.id])));
    });
  }
}

async function affected(result: Promise<unknown>): Promise<number> {
  const [, count] = (await result) as [unknown, number];

  return count;
}
