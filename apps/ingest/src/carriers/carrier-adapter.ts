import type { CallEvent, Carrier, InboundSms, SmsStatus } from '@rebound/contracts';
import type { CarrierAccount, Tenant } from '@rebound/config';

/** One webhook request as it reached us, before anything trusted it. */
export interface InboundWebhook {
  method: string;
  /** The URL the carrier called: public base URL + path + query string. */
  publicUrl: string;
  /** The route below the base URL, e.g. `/webhooks/twilio/voice/status`. */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  rawBody: Buffer;
  /** The media type without parameters, lower-cased. */
  contentType: string;
  receivedAt: Date;
}

/** What verification needs: the carrier's accounts with their secrets resolved. */
export interface ResolvedCarrierAccount extends CarrierAccount {
  secret: string;
}

/** A call event as an adapter reads it; ingest adds the tenant and versions. */
export type CarrierCallEvent = Omit<CallEvent, 'tenant_id' | 'schema_version' | 'received_at'>;
export type CarrierSmsStatus = Omit<SmsStatus, 'tenant_id' | 'schema_version' | 'received_at'>;
export type CarrierInboundSms = Omit<InboundSms, 'tenant_id' | 'schema_version' | 'received_at'>;

/**
 * What a webhook says, read by its adapter. `tenantHints` are E.164 numbers,
 * most telling first, that ingest matches against the tenants' numbers (for
 * a dialled leg the tracking number may be absent, so the desk phone it rang
 * is a hint too).
 */
export type ParsedWebhook =
  | { kind: 'call_events'; events: CarrierCallEvent[]; tenantHints: string[] }
  | { kind: 'sms_status'; statuses: CarrierSmsStatus[]; tenantHints: string[] }
  | { kind: 'inbound_sms'; message: CarrierInboundSms; tenantHints: string[] }
  /** Valid and signed, but nothing we act on (e.g. a recording callback). */
  | { kind: 'ignored'; why: string; tenantHints: string[] };

/** The answer a carrier expects (TwiML, an NCCO); JSON 200 when absent. */
export interface WebhookReply {
  status?: number;
  contentType: string;
  body: string;
}

export interface CarrierAdapter {
  readonly carrier: Carrier;
  /** Routes below the base URL this adapter answers, e.g. `/webhooks/twilio/voice/status`. */
  readonly routes: readonly string[];
  /** Media types the routes accept. */
  readonly contentTypes: readonly string[];
  /**
   * Checks the carrier's signature over the raw bytes and the public URL.
   * Throws a {@link WebhookRejection} (403) when it does not verify.
   */
  verify(request: InboundWebhook, accounts: ResolvedCarrierAccount[]): void;
  /** Reads the verified request. Throws a {@link WebhookRejection} (400) when malformed. */
  parse(request: InboundWebhook): ParsedWebhook;
  /** The reply the carrier expects for this request and tenant, if any. */
  reply?(request: InboundWebhook, parsed: ParsedWebhook, tenant: Tenant): WebhookReply | undefined;
}

export type RejectionStatus = 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429;

/** A request we refuse, with the machine-readable reason the sender gets back. */
export class WebhookRejection extends Error {
  constructor(
    readonly status: RejectionStatus,
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'WebhookRejection';
  }
}
