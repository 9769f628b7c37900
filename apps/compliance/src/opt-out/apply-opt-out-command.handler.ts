import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OptOutCommand } from '@rebound/contracts';
import { TenantDirectory } from '@rebound/config';
import { ReboundError } from '@rebound/kafka';
import { LOGGER } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from '../deciding/caller-pseudonym';

/**
 * An operator's opt-out (the caller asked by phone or at the desk) or its
 * removal. Idempotent: adding twice keeps one entry, removing a missing one
 * changes nothing.
 */
@Injectable()
export class ApplyOptOutCommandHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(command: OptOutCommand): Promise<void> {
    if (!this.tenants.get(command.tenant_id)) {
      // Dead-lettered with this reason, where an operator sees it: a stored
      // opt-out under an unknown tenant would protect nobody.
      throw new ReboundError(
        'COMPLIANCE.UNKNOWN_TENANT',
        `opt-out command for unknown tenant ${command.tenant_id}`,
        false,
      );
    }
    const callerHash = callerPseudonym(
      this.config.REBOUND_PSEUDONYM_KEY,
      command.tenant_id,
      command.phone_e164,
    );
    if (command.action === 'add') {
      await this.db.query(
        `insert into opt_out (tenant_id, caller_hash, caller_e164, source, operator)
         values ($1, $2, $3, 'operator', $4)
         on conflict (tenant_id, caller_hash) do update set operator = excluded.operator`,
        [command.tenant_id, callerHash, command.phone_e164, command.operator],
      );
    } else {
      await this.db.query('delete from opt_out where tenant_id = $1 and caller_hash = $2', [
        command.tenant_id,
        callerHash,
      ]);
    }
    this.logger.info(
      { tenant_id: command.tenant_id, action: command.action, operator: command.operator },
      'operator opt-out applied',
    );
  }
}
