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
import { decodeFormStrict, formToRecord } from '../form-body';
import { verifyTwilioRequest } from './twilio-request.verifier';

const ROUTES = {
  incoming: '/webhooks/twilio/voice/incoming',
  status: '/webhooks/twilio/voice/status',
  dialAction: '/webhooks/twilio/voice/dial-action',
  amd: '/webhooks/twilio/voice/amd',
  recording: '/webhooks/twilio/voice/recording',
} as const;

/** Twilio's CallStatus and DialCallStatus values in our leg vocabulary. */
const STATUS: Record<string, LegStatus> = {
  queued: 'initiated',
  initiated: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
  answered: 'answered',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  canceled: 'canceled',
  failed: 'failed',
};

/** AnsweredBy from answering-machine detection. */
function answeredBy(value: string | undefined): AnsweredBy | undefined {
  if (!value) {
    return undefined;
  }
  if (value === 'human') {
    return 'human';
  }

  return value.startsWith('machine') || value === 'fax' ? 'machine' : 'unknown';
}

type Form = Record<string, string>;

/**
 * Twilio Programmable Voice: the incoming-call webhook, call-progress
 * status callbacks of both legs, the `<Dial action>` callback, and the
 * answering-machine-detection callback.
 *
 * The parent leg ends `completed` even when nobody answered (Twilio
 * answered it to run our TwiML), so it is reported as the `caller` leg and
 * the detector decides from the dialled (`business`) legs.
 */
export class TwilioVoiceAdapter implements CarrierAdapter {
  readonly carrier = 'twilio' as const;
  readonly routes = Object.values(ROUTES);
  readonly contentTypes = ['application/x-www-form-urlencoded'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyTwilioRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const form = formToRecord(decodeFormStrict(request.rawBody));
    const accountHint = form.AccountSid ? [`account:${form.AccountSid}`] : [];
    if (request.path === ROUTES.recording) {
      return { kind: 'ignored', why: 'recording callback', tenantHints: accountHint };
    }
    requireFields(form, request.path === ROUTES.amd ? ['CallSid', 'AnsweredBy'] : ['CallSid']);
    const event = this.toEvent(request, form);
    const hints = [event.called.e164, event.leg_target?.e164, event.caller.e164]
      .filter((value): value is string => Boolean(value))
      .concat(accountHint);

    return { kind: 'call_events', events: [event], tenantHints: hints };
  }

