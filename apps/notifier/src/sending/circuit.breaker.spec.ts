import { CircuitBreaker } from './circuit.breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const sut = () => new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1_000 }, () => now);

  beforeEach(() => {
    now = 0;
  });

  it('should open after the threshold of consecutive failures', () => {
    const circuit = sut();
    circuit.recordFailure();
    circuit.recordFailure();
    expect(circuit.state).toBe('closed');

    circuit.recordFailure();

    expect(circuit.state).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
  });

  it('should let one trial through after the cooldown and close on its success', () => {
    const circuit = sut();
    [1, 2, 3].forEach(() => circuit.recordFailure());
    now = 1_000;

    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.recordSuccess();

    expect(circuit.state).toBe('closed');
  });

  it('should open again when the trial fails', () => {
    const circuit = sut();
    [1, 2, 3].forEach(() => circuit.recordFailure());
    now = 1_500;
    circuit.tryAcquire();

    circuit.recordFailure();

    expect(circuit.state).toBe('open');
  });

  it('should forget failures after a success', () => {
    const circuit = sut();
    circuit.recordFailure();
    circuit.recordFailure();
    circuit.recordSuccess();
    circuit.recordFailure();

    expect(circuit.state).toBe('closed');
  });
});
