import type { CallEvent, PhoneParty, Verdict, VerdictReason } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';

export interface Judgement {
  verdict: Verdict;
  reason: VerdictReason;
  caller: PhoneParty;
  called: PhoneParty;
  startedAt: string;
  endedAt: string;
}

const TERMINAL = new Set(['completed', 'no_answer', 'busy', 'rejected', 'canceled', 'failed']);

/**
 * Interim judge for the walking skeleton (Twilio's parent and dialled
 * legs); replaced by the domain's assessment of every carrier.
 */
export function judgeCall(events: CallEvent[], _tenant: Tenant, silent: boolean): Judgement | null {
  const callerLeg = events.filter((event) => event.leg_role === 'caller');
  const business = events.filter((event) => event.leg_role === 'business');
  const first = callerLeg[0] ?? events[0];
  const times = events.map((event) => event.occurred_at).sort();
  const base = { caller: first.caller, called: first.called, startedAt: times[0], endedAt: times[times.length - 1] };
  if (first.direction !== 'inbound') {
    return { ...base, verdict: 'not_missed', reason: first.direction === 'outbound' ? 'outbound' : 'internal' };
  }
  const ended = callerLeg.some((event) => TERMINAL.has(event.status)) || business.some((event) => TERMINAL.has(event.status));
  if (!ended) {
    return silent ? { ...base, verdict: 'undecided', reason: 'no_final_event' } : null;
  }
  if (business.some((event) => event.answered_by === 'machine')) {
    return { ...base, verdict: 'missed', reason: 'voicemail' };
  }
  if (business.some((event) => event.status === 'answered' || event.status === 'completed')) {
    return { ...base, verdict: 'not_missed', reason: 'answered' };
  }
  const statuses = new Set(business.map((event) => event.status));
  const reason: VerdictReason = statuses.has('busy') ? 'busy' : statuses.has('no_answer') ? 'no_answer' : 'caller_abandoned';

  return { ...base, verdict: 'missed', reason };
}