  /**
   * Answers the incoming-call webhook with TwiML that rings the tenant's
   * phone, with progress callbacks, answering-machine detection and the
   * dial action, so a real Twilio number can point at ingest.
   */
  reply(request: InboundWebhook, _parsed: ParsedWebhook, tenant: Tenant): WebhookReply | undefined {
    if (request.path !== ROUTES.incoming) {
      return { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };
    }
    const base = request.publicUrl.slice(0, request.publicUrl.indexOf(ROUTES.incoming));
    const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

    return {
      contentType: 'text/xml',
      body: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Response>',
        `<Dial action="${attr(base + ROUTES.dialAction)}" timeout="20">`,
        `<Number statusCallback="${attr(base + ROUTES.status)}"`,
        ' statusCallbackEvent="initiated ringing answered completed"',
        ` machineDetection="Enable" amdStatusCallback="${attr(base + ROUTES.amd)}"`,
        `>${tenant.forward_to}</Number>`,
        '</Dial>',
        '</Response>',
      ].join(''),
    };
  }

  private toEvent(request: InboundWebhook, form: Form): CarrierCallEvent {
    const country = countryOf(form);
    const from = normalisePhone(form.From ?? form.Caller, { defaultCountry: country });
    const to = normalisePhone(form.To ?? form.Called, { defaultCountry: country });
    const base = {
      event_id:
        request.headers['i-twilio-idempotency-token'] ??
        derivedEventId(
          'twilio',
          request.path,
          form.CallSid,
          form.CallStatus,
          form.DialCallStatus,
          form.AnsweredBy,
          form.SequenceNumber,
        ),
      carrier: this.carrier,
      occurred_at: instantOr(form.Timestamp, request.receivedAt),
      attributes: unmodelled(form),
    };

    if (request.path === ROUTES.amd) {
      return {
        ...base,
        // Twilio names only the dialled leg here; the detector joins it to its call.
        call_id: form.CallSid,
        leg_id: form.CallSid,
        leg_role: 'business',
        direction: 'inbound',
        status: 'answered',
        answered_by: answeredBy(form.AnsweredBy),
        caller: from,
        called: to,
      };
    }
    if (request.path === ROUTES.dialAction) {
      return {
        ...base,
        call_id: form.CallSid,
        leg_id: form.DialCallSid || `${form.CallSid}:dial`,
        leg_role: 'business',
        direction: directionOf(form, from),
        status: mapStatus(form.DialCallStatus, 'DialCallStatus'),
        answered_by: answeredBy(form.AnsweredBy),
        caller: from,
        called: to,
        duration_s: optionalInt(form.DialCallDuration),
      };
    }

    return this.legEvent(base, form, from, to);
  }

  private legEvent(
    base: Pick<CarrierCallEvent, 'event_id' | 'carrier' | 'occurred_at' | 'attributes'>,
    form: Form,
    from: PhoneParty,
    to: PhoneParty,
  ): CarrierCallEvent {
    const isChild = Boolean(form.ParentCallSid);
    const direction = directionOf(form, from);
    const status = mapStatus(form.CallStatus, 'CallStatus');
    const common = {
      ...base,
      leg_id: form.CallSid,
      status,
      answered_by: answeredBy(form.AnsweredBy),
      duration_s: optionalInt(form.CallDuration),
      sequence: optionalInt(form.SequenceNumber),
      forwarded_from: form.ForwardedFrom
        ? normalisePhone(form.ForwardedFrom, { defaultCountry: countryOf(form) })
        : undefined,
    };
    if (isChild) {
      // A dialled leg: From is still the caller, To the phone it rang. The
      // number the caller dialled is on the parent leg only.
      return {
        ...common,
        call_id: form.ParentCallSid,
        leg_role: 'business',
        direction: 'inbound',
        caller: from,
        called: to,
        leg_target: to,
      };
    }
    if (direction === 'outbound') {
      // The business called out: the customer is the callee.
      return {
        ...common,
        call_id: form.CallSid,
        leg_role: 'caller',
        direction,
        caller: to,
        called: from,
      };
    }

    return {
      ...common,
      call_id: form.CallSid,
      leg_role: 'caller',
      direction,
      caller: from,
      called: to,
    };
  }
}

function requireFields(form: Form, names: string[]): void {
  const missing = names.filter((name) => !form[name]);
  if (missing.length > 0) {
    throw new WebhookRejection(400, 'malformed', `missing field(s): ${missing.join(', ')}`);
  }
  if (form.CallSid && !/^CA[0-9a-f]{32}$/i.test(form.CallSid)) {
    throw new WebhookRejection(400, 'malformed', 'CallSid is not a Twilio call id');
  }
  if (form.SequenceNumber !== undefined && !/^\d+$/.test(form.SequenceNumber)) {
    throw new WebhookRejection(400, 'malformed', 'SequenceNumber is not a number');
  }
}

function mapStatus(value: string | undefined, field: string): LegStatus {
  const status = value ? STATUS[value] : undefined;
  if (!status) {
    throw new WebhookRejection(400, 'malformed', `${field} has an unknown value`);
  }

  return status;
}

/** A call placed by a staff member's SDK client is internal, whatever Twilio's Direction says. */
function directionOf(form: Form, from: PhoneParty) {
  if (from.kind === 'client') {
    return 'internal' as const;
  }

  return form.Direction?.startsWith('outbound') && !form.ParentCallSid
    ? ('outbound' as const)
    : ('inbound' as const);
}

function countryOf(form: Form) {
  const country = form.CalledCountry || form.ToCountry || 'DE';

  return (/^[A-Z]{2}$/.test(country) ? country : 'DE') as 'DE';
}

const MODELLED = new Set([
  'CallSid',
  'ParentCallSid',
  'CallStatus',
  'DialCallStatus',
  'DialCallSid',
  'DialCallDuration',
  'From',
  'To',
  'Caller',
  'Called',
  'Direction',
  'AnsweredBy',
  'CallDuration',
  'SequenceNumber',
  'Timestamp',
  'ForwardedFrom',
]);

/** Everything else Twilio sent, minus the geo fields that repeat the numbers. */
function unmodelled(form: Form): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form).filter(
      ([name, value]) =>
        !MODELLED.has(name) &&
        value !== '' &&
        !/^(From|To|Caller|Called)(City|State|Zip)$/.test(name),
    ),
  );
}
