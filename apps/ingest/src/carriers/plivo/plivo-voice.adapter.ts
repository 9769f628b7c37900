import type { LegStatus, PhoneParty } from '@rebound/contracts';
import { normalisePhone } from '@rebound/phone';
import {
  WebhookRejection,
  type CarrierAdapter,
  type CarrierCallEvent,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { derivedEventId, optionalInt } from '../event-id';
import { decodeFormStrict, formToRecord } from '../form-body';
import { hints, verifiedAccountHints } from '../verified-account';
import { verifyPlivoRequest } from './plivo-request.verifier';

export const PLIVO_ROUTES = {
  answer: '/webhooks/plivo/answer',
  dialAction: '/webhooks/plivo/dial-action',
  hangup: '/webhooks/plivo/hangup',
} as const;

/** CallStatus (answer/hangup) and DialStatus (dial action) in our leg vocabulary. */
const STATUS: Record<string, LegStatus> = {
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'busy',
  failed: 'failed',
  timeout: 'no_answer',
  'no-answer': 'no_answer',
  cancel: 'canceled',
  canceled: 'canceled',
  cancelled: 'canceled',
};

const MODELLED = new Set([
  'CallUUID',
  'ALegUUID',
  'From',
  'To',
  'ForwardedFrom',
  'CallStatus',
  'Direction',
  'DialStatus',
  'DialBLegUUID',
  'DialALegUUID',
  'Duration',
  'BillDuration',
]);

type Form = Record<string, string>;

/** Plivo numbers come without '+'. */
const phone = (raw: string | undefined): PhoneParty =>
  normalisePhone(raw, { defaultCountry: 'DE', digitsAreInternational: true });

/**
 * Plivo Voice: answer_url, the `<Dial action>` callback and hangup_url.
 * Correlation is the A-leg's CallUUID (`ALegUUID`/`DialALegUUID` on other
 * legs). For an INBOUND call the hangup callback always says `completed`;
 * the miss is on the dial action (`DialStatus`, empty `DialBLegUUID`), or,
 * when the caller gives up before the dial action fires, on the caller
 * leg's `HangupCause=ORIGINATOR_CANCEL`. Timestamps are in the account's
 * local time without offset, so they stay in `attributes` and events are
 * stamped at arrival.
 */
export class PlivoVoiceAdapter implements CarrierAdapter {
  readonly carrier = 'plivo' as const;
  readonly routes = Object.values(PLIVO_ROUTES);
  readonly contentTypes = ['application/x-www-form-urlencoded'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyPlivoRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const form = formToRecord(
      decodeFormStrict(
        request.method === 'GET' ? new URL(request.publicUrl).search.slice(1) : request.rawBody,
      ),
    );
    if (!form.CallUUID) {
      throw new WebhookRejection(400, 'malformed', 'missing field: CallUUID');
    }
    const event =
      request.path === PLIVO_ROUTES.dialAction
        ? this.dialEvent(request, form)
        : this.legEvent(request, form);

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: hints(event.called.e164, event.leg_target?.e164, verifiedAccountHints(request)),
    };
  }

  private common(request: InboundWebhook, form: Form, status: LegStatus) {
    return {
      event_id: derivedEventId(
        'plivo',
        request.path,
        form.CallUUID,
        form.CallStatus,
        form.DialStatus,
        form.HangupCause,
      ),
      carrier: this.carrier,
      call_id: form.ALegUUID || form.DialALegUUID || form.CallUUID,
      status,
      occurred_at: request.receivedAt.toISOString(),
      attributes: Object.fromEntries(
        Object.entries(form).filter(([name, value]) => !MODELLED.has(name) && value !== ''),
      ),
      forwarded_from: form.ForwardedFrom ? phone(form.ForwardedFrom) : undefined,
    };
  }

  /** The dial action speaks for the leg that rang the desk phone. */
  private dialEvent(request: InboundWebhook, form: Form): CarrierCallEvent {
    const status = mapStatus(form.DialStatus, 'DialStatus');
    const from = phone(form.From);
    const to = phone(form.To);

    return {
      ...this.common(request, form, status),
      leg_id: form.DialBLegUUID || `${form.CallUUID}:dial`,
      leg_role: 'business',
      direction: 'inbound',
      caller: from,
      called: to,
    };
  }

  private legEvent(request: InboundWebhook, form: Form): CarrierCallEvent {
    const from = phone(form.From);
    const to = phone(form.To);
    // Inbound hangups say `completed` whatever happened; a caller who hung
    // up before anyone answered shows only in the cause.
    const status =
      form.HangupCause === 'ORIGINATOR_CANCEL'
        ? 'canceled'
        : mapStatus(form.CallStatus, 'CallStatus');
    const common = {
      ...this.common(request, form, status),
      leg_id: form.CallUUID,
      duration_s: optionalInt(form.BillDuration),
    };
    if (form.Direction === 'outbound' && !form.ALegUUID) {
      return { ...common, leg_role: 'caller', direction: 'outbound', caller: to, called: from };
    }
    if (form.ALegUUID && form.ALegUUID !== form.CallUUID) {
      // A B-leg's own callback: it rang the desk phone.
      return {
        ...common,
        leg_role: 'business',
        direction: 'inbound',
        caller: from,
        called: to,
        leg_target: to,
      };
    }

    return { ...common, leg_role: 'caller', direction: 'inbound', caller: from, called: to };
  }
}

function mapStatus(value: string | undefined, field: string): LegStatus {
  const status = value ? STATUS[value] : undefined;
  if (!status) {
    throw new WebhookRejection(400, 'malformed', `${field} has an unknown value`);
  }

  return status;
}
