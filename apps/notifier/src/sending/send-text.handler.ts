import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SmsRequest } from '@rebound/contracts';
import { LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { ProviderDispatcher } from './provider.dispatcher';
import type { SendOutcome } from './send.outcome';
import { StatusPublisher } from './status.publisher';
import { TextMessageEntity } from '../persistence/text-message.entity';
import type { OutgoingSms } from '../providers/sms-provider';
import { ReceiptLedger } from '../receipts/receipt.ledger';
import { overwritableBy } from '../receipts/status.rank';
import { NOTIFIER_CONFIG } from '../notifier.tokens';
import type { NotifierConfig } from '../notifier.config';

/** Where each provider posts delivery receipts on ingest (see apps/ingest/src/carriers). */
const RECEIPT_ROUTES: Record<string, string> = {
  twilio: '/webhooks/twilio/sms/status',
  messagebird: '/webhooks/messagebird/sms-status',
  bird: '/webhooks/bird/sms',
};

/**
 * Turns an approved request into exactly one text. A durable record in
 * state `sending`, naming the provider about to be called, exists before
 * every provider call; a replayed request finds it and does nothing; a
 * record still `sending` after a crash is reconciled with that provider
 * instead of being sent blindly again, or parked for an operator.
 */
@Injectable()
export class SendTextHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ProviderDispatcher) private readonly dispatcher: ProviderDispatcher,
    @Inject(StatusPublisher) private readonly statuses: StatusPublisher,
    @Inject(ReceiptLedger) private readonly receipts: ReceiptLedger,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(NOTIFIER_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(request: SmsRequest): Promise<void> {
    const log = this.logger.child({ request_id: request.request_id, tenant_id: request.tenant_id });
    const existing = await this.db
      .getRepository(TextMessageEntity)
      .findOneBy({ requestId: request.request_id });
    if (existing && existing.state !== 'sending') {
      log.debug({ state: existing.state }, 'request already handled; replay ignored');

      return;
    }
    if (request.dry_run) {
      await this.record(request, 'dry_run', 'tenant in dry run: nothing sent');
      log.info('dry run: text recorded, not sent');

      return;
    }
    const outcome = existing
      ? await this.resume(request, existing)
      : await this.claimAndSend(request, log);
    if (outcome) {
      await this.finish(request, outcome, log);
    }
  }

  private async claimAndSend(request: SmsRequest, log: Logger): Promise<SendOutcome | null> {
    if (this.dispatcher.candidates(request).length === 0) {
      await this.record(request, 'failed', `provider ${request.provider} is not configured`);
      log.error({ provider: request.provider }, 'text not sent: no configured provider');

      return null;
    }
    if (!(await this.record(request, 'sending', null))) {
      log.warn('request claimed concurrently by another notifier; left to it');

      return null;
    }

    return this.dispatcher.dispatch(request, this.toOutgoing(request), (provider) =>
      this.markCalling(request.request_id, provider),
    );
  }

  /** The record says `sending`: we stopped while a provider call was in flight. */
  private resume(request: SmsRequest, existing: TextMessageEntity): Promise<SendOutcome> {
    return this.dispatcher.reconcile(
      existing.provider,
      request.tenant_id,
      this.toOutgoing(request, existing.provider),
      existing.updatedAt,
    );
  }

  private async finish(request: SmsRequest, outcome: SendOutcome, log: Logger): Promise<void> {
    switch (outcome.state) {
      case 'sent':
        return this.finishSent(request, outcome, log);
      case 'parked':
        await this.update(request.request_id, {
          state: 'parked',
          provider: outcome.provider,
          note: outcome.note,
        });
        this.count(outcome.provider, 'parked');
        log.error({ provider: outcome.provider }, 'text parked for an operator: outcome unknown');

        return;
      case 'failed':
        return this.finishFailed(request, outcome, log);
      default:
        return assertNever(outcome);
    }
  }

  private async finishSent(
    request: SmsRequest,
    outcome: Extract<SendOutcome, { state: 'sent' }>,
    log: Logger,
  ): Promise<void> {
    const { acceptance } = outcome;
    await this.update(request.request_id, {
      state: 'sent',
      provider: outcome.provider,
      providerMessageId: acceptance.providerMessageId,
      segments: acceptance.segments ?? request.segments,
      note: failoverNote(request, outcome.provider, outcome.note),
    });
    // A receipt naming our reference may have overtaken the provider's answer.
    await this.db.query(
      `update text_message set delivery_status = $2
        where request_id = $1 and (delivery_status is null or delivery_status = any($3))`,
      [request.request_id, acceptance.status, overwritableBy(acceptance.status)],
    );
    await this.receipts.applyPending(request.request_id);
    await this.statuses.publish({
      eventId: `${request.request_id}:${acceptance.status}`,
      tenantId: request.tenant_id,
      provider: outcome.provider,
      providerMessageId: acceptance.providerMessageId,
      requestId: request.request_id,
      status: acceptance.status,
      failure: null,
      providerErrorCode: null,
      segments: acceptance.segments ?? request.segments,
      toE164: null,
      callId: request.call_id,
    });
    this.observeSent(request, outcome.provider);
    log.info({ provider: outcome.provider }, 'text handed to provider');
  }

  private async finishFailed(
    request: SmsRequest,
    outcome: Extract<SendOutcome, { state: 'failed' }>,
    log: Logger,
  ): Promise<void> {
    const { error } = outcome;
    await this.update(request.request_id, {
      state: 'failed',
      provider: outcome.provider,
      deliveryStatus: 'failed',
      failure: error.failure,
      errorCode: error.providerCode,
      note: outcome.note,
    });
    await this.statuses.publish({
      eventId: `${request.request_id}:failed`,
      tenantId: request.tenant_id,
      provider: outcome.provider,
      providerMessageId: `failed:${request.request_id}`,
      requestId: request.request_id,
      status: 'failed',
      failure: error.failure,
      providerErrorCode: error.providerCode,
      segments: request.segments,
      toE164: request.to,
      callId: request.call_id,
    });
    this.count(outcome.provider, 'failed');
    log.warn(
      { provider: outcome.provider, code: error.providerCode, kind: error.kind },
      'text could not be sent',
    );
  }

  private observeSent(request: SmsRequest, provider: string): void {
    this.count(provider, 'sent');
    const seconds = (Date.now() - new Date(request.call_ended_at).getTime()) / 1000;
    if (seconds >= 0 && seconds < 3600) {
      this.metrics
        .histogram(
          'rebound_time_to_text_seconds',
          'Final carrier event to provider acceptance',
          ['provider'],
          [1, 2, 5, 10, 20, 30, 60, 120, 300],
        )
        .observe({ provider }, seconds);
    }
  }

  private count(provider: string, status: string): void {
    this.metrics
      .counter('rebound_notifier_texts_total', 'Texts by provider and status', [
        'provider',
        'status',
      ])
      .inc({ provider, status });
  }

  private toOutgoing(request: SmsRequest, provider = request.provider): OutgoingSms {
    const route = RECEIPT_ROUTES[provider];

    return {
      reference: request.request_id,
      to: request.to,
      sender: request.sender,
      body: request.body,
      encoding: request.encoding,
      statusCallbackUrl:
        this.config.PUBLIC_BASE_URL && route
          ? `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${route}`
          : undefined,
    };
  }

  /** Durable before the call: a crash from here on is reconciled with this provider. */
  private async markCalling(requestId: string, provider: string): Promise<void> {
    await this.db.query(
      `update text_message set provider = $2, attempts = attempts + 1, updated_at = now()
        where request_id = $1`,
      [requestId, provider],
    );
  }

  /** Inserts the record; false when another consumer got there first. */
  private async record(
    request: SmsRequest,
    state: 'sending' | 'dry_run' | 'failed',
    note: string | null,
  ): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .insert()
      .into(TextMessageEntity)
      .values({
        requestId: request.request_id,
        tenantId: request.tenant_id,
        callId: request.call_id,
        toE164: request.to,
        body: request.body,
        sender: request.sender,
        provider: request.provider,
        requestedProvider: request.provider,
        state,
        encoding: request.encoding,
        segments: request.segments,
        attempts: 0,
        note,
        callEndedAt: new Date(request.call_ended_at),
      })
      .orIgnore()
      .returning(['request_id'])
      .execute();

    return (result.raw as unknown[]).length > 0;
  }

  private async update(requestId: string, changes: Partial<TextMessageEntity>): Promise<void> {
    await this.db.getRepository(TextMessageEntity).update({ requestId }, changes);
  }
}

function failoverNote(request: SmsRequest, provider: string, note: string | null): string | null {
  if (provider === request.provider) {
    return note;
  }
  const failover = `failover: sent through ${provider}, primary ${request.provider} unavailable`;

  return note ? `${failover}; ${note}` : failover;
}

function assertNever(value: never): never {
  throw new Error(`unhandled outcome ${JSON.stringify(value)}`);
}
