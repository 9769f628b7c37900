import type { LegStatus, PhoneParty } from '@rebound/contracts';
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
import { derivedEventId } from '../event-id';
import { decodeFormStrict } from '../form-body';
import { hints, verifiedAccountHints } from '../verified-account';
import { verifySipgateRequest } from './sipgate-request.verifier';

export const SIPGATE_ROUTES = { events: '/webhooks/sipgate/events' } as const;

/**
 * Hangup causes. `forwarded` ends a leg that was not answered because the
 * call moved on to another callId (origCallId names the first); the next
 * leg decides. `noAnswer` is, despite the name, "the called party rejected
 * the call (e.g. through DND)".
 */
const HANGUP: Record<string, LegStatus> = {
  normalClearing: 'completed',
  busy: 'busy',
  cancel: 'canceled',
  noAnswer: 'rejected',
  congestion: 'failed',
  notFound: 'failed',
  forwarded: 'no_answer',
};

const MODELLED = new Set(['event', 'from', 'to', 'direction', 'callId', 'origCallId']);

/** sipgate numbers come without '+' (`4915…`); a withheld caller is `anonymous`. */
const phone = (raw: string | undefined): PhoneParty =>
  normalisePhone(raw, { defaultCountry: 'DE', digitsAreInternational: true });

/**
 * sipgate.io push API. Every callId is a ring of the business's users
 * (`user[]`), so its events are `business` legs; a forward or transfer
 * starts a new callId with `origCallId` = the first, which is the call's
 * correlation id. An `answer` with an empty user is a voicemail box or a
 * waiting queue, not a person (answered_by `machine`). Only `newCall` is
 * pushed unless the reply asks for onAnswer/onHangup, which `reply` does.
 */
export class SipgateEventsAdapter implements CarrierAdapter {
  readonly carrier = 'sipgate' as const;
  readonly routes = Object.values(SIPGATE_ROUTES);
  readonly contentTypes = ['application/x-www-form-urlencoded'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifySipgateRequest(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const form = readForm(request.rawBody);
    const event = form.get('event');
    const callId = form.get('callId');
    if (!event || !callId) {
      throw new WebhookRejection(400, 'malformed', 'missing field: event or callId');
    }
    const status = statusOf(event, form);
    if (!status) {
      return {
        kind: 'ignored',
        why: `sipgate ${event} event`,
        tenantHints: verifiedAccountHints(request),
      };
    }
    const callEvent = this.toEvent(request, form, event, callId, status);

    return {
      kind: 'call_events',
      events: [callEvent],
      tenantHints: hints(callEvent.called.e164, verifiedAccountHints(request)),
    };
  }

  /** Asks sipgate for the answer and hangup pushes, which it sends only when asked. */
  reply(
    request: InboundWebhook,
    _parsed: ParsedWebhook,
    _tenant: Tenant,
  ): WebhookReply | undefined {
    if (readForm(request.rawBody).get('event') !== 'newCall') {
      return undefined;
    }
    const url = request.publicUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

    return {
      contentType: 'application/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><Response onAnswer="${url}" onHangup="${url}"/>`,
    };
  }

  private toEvent(
    request: InboundWebhook,
    form: SipgateForm,
    event: string,
    callId: string,
    reading: { status: LegStatus; machine: boolean },
  ): CarrierCallEvent {
    const from = phone(form.get('from'));
    const to = phone(form.get('to'));
    const diversion = form.get('diversion');
    const outbound = form.get('direction') === 'out';
    const answeringNumber = form.get('answeringNumber');
    const common = {
      event_id: derivedEventId('sipgate', callId, event, form.get('cause')),
      carrier: this.carrier,
      call_id: form.get('origCallId') || callId,
      leg_id: callId,
      leg_role: 'business' as const,
      status: reading.status,
      answered_by:
        event === 'answer'
          ? reading.machine
            ? ('machine' as const)
            : ('human' as const)
          : undefined,
      occurred_at: request.receivedAt.toISOString(),
      leg_target: answeringNumber ? phone(answeringNumber) : ringTarget(form),
      // A diversion equal to the dialled number is sipgate forwarding inside
      // the account (to a colleague), not a forward that brought the call to us.
      forwarded_from: diversion && diversion !== form.get('to') ? phone(diversion) : undefined,
      attributes: form.attributes(MODELLED),
    };

    return outbound
      ? { ...common, direction: 'outbound', caller: to, called: from }
      : { ...common, direction: 'inbound', caller: from, called: to };
  }
}

function statusOf(
  event: string,
  form: SipgateForm,
): { status: LegStatus; machine: boolean } | undefined {
  switch (event) {
    case 'newCall':
      return { status: 'ringing', machine: false };
    case 'answer':
      return { status: 'answered', machine: !form.get('user') && !form.get('userId') };
    case 'hangup':
      return { status: HANGUP[form.get('cause') ?? ''] ?? 'failed', machine: false };
    default:
      return undefined;
  }
}

/**
 * The one sipgate user a `newCall` rings (a person, a group or a queue,
 * e.g. `w9`), so the detector can tell a tenant's call queue from a
 * voicemail box: both "answer" with an empty user.
 */
function ringTarget(form: SipgateForm): PhoneParty | undefined {
  const users = form.list('userId');

  return users.length === 1 && users[0]
    ? { raw: users[0], e164: null, withheld: false, kind: 'extension' }
    : undefined;
}

interface SipgateForm {
  get(name: string): string | undefined;
  list(name: string): string[];
  attributes(modelled: ReadonlySet<string>): Record<string, string>;
}

/** sipgate repeats `user[]`, `userId[]`, `fullUserId[]`: keep every value, not the last. */
function readForm(raw: Buffer): SipgateForm {
  const single = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [name, value] of decodeFormStrict(raw)) {
    if (name.endsWith('[]')) {
      const key = name.slice(0, -2);
      lists.set(key, [...(lists.get(key) ?? []), value]);
    } else {
      single.set(name, value);
    }
  }

  return {
    get: (name) => single.get(name),
    list: (name) => lists.get(name) ?? [],
    attributes: (modelled) => {
      const out: Record<string, string> = {};
      for (const [name, value] of single) {
        if (!modelled.has(name) && value !== '') {
          out[name] = value;
        }
      }
      for (const [name, values] of lists) {
        out[`${name}[]`] = JSON.stringify(values);
      }

      return out;
    },
  };
}
