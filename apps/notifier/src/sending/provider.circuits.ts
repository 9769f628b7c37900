import { CircuitBreaker, type CircuitSettings } from './circuit.breaker';

/**
 * The circuit of every provider, in this replica's memory. Each replica
 * learns a provider's outage from its own calls (a few failed calls per
 * replica, bounded by the threshold); sharing the state through PostgreSQL
 * would spare those calls at the cost of a write per send, which a
 * missed-call volume does not justify.
 */
export class ProviderCircuits {
  private readonly circuits = new Map<string, CircuitBreaker>();

  constructor(
    private readonly settings: CircuitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  of(providerId: string): CircuitBreaker {
    let circuit = this.circuits.get(providerId);
    if (!circuit) {
      circuit = new CircuitBreaker(this.settings, this.now);
      this.circuits.set(providerId, circuit);
    }

    return circuit;
  }
}
