import type { CallVerdict } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { checkRenderedText } from '../rules/content.guard';
import { LEGAL_BASIS, hasErrors, type ReasonCode } from '../rules/legal-basis';
import { checkCallerNumber } from '../rules/number.rules';
import { evaluateSchedule } from '../rules/schedule.rules';
import { analyseSms } from '../rules/sms-encoding';
import { renderTemplate } from '../rules/template.renderer';

/** What compliance knows about a caller from its own records. */
export interface CallerHistory {
  optedOut: boolean;
  knownLandline: boolean;
  /** When this tenant last texted the caller, if ever. */
  lastTextAt: Date | null;
}

export type PolicyDecision =
  | {
      outcome: 'send';
      variant: string;
      body: string;
      encoding: 'GSM-7' | 'UCS-2';
      segments: number;
      legalBasis: string;
    }
  | {
      outcome: 'suppress';
      reason: ReasonCode;
      rule: string;
      variant: string | null;
      legalBasis: string;
    };

/**
 * Decides whether a missed caller may be texted and with which words. An
 * expected "no" is a value with its reason and rule, never an exception.
 */
export function decideMissedCall(
  verdict: CallVerdict,
  tenant: Tenant,
  history: CallerHistory,
): PolicyDecision {
  const suppress = (
    reason: ReasonCode,
    rule: string,
    variant: string | null = null,
  ): PolicyDecision => ({
    outcome: 'suppress',
    reason,
    rule,
    variant,
    legalBasis: LEGAL_BASIS.suppression,
  });
  const number = checkCallerNumber(verdict.caller, tenant);
  if (!number.allowed) {
    return suppress(number.reason, number.rule);
  }
  if (history.knownLandline) {
    return suppress('not_mobile', 'number.known_landline');
  }
  if (history.optedOut) {
    return suppress('opted_out', 'opt_out.recorded');
  }
  const callAt = new Date(verdict.call_ended_at);
  const windowMs = tenant.dedup_window_hours * 3_600_000;
  if (history.lastTextAt && callAt.getTime() - history.lastTextAt.getTime() < windowMs) {
    return suppress('duplicate', 'dedup.window');
  }

  const schedule = evaluateSchedule(tenant, callAt);
  if (schedule.quietHours.applies && schedule.quietHours.action === 'suppress') {
    return suppress('quiet_hours', 'schedule.quiet_hours', schedule.variant);
  }
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
  const body = rendered.text;
  const analysis = analyseSms(body);

  return {
    outcome: 'send',
    variant: schedule.variant,
    body,
    encoding: analysis.encoding,
    segments: analysis.segments,
    legalBasis: LEGAL_BASIS.replyToCall,
  };
}
