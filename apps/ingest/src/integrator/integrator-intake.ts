import { createHash } from 'node:crypto';
import { CALL_EVENT_SCHEMA_VERSION, type CallEvent } from '@rebound/contracts';
import type { Tenant, TenantDirectory } from '@rebound/config';
import { normalisePhone } from '@rebound/phone';
import type { CountryCode } from 'libphonenumber-js';
import { WebhookRejection } from '../carriers/carrier-adapter';
import { safeEqual } from '../carriers/webhook-crypto';
import { readIntegratorEvents, type IntegratorEvent } from './integrator-event.schema';

/** A rejection that carries the schema issues back to the client. */
export class InvalidEventRejection extends WebhookRejection {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(
      400,
      'invalid_event',
      issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    );
  }
}

/** Clocks disagree a little: an event up to five minutes "ahead" is accepted. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The integrator API's rules without HTTP: the bearer key names the tenant
 * (matched by SHA-256 against `api_key_sha256`), the body must be one
 * event or a batch that passes the schema, and each event becomes a
 * canonical call event whose id is scoped to the tenant.
 */
export class IntegratorIntake {
  constructor(private readonly tenants: TenantDirectory) {}

  authenticate(authorization: string | undefined): Tenant {
    const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!key) {
      throw new WebhookRejection(
        401,
        'missing_credentials',
        'expected Authorization: Bearer <key>',
      );
    }
    const hash = createHash('sha256').update(key, 'utf8').digest('hex');
    const tenant = this.tenants
      .all()
      .find((item) => item.api_key_sha256.some((stored) => safeEqual(stored.toLowerCase(), hash)));
    if (!tenant) {
      throw new WebhookRejection(403, 'invalid_credentials', 'the API key matches no tenant');
    }

    return tenant;
  }

  read(rawBody: Buffer): IntegratorEvent[] {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookRejection(400, 'malformed', 'body is not valid JSON');
    }
    const result = readIntegratorEvents(body);
    if (!result.ok) {
      throw new InvalidEventRejection(result.issues);
    }

    return result.events;
  }

  /**
   * Refuses events from too long ago or from the future: a missed call is
   * texted within minutes, and a backfill of old call records must never
   * text callers from last year.
   */
  checkTimes(events: IntegratorEvent[], receivedAt: Date, maxAgeHours: number): void {
    const oldest = receivedAt.getTime() - maxAgeHours * 3_600_000;
    const newest = receivedAt.getTime() + MAX_CLOCK_SKEW_MS;
    const issues = events.flatMap((event, index) => {
      const at = new Date(event.occurred_at).getTime();
      if (at < oldest) {
        return [{ path: `events.${index}.occurred_at`, message: `older than ${maxAgeHours} h` }];
      }
      if (at > newest) {
        return [{ path: `events.${index}.occurred_at`, message: 'in the future' }];
      }

      return [];
    });
    if (issues.length > 0) {
      throw new InvalidEventRejection(issues);
    }
  }

  toCallEvent(event: IntegratorEvent, tenant: Tenant, receivedAt: Date): CallEvent {
    const options = { defaultCountry: tenant.country as CountryCode };
    const optional = (raw: string | undefined) =>
      raw === undefined ? undefined : normalisePhone(raw, options);

    return {
      schema_version: CALL_EVENT_SCHEMA_VERSION,
      event_id: integratorEventId(tenant.id, event.event_id),
      tenant_id: tenant.id,
      carrier: 'integrator',
      call_id: event.call_id,
      leg_id: event.leg_id ?? event.call_id,
      leg_role: event.leg_role,
      direction: event.direction,
      status: event.status,
      answered_by: event.answered_by,
      caller: normalisePhone(event.caller, options),
      called: normalisePhone(event.called, options),
      leg_target: optional(event.leg_target),
      forwarded_from: optional(event.forwarded_from),
      duration_s: event.duration_s,
      sequence: event.sequence,
      occurred_at: event.occurred_at,
      received_at: receivedAt.toISOString(),
      attributes: event.attributes,
    };
  }
}

/** The published id of a client's event: scoped to the tenant, so two tenants' ids never meet. */
export function integratorEventId(tenantId: string, clientEventId: string): string {
  return `integrator:${tenantId}:${clientEventId}`;
}
