import type { CallEvent } from '@rebound/contracts';

/** One fact the detector learns from events: this leg belongs to that call. */
export interface LegLink {
  legId: string;
  callId: string;
}

/** Looks up the call a leg belongs to; the service backs it with a table (leg_id → call_id). */
export type LegLookup = (legId: string) => string | undefined;

type LegRef = Pick<CallEvent, 'call_id' | 'leg_id'>;

/** Longest chain followed; a forward of a forward of a forward is already rare. */
const MAX_HOPS = 8;

/**
 * The links an event teaches: an event whose call id differs from its leg
 * id says "this leg is part of that call" (a Twilio child leg names its
 * ParentCallSid). An event with call_id == leg_id teaches nothing: it names
 * only itself (a Twilio AMD callback, a caller leg).
 */
export function legLinksOf(event: LegRef): LegLink[] {
  return event.call_id === event.leg_id ? [] : [{ legId: event.leg_id, callId: event.call_id }];
}

/**
 * True for an event that names only a leg, so its call is unknown until a
 * link for that leg is known (Twilio's AMD callback carries just the child
 * CallSid). The service should hold such an event and re-resolve it when a
 * link for its leg arrives, rather than open a call of its own for it.
 */
export function namesOnlyItsLeg(event: LegRef & Pick<CallEvent, 'leg_role'>): boolean {
  return event.call_id === event.leg_id && event.leg_role !== 'caller';
}

/**
 * The canonical call id of an event: its call id, followed through known
 * (leg → call) links until a call that is no one's leg. So an event naming
 * only a child leg joins its parent call, and a call that turned out to be
 * a leg of another call (a forward) joins that one. Stops on cycles.
 */
export function resolveCallId(event: LegRef, lookup: LegLookup): string {
  const seen = new Set<string>();
  let current = event.call_id;
  for (let hop = 0; hop < MAX_HOPS && !seen.has(current); hop += 1) {
    seen.add(current);
    const next = lookup(current);
    if (next === undefined || next === current) {
      return current;
    }
    current = next;
  }

  return current;
}

/** An in-memory leg index, for tests and for replaying a batch of events. */
export class LegIndex {
  private readonly links = new Map<string, string>();

  /** Records the links an event teaches. The first link for a leg wins. */
  record(event: LegRef): LegLink[] {
    const learned = legLinksOf(event).filter((link) => !this.links.has(link.legId));
    for (const link of learned) {
      this.links.set(link.legId, link.callId);
    }

    return learned;
  }

  resolve(event: LegRef): string {
    return resolveCallId(event, (legId) => this.links.get(legId));
  }

  /** Groups events by canonical call id, learning links from all of them first. */
  static group<T extends LegRef>(events: readonly T[]): Map<string, T[]> {
    const index = new LegIndex();
    events.forEach((event) => index.record(event));
    const calls = new Map<string, T[]>();
    for (const event of events) {
      const callId = index.resolve(event);
      calls.set(callId, [...(calls.get(callId) ?? []), event]);
    }

    return calls;
  }
}
