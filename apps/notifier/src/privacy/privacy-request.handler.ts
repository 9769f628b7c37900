import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type PrivacyRequest } from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { LOGGER, confirmPrivacyRequest } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';

/** What an export shows of a text: the recipient's own data, nothing about other people. */
const EXPORTED_COLUMNS = `request_id, call_id, to_e164, body, sender, provider, state,
  delivery_status, failure, encoding, segments, created_at`;

/**
 * Erases or exports what the notifier holds on one recipient of one
 * tenant. Erasure clears the number, the body and the operator note (a
 * provider's error text can quote the number) and keeps the rest, which
 * says only that a text went out and how it fared. Delivery receipts hold
 * no number. Answers on the confirmations topic as service `notifier`.
 */
@Injectable()
export class PrivacyRequestHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(request: PrivacyRequest): Promise<void> {
    const found =
      request.kind === 'export' ? await this.export(request) : await this.erase(request);
    await confirmPrivacyRequest(this.bus, request, {
      service: 'notifier',
      rows: found.rows,
      records: found.records,
      completedAt: new Date(),
    });
    this.logger.info(
      { tenant_id: request.tenant_id, kind: request.kind, rows: found.rows },
      'privacy request done',
    );
  }

  private async export(
    request: PrivacyRequest,
  ): Promise<{ rows: number; records: Array<Record<string, unknown>> }> {
    const records = (await this.db.query(
      `select ${EXPORTED_COLUMNS} from text_message
        where tenant_id = $1 and to_e164 = $2 order by created_at`,
      [request.tenant_id, request.phone_e164],
    )) as Array<Record<string, unknown>>;

    return {
      rows: records.length,
      records: records.map((row) => ({ table: 'text_message', ...row })),
    };
  }

  private async erase(request: PrivacyRequest): Promise<{ rows: number; records: [] }> {
    const [, rows] = (await this.db.query(
      `update text_message set to_e164 = null, body = null, note = null, erased_at = now()
        where tenant_id = $1 and to_e164 = $2`,
      [request.tenant_id, request.phone_e164],
    )) as [unknown, number];

    return { rows, records: [] };
  }
}
