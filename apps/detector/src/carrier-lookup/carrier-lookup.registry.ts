import { CarrierCallLookup, type SilentCall } from './carrier-call.lookup';

/** The carrier APIs the detector may ask; a carrier without one has no entry. */
export class CarrierLookupRegistry {
  constructor(private readonly lookups: readonly CarrierCallLookup[]) {}

  for(call: SilentCall): CarrierCallLookup | undefined {
    return this.lookups.find((lookup) => lookup.canAsk(call));
  }
}
