import type { CallEvent, Direction, PhoneParty, Verdict, VerdictReason } from '@rebound/contracts';
import type { DetectorPolicy } from './detector-policy';
import {
  STATUS_RANK,
  earliestInstant,
  foldLeg,
  latestInstant,
  secondsBetween,
  type LegState,
  type UnansweredEnd,
} from './leg-state';

type MissedReason = 'no_answer' | 'busy' | 'caller_abandoned' | 'rejected' | 'failed';

/** What the detector can say about one call from the events seen so far. */
export interface CallAssessment {
  verdict: Verdict;
  reason: VerdictReason;
  /**
   * The carrier's signals say the call as a whole is over: the caller's leg
   * ended, a whole-call record ended, or every leg that rang the business
   * ended. The service may emit after a short grace period; otherwise it
   * waits, and after its silence limit emits `undecided/no_final_event`.
   */
  complete: boolean;
  direction: Direction;
  /** The customer: the caller leg's party, never the forwarding line or a business number. */
  caller: PhoneParty | null;
  /** The number the caller dialled (the tracking number), from the caller leg when there is one. */
  called: PhoneParty | null;
  /** The business line the call was forwarded from, when a carrier said so. */
  forwardedFrom: PhoneParty | null;
  /** The call id of the caller leg, else the one most events carry. */
  callId: string | null;
  /** Earliest and latest `occurred_at` of all events, as the carrier wrote them. */
  startedAt: string | null;
  endedAt: string | null;
  /** Events left after removing duplicates. */
  eventsSeen: number;
  legs: LegState[];
}

/** Missed reasons, strongest first: the fate of the call's best chance of being answered. */
const REASON_PRIORITY: MissedReason[] = [
  'caller_abandoned',
  'no_answer',
  'busy',
  'rejected',
  'failed',
];

const REASON_OF_END: Record<UnansweredEnd, MissedReason> = {
  canceled: 'caller_abandoned',
  no_answer: 'no_answer',
  busy: 'busy',
  rejected: 'rejected',
  failed: 'failed',
};

/**
 * The verdict on one call from all events seen for it, in any order and
 * with duplicates. Pure: the same events (as a multiset, modulo duplicates)
 * always give the same assessment.
 */
export function assessCall(events: readonly CallEvent[], policy: DetectorPolicy): CallAssessment {
  const unique = dedupe(events);
  const legs = foldLegs(unique);
  const direction = directionOf(unique);
  const parties = partiesOf(unique);
  const complete = isComplete(legs);
  const { verdict, reason } = decide(legs, direction, complete, unique, policy);

  return {
    verdict,
    reason,
    complete,
    direction,
    ...parties,
    callId: callIdOf(unique),
    startedAt: earliestInstant(unique.map((event) => event.occurred_at)) ?? null,
    endedAt: latestInstant(unique.map((event) => event.occurred_at)) ?? null,
    eventsSeen: unique.length,
    legs,
  };
}

/**
 * Drops redeliveries: same `event_id`, or same (leg, status, sequence) when
 * the carrier numbers its events. Without a sequence number two events of
 * one leg and status may differ in what they add (a Twilio AMD result, a
 * Vonage `machine` event), so they are kept; folding is idempotent anyway.
 * Sorting first makes the survivor independent of arrival order.
 */
export function dedupe(events: readonly CallEvent[]): CallEvent[] {
  const byId = new Set<string>();
  const bySequence = new Set<string>();

  return [...events].sort(canonicalOrder).filter((event) => {
    const sequenceKey =
      event.sequence === undefined
        ? undefined
        : JSON.stringify([event.leg_id, event.status, event.sequence]);
    if (byId.has(event.event_id) || (sequenceKey !== undefined && bySequence.has(sequenceKey))) {
      return false;
    }
    byId.add(event.event_id);
    if (sequenceKey !== undefined) {
      bySequence.add(sequenceKey);
    }

    return true;
  });
}

