import { Inject, Injectable } from '@nestjs/common';
import {
  CALL_EVENT_SCHEMA_VERSION,
  INBOUND_SMS_SCHEMA_VERSION,
  SMS_STATUS_SCHEMA_VERSION,
} from '@rebound/contracts';
import { KafkaBus } from '@rebound/kafka';
import { maskPhone } from '@rebound/phone';
import type { IntakeOutcome } from './webhook-intake';

/**
 * Publishes what a webhook said and resolves only once Kafka has
 * acknowledged it: the carrier gets its 2xx after that, so an accepted
 * webhook is never lost.
 */
@Injectable()
export class IntakePublisher {
  constructor(@Inject(KafkaBus) private readonly bus: KafkaBus) {}

  async publish(outcome: IntakeOutcome, route: string, receivedAt: Date): Promise<void> {
    if (outcome.kind === 'unrouted') {
      await this.bus.publish('unroutedWebhooks', {
        key: outcome.carrier,
        eventType: 'unrouted-webhook',
        schemaVersion: 1,
        value: {
          schema_version: 1,
          carrier: outcome.carrier,
          route,
          called_masked: maskPhone(outcome.calledHint),
          received_at: receivedAt.toISOString(),
        },
      });

      return;
    }
    if (outcome.kind !== 'routed') {
      return;
    }
    await Promise.all([
      this.bus.publishMany(
        'callEvents',
        outcome.callEvents.map((event) => ({
          key: `${event.tenant_id}:${event.call_id}`,
          value: event,
          eventType: 'call-event',
          schemaVersion: CALL_EVENT_SCHEMA_VERSION,
        })),
      ),
      this.bus.publishMany(
        'smsStatus',
        outcome.smsStatuses.map((status) => ({
          key: `${status.tenant_id}:${status.provider_message_id}`,
          value: status,
          eventType: 'sms-status',
          schemaVersion: SMS_STATUS_SCHEMA_VERSION,
        })),
      ),
      this.bus.publishMany(
        'inboundSms',
        outcome.inboundSms.map((message) => ({
          key: `${message.tenant_id}:${message.from}`,
          value: message,
          eventType: 'inbound-sms',
          schemaVersion: INBOUND_SMS_SCHEMA_VERSION,
        })),
      ),
    ]);
  }
}
