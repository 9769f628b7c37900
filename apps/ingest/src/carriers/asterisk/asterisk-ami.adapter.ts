import {
  type CarrierAdapter,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
} from '../carrier-adapter';
import { hints, rememberVerifiedAccount, verifiedAccountHints } from '../verified-account';
import { invalidSignature } from '../webhook-crypto';
import { parseAmiFrame, type AmiFrame } from './ami-frame.parser';
import { mapAmiEvent } from './asterisk-ami.mapper';

/**
 * AMI frames reach the intake from our own AMI client, never from HTTP:
 * the method `AMI` is one no HTTP request can carry, and `publicUrl` is
 * `tcp://host:port` of the PBX we connected to (the carrier account's
 * `account_id`). The route is internal; an HTTP request to it is refused.
 */
export const ASTERISK_AMI_ROUTE = '/internal/asterisk/ami';
export const AMI_METHOD = 'AMI';
export const AMI_CONTENT_TYPE = 'text/x-asterisk-ami';

/** Wraps one AMI frame from a connection as the intake's request. */
export function amiFrameToInboundWebhook(
  raw: string | AmiFrame,
  connection: { host: string; port: number },
  receivedAt: Date,
): InboundWebhook {
  const text =
    typeof raw === 'string'
      ? raw
      : Object.entries(raw)
          .map(([key, value]) => `${key}: ${value}`)
          .join('\r\n') + '\r\n\r\n';

  return {
    method: AMI_METHOD,
    publicUrl: `tcp://${connection.host}:${connection.port}`,
    path: ASTERISK_AMI_ROUTE,
    query: {},
    headers: {},
    rawBody: Buffer.from(text, 'utf8'),
    contentType: AMI_CONTENT_TYPE,
    receivedAt,
  };
}

/** Asterisk/FreePBX over AMI: Newchannel, DialBegin, DialEnd, Hangup and Cdr events, by Linkedid. */
export class AsteriskAmiAdapter implements CarrierAdapter {
  readonly carrier = 'asterisk' as const;
  readonly routes = [ASTERISK_AMI_ROUTE];
  readonly contentTypes = [AMI_CONTENT_TYPE];

  /** Trusts a frame only when it came from our client's connection to a configured PBX. */
  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void {
    if (request.method !== AMI_METHOD) {
      throw invalidSignature('AMI events come from the AMI client, not over HTTP');
    }
    const host = connectionOf(request);
    const account = accounts.find((item) => item.account_id === host);
    if (!account) {
      throw invalidSignature('the AMI connection is not a configured Asterisk account');
    }
    rememberVerifiedAccount(request, account);
  }

  parse(request: InboundWebhook): ParsedWebhook {
    const frame = parseAmiFrame(request.rawBody.toString('utf8'));
    const event = mapAmiEvent(frame, request.receivedAt);
    const accountHints = verifiedAccountHints(request);
    if (!event) {
      return {
        kind: 'ignored',
        why: `AMI ${frame.Event ?? 'frame'} is not a call event`,
        tenantHints: accountHints,
      };
    }

    return {
      kind: 'call_events',
      events: [event],
      // The connection names the tenant; a PBX's numbers may be internal.
      tenantHints: hints(accountHints, event.called.e164),
    };
  }
}

function connectionOf(request: InboundWebhook): string {
  try {
    return new URL(request.publicUrl).host;
  } catch {
    return '';
  }
}
