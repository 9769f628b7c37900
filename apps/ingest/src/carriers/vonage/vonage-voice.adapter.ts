import type { AnsweredBy, LegStatus, PhoneParty } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { normalisePhone } from '@rebound/phone';
import {
  WebhookRejection,
  type CarrierAdapter,
  type CarrierCallEvent,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
  type WebhookReply,
} from '../carrier-adapter';
import { derivedEventId, instantOr, optionalInt } from '../event-id';
import { parseJsonObject, requireStr, str, stringAttributes, type JsonObject } from '../json-body';
import { hints, verifiedAccountHints } from '../verified-account';
import { verifyVonageRequest } from './vonage-request.verifier';

export const VONAGE_ROUTES = {
  answer: '/webhooks/vonage/answer',
  event: '/webhooks/vonage/event',
  /** Event URL for calls the business places through the API (not the `connect` to the desk). */
  outboundEvent: '/webhooks/vonage/outbound-event',
} as const;

/** Vonage call statuses in our leg vocabulary; `machine`/`human` are AMD results. */
const STATUS: Record<string, { status: LegStatus; answeredBy?: AnsweredBy }> = {
  started: { status: 'initiated' },
  ringing: { status: 'ringing' },
  answered: { status: 'answered' },
  machine: { status: 'answered', answeredBy: 'machine' },
  human: { status: 'answered', answeredBy: 'human' },
  completed: { status: 'completed' },
  disconnected: { status: 'completed' },
  busy: { status: 'busy' },
  cancelled: { status: 'canceled' },
  unanswered: { status: 'no_answer' },
  timeout: { status: 'no_answer' },
  rejected: { status: 'rejected' },
  failed: { status: 'failed' },
};

const MODELLED = new Set([
  'from',
  'to',
  'uuid',
  'call_uuid',
  'conversation_uuid',
  'status',
  'direction',
  'timestamp',
  'duration',
]);

/** Vonage numbers come without '+'. */
const phone = (raw: string | undefined): PhoneParty =>
  normalisePhone(raw, { defaultCountry: 'DE', digitsAreInternational: true });

const UNKNOWN_PARTY: PhoneParty = { raw: '', e164: null, withheld: false, kind: 'unknown' };

/**
 * Vonage Voice API: the answer webhook (GET) and the event webhook (JSON).
 * Correlation is `conversation_uuid`. The inbound leg is answered by Vonage
 * itself to run the NCCO, so it is the `caller` leg; the `connect` leg to
 * the desk phone (direction outbound) is the `business` leg and carries the
 * miss (busy, cancelled, unanswered, timeout, machine).
 */
export class VonageVoiceAdapter implements CarrierAdapter {
  readonly carrier = 'vonage' as const;
  readonly routes = Object.values(VONAGE_ROUTES);
  readonly contentTypes = ['application/json'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyVonageRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const body: JsonObject =
      request.path === VONAGE_ROUTES.answer
        ? { ...request.query, status: 'started', direction: 'inbound' }
        : parseJsonObject(request.rawBody);
    const statusName = str(body.status);
    if (!statusName) {
      return {
        kind: 'ignored',
        why: 'event without a call status',
        tenantHints: verifiedAccountHints(request),
      };
    }
    const mapped = STATUS[statusName];
    if (!mapped) {
      return {
        kind: 'ignored',
        why: `call status ${statusName} is not a leg state`,
        tenantHints: verifiedAccountHints(request),
      };
    }
    const event = this.toEvent(request, body, mapped);

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: hints(event.called.e164, event.leg_target?.e164, verifiedAccountHints(request)),
    };
  }

  /** Answers the answer webhook with an NCCO that connects the desk phone, with AMD. */
  reply(request: InboundWebhook, _parsed: ParsedWebhook, tenant: Tenant): WebhookReply | undefined {
    if (request.path !== VONAGE_ROUTES.answer) {
      return undefined;
    }
    const base = request.publicUrl.slice(0, request.publicUrl.indexOf(VONAGE_ROUTES.answer));
    const ncco = [
      {
        action: 'connect',
        timeout: 20,
        from: request.query.to,
        eventUrl: [base + VONAGE_ROUTES.event],
        endpoint: [
          {
            type: 'phone',
            number: tenant.forward_to.replace(/^\+/, ''),
            machine_detection: 'hangup',
          },
        ],
      },
    ];

    return { contentType: 'application/json', body: JSON.stringify(ncco) };
  }

  private toEvent(
    request: InboundWebhook,
    body: JsonObject,
    mapped: { status: LegStatus; answeredBy?: AnsweredBy },
  ): CarrierCallEvent {
    // The machine/human event names the leg `call_uuid`, not `uuid`.
    const legId = str(body.uuid) ?? str(body.call_uuid);
    const conversation = requireStr(body, 'conversation_uuid');
    if (!legId) {
      throw new WebhookRejection(400, 'malformed', 'missing field: body.uuid');
    }
    const from = phone(str(body.from));
    const to = phone(str(body.to));
    const base = {
      event_id: derivedEventId('vonage', legId, str(body.status), str(body.timestamp)),
      carrier: this.carrier,
      call_id: conversation,
      leg_id: legId,
      status: mapped.status,
      answered_by: mapped.answeredBy,
      duration_s: optionalInt(str(body.duration)),
      occurred_at: instantOr(str(body.timestamp), request.receivedAt),
      attributes: stringAttributes(body, MODELLED),
    };
    if (request.path === VONAGE_ROUTES.outboundEvent) {
      return { ...base, leg_role: 'caller', direction: 'outbound', caller: to, called: from };
    }
    // No direction: the AMD event, which Vonage sends for the connect leg only.
    if (str(body.direction) === 'inbound') {
      return { ...base, leg_role: 'caller', direction: 'inbound', caller: from, called: to };
    }

    // The connect leg: from is the number the caller dialled (the NCCO's
    // `from`), to the desk phone; the customer is only on the inbound leg.
    return {
      ...base,
      leg_role: 'business',
      direction: 'inbound',
      caller: UNKNOWN_PARTY,
      called: from,
      leg_target: to,
    };
  }
}
