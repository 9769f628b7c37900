import type { AnsweredBy, LegStatus } from '@rebound/contracts';
import { normalisePhone } from '@rebound/phone';
import {
  WebhookRejection,
  type CarrierAdapter,
  type CarrierCallEvent,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { instantOr } from '../event-id';
import {
  isObject,
  parseJsonObject,
  requireStr,
  str,
  stringAttributes,
  type JsonObject,
} from '../json-body';
import { hints, servedNumbers, verifiedAccountHints } from '../verified-account';
import { verifyTelnyxRequest } from './telnyx-request.verifier';

export const TELNYX_ROUTES = { callControl: '/webhooks/telnyx/call-control' } as const;

/** `call.hangup` causes in our leg vocabulary. */
const HANGUP: Record<string, LegStatus> = {
  normal_clearing: 'completed',
  time_limit: 'completed',
  originator_cancel: 'canceled',
  timeout: 'no_answer',
  no_answer: 'no_answer',
  user_busy: 'busy',
  call_rejected: 'rejected',
  not_found: 'failed',
  unspecified: 'failed',
};

const AMD: Record<string, AnsweredBy> = { human: 'human', machine: 'machine', not_sure: 'unknown' };

const MODELLED = new Set([
  'call_session_id',
  'call_leg_id',
  'from',
  'to',
  'direction',
  'hangup_cause',
  'result',
]);

/**
 * Telnyx Call Control (Voice API v2). The caller's leg arrives parked
 * (direction incoming); the app dials the desk phone, a second leg in the
 * same `call_session_id` (the correlation id). `data.id` is the delivery id
 * (redeliveries repeat it), so it is the event id.
 *
 * Only `call.initiated` names a leg's direction. Later events tell the legs
 * apart by the number they were placed to: the caller's leg goes to a
 * tracking number of the tenant, the desk phone's leg does not (the
 * verifying account knows the tenant's numbers). A leg placed *from* a
 * tracking number to someone else is a call the business made.
 */
export class TelnyxCallControlAdapter implements CarrierAdapter {
  readonly carrier = 'telnyx' as const;
  readonly routes = Object.values(TELNYX_ROUTES);
  readonly contentTypes = ['application/json'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyTelnyxRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    const data = body.data;
    if (!isObject(data) || !isObject(data.payload)) {
      throw new WebhookRejection(400, 'malformed', 'missing field: data.payload');
    }
    const type = requireStr(data, 'event_type', 'data');
    const reading = readEvent(type, data.payload);
    if (!reading) {
      return {
        kind: 'ignored',
        why: `${type} says nothing about answering`,
        tenantHints: verifiedAccountHints(request),
      };
    }
    const event = this.toEvent(request, data, data.payload, reading);

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: hints(event.called.e164, event.leg_target?.e164, verifiedAccountHints(request)),
    };
  }

  private toEvent(
    request: InboundWebhook,
    data: JsonObject,
    payload: JsonObject,
    reading: { status: LegStatus; answeredBy?: AnsweredBy },
  ): CarrierCallEvent {
    const from = normalisePhone(str(payload.from), { defaultCountry: 'DE' });
    const to = normalisePhone(str(payload.to), { defaultCountry: 'DE' });
    const base = {
      event_id: `telnyx:${requireStr(data, 'id', 'data')}`,
      carrier: this.carrier,
      call_id: requireStr(payload, 'call_session_id', 'data.payload'),
      leg_id: requireStr(payload, 'call_leg_id', 'data.payload'),
      status: reading.status,
      answered_by: reading.answeredBy,
      occurred_at: instantOr(str(data.occurred_at), request.receivedAt),
      attributes: {
        event_type: str(data.event_type) ?? '',
        ...stringAttributes(payload, MODELLED),
      },
    };
    const tracking = servedNumbers(request);
    const direction = str(payload.direction);
    const toTracking = to.e164 !== null && tracking.has(to.e164);
    const fromTracking = from.e164 !== null && tracking.has(from.e164);
    if (direction === 'incoming' || (direction === undefined && toTracking)) {
      return { ...base, leg_role: 'caller', direction: 'inbound', caller: from, called: to };
    }
    if (fromTracking) {
      return { ...base, leg_role: 'caller', direction: 'outbound', caller: to, called: from };
    }

    // The desk phone's leg: Telnyx passes the caller's number as `from`.
    return {
      ...base,
      leg_role: 'business',
      direction: 'inbound',
      caller: from,
      called: to,
      leg_target: to,
    };
  }
}

function readEvent(
  type: string,
  payload: JsonObject,
): { status: LegStatus; answeredBy?: AnsweredBy } | undefined {
  switch (type) {
    case 'call.initiated':
      return { status: 'initiated' };
    case 'call.answered':
    case 'call.bridged':
      return { status: 'answered' };
    case 'call.hangup':
      return { status: HANGUP[str(payload.hangup_cause) ?? ''] ?? 'failed' };
    case 'call.machine.detection.ended':
    case 'call.machine.premium.detection.ended':
      return { status: 'answered', answeredBy: AMD[str(payload.result) ?? ''] ?? 'unknown' };
    default:
      return undefined;
  }
}
