import type { CallEvent, PhoneParty, Verdict, VerdictReason } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';
import { assessCall, policyFromTenant } from '../domain';

export interface Judgement {
  verdict: Verdict;
  reason: VerdictReason;
  caller: PhoneParty;
  called: PhoneParty;
  startedAt: string;
  endedAt: string;
}

const UNKNOWN_PARTY: PhoneParty = { raw: '', e164: null, withheld: false, kind: 'unknown' };

/**
 * The verdict once the carrier's signals say the call is over; null while
 * it may still change. After the silence limit an unfinished call is
 * `undecided` (ringing alone never causes a text), unless what is known
 * already rules a text out for good: a person answered, or the call was
 * outbound or internal.
 */
export function judgeCall(events: CallEvent[], tenant: Tenant, silent: boolean): Judgement | null {
  const assessment = assessCall(events, policyFromTenant(tenant));
  if (!assessment.complete && !silent) {
    return null;
  }
  const base = {
    caller: assessment.caller ?? UNKNOWN_PARTY,
    called: assessment.called ?? UNKNOWN_PARTY,
    startedAt: assessment.startedAt ?? events[0].occurred_at,
    endedAt: assessment.endedAt ?? events[events.length - 1].occurred_at,
  };
  if (!assessment.complete && !settledWithoutEnd(assessment.verdict, assessment.reason)) {
    return { ...base, verdict: 'undecided', reason: 'no_final_event' };
  }

  return { ...base, verdict: assessment.verdict, reason: assessment.reason };
}

function settledWithoutEnd(verdict: Verdict, reason: VerdictReason): boolean {
  return verdict === 'not_missed' && reason !== 'too_short';
}
