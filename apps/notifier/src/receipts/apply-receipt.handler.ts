import { Inject, Injectable } from '@nestjs/common';
import type { SmsStatus } from '@rebound/contracts';
import { LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { ReceiptLedger } from './receipt.ledger';
import { NOTIFIER_EVENT_PREFIX } from '../sending/status.publisher';

/**
 * Consumes sms-status: the providers' delivery receipts that ingest
 * verified and mapped to our vocabulary. The notifier's own statuses on
 * the same topic are skipped: they describe what it already recorded.
 */
@Injectable()
export class ApplyReceiptHandler {
  constructor(
    @Inject(ReceiptLedger) private readonly ledger: ReceiptLedger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(status: SmsStatus): Promise<void> {
    if (status.event_id.startsWith(NOTIFIER_EVENT_PREFIX)) {
      return;
    }
    const result = await this.ledger.record(ReceiptLedger.fromStatus(status));
    this.metrics
      .counter('rebound_notifier_receipts_total', 'Delivery receipts by provider and result', [
        'provider',
        'result',
      ])
      .inc({ provider: status.provider, result });
    if (result === 'pending') {
      this.logger.info(
        { tenant_id: status.tenant_id, provider: status.provider, status: status.status },
        'receipt for a text not known yet: kept until its send is recorded',
      );
    }
  }
}
