import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  INBOUND_READING_SCHEMA_VERSION,
  type InboundReading,
  type InboundSms,
  type SmsStatus,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { Clock, LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { COMPLIANCE_CONFIG } from '../compliance.tokens';
import type { ComplianceConfig } from '../compliance.config';
import { callerPseudonym } from '../deciding/caller-pseudonym';
import { CallerContacts } from '../deferring/caller-contacts';
import { readInboundIntent, type IntentReading } from '../rules/opt-out.parser';

/**
 * Keeps opt-outs: from the caller's own texts (STOP, STOPP, "bitte keine SMS
 * mehr", …), and from provider signals that a recipient unsubscribed or is
 * a landline. START-style texts remove the opt-out. Every reading is
 * stored and published on the inbound-readings topic (caller as keyed hash),
 * and any text from the caller counts as the caller being reached.
 */
@Injectable()
export class RecordInboundTextHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(CallerContacts) private readonly contacts: CallerContacts,
    @Inject(Clock) private readonly clock: Clock,
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
    const action = await this.apply(message, callerHash, reading);
    await this.contacts.record({
      contactId: `inbound:${message.event_id}`,
      tenantId: message.tenant_id,
      callerHash,
      kind: 'inbound_text',
      at: new Date(message.received_at),
    });
    await this.publishReading(message, callerHash, reading, action);
    this.metrics
      .counter('rebound_compliance_inbound_texts_total', 'Inbound texts by intent', ['intent'])
      .inc({ intent: reading.intent });
    this.logger.info({ tenant_id: message.tenant_id, intent: reading.intent }, 'inbound text read');
  }

  private async apply(
    message: InboundSms,
    callerHash: string,
    reading: IntentReading,
  ): Promise<InboundReading['action']> {
    if (reading.intent === 'opt_out') {
      await this.optOut(message.tenant_id, callerHash, message.from, 'inbound_text');

      return 'opt_out_recorded';
    }
    if (reading.intent === 'opt_in') {
      await this.db.query('delete from opt_out where tenant_id = $1 and caller_hash = $2', [
        message.tenant_id,
        callerHash,
      ]);

      return 'opt_out_removed';
    }

    return 'none';
  }

  /** Stored once per inbound event; a redelivered text publishes the same reading again. */
  private async publishReading(
    message: InboundSms,
    callerHash: string,
    reading: IntentReading,
    action: InboundReading['action'],
  ): Promise<void> {
    const value: InboundReading = {
      schema_version: INBOUND_READING_SCHEMA_VERSION,
      event_id: message.event_id,
      tenant_id: message.tenant_id,
      caller_hash: callerHash,
      intent: reading.intent,
      source: reading.source,
      matched: reading.matched,
      action,
      read_at: this.clock.now().toISOString(),
    };
    await this.db.query(
      `insert into inbound_reading (event_id, tenant_id, caller_hash, intent, source, matched, action,
         payload, read_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9) on conflict do nothing`,
      [
        value.event_id,
        value.tenant_id,
        value.caller_hash,
        value.intent,
        value.source,
        value.matched,
        value.action,
        value,
        value.read_at,
      ],
    );
    await this.bus.publish('inboundReadings', {
      key: `${value.tenant_id}:${callerHash}`,
      value,
      eventType: 'inbound-reading',
      schemaVersion: INBOUND_READING_SCHEMA_VERSION,
    });
    await this.db.query('update inbound_reading set published_at = now() where event_id = $1', [
      value.event_id,
    ]);
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
