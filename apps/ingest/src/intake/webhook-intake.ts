import {
  CALL_EVENT_SCHEMA_VERSION,
  INBOUND_SMS_SCHEMA_VERSION,
  SMS_STATUS_SCHEMA_VERSION,
  type CallEvent,
  type InboundSms,
  type SmsStatus,
} from '@rebound/contracts';
import type { Tenant, TenantDirectory } from '@rebound/config';
import type { AdapterRegistry } from '../carriers/adapter.registry';
import {
  WebhookRejection,
  type InboundWebhook,
  type ParsedWebhook,
  type ResolvedCarrierAccount,
  type WebhookReply,
} from '../carriers/carrier-adapter';

/** What one accepted webhook turns into. */
export type IntakeOutcome =
  | {
      kind: 'routed';
      carrier: string;
      tenant: Tenant;
      callEvents: CallEvent[];
      smsStatuses: SmsStatus[];
      inboundSms: InboundSms[];
      reply?: WebhookReply;
    }
  | { kind: 'unrouted'; carrier: string; calledHint: string | undefined }
  | { kind: 'ignored'; carrier: string; why: string };

export type SecretResolver = (carrier: string) => ResolvedCarrierAccount[];

/**
 * The carrier-neutral half of ingest: picks the adapter for the route,
 * checks the body is well-formed, verifies the signature, reads the
 * request and finds its tenant. Publishing is the caller's job.
 */
export class WebhookIntake {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly tenants: TenantDirectory,
    private readonly secrets: SecretResolver,
  ) {}

  accept(request: InboundWebhook): IntakeOutcome {
    const adapter = this.adapters.forPath(request.path);
    if (!adapter) {
      throw new WebhookRejection(404, 'unknown_route', 'no carrier adapter answers this route');
    }
    if (request.method === 'POST' && !adapter.contentTypes.includes(request.contentType)) {
      throw new WebhookRejection(
        415,
        'unsupported_media_type',
        `expected ${adapter.contentTypes.join(' or ')}`,
      );
    }
    checkWellFormed(request);
    adapter.verify(request, this.secrets(adapter.carrier));
    const parsed = adapter.parse(request);
    if (parsed.kind === 'ignored') {
      return { kind: 'ignored', carrier: adapter.carrier, why: parsed.why };
    }
    const tenant = this.tenants.resolve(adapter.carrier, parsed.tenantHints);
    if (!tenant) {
      return { kind: 'unrouted', carrier: adapter.carrier, calledHint: parsed.tenantHints[0] };
    }

    return {
      ...stamp(parsed, tenant, request.receivedAt.toISOString()),
      kind: 'routed',
      carrier: adapter.carrier,
      tenant,
      reply: adapter.reply?.(request, parsed, tenant),
    };
  }
}

function stamp(
  parsed: Exclude<ParsedWebhook, { kind: 'ignored' }>,
  tenant: Tenant,
  receivedAt: string,
) {
  const tenant_id = tenant.id;
  const callEvents: CallEvent[] =
    parsed.kind === 'call_events'
      ? parsed.events.map((event) => ({
          ...event,
          schema_version: CALL_EVENT_SCHEMA_VERSION,
          tenant_id,
          received_at: receivedAt,
        }))
      : [];
  const smsStatuses: SmsStatus[] =
    parsed.kind === 'sms_status'
      ? parsed.statuses.map((status) => ({
          ...status,
          schema_version: SMS_STATUS_SCHEMA_VERSION,
          tenant_id,
          received_at: receivedAt,
        }))
      : [];
  const inboundSms: InboundSms[] =
    parsed.kind === 'inbound_sms'
      ? [
          {
            ...parsed.message,
            schema_version: INBOUND_SMS_SCHEMA_VERSION,
            tenant_id,
            received_at: receivedAt,
          },
        ]
      : [];

  return { callEvents, smsStatuses, inboundSms };
}

/** JSON must parse; a form must decode. Checked before the signature, so garbage is a 400. */
function checkWellFormed(request: InboundWebhook): void {
  if (request.contentType === 'application/json' && request.rawBody.length > 0) {
    try {
      JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new WebhookRejection(400, 'malformed', 'body is not valid JSON');
    }
  }
}
