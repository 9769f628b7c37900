import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantDirectory, type Tenant } from '@rebound/config';
import { Clock, LOGGER, PeriodicTask } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';

/**
 * Past a tenant's `retention_days`, compliance keeps no clear number: the
 * number columns (and the stored text, which names the recipient) are
 * nulled, contacts, readings and settled deferrals are deleted. The keyed
 * hash stays on decisions (audit: why was or was not a text sent) and on
 * opt-outs and learned landlines, which must be honoured for as long as
 * they stand; an erasure request removes those too.
 */
const STATEMENTS: readonly string[] = [
  `update decision set caller_e164 = null, sms_request = null
   where tenant_id = $1 and decided_at < $2 and (caller_e164 is not null or sms_request is not null)`,
  `update opt_out set caller_e164 = null
   where tenant_id = $1 and created_at < $2 and caller_e164 is not null`,
  `update known_landline set caller_e164 = null
   where tenant_id = $1 and created_at < $2 and caller_e164 is not null`,
  `delete from deferred_text where tenant_id = $1 and status <> 'pending' and created_at < $2`,
  'delete from caller_contact where tenant_id = $1 and created_at < $2',
  'delete from inbound_reading where tenant_id = $1 and read_at < $2',
];

@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(
      {
        name: 'compliance retention',
        intervalMs: this.config.COMPLIANCE_RETENTION_SWEEP_MS,
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

  /** One pass over every tenant; returns the rows changed. */
  async sweep(): Promise<number> {
    let rows = 0;
    for (const tenant of this.tenants.all()) {
      rows += await this.sweepTenant(tenant);
    }

    return rows;
  }

  private async sweepTenant(tenant: Tenant): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - tenant.retention_days * 86_400_000);
    let rows = 0;
    for (const statement of STATEMENTS) {
      const [, count] = (await this.db.query(statement, [tenant.id, cutoff])) as [unknown, number];
      rows += count;
    }
    if (rows > 0) {
      this.logger.info({ tenant_id: tenant.id, rows }, 'retention applied');
    }

    return rows;
  }
}
