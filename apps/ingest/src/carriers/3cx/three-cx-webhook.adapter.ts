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
import { derivedEventId } from '../event-id';
import { parseJsonObject, requireStr, str, stringAttributes, type JsonObject } from '../json-body';
import { pbxTenantHints, verifyPbxCredential } from '../pbx-credential';

export const THREE_CX_ROUTES = { webhook: '/webhooks/3cx' } as const;

const MODELLED = new Set([
  'event',
  'callerid',
  'chid',
  'id',
  'finishtype',
  'did',
  'inbound_did',
  'FILES',
]);

/** 3CX caller ids come without '+'. */
const phone = (raw: string | undefined): PhoneParty =>
  normalisePhone(raw, { defaultCountry: 'DE', digitsAreInternational: true });

/** `did` is empty on ringing events: no number, which is not a withheld one. */
const NO_NUMBER: PhoneParty = { raw: '', e164: null, withheld: false, kind: 'unknown' };

/**
 * 3CX via a "Webhook Generator" add-on (no first-party format). `chid` is
 * the call chain (correlation id), `id` one segment. `ringing` and
 * `pickupincoming` are a member (extension, queue or IVR: `usertype`)
 * ringing and picking up; the final `incoming`/`outgoing` event summarises
 * the call with `finishtype` Ok or Missed. There is no event when a member
 * stops ringing, so the summary decides. `callerid` has no '+'.
 * Authenticated with the tenant's PBX API key (see pbx-credential).
 */
export class ThreeCxWebhookAdapter implements CarrierAdapter {
  readonly carrier = '3cx' as const;
  readonly routes = Object.values(THREE_CX_ROUTES);
  readonly contentTypes = ['application/json'];

  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    verifyPbxCredential(request, accounts);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const body = parseJsonObject(request.rawBody);
    const kind = requireStr(body, 'event');
    const status = statusOf(kind, body);
    if (!status) {
      return {
        kind: 'ignored',
        why: `3CX ${kind} event`,
        tenantHints: pbxTenantHints(request, []),
      };
    }
    const event = this.toEvent(request, body, kind, status);

    return {
      kind: 'call_events',
      events: [event],
      tenantHints: pbxTenantHints(request, [event.called.e164]),
    };
  }

  private toEvent(
    request: InboundWebhook,
    body: JsonObject,
    kind: string,
    status: LegStatus,
  ): CarrierCallEvent {
    const chid = requireStr(body, 'chid');
    const segment = str(body.id) ?? chid;
    const user = str(body.user);
    const customer = phone(str(body.callerid));
    const didValue = str(body.inbound_did) || str(body.did);
    const dialled = didValue ? phone(didValue) : NO_NUMBER;
    const member = user ? phone(user) : undefined;
    const summary = kind === 'incoming' || kind === 'outgoing';
    const common = {
      event_id: derivedEventId('3cx', chid, segment, kind, user, str(body.finishtype)),
      carrier: this.carrier,
      call_id: chid,
      leg_id: summary ? chid : `${segment}:${user ?? ''}`,
      status,
      occurred_at: request.receivedAt.toISOString(),
      attributes: stringAttributes(body, MODELLED),
      caller: customer,
      called: dialled,
    };
    if (summary) {
      return {
        ...common,
        leg_role: 'whole_call',
        direction: kind === 'outgoing' ? 'outbound' : 'inbound',
        leg_target: member,
      };
    }

    return { ...common, leg_role: 'business', direction: 'inbound', leg_target: member };
  }
}

function statusOf(kind: string, body: JsonObject): LegStatus | undefined {
  switch (kind) {
    case 'ringing':
      return 'ringing';
    case 'pickupincoming':
    case 'pickupoutgoing':
      return 'answered';
    case 'incoming':
    case 'outgoing': {
      const finish = str(body.finishtype);
      if (finish === 'Ok') {
        return 'completed';
      }
      if (finish === 'Missed') {
        return 'no_answer';
      }
      throw new WebhookRejection(400, 'malformed', 'finishtype has an unknown value');
    }
    default:
      return undefined;
  }
}
