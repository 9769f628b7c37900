import type { SmsFailure, SmsStatusValue } from '@rebound/contracts';
import {
  WebhookRejection,
  type CarrierAdapter,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { derivedEventId, instantOr } from '../event-id';
import { verifiedAccountHints } from '../verified-account';
import { verifyMessageBirdRequest } from './messagebird-request.verifier';

export const MESSAGEBIRD_ROUTES = { smsStatus: '/webhooks/messagebird/sms-status' } as const;

const STATUS: Record<string, SmsStatusValue> = {
  scheduled: 'accepted',
  sent: 'sent',
  buffered: 'queued',
  delivered: 'delivered',
  expired: 'expired',
  delivery_failed: 'failed',
};

/** GSM error codes MessageBird reports in `statusErrorCode`. */
const FAILURES: Record<string, SmsFailure> = {
  '1': 'unknown_subscriber',
  '5': 'unknown_subscriber',
  '6': 'unreachable_handset',
  '27': 'unreachable_handset',
  '9': 'blocked',
  '11': 'blocked',
  '13': 'blocked',
};

const MODELLED = new Set([
  'id',
  'reference',
  'recipient',
  'status',
  'statusDatetime',
  'statusErrorCode',
]);

/**
 * MessageBird (legacy) SMS delivery reports: a GET with `id`, `reference`
 * (our request id; reports only come for messages sent with one),
 * `recipient` (no '+'), `status`, `statusDatetime`, and on failure
 * `statusReason`/`statusErrorCode`. The report names no number of the
 * tenant, so it is routed by the account whose key signed it.
 */
export class MessageBirdSmsStatusAdapter implements CarrierAdapter {
  readonly carrier = 'messagebird' as const;
  readonly routes = Object.values(MESSAGEBIRD_ROUTES);
  readonly contentTypes = ['application/x-www-form-urlencoded'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyMessageBirdRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const query = request.query;
    if (!query.id || !query.status) {
      throw new WebhookRejection(400, 'malformed', 'missing field: id or status');
    }
    const status = STATUS[query.status];
    if (!status) {
      throw new WebhookRejection(400, 'malformed', 'status has an unknown value');
    }
    const errorCode = query.statusErrorCode || null;

    return {
      kind: 'sms_status',
      tenantHints: verifiedAccountHints(request),
      statuses: [
        {
          event_id: derivedEventId(
            'messagebird',
            query.id,
            query.status,
            query.statusDatetime,
            errorCode ?? '',
          ),
          provider: 'messagebird',
          provider_message_id: query.id,
          request_id: query.reference || null,
          status,
          failure: failureOf(status, errorCode, query.statusReason),
          provider_error_code: errorCode,
          segments: null,
          occurred_at: instantOr(query.statusDatetime, request.receivedAt),
          attributes: Object.fromEntries(
            Object.entries(query).filter(([name, value]) => !MODELLED.has(name) && value !== ''),
          ),
        },
      ],
    };
  }
}

function failureOf(
  status: SmsStatusValue,
  code: string | null,
  reason: string | undefined,
): SmsFailure | null {
  if (status === 'expired') {
    return 'expired';
  }
  if (status !== 'failed') {
    return null;
  }
  if (code && FAILURES[code]) {
    return FAILURES[code];
  }

  return /unknown subscriber/i.test(reason ?? '') ? 'unknown_subscriber' : 'other';
}
