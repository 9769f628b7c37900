import type { CallEvent, HoldCancelReason } from '@rebound/contracts';
import { assessCall, type DetectorPolicy } from '../domain';

export interface Callback {
  reason: HoldCancelReason;
  callId: string;
}

/**
 * The first call, among other calls with the held caller, that makes a
 * text pointless: the business called the caller (an outbound call names
 * the customer as its caller), or the caller called again and a person
 * answered. A callback that rang out still counts: the business tried.
 */
export function findCallback(
  callsWithCaller: ReadonlyMap<string, CallEvent[]>,
  policy: DetectorPolicy,
): Callback | undefined {
  const ids = [...callsWithCaller.keys()].sort();
  for (const callId of ids) {
    const assessment = assessCall(callsWithCaller.get(callId) ?? [], policy);
    if (assessment.direction === 'outbound') {
      return { reason: 'business_called_back', callId };
    }
    if (
      assessment.direction === 'inbound' &&
      assessment.verdict === 'not_missed' &&
      assessment.reason === 'answered'
    ) {
      return { reason: 'caller_reached', callId };
    }
  }

  return undefined;
}
