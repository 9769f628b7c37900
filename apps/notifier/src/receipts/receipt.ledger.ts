import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SmsFailure, SmsStatus, SmsStatusValue } from '@rebound/contracts';
import { LOGGER } from '@rebound/service-kit';
import type { Logger } from '@rebound/telemetry';
import { overwritableBy } from './status.rank';
import { StatusPublisher } from '../sending/status.publisher';

/** A provider receipt in the notifier's words, from the topic or from the pending table. */
export interface Receipt {
  eventId: string;
  tenantId: string;
  provider: string;
  providerMessageId: string;
  requestId: string | null;
  status: SmsStatusValue;
  failure: SmsFailure | null;
  errorCode: string | null;
  segments: number | null;
  occurredAt: Date;
}

interface MatchedText {
  request_id: string;
  tenant_id: string;
  call_id: string;
  to_e164: string | null;
  state: string;
}

export type ReceiptResult = 'applied' | 'duplicate' | 'pending';

/**
 * Applies delivery receipts to the text they are about, found by our
 * request id (MessageBird and Bird echo it as `reference`) or by the
 * provider's message id. A receipt for a text not known yet (it can
 * overtake the provider's answer) is kept unapplied and applied when the
 * send is recorded. A failure receipt is followed by a status carrying
 * the recipient, which the provider's receipt may not name, for
 * compliance's opt-outs and landlines.
 */
@Injectable()
export class ReceiptLedger {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(StatusPublisher) private readonly statuses: StatusPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  static fromStatus(status: SmsStatus): Receipt {
    return {
      eventId: status.event_id,
      tenantId: status.tenant_id,
      provider: status.provider,
      providerMessageId: status.provider_message_id,
      requestId: status.request_id,
      status: status.status,
      failure: status.failure,
      errorCode: status.provider_error_code,
      segments: status.segments,
      occurredAt: new Date(status.occurred_at),
    };
  }

  async record(receipt: Receipt): Promise<ReceiptResult> {
    const inserted = (await this.db.query(
      `insert into delivery_receipt (event_id, tenant_id, provider, provider_message_id, request_id,
         status, failure, error_code, segments, occurred_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (event_id) do nothing returning event_id`,
      [
        receipt.eventId,
        receipt.tenantId,
        receipt.provider,
        receipt.providerMessageId,
        receipt.requestId,
        receipt.status,
        receipt.failure,
        receipt.errorCode,
        receipt.segments,
        receipt.occurredAt,
      ],
    )) as unknown[];
    if (inserted.length === 0 && (await this.isApplied(receipt.eventId))) {
      return 'duplicate';
    }
    const text = await this.findText(receipt);

    return text ? this.applyTo(text, receipt) : 'pending';
  }

  /** Applies the receipts that arrived before the text they are about was recorded. */
  async applyPending(requestId: string): Promise<number> {
    const [text] = (await this.db.query(
      `select request_id, tenant_id, call_id, to_e164, state, provider, provider_message_id
         from text_message where request_id = $1`,
      [requestId],
    )) as Array<MatchedText & { provider: string; provider_message_id: string | null }>;
    if (!text) {
      return 0;
    }
    const rows = (await this.db.query(
      `select * from delivery_receipt
        where not applied and tenant_id = $1
          and (request_id = $2 or (provider = $3 and provider_message_id = $4))
        order by occurred_at`,
      [text.tenant_id, requestId, text.provider, text.provider_message_id ?? ''],
    )) as Array<Record<string, unknown>>;
    for (const row of rows) {
      await this.applyTo(text, fromRow(row));
    }

    return rows.length;
  }

  private async applyTo(text: MatchedText, receipt: Receipt): Promise<'applied'> {
    await this.db.transaction(async (manager) => {
      await manager.query(
        `update text_message
            set delivery_status = $2, failure = coalesce($3, failure),
                error_code = coalesce($4, error_code),
                provider_message_id = coalesce(provider_message_id, $5),
                delivery_updated_at = now(), updated_at = now()
          where request_id = $1 and (delivery_status is null or delivery_status = any($6))`,
        [
          text.request_id,
          receipt.status,
          receipt.failure,
          receipt.errorCode,
          receipt.providerMessageId,
          overwritableBy(receipt.status),
        ],
      );
      await this.learnFromReceipt(manager.query.bind(manager), text, receipt);
    });
    if (receipt.failure && text.to_e164) {
      await this.statuses.publish({
        eventId: `receipt:${receipt.eventId}`,
        tenantId: text.tenant_id,
        provider: receipt.provider,
        providerMessageId: receipt.providerMessageId,
        requestId: text.request_id,
        status: receipt.status,
        failure: receipt.failure,
        providerErrorCode: receipt.errorCode,
        segments: receipt.segments,
        toE164: text.to_e164,
        callId: text.call_id,
      });
    }
    // Marked last: a crash before this re-applies the receipt (idempotent) and re-publishes
    // the follow-up under the same event id.
    await this.db.query(`update delivery_receipt set applied = true where event_id = $1`, [
      receipt.eventId,
    ]);
    this.logger.debug(
      { request_id: text.request_id, provider: receipt.provider, status: receipt.status },
      'receipt applied',
    );

    return 'applied';
  }

  /** Segments the provider billed, and a parked text the provider reports on: it was sent. */
  private async learnFromReceipt(
    query: (sql: string, parameters: unknown[]) => Promise<unknown>,
    text: MatchedText,
    receipt: Receipt,
  ): Promise<void> {
    if (receipt.segments) {
      await query(`update text_message set segments = $2 where request_id = $1`, [
        text.request_id,
        receipt.segments,
      ]);
    }
    if (text.state === 'parked') {
      await query(
        `update text_message set state = 'sent', provider = $2,
            note = 'reconciled: a receipt arrived for a parked text, so it was sent'
          where request_id = $1 and state = 'parked'`,
        [text.request_id, receipt.provider],
      );
    }
  }

  private async findText(receipt: Receipt): Promise<MatchedText | undefined> {
    const [text] = (await this.db.query(
      `select request_id, tenant_id, call_id, to_e164, state from text_message
        where tenant_id = $1
          and (request_id = $2 or (provider = $3 and provider_message_id = $4))
        limit 1`,
      [receipt.tenantId, receipt.requestId ?? '', receipt.provider, receipt.providerMessageId],
    )) as MatchedText[];

    return text;
  }

  private async isApplied(eventId: string): Promise<boolean> {
    const [row] = (await this.db.query(`select applied from delivery_receipt where event_id = $1`, [
      eventId,
    ])) as Array<{ applied: boolean }>;

    return row?.applied ?? false;
  }
}

function fromRow(row: Record<string, unknown>): Receipt {
  return {
    eventId: String(row.event_id),
    tenantId: String(row.tenant_id),
    provider: String(row.provider),
    providerMessageId: String(row.provider_message_id),
    requestId: (row.request_id as string | null) ?? null,
    status: row.status as SmsStatusValue,
    failure: (row.failure as SmsFailure | null) ?? null,
    errorCode: (row.error_code as string | null) ?? null,
    segments: (row.segments as number | null) ?? null,
    occurredAt: new Date(row.occurred_at as string),
  };
}
