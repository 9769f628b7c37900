import fc from 'fast-check';
import type { CallEvent } from '@rebound/contracts';
import { listFixtureFiles, loadFixture, type Fixture } from '@rebound/testing';
import { mapFixtureToEvents } from '../../../ingest/src/carriers/fixture-events';
import { assessCall } from './call-assessment';
import { TenantDirectory } from '@rebound/config';
import { policyFromTenant } from './detector-policy';
import { LegIndex } from './leg-index';

/**
 * Expectations the mapped events cannot meet for reasons outside the verdict
 * logic. Each is `it.failing`, so the suite turns red the day it is fixed
 * and the entry can go.
 */
const KNOWN_GAPS: Record<string, { verdict?: string; smsTo?: string }> = {
  'vonage/out_of_order_completed_first': {
    smsTo:
      'the fixture holds only the outbound (desk) leg, whose from is the tracking number; no event names the customer, so the caller is unknown',
  },
};

/** The corpus's tenant, as config/tenants.yaml configures it (its call queue among others). */
const tenant = TenantDirectory.fromFile('config/tenants.yaml').get('praxis-mueller');
if (!tenant) {
  throw new Error('config/tenants.yaml has no praxis-mueller tenant');
}
const defaultPolicy = policyFromTenant(tenant);

const fixtures: Fixture[] = listFixtureFiles()
  .map(loadFixture)
  .filter((fixture) => fixture.kind === 'voice' && fixture.expected.verdict !== 'refused');

const cases = fixtures.map(
  (fixture) => [`${fixture.carrier}/${fixture.scenario}`, fixture] as const,
);

function deliveries(events: CallEvent[]): fc.Arbitrary<CallEvent[]> {
  return fc
    .array(fc.constantFrom(...events), { maxLength: events.length })
    .chain((again) =>
      fc.shuffledSubarray([...events, ...again], { minLength: events.length + again.length }),
    );
}

describe('fixture verdicts', () => {
  it('should find voice fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  describe.each(cases)('%s', (name, fixture) => {
    const events = mapFixtureToEvents(fixture);
    const gap = KNOWN_GAPS[name] ?? {};
    const expected = { verdict: fixture.expected.verdict, reason: fixture.expected.reason };

    (gap.verdict ? it.failing : it)(
      `should be ${expected.verdict}/${expected.reason}${gap.verdict ? ` (known gap: ${gap.verdict})` : ''}`,
      () => {
        const sut = assessCall(events, defaultPolicy);

        expect({ verdict: sut.verdict, reason: sut.reason }).toEqual(expected);
      },
    );

    if (fixture.expected.sms === 'sent') {
      (gap.smsTo ? it.failing : it)(
        `should name ${fixture.expected.sms_to} as the caller${gap.smsTo ? ` (known gap: ${gap.smsTo})` : ''}`,
        () => {
          expect(assessCall(events, defaultPolicy).caller?.e164).toBe(fixture.expected.sms_to);
        },
      );
    }

    it('should be complete once every request is in, unless no final event is expected', () => {
      expect(assessCall(events, defaultPolicy).complete).toBe(expected.verdict !== 'undecided');
    });

    it('should join every event to one call through the leg index', () => {
      expect([...LegIndex.group(events).keys()]).toHaveLength(1);
    });

    (gap.verdict ? it.failing : it)(
      'should give the same verdict, reason and caller under shuffles and redeliveries',
      () => {
        const reference = assessCall(events, defaultPolicy);

        fc.assert(
          fc.property(deliveries(events), (delivered) => {
            const sut = assessCall(delivered, defaultPolicy);

            expect({ verdict: sut.verdict, reason: sut.reason }).toEqual(expected);
            expect(sut.caller).toEqual(reference.caller);
            expect(sut.complete).toBe(reference.complete);
          }),
          { numRuns: 50 },
        );
      },
    );
  });
});
