import {
  CALL_EVENT_SCHEMA_VERSION,
  type AnsweredBy,
  type CallEvent,
  type LegRole,
  type LegStatus,
} from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { normalisePhone, type NormaliseOptions } from '@rebound/phone';

/** The fields of Twilio's Call resource the detector reads (the SDK's CallInstance has them). */
export interface TwilioCallResource {
  sid: string;
  parentCallSid: string | null;
  status: string;
  direction: string;
  from: string;
  to: string;
  duration: string | null;
  answeredBy: string | null;
  startTime: Date | null;
  endTime: Date | null;
  dateUpdated: Date | null;
}

/** Call resource statuses in our leg vocabulary (the same words as the status callbacks). */
const STATUS: Record<string, LegStatus> = {
  queued: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
  completed: 'completed',
  busy: 'busy',
  'no-answer': 'no_answer',
  canceled: 'canceled',
  failed: 'failed',
};

/**
 * Twilio's answers about one call (the parent leg and the legs it dialled)
 * as call events, read the way ingest reads the status callbacks: the
 * parent is the caller's leg, each child a leg that rang the business.
 * Event ids name the source, the leg and its status, so asking again adds
 * nothing that is already stored.
 */
export function twilioCallEvents(
  tenant: Tenant,
  parent: TwilioCallResource,
  children: readonly TwilioCallResource[],
  now: Date,
): CallEvent[] {
  return [
    legEvent(tenant, parent, parent.sid, 'caller', now),
    ...children.map((child) => legEvent(tenant, child, parent.sid, 'business', now)),
  ].flatMap((event) => (event ? [event] : []));
}

function legEvent(
  tenant: Tenant,
  leg: TwilioCallResource,
  callId: string,
  role: LegRole,
  now: Date,
): CallEvent | undefined {
  const status = STATUS[leg.status];
  if (!status) {
    return undefined;
  }
  const country = tenant.country as NormaliseOptions['defaultCountry'];
  const from = normalisePhone(leg.from, { defaultCountry: country });
  const to = normalisePhone(leg.to, { defaultCountry: country });
  const outbound = role === 'caller' && leg.direction.startsWith('outbound');
  const direction = from.kind === 'client' ? 'internal' : outbound ? 'outbound' : 'inbound';
  const duration = leg.duration === null ? undefined : Number.parseInt(leg.duration, 10);

  return {
    schema_version: CALL_EVENT_SCHEMA_VERSION,
    event_id: `twilio-api:${leg.sid}:${leg.status}`,
    tenant_id: tenant.id,
    carrier: 'twilio',
    call_id: callId,
    leg_id: leg.sid,
    leg_role: role,
    direction,
    status,
    answered_by: answeredBy(leg.answeredBy),
    // The business called out: the customer is the callee.
    caller: outbound ? to : from,
    called: outbound ? from : to,
    leg_target: role === 'business' ? to : undefined,
    duration_s: Number.isInteger(duration) && (duration ?? -1) >= 0 ? duration : undefined,
    occurred_at: (leg.endTime ?? leg.dateUpdated ?? leg.startTime ?? now).toISOString(),
    received_at: now.toISOString(),
    attributes: { source: 'twilio-calls-api' },
  };
}

function answeredBy(value: string | null): AnsweredBy | undefined {
  if (!value) {
    return undefined;
  }
  if (value === 'human') {
    return 'human';
  }

  return value.startsWith('machine') || value === 'fax' ? 'machine' : 'unknown';
}
