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
import { derivedEventId, optionalInt } from '../event-id';
import { isObject, parseJsonObject, str, type JsonObject } from '../json-body';
import { pbxTenantHints, verifyPbxCredential } from '../pbx-credential';

export const FREESWITCH_ROUTES = { cdr: '/webhooks/freeswitch/cdr' } as const;

/** Hangup causes of a leg nobody answered. https://developer.signalwire.com/freeswitch/reference/hangup-causes/ */
const UNANSWERED: Record<string, LegStatus> = {
  ORIGINATOR_CANCEL: 'canceled',
  NO_ANSWER: 'no_answer',
  NO_USER_RESPONSE: 'no_answer',
  ALLOTTED_TIMEOUT: 'no_answer',
  NORMAL_CLEARING: 'no_answer',
  USER_BUSY: 'busy',
  CALL_REJECTED: 'rejected',
  USER_NOT_REGISTERED: 'failed',
  SUBSCRIBER_ABSENT: 'failed',
};

/** Applications that answer a call without a person. */
const MACHINE_APPS: Record<string, AnsweredBy> = {
  voicemail: 'voicemail',
  playback: 'machine',
  ivr: 'machine',
  play_and_get_digits: 'machine',
  record: 'machine',
};

const KEPT = [
  'hangup_cause',
  'last_app',
  'last_arg',
  'sip_hangup_disposition',
  'start_stamp',
  'answer_stamp',
  'end_stamp',
  'duration',
  'sip_from_user',
];

/**
 * FreeSWITCH mod_json_cdr: one JSON CDR per leg, POSTed at hangup. By
 * default (`encode-values`) every value is URL-encoded inside the JSON, so
 * values are percent-decoded (a literal `+` stays a plus). The inbound
 * A-leg's CDR speaks for the whole call: billsec 0 means nobody (person or
 * voicemail) answered it, and the cause says why. An outbound B-leg CDR is
 * the desk phone's leg of the same call (`call_uuid` / originating leg).
 * Authenticated with the tenant's PBX API key (see pbx-credential).
 */
export class FreeswitchCdrAdapter implements CarrierAdapter {
  readonly carrier = 'freeswitch' as const;
  readonly routes = Object.values(FREESWITCH_ROUTES);
  readonly contentTypes = ['application/json'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyPbxCredential(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    if (!isObject(body.variables)) {
      throw new WebhookRejection(400, 'malformed', 'missing field: variables');
    }
    const vars = decodeValues(body.variables);
    const uuid = vars.uuid;
    if (!uuid) {
      throw new WebhookRejection(400, 'malformed', 'missing field: variables.uuid');
    }
    const event = this.toEvent(request, vars, uuid);

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: pbxTenantHints(request, [event.called.e164, event.leg_target?.e164]),
    };
  }

  private toEvent(
    request: InboundWebhook,
    vars: Record<string, string>,
    uuid: string,
  ): CarrierCallEvent {
    const billsec = optionalInt(vars.billsec) ?? 0;
    const answered = billsec > 0 || Boolean(vars.answer_stamp);
    const app = (vars.last_app ?? '').toLowerCase();
    const caller = normalisePhone(vars.caller_id_number || vars.sip_from_user, {
      defaultCountry: 'DE',
    });
    const destination = normalisePhone(vars.destination_number, { defaultCountry: 'DE' });
    const common = {
      event_id: derivedEventId('freeswitch', uuid, vars.hangup_cause, vars.end_stamp),
      carrier: this.carrier,
      call_id: vars.call_uuid || vars.originating_leg_uuid || uuid,
      leg_id: uuid,
      status: answered ? ('completed' as const) : (UNANSWERED[vars.hangup_cause ?? ''] ?? 'failed'),
      answered_by: answered ? MACHINE_APPS[app] : undefined,
      duration_s: billsec,
      occurred_at: epochOr(vars.end_epoch, request.receivedAt),
      attributes: Object.fromEntries(
        KEPT.filter((name) => vars[name]).map((name) => [name, vars[name]]),
      ),
    };
    if (vars.direction === 'outbound' && (vars.originating_leg_uuid || vars.call_uuid)) {
      // The B-leg to the desk phone: destination is the phone it rang.
      return {
        ...common,
        leg_role: 'business',
        direction: 'inbound',
        caller,
        called: destination,
        leg_target: destination,
      };
    }
    if (vars.direction === 'outbound') {
      return {
        ...common,
        leg_role: 'whole_call',
        direction: 'outbound',
        caller: destination,
        called: caller,
      };
    }

    return { ...common, leg_role: 'whole_call', direction: 'inbound', caller, called: destination };
  }
}

/** mod_json_cdr URL-encodes values by default; a value that does not decode is kept as sent. */
function decodeValues(variables: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables)) {
    const text = str(value);
    if (text === undefined) {
      continue;
    }
    try {
      out[name] = decodeURIComponent(text);
    } catch {
      out[name] = text;
    }
  }

  return out;
}

function epochOr(epoch: string | undefined, fallback: Date): string {
  const seconds = epoch ? Number(epoch) : NaN;

  return Number.isFinite(seconds) && seconds > 0
    ? new Date(seconds * 1000).toISOString()
    : fallback.toISOString();
}
