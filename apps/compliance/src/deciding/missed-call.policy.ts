import type { CallVerdict } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { checkRenderedText } from '../rules/content.guard';
import { LEGAL_BASIS, hasErrors, type ReasonCode } from '../rules/legal-basis';
import { checkCallerNumber } from '../rules/number.rules';
import { checkSendRate } from '../rules/rate-limit.rules';
import { evaluateSchedule, nextOpening, type ScheduleFacts } from '../rules/schedule.rules';
import { checkSenderId } from '../rules/sender-id.rules';
import { analyseSms } from '../rules/sms-encoding';
import { renderTemplate } from '../rules/template.renderer';

/** What compliance knows about a caller from its own records. */
export interface CallerHistory {
  optedOut: boolean;
  knownLandline: boolean;
  /** When this tenant last texted the caller (or holds a text for them), if ever. */
  lastTextAt: Date | null;
  /** When this tenant's texts to the caller were approved, within the longest rate window. */
  callerSends: Date[];
  /** When this tenant's texts were approved, within the longest rate window. */
  tenantSends: Date[];
}

interface Text {
  variant: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  legalBasis: string;
}

export type PolicyDecision =
  | ({ outcome: 'send' } & Text)
  | ({ outcome: 'defer'; releaseAt: Date } & Text)
  | {
      outcome: 'suppress';
      reason: ReasonCode;
      rule: string;
      variant: string | null;
      legalBasis: string;
    };

type Suppression = Extract<PolicyDecision, { outcome: 'suppress' }>;

function suppress(reason: ReasonCode, rule: string, variant: string | null = null): Suppression {
  return { outcome: 'suppress', reason, rule, variant, legalBasis: LEGAL_BASIS.suppression };
}

/**
 * Decides whether a missed caller may be texted and with which words. An
 * expected "no" is a value with its reason and rule, never an exception.
 * `now` is when the decision is taken: rate limits count real sends up to
 * it, while schedule and dedup judge the call's own time.
 */
export function decideMissedCall(
  verdict: CallVerdict,
  tenant: Tenant,
  history: CallerHistory,
  now: Date,
): PolicyDecision {
  const callAt = new Date(verdict.call_ended_at);
  const refusal = refuseCaller(verdict, tenant, history, callAt);
  if (refusal) {
    return refusal;
  }
  const schedule = evaluateSchedule(tenant, callAt);
  if (schedule.quietHours.applies && schedule.quietHours.action === 'suppress') {
    return suppress('quiet_hours', 'schedule.quiet_hours', schedule.variant);
  }
  const text = composeText(tenant, schedule, callAt);
  if (text.outcome === 'suppress') {
    return text;
  }
  const rate = checkSendRate({
    now,
    callerSends: history.callerSends,
    tenantSends: history.tenantSends,
    tenant,
  });
  if (!rate.allowed) {
    return suppress('rate_limited', rate.rule, schedule.variant);
  }

  return schedule.quietHours.applies && schedule.quietHours.action === 'defer'
    ? deferToOpening(tenant, schedule, callAt, text)
    : text;
}

/** Number checks, sender id for the caller's country, landline, opt-out, dedup window. */
function refuseCaller(
  verdict: CallVerdict,
  tenant: Tenant,
  history: CallerHistory,
  callAt: Date,
): Suppression | null {
  const number = checkCallerNumber(verdict.caller, tenant);
  if (!number.allowed) {
    return suppress(number.reason, number.rule);
  }
  const sender = checkSenderId({
    sender: tenant.sender,
    destinationCountry: number.country,
    optOutByReply: tenant.opt_out_line,
  }).find((finding) => finding.severity === 'error');
  if (sender) {
    return suppress('sender_not_allowed', sender.code);
  }
  if (history.knownLandline) {
    return suppress('not_mobile', 'number.known_landline');
  }
  if (history.optedOut) {
    return suppress('opted_out', 'opt_out.recorded');
  }
  const windowMs = tenant.dedup_window_hours * 3_600_000;
  if (history.lastTextAt && callAt.getTime() - history.lastTextAt.getTime() < windowMs) {
    return suppress('duplicate', 'dedup.window');
  }

  return null;
}

function composeText(
  tenant: Tenant,
  schedule: ScheduleFacts,
  callAt: Date,
): Suppression | ({ outcome: 'send' } & Text) {
  const template = tenant.templates[schedule.template] ?? tenant.templates.business_hours;
  const rendered = renderTemplate(template, {
    tenant,
    instant: callAt,
    appendOptOutLine: tenant.opt_out_line,
  });
  const findings = rendered.ok ? checkRenderedText(rendered.text, tenant) : rendered.findings;
  if (!rendered.ok || hasErrors(findings)) {
    const blocking = findings.find((finding) => finding.severity === 'error');

    return suppress('content_blocked', blocking?.code ?? 'content.invalid', schedule.variant);
  }
  const analysis = analyseSms(rendered.text);

  return {
    outcome: 'send',
    variant: schedule.variant,
    body: rendered.text,
    encoding: analysis.encoding,
    segments: analysis.segments,
    legalBasis: LEGAL_BASIS.replyToCall,
  };
}

/** The text waits for the next opening; a business that never opens again gets none. */
function deferToOpening(
  tenant: Tenant,
  schedule: ScheduleFacts,
  callAt: Date,
  text: Text,
): PolicyDecision {
  const releaseAt = nextOpening(tenant, callAt);
  if (!releaseAt) {
    return suppress('closed', 'schedule.defer_to_opening', schedule.variant);
  }

  return { ...text, outcome: 'defer', releaseAt };
}
