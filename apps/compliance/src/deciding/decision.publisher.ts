import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  DECISION_SCHEMA_VERSION,
  SMS_REQUEST_SCHEMA_VERSION,
  type Decision,
  type SmsRequest,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';

/**
 * Publishes a recorded decision (and its text, when one goes out) and marks
 * the record published. Both records are keyed by tenant and caller hash, so
 * one caller's decisions stay in order.
 */
@Injectable()
export class DecisionPublisher {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `tx`: mark the record inside the caller's transaction, which holds the row. */
  async publish(
    decision: Decision,
    smsRequest: SmsRequest | null,
    tx?: EntityManager,
  ): Promise<void> {
    const key = `${decision.tenant_id}:${decision.caller_hash}`;
    if (smsRequest) {
      await this.bus.publish('smsRequests', {
        key,
        value: smsRequest,
        eventType: 'sms-request',
        schemaVersion: SMS_REQUEST_SCHEMA_VERSION,
      });
    }
    await this.bus.publish('decisions', {
      key,
      value: decision,
      eventType: 'decision',
      schemaVersion: DECISION_SCHEMA_VERSION,
    });
    await (tx ?? this.db).query('update decision set published_at = now() where decision_id = $1', [
      decision.decision_id,
    ]);
    this.count(decision);
  }

  private count(decision: Decision): void {
    this.metrics
      .counter('rebound_compliance_decisions_total', 'Decisions by outcome and reason', [
        'outcome',
        'reason',
      ])
      .inc({ outcome: decision.outcome, reason: decision.reason });
    this.logger.info(
      {
        call_id: decision.call_id,
        tenant_id: decision.tenant_id,
        outcome: decision.outcome,
        reason: decision.reason,
        variant: decision.variant,
        dry_run: decision.dry_run,
      },
      'decision published',
    );
  }
}
