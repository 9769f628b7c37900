import fc from 'fast-check';
import type { CallEvent } from '@rebound/contracts';
import { assessCall } from './call-assessment';
import { SCENARIOS, at, type Scenario } from './call-scenarios.fixture';
import { defaultPolicy } from './detector-policy';

const RUNS = { numRuns: 200 };

/** The scenario's events in any order, with any of them delivered again (same id, or same leg+status+sequence). */
function deliveries(events: CallEvent[]): fc.Arbitrary<CallEvent[]> {
  const redelivery = fc
    .tuple(fc.nat({ max: events.length - 1 }), fc.boolean())
    .map(([index, newId]) => {
      const original = events[index];
      // A redelivery under a fresh id is only recognisable when the carrier numbers its events.
      const renamed = newId && original.sequence !== undefined;

      return renamed ? { ...original, event_id: `${original.event_id}#retry` } : { ...original };
    });

  return fc
    .array(redelivery, { maxLength: events.length * 2 })
    .chain((extra) =>
      fc.shuffledSubarray([...events, ...extra], { minLength: events.length + extra.length }),
    );
}

/** Any subset of the scenario's events, in any order. */
function partialDeliveries(events: CallEvent[]): fc.Arbitrary<CallEvent[]> {
  return fc.shuffledSubarray(events);
}

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))(
  '%s',
  (_name, scenario: Scenario) => {
    it(`should read the events in arrival order as ${scenario.verdict}/${scenario.reason}, complete`, () => {
      const sut = assessCall(scenario.events, defaultPolicy);

      expect(sut.verdict).toBe(scenario.verdict);
      expect(sut.reason).toBe(scenario.reason);
      expect(sut.complete).toBe(true);
      expect(sut.caller?.e164 ?? null).toBe(scenario.callerE164);
      expect(sut.eventsSeen).toBe(scenario.events.length);
    });

    it('should give the same assessment under any permutation and duplication', () => {
      const expected = assessCall(scenario.events, defaultPolicy);

      fc.assert(
        fc.property(deliveries(scenario.events), (delivered) => {
          const sut = assessCall(delivered, defaultPolicy);

          expect(sut.verdict).toBe(scenario.verdict);
          expect(sut.reason).toBe(scenario.reason);
          expect(sut.complete).toBe(true);
          expect(sut.caller).toEqual(expected.caller);
          expect(sut.called).toEqual(expected.called);
          expect(sut.startedAt).toBe(expected.startedAt);
          expect(sut.endedAt).toBe(expected.endedAt);
          expect(sut.eventsSeen).toBe(scenario.events.length);
        }),
        RUNS,
      );
    });

    it('should never be undecided once it says complete, for any subset of the events', () => {
      fc.assert(
        fc.property(partialDeliveries(scenario.events), (delivered) => {
          const sut = assessCall(delivered, defaultPolicy);

          expect(sut.complete ? sut.verdict : 'undecided-allowed').not.toBe('undecided');
        }),
        RUNS,
      );
    });

    it('should stay undecided and incomplete on ringing alone ("ringing alone never causes a text")', () => {
      const opening = scenario.events.filter(
        (event) =>
          event.status === 'initiated' ||
          event.status === 'ringing' ||
          (event.status === 'answered' && event.leg_role === 'caller'),
      );
      if (opening.length === 0) {
        // Only final records (CDRs): nothing opens the call before it ends.
        expect(
          scenario.events.every(
            (event) => event.status !== 'ringing' && event.status !== 'initiated',
          ),
        ).toBe(true);

        return;
      }

      fc.assert(
        fc.property(fc.shuffledSubarray(opening, { minLength: 1 }), (delivered) => {
          const sut = assessCall(delivered, defaultPolicy);
          const decidedByDirection =
            scenario.reason === 'outbound' || scenario.reason === 'internal';

          expect(sut.verdict).toBe(decidedByDirection ? 'not_missed' : 'undecided');
          expect(sut.reason).toBe(decidedByDirection ? scenario.reason : 'no_final_event');
          expect(sut.complete).toBe(false);
        }),
        RUNS,
      );
    });

    it('should keep terminal states sticky: a late ringing on any leg changes nothing', () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...scenario.events),
          fc.integer({ min: 1, max: 600 }),
          (leg, delay) => {
            const late: CallEvent = {
              ...leg,
              event_id: `late-ringing:${leg.leg_id}:${delay}`,
              status: 'ringing',
              answered_by: undefined,
              sequence: undefined,
              duration_s: undefined,
              occurred_at: at(1000 + delay),
            };
            const sut = assessCall([...scenario.events, late], defaultPolicy);

            expect([sut.verdict, sut.reason]).toEqual([scenario.verdict, scenario.reason]);
          },
        ),
        RUNS,
      );
    });
  },
);
