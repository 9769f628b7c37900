import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type PrivacyRequest } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { LOGGER, confirmPrivacyRequest } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from '../deciding/caller-pseudonym';

/**
 * Erases or exports what compliance holds on one caller of one tenant:
 * decisions, opt-outs, learned landlines, deferred texts, contacts and
 * inbound readings, found by the caller's keyed hash (and clear number where
 * a table keeps one), and confirms on the confirmations topic.
 */
const TABLES: ReadonlyArray<{ table: string; hasNumber: boolean }> = [
  { table: 'decision', hasNumber: true },
  { table: 'opt_out', hasNumber: true },
  { table: 'known_landline', hasNumber: true },
  { table: 'deferred_text', hasNumber: true },
  { table: 'caller_contact', hasNumber: false },
  { table: 'inbound_reading', hasNumber: false },
];

@Injectable()
export class EraseCallerHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(request: PrivacyRequest): Promise<void> {
    const callerHash = callerPseudonym(
      this.config.REBOUND_PSEUDONYM_KEY,
      request.tenant_id,
      request.phone_e164,
    );
    let rows = 0;
    const records: Array<Record<string, unknown>> = [];
    for (const { table, hasNumber } of TABLES) {
      // Every statement takes the same three parameters; $3 must be typed even where unused.
      const match = hasNumber
        ? '(caller_hash = $2 or caller_e164 = $3)'
        : '(caller_hash = $2 and $3::text is not null)';
      const where = `from ${table} where tenant_id = $1 and ${match}`;
      if (request.kind === 'export') {
        const found = (await this.db.query(`select * ${where}`, [
          request.tenant_id,
          callerHash,
          request.phone_e164,
        ])) as Array<Record<string, unknown>>;
        records.push(...found.map((row) => ({ table, ...row })));
        rows += found.length;
      } else {
        const [, count] = (await this.db.query(`delete ${where}`, [
          request.tenant_id,
          callerHash,
          request.phone_e164,
        ])) as [unknown, number];
        rows += count;
      }
    }
    await confirmPrivacyRequest(this.bus, request, {
      service: 'compliance',
      rows: rows,
      records: records,
      completedAt: new Date(),
    });
    this.logger.info(
      { tenant_id: request.tenant_id, kind: request.kind, rows },
      'privacy request done',
    );
  }
}
