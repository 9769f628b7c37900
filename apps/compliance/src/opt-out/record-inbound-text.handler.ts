import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { InboundSms, SmsStatus } from '@rebound/contracts';
import { LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from '../deciding/caller-pseudonym';
import { readInboundIntent } from '../rules/opt-out.parser';

/**
 * Keeps opt-outs: from the caller's own texts (STOP, STOPP, "bitte keine SMS
 * mehr", …), and from provider signals that a recipient unsubscribed or is
 * a landline. START-style texts remove the opt-out.
 */
@Injectable()
export class RecordInboundTextHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(COMPLIANCE_CONFIG) private readonly config: ComplianceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handleText(message: InboundSms): Promise<void> {
    const reading = readInboundIntent({
      body: message.body,
      providerOptOutType: message.provider_opt_out_type,
    });
    const callerHash = callerPseudonym(
      this.config.REBOUND_PSEUDONYM_KEY,
      message.tenant_id,
      message.from,
    );
    if (reading.intent === 'opt_out') {
      await this.optOut(message.tenant_id, callerHash, message.from, 'inbound_text');
    } else if (reading.intent === 'opt_in') {
      await this.db.query('delete from opt_out where tenant_id = $1 and caller_hash = $2', [
        message.tenant_id,
        callerHash,
      ]);
    }
    this.metrics
      .counter('rebound_compliance_inbound_texts_total', 'Inbound texts by intent', ['intent'])
      .inc({ intent: reading.intent });
    this.logger.info({ tenant_id: message.tenant_id, intent: reading.intent }, 'inbound text read');
  }

  /** A delivery receipt that says the recipient unsubscribed or cannot get texts. */
  async handleStatus(status: SmsStatus): Promise<void> {
    if (status.failure !== 'unsubscribed' && status.failure !== 'landline') {
      return;
    }
    const recipient = status.attributes.to_e164;
    if (!recipient) {
      return;
    }
    const callerHash = callerPseudonym(
      this.config.REBOUND_PSEUDONYM_KEY,
      status.tenant_id,
      recipient,
    );
    if (status.failure === 'unsubscribed') {
      await this.optOut(status.tenant_id, callerHash, recipient, `provider:${status.provider}`);

      return;
    }
    await this.db.query(
      `insert into known_landline (tenant_id, caller_hash, caller_e164, learned_from) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [status.tenant_id, callerHash, recipient, `provider:${status.provider}`],
    );
  }

  private async optOut(
    tenantId: string,
    callerHash: string,
    e164: string,
    source: string,
  ): Promise<void> {
    await this.db.query(
      `insert into opt_out (tenant_id, caller_hash, caller_e164, source) values ($1, $2, $3, $4) on conflict do nothing`,
      [tenantId, callerHash, e164, source],
    );
    this.logger.info({ tenant_id: tenantId, source }, 'opt-out recorded');
  }
}
