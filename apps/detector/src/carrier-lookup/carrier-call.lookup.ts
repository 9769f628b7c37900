import type { CallEvent } from '@rebound/contracts';
import type { Tenant } from '@rebound/config';

/** A call that went quiet before the carrier said it was over. */
export interface SilentCall {
  tenant: Tenant;
  callId: string;
  events: CallEvent[];
}

/**
 * A carrier's API that can tell what became of a call whose final callback
 * never came. The answer is given as call events, like the carrier's own.
 */
export abstract class CarrierCallLookup {
  abstract canAsk(call: SilentCall): boolean;

  /** The call's legs as the carrier's API sees them now; empty when it knows no such call. */
  abstract ask(call: SilentCall): Promise<CallEvent[]>;
}
