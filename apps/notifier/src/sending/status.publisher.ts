import { Inject, Injectable } from '@nestjs/common';
import {
  SMS_STATUS_SCHEMA_VERSION,
  type SmsFailure,
  type SmsStatus,
  type SmsStatusValue,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';

/** Event ids of statuses the notifier publishes start with this; its own receipt consumer skips them. */
export const NOTIFIER_EVENT_PREFIX = 'notifier:';

export interface NotifierStatus {
  eventId: string;
  tenantId: string;
  provider: string;
  providerMessageId: string;
  requestId: string;
  status: SmsStatusValue;
  failure: SmsFailure | null;
  providerErrorCode: string | null;
  segments: number | null;
  /** The recipient, for compliance (opt-outs, landlines): only on failures. */
  toE164: string | null;
  callId: string | null;
}

/**
 * Publishes the notifier's own statuses to sms-status: the provider's
 * acceptance, a send that failed, and a follow-up for a provider receipt
 * that reported a failure without the recipient. Compliance needs the
 * recipient of a failure (`attributes.to_e164`) to record an opt-out or a
 * landline; the number is never put on a status that is not a failure.
 */
@Injectable()
export class StatusPublisher {
  constructor(@Inject(KafkaBus) private readonly bus: KafkaBus) {}

  async publish(status: NotifierStatus): Promise<void> {
    const now = new Date().toISOString();
    const attributes: Record<string, string> = {};
    if (status.callId) {
      attributes.call_id = status.callId;
    }
    if (status.failure && status.toE164) {
      attributes.to_e164 = status.toE164;
    }
    const value: SmsStatus = {
      schema_version: SMS_STATUS_SCHEMA_VERSION,
      event_id: `${NOTIFIER_EVENT_PREFIX}${status.eventId}`,
      tenant_id: status.tenantId,
      provider: status.provider,
      provider_message_id: status.providerMessageId,
      request_id: status.requestId,
      status: status.status,
      failure: status.failure,
      provider_error_code: status.providerErrorCode,
      segments: status.segments,
      occurred_at: now,
      received_at: now,
      attributes,
    };
    await this.bus.publish('smsStatus', {
      key: `${status.tenantId}:${status.providerMessageId}`,
      value,
      eventType: 'sms-status',
      schemaVersion: SMS_STATUS_SCHEMA_VERSION,
    });
  }
}
