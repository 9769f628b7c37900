import type { Tenant } from '@rebound/config';
import type { RuleCode } from './legal-basis';

export interface RateLimit {
  windowSeconds: number;
  max: number;
}

export type RateVerdict =
  | { allowed: true; remaining: number }
  | {
      allowed: false;
      rule: Extract<RuleCode, 'rate.caller' | 'rate.tenant'>;
      limit: RateLimit;
      retryAt: Date;
    };

type WindowVerdict =
  { allowed: true; remaining: number } | { allowed: false; limit: RateLimit; retryAt: Date };

/**
 * Per caller: the dedup window already stops a second text for the same
 * call; this caps texts to one person across several calls.
 */
export const DEFAULT_CALLER_LIMITS: readonly RateLimit[] = [
  { windowSeconds: 10 * 60, max: 1 },
  { windowSeconds: 24 * 3600, max: 3 },
];

/** Per tenant: a runaway loop or a call flood must not burn the SMS budget. */
export const DEFAULT_TENANT_LIMITS: readonly RateLimit[] = [
  { windowSeconds: 60, max: 30 },
  { windowSeconds: 3600, max: 500 },
  { windowSeconds: 24 * 3600, max: 2000 },
];

/**
 * Sliding windows over earlier send times: a send is allowed when every
 * window (now - window, now] holds fewer than `max` sends. Timestamps after
 * `now` (clock skew between replicas) count as inside the window.
 */
export function checkWindows(
  sends: readonly Date[],
  now: Date,
  limits: readonly RateLimit[],
): WindowVerdict {
  const counted = limits.map((limit) => ({ limit, inWindow: sendsInWindow(sends, now, limit) }));
  const denied = counted
    .filter(({ limit, inWindow }) => inWindow.length >= limit.max)
    .map(({ limit, inWindow }) => ({ limit, retryAt: retryTime(inWindow, limit) }))
    .sort((a, b) => b.retryAt.getTime() - a.retryAt.getTime());
  if (denied.length > 0) {
    return { allowed: false, ...denied[0] };
  }
  const remaining = Math.min(...counted.map(({ limit, inWindow }) => limit.max - inWindow.length));

  return { allowed: true, remaining: Math.max(remaining - 1, 0) };
}

/** Caller limits first: the narrower scope explains a refusal best. */
export function checkSendRate(input: {
  now: Date;
  callerSends: readonly Date[];
  tenantSends: readonly Date[];
  tenant: Tenant;
}): RateVerdict {
  const limits = limitsFor(input.tenant);
  const caller = checkWindows(input.callerSends, input.now, limits.perCaller);
  if (!caller.allowed) {
    return { ...caller, rule: 'rate.caller' };
  }
  const tenant = checkWindows(input.tenantSends, input.now, limits.perTenant);
  if (!tenant.allowed) {
    return { ...tenant, rule: 'rate.tenant' };
  }

  return { allowed: true, remaining: Math.min(caller.remaining, tenant.remaining) };
}

export function limitsFor(tenant: Tenant): { perCaller: RateLimit[]; perTenant: RateLimit[] } {
  const toLimit = (raw: { window_seconds: number; max: number }): RateLimit => ({
    windowSeconds: raw.window_seconds,
    max: raw.max,
  });

  return {
    perCaller: tenant.rate_limits?.per_caller?.map(toLimit) ?? [...DEFAULT_CALLER_LIMITS],
    perTenant: tenant.rate_limits?.per_tenant?.map(toLimit) ?? [...DEFAULT_TENANT_LIMITS],
  };
}

function sendsInWindow(sends: readonly Date[], now: Date, limit: RateLimit): Date[] {
  const since = now.getTime() - limit.windowSeconds * 1000;

  return sends.filter((sent) => sent.getTime() > since).sort((a, b) => a.getTime() - b.getTime());
}

/** When enough of the oldest sends have left the window for one more to fit. */
function retryTime(inWindow: Date[], limit: RateLimit): Date {
  const leaving = inWindow[inWindow.length - limit.max];

  return new Date(leaving.getTime() + limit.windowSeconds * 1000);
}
