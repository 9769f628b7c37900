import type { SmsFailure, SmsStatusValue } from '@rebound/contracts';
import { normalisePhone } from '@rebound/phone';
import {
  WebhookRejection,
  type CarrierAdapter,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { derivedEventId, optionalInt } from '../event-id';
import { decodeFormStrict, formToRecord } from '../form-body';
import { verifyTwilioRequest } from './twilio-request.verifier';

const ROUTES = {
  status: '/webhooks/twilio/sms/status',
  inbound: '/webhooks/twilio/sms/inbound',
} as const;

const STATUS: Record<string, SmsStatusValue> = {
  accepted: 'accepted',
  scheduled: 'accepted',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

/** Twilio error codes that tell us something about the recipient. */
const FAILURES: Record<string, SmsFailure> = {
  '30003': 'unreachable_handset',
  '30005': 'unknown_subscriber',
  '30006': 'landline',
  '21614': 'landline',
  '21635': 'landline',
  '21610': 'unsubscribed',
  '30004': 'blocked',
  '30007': 'blocked',
  '21211': 'invalid_number',
  '30008': 'other',
};

/** Twilio Messaging: delivery status callbacks and inbound texts (STOP, START, replies). */
export class TwilioSmsAdapter implements CarrierAdapter {
  readonly carrier = 'twilio' as const;
  readonly routes = Object.values(ROUTES);
  readonly contentTypes = ['application/x-www-form-urlencoded'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyTwilioRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const form = formToRecord(decodeFormStrict(request.rawBody));
    const messageSid = form.MessageSid ?? form.SmsSid;
    if (!messageSid) {
      throw new WebhookRejection(400, 'malformed', 'missing field: MessageSid');
    }
    const accountHint = form.AccountSid ? [`account:${form.AccountSid}`] : [];

    return request.path === ROUTES.inbound
      ? this.inbound(form, messageSid, accountHint)
      : this.status(request, form, messageSid, accountHint);
  }

  private status(
    request: InboundWebhook,
    form: Record<string, string>,
    sid: string,
    accountHint: string[],
  ): ParsedWebhook {
    const raw = form.MessageStatus ?? form.SmsStatus;
    const status = raw ? STATUS[raw] : undefined;
    if (!status) {
      throw new WebhookRejection(400, 'malformed', 'MessageStatus has an unknown value');
    }
    const errorCode = form.ErrorCode || null;
    const sender = normalisePhone(form.From, { defaultCountry: 'DE' }).e164;

    return {
      kind: 'sms_status',
      tenantHints: [sender, ...accountHint].filter((hint): hint is string => Boolean(hint)),
      statuses: [
        {
          // Several callbacks share one MessageSid: sent, then delivered.
          event_id:
            request.headers['i-twilio-idempotency-token'] ??
            derivedEventId('twilio', sid, raw, errorCode ?? ''),
          provider: 'twilio',
          provider_message_id: sid,
          request_id: null,
          status,
          failure: errorCode ? (FAILURES[errorCode] ?? 'other') : null,
          provider_error_code: errorCode,
          segments: optionalInt(form.NumSegments) || null,
          occurred_at: request.receivedAt.toISOString(),
          attributes: { to_masked: form.To ? `${form.To.slice(0, 5)}…` : '' },
        },
      ],
    };
  }

  private inbound(form: Record<string, string>, sid: string, accountHint: string[]): ParsedWebhook {
    const from = normalisePhone(form.From, { defaultCountry: 'DE' });
    if (!from.e164) {
      throw new WebhookRejection(400, 'malformed', 'From is not a phone number');
    }
    const to = normalisePhone(form.To, { defaultCountry: 'DE' });

    return {
      kind: 'inbound_sms',
      tenantHints: [to.e164, ...accountHint].filter((hint): hint is string => Boolean(hint)),
      message: {
        event_id: derivedEventId('twilio', sid),
        provider: 'twilio',
        from: from.e164,
        to: to.e164 ?? to.raw,
        body: form.Body ?? '',
        provider_opt_out_type: form.OptOutType ?? null,
      },
    };
  }
}
