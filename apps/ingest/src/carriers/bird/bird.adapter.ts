import type { LegStatus, SmsFailure, SmsStatusValue } from '@rebound/contracts';
import { normalisePhone } from '@rebound/phone';
import {
  WebhookRejection,
  type CarrierAdapter,
  type CarrierCallEvent,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { derivedEventId, instantOr } from '../event-id';
import {
  isObject,
  parseJsonObject,
  requireStr,
  str,
  stringAttributes,
  type JsonObject,
} from '../json-body';
import { hints, verifiedAccountHints } from '../verified-account';
import { verifyBirdRequest } from './bird-request.verifier';

export const BIRD_ROUTES = { voice: '/webhooks/bird/voice', sms: '/webhooks/bird/sms' } as const;

const VOICE_STATUS: Record<string, LegStatus> = {
  accepted: 'initiated',
  starting: 'initiated',
  ringing: 'ringing',
  ongoing: 'answered',
  completed: 'completed',
  'no-answer': 'no_answer',
  busy: 'busy',
  failed: 'failed',
  canceled: 'canceled',
  cancelled: 'canceled',
};

const SMS_STATUS: Record<string, SmsStatusValue> = {
  accepted: 'accepted',
  processing: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  sending_failed: 'failed',
  delivery_failed: 'undelivered',
  expired: 'expired',
};

const VOICE_MODELLED = new Set([
  'id',
  'status',
  'direction',
  'originator',
  'recipient',
  'updatedAt',
  'duration',
]);

/**
 * Bird (the new MessageBird platform): `voice.inbound`/`voice.outbound`
 * lifecycle events and `sms.outbound` delivery events, one envelope
 * `{service, event, payload}`. A voice event speaks for the whole call (one
 * id, no legs): missed is a terminal status without `ongoing` before it,
 * since `completed` alone does not prove anyone answered. The payload field
 * names are the fixtures' guess; Bird documents only the status values.
 */
export class BirdAdapter implements CarrierAdapter {
  readonly carrier = 'bird' as const;
  readonly routes = Object.values(BIRD_ROUTES);
  readonly contentTypes = ['application/json'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyBirdRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    const event = requireStr(body, 'event');
    if (!isObject(body.payload)) {
      throw new WebhookRejection(400, 'malformed', 'missing field: body.payload');
    }
    const account = str(body.payload.channelId);
    const accountHints = hints(
      verifiedAccountHints(request),
      account ? `account:${account}` : undefined,
    );
    if (event.startsWith('voice.')) {
      return this.voice(request, body.payload, accountHints);
    }
    if (event.startsWith('sms.')) {
      return this.sms(request, body.payload, accountHints);
    }

    return { kind: 'ignored', why: `Bird ${event} event`, tenantHints: accountHints };
  }

  private voice(
    request: InboundWebhook,
    payload: JsonObject,
    accountHints: string[],
  ): ParsedWebhook {
    const id = requireStr(payload, 'id', 'payload');
    const statusName = requireStr(payload, 'status', 'payload');
    const status = VOICE_STATUS[statusName];
    if (!status) {
      throw new WebhookRejection(400, 'malformed', 'payload.status has an unknown value');
    }
    const originator = normalisePhone(str(payload.originator), {
      defaultCountry: 'DE',
      digitsAreInternational: true,
    });
    const recipient = normalisePhone(str(payload.recipient), {
      defaultCountry: 'DE',
      digitsAreInternational: true,
    });
    const outbound = str(payload.direction) === 'outgoing';
    const event: CarrierCallEvent = {
      event_id: derivedEventId('bird', id, statusName, str(payload.updatedAt)),
      carrier: this.carrier,
      call_id: id,
      leg_id: id,
      leg_role: 'whole_call',
      direction: outbound ? 'outbound' : 'inbound',
      status,
      caller: outbound ? recipient : originator,
      called: outbound ? originator : recipient,
      occurred_at: instantOr(str(payload.updatedAt), request.receivedAt),
      attributes: stringAttributes(payload, VOICE_MODELLED),
    };

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: hints(event.called.e164, accountHints),
    };
  }

  private sms(request: InboundWebhook, payload: JsonObject, accountHints: string[]): ParsedWebhook {
    const id = requireStr(payload, 'id', 'payload');
    const statusName = requireStr(payload, 'status', 'payload');
    const status = SMS_STATUS[statusName];
    if (!status) {
      throw new WebhookRejection(400, 'malformed', 'payload.status has an unknown value');
    }
    const failure = isObject(payload.failure) ? payload.failure : undefined;
    const code = failure ? (str(failure.code) ?? null) : null;

    return {
      kind: 'sms_status',
      tenantHints: accountHints,
      statuses: [
        {
          event_id: derivedEventId('bird', id, statusName, str(payload.updatedAt), code ?? ''),
          provider: 'bird',
          provider_message_id: id,
          request_id: str(payload.reference) ?? null,
          status,
          failure: smsFailure(status, str(payload.reason)),
          provider_error_code: code,
          segments: null,
          occurred_at: instantOr(str(payload.updatedAt), request.receivedAt),
          attributes: stringAttributes(
            payload,
            new Set(['id', 'status', 'reference', 'updatedAt', 'receiver', 'recipient']),
          ),
        },
      ],
    };
  }
}

function smsFailure(status: SmsStatusValue, reason: string | undefined): SmsFailure | null {
  if (status === 'expired') {
    return 'expired';
  }
  if (status !== 'failed' && status !== 'undelivered') {
    return null;
  }
  if (/unknown subscriber/i.test(reason ?? '')) {
    return 'unknown_subscriber';
  }

  return /landline|fixed/i.test(reason ?? '') ? 'landline' : 'other';
}
