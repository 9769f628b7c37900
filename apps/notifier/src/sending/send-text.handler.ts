import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SMS_STATUS_SCHEMA_VERSION, type SmsRequest, type SmsStatus } from '@rebound/contracts';
import { KafkaBus, ReboundError } from '@rebound/kafka';
import { LOGGER } from '@rebound/service-kit';
import { Metrics, type Logger } from '@rebound/telemetry';
import { TextMessageEntity } from '../persistence/text-message.entity';
import { ProviderRegistry } from '../providers/provider.registry';
import {
  ProviderError,
  type OutgoingSms,
  type ProviderAcceptance,
} from '../providers/sms-provider';
import { NOTIFIER_CONFIG } from '../notifier.tokens';
import type { NotifierConfig } from '../notifier.config';

type SendOutcome =
  | { state: 'sent'; acceptance: ProviderAcceptance; note: string | null }
  | { state: 'failed'; error: ProviderError }
  | { state: 'parked'; note: string };

/**
 * Turns an approved request into exactly one text. A durable record in
 * state `sending` exists before the provider is called; a replayed request
 * finds it and does nothing; a record still `sending` after a crash is
 * reconciled with the provider instead of being sent blindly again.
 */
@Injectable()
export class SendTextHandler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ProviderRegistry) private readonly providers: ProviderRegistry,
    @Inject(KafkaBus) private readonly bus: KafkaBus,
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
      await this.record(request, 'dry_run', { note: 'tenant in dry run: nothing sent' });
      log.info('dry run: text recorded, not sent');

      return;
    }

    const outgoing = this.toOutgoing(request);
    const outcome = existing
      ? await this.reconcile(request, outgoing, existing)
      : await this.claimAndSend(request, outgoing);
    await this.finish(request, outcome, log);
  }

  private async claimAndSend(request: SmsRequest, outgoing: OutgoingSms): Promise<SendOutcome> {
    const claimed = await this.record(request, 'sending', {});
    if (!claimed) {
      return { state: 'parked', note: 'claimed concurrently by another notifier' };
    }

    return this.sendWithRetries(request, outgoing);
  }

  /** A send that was in flight when we stopped: ask the provider, never send blindly twice. */
  private async reconcile(
    request: SmsRequest,
    outgoing: OutgoingSms,
    existing: TextMessageEntity,
  ): Promise<SendOutcome> {
    const provider = this.providers.get(request.provider);
    try {
      const found = await provider?.findSent(
        outgoing,
        new Date(existing.createdAt.getTime() - 60_000),
      );
      if (found) {
        return {
          state: 'sent',
          acceptance: found,
          note: 'outcome was unknown; found at the provider',
        };
      }
    } catch (error) {
      return {
        state: 'parked',
        note: `outcome unknown and provider lookup failed: ${(error as Error).message}`,
      };
    }

    return {
      state: 'parked',
      note: 'outcome unknown and the provider does not have the text: an operator decides',
    };
  }

  private async sendWithRetries(request: SmsRequest, outgoing: OutgoingSms): Promise<SendOutcome> {
    const provider = this.providers.get(request.provider);
    if (!provider) {
      throw new ReboundError(
        'NOTIFIER.UNKNOWN_PROVIDER',
        `provider ${request.provider} is not configured`,
        false,
      );
    }
    let lastError: ProviderError | undefined;
    for (let attempt = 1; attempt <= this.config.NOTIFIER_SEND_ATTEMPTS; attempt += 1) {
      try {
        return { state: 'sent', acceptance: await provider.send(outgoing), note: null };
      } catch (error) {
        lastError =
          error instanceof ProviderError
            ? error
            : new ProviderError('retryable', 'unknown', String(error));
        if (lastError.kind === 'permanent') {
          break;
        }
        await sleep(250 * 2 ** attempt);
      }
    }

    return {
      state: 'failed',
      error: lastError ?? new ProviderError('retryable', 'unknown', 'no attempt made'),
    };
  }

  private async finish(request: SmsRequest, outcome: SendOutcome, log: Logger): Promise<void> {
    if (outcome.state === 'sent') {
      await this.update(request.request_id, {
        state: 'sent',
        providerMessageId: outcome.acceptance.providerMessageId,
        deliveryStatus: outcome.acceptance.status,
        note: outcome.note,
      });
      await this.publishStatus(
        request,
        outcome.acceptance.providerMessageId,
        outcome.acceptance.status,
        null,
        null,
      );
      this.observeSent(request);
      log.info({ provider: request.provider }, 'text handed to provider');

      return;
    }
    if (outcome.state === 'parked') {
      await this.update(request.request_id, { state: 'parked', note: outcome.note });
      log.error(
        { provider: request.provider, note: outcome.note },
        'text parked for an operator: outcome unknown',
      );

      return;
    }
    const { error } = outcome;
    await this.update(request.request_id, {
      state: 'failed',
      failure: error.failure,
      errorCode: error.providerCode,
      note: error.message.slice(0, 500),
    });
    await this.publishStatus(
      request,
      `failed:${request.request_id}`,
      'failed',
      error.failure,
      error.providerCode,
    );
    this.count(request.provider, 'failed');
    log.warn(
      { provider: request.provider, code: error.providerCode, kind: error.kind },
      'text could not be sent',
    );
  }

  private observeSent(request: SmsRequest): void {
    this.count(request.provider, 'sent');
    const seconds = (Date.now() - new Date(request.call_ended_at).getTime()) / 1000;
    if (seconds >= 0 && seconds < 3600) {
      this.metrics
        .histogram(
          'rebound_time_to_text_seconds',
          'Final carrier event to provider acceptance',
          ['provider'],
          [1, 2, 5, 10, 20, 30, 60, 120, 300],
        )
        .observe({ provider: request.provider }, seconds);
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

  private async publishStatus(
    request: SmsRequest,
    providerMessageId: string,
    status: SmsStatus['status'],
    failure: SmsStatus['failure'],
    code: string | null,
  ): Promise<void> {
    const now = new Date().toISOString();
    const value: SmsStatus = {
      schema_version: SMS_STATUS_SCHEMA_VERSION,
      event_id: `notifier:${request.request_id}:${status}`,
      tenant_id: request.tenant_id,
      provider: request.provider,
      provider_message_id: providerMessageId,
      request_id: request.request_id,
      status,
      failure,
      provider_error_code: code,
      segments: request.segments,
      occurred_at: now,
      received_at: now,
      attributes: { call_id: request.call_id },
    };
    await this.bus.publish('smsStatus', {
      key: `${request.tenant_id}:${providerMessageId}`,
      value,
      eventType: 'sms-status',
      schemaVersion: SMS_STATUS_SCHEMA_VERSION,
    });
  }

  private toOutgoing(request: SmsRequest): OutgoingSms {
    return {
      reference: request.request_id,
      to: request.to,
      sender: request.sender,
      body: request.body,
      statusCallbackUrl: this.config.PUBLIC_BASE_URL
        ? `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/${request.provider}/sms/status`
        : undefined,
    };
  }

  /** Inserts the record; false when another consumer got there first. */
  private async record(
    request: SmsRequest,
    state: 'sending' | 'dry_run',
    extra: { note?: string },
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
        state,
        encoding: request.encoding,
        segments: request.segments,
        attempts: state === 'sending' ? 1 : 0,
        note: extra.note ?? null,
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