/** A total order on events that does not depend on arrival: time, leg, status rank, then content. */
function canonicalOrder(a: CallEvent, b: CallEvent): number {
  return (
    Date.parse(a.occurred_at) - Date.parse(b.occurred_at) ||
    compareText(a.leg_id, b.leg_id) ||
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (a.sequence ?? -1) - (b.sequence ?? -1) ||
    compareText(a.event_id, b.event_id) ||
    compareText(JSON.stringify(a), JSON.stringify(b))
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function foldLegs(events: readonly CallEvent[]): LegState[] {
  const byLeg = new Map<string, CallEvent[]>();
  for (const event of events) {
    byLeg.set(event.leg_id, [...(byLeg.get(event.leg_id) ?? []), event]);
  }

  return [...byLeg.keys()].sort(compareText).map((legId) => foldLeg(legId, byLeg.get(legId) ?? []));
}

/**
 * `internal` when any event says so (a staff SDK client); `outbound` when the
 * caller's leg or a whole-call record says so, or every event does. Dialled
 * business legs are outbound from the carrier's view and prove nothing.
 */
function directionOf(events: readonly CallEvent[]): Direction {
  if (events.some((event) => event.direction === 'internal')) {
    return 'internal';
  }
  const outbound = (event: CallEvent) => event.direction === 'outbound';
  const callLevel = events.filter((event) => event.leg_role !== 'business');
  if (callLevel.some(outbound) || (events.length > 0 && events.every(outbound))) {
    return 'outbound';
  }

  return 'inbound';
}

/** Legs that can show whether the business answered: never the caller's own leg. */
function decidingLegs(legs: readonly LegState[]): LegState[] {
  return legs.filter((leg) => leg.role !== 'caller');
}

function isComplete(legs: readonly LegState[]): boolean {
  const deciding = decidingLegs(legs);
  const callerEnded = legs.some((leg) => leg.role === 'caller' && leg.end !== undefined);
  const wholeCallEnded = deciding.some((leg) => leg.role === 'whole_call' && leg.end !== undefined);
  const businessAllEnded = deciding.length > 0 && deciding.every((leg) => leg.end !== undefined);

  return callerEnded || wholeCallEnded || businessAllEnded;
}

function decide(
  legs: readonly LegState[],
  direction: Direction,
  complete: boolean,
  events: readonly CallEvent[],
  policy: DetectorPolicy,
): { verdict: Verdict; reason: VerdictReason } {
  if (direction !== 'inbound') {
    return { verdict: 'not_missed', reason: direction };
  }
  const picked = decidingLegs(legs).filter((leg) => leg.answered);
  const answered = picked.filter((leg) => !waitedInQueue(leg, policy));
  if (answered.length === 0 && picked.length > 0) {
    return complete
      ? { verdict: 'missed', reason: 'caller_abandoned' }
      : { verdict: 'undecided', reason: 'no_final_event' };
  }
  if (answered.some((leg) => !answeredByMachine(leg, policy))) {
    return { verdict: 'not_missed', reason: 'answered' };
  }
  if (answered.length > 0) {
    return policy.voicemailCountsAsMissed
      ? { verdict: 'missed', reason: 'voicemail' }
      : { verdict: 'not_missed', reason: 'answered' };
  }
  if (!complete) {
    return { verdict: 'undecided', reason: 'no_final_event' };
  }
  if (isMisdial(legs, events, policy)) {
    return { verdict: 'not_missed', reason: 'too_short' };
  }

  return { verdict: 'missed', reason: missedReason(legs) };
}

/**
 * The leg rang one of the tenant's call queues and no person was named: the
 * queue's answer put the caller on hold, it did not answer the call.
 */
function waitedInQueue(leg: LegState, policy: DetectorPolicy): boolean {
  return (
    leg.answeredBy !== 'human' && leg.targets.some((target) => policy.queueTargets.includes(target))
  );
}

/**
 * A machine answered when detection says so, or, with no detection result
 * at all, when the leg rang at least as long as a mailbox waits (see
 * {@link DetectorPolicy.voicemailSuspectRingSeconds}). A detection result
 * of `unknown` (Twilio `unknown`, Telnyx `not_sure`) counts as a person.
 */
export function answeredByMachine(leg: LegState, policy: DetectorPolicy): boolean {
  if (leg.answeredBy === 'machine' || leg.answeredBy === 'voicemail') {
    return true;
  }
  const limit = policy.voicemailSuspectRingSeconds;

  return (
    leg.answeredBy === undefined &&
    limit !== null &&
    leg.ringSeconds !== undefined &&
    leg.ringSeconds >= limit
  );
}

/**
 * The caller hung up within `misdialSeconds` and nothing rang: no leg that
 * could reach the business got further than `initiated` (or `canceled`,
 * which is the caller hanging up). Needs a measured length; a call whose
 * length is unknown is never a misdial.
 */
function isMisdial(
  legs: readonly LegState[],
  events: readonly CallEvent[],
  policy: DetectorPolicy,
): boolean {
  const rang = decidingLegs(legs).some(
    (leg) => leg.statuses.has('ringing') || (leg.end !== undefined && leg.end !== 'canceled'),
  );
  if (rang) {
    return false;
  }
  const seconds = measuredSeconds(legs, events);

  return seconds !== undefined && seconds <= policy.misdialSeconds;
}

/**
 * The call's length. `duration_s` is seconds of audio, so it measures the
 * call on a caller leg (or whole-call record) the platform answered
 * (Twilio's parent `CallDuration`, Plivo's `BillDuration`), and any
 * positive value bounds it from below; but an unanswered record's 0 s of
 * audio (FreeSWITCH `billsec=0`) says nothing about how long the caller
 * waited. Otherwise: from the first event to the end, which needs an
 * event before the end; a lone record has no length.
 */
function measuredSeconds(
  legs: readonly LegState[],
  events: readonly CallEvent[],
): number | undefined {
  const callLevel = legs.filter((leg) => leg.role !== 'business' && leg.end !== undefined);
  const stated = callLevel.flatMap((leg) =>
    leg.durationS !== undefined && (leg.answered || leg.durationS > 0) ? [leg.durationS] : [],
  );
  if (stated.length > 0) {
    return Math.max(...stated);
  }
  const end = latestInstant(callLevel.flatMap((leg) => (leg.endedAt ? [leg.endedAt] : [])));
  const start = earliestInstant(events.map((event) => event.occurred_at));
  const hasStart = events.some((event) => STATUS_RANK[event.status] < 3);

  return hasStart ? secondsBetween(start, end) : undefined;
}

/**
 * The strongest cause among the legs that rang the business. A leg still
 * ringing when the caller's leg ended means the caller gave up. With no
 * such legs at all, the caller's leg's own end speaks (Plivo reports only
 * the caller's leg when the caller hangs up during the dial).
 */
function missedReason(legs: readonly LegState[]): MissedReason {
  const deciding = decidingLegs(legs);
  const callerEnds = legs
    .filter((leg) => leg.role === 'caller')
    .flatMap((leg) => (leg.end ? [leg.end] : []));
  const reasons = new Set<MissedReason>(
    deciding.flatMap((leg) => (leg.end && leg.end !== 'completed' ? [REASON_OF_END[leg.end]] : [])),
  );
  if (callerEnds.length > 0 && deciding.some((leg) => leg.end === undefined)) {
    reasons.add('caller_abandoned');
  }
  if (reasons.size === 0) {
    for (const end of callerEnds) {
      reasons.add(end === 'completed' ? 'caller_abandoned' : REASON_OF_END[end]);
    }
  }

  return REASON_PRIORITY.find((reason) => reasons.has(reason)) ?? 'caller_abandoned';
}

/**
 * The caller and the dialled number. The caller leg's values win; a
 * business leg's `called` is the desk phone, so it is only a last resort.
 * A candidate caller that is the forwarding line, a dialled number or a
 * phone the business was rung on is a business number, never the customer
 * (Vonage dials the desk with the tracking number as caller id).
 */
function partiesOf(
  events: readonly CallEvent[],
): Pick<CallAssessment, 'caller' | 'called' | 'forwardedFrom'> {
  const ranked = byRolePreference(events);
  const forwardedFrom = ranked.find((event) => event.forwarded_from)?.forwarded_from ?? null;
  const businessNumbers = new Set(
    events
      .flatMap((event) => [event.forwarded_from, event.leg_target, event.called])
      .flatMap((party) => (party?.e164 ? [party.e164] : [])),
  );
  const isCustomer = (party: PhoneParty) => party.e164 === null || !businessNumbers.has(party.e164);
  const callers = ranked.map((event) => event.caller).filter(isCustomer);
  const caller =
    callers.find((party) => party.e164 !== null || party.withheld) ?? callers[0] ?? null;
  const called =
    ranked.find((event) => event.called.e164 !== null)?.called ?? ranked[0]?.called ?? null;

  return { caller, called, forwardedFrom };
}

const ROLE_PREFERENCE = { caller: 0, whole_call: 1, business: 2 } as const;

function byRolePreference(events: readonly CallEvent[]): CallEvent[] {
  return [...events].sort((a, b) => ROLE_PREFERENCE[a.leg_role] - ROLE_PREFERENCE[b.leg_role]);
}

function callIdOf(events: readonly CallEvent[]): string | null {
  const callerLeg = events.find((event) => event.leg_role === 'caller');
  if (callerLeg) {
    return callerLeg.call_id;
  }
  const counts = new Map<string, number>();
  for (const event of events) {
    counts.set(event.call_id, (counts.get(event.call_id) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort(([a, x], [b, y]) => y - x || compareText(a, b));

  return ranked[0]?.[0] ?? null;
}
