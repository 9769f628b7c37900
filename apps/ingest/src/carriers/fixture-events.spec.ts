import { CallEventSchema } from '@rebound/contracts';
import { fixtureOf } from './adapter-test-kit';
import { mapFixtureToEvents } from './fixture-events';

describe('mapFixtureToEvents', () => {
  it('should return the call events of a fixture in arrival order, stamped for the tenant', () => {
    const events = mapFixtureToEvents(fixtureOf('telnyx', 'duplicates_and_out_of_order'));
    expect(events).toHaveLength(6);
    expect(events[0].status).toBe('no_answer');
    events.forEach((event) =>
      expect(CallEventSchema.parse(event).tenant_id).toBe('praxis-mueller'),
    );
  });

  it('should leave out refused requests', () => {
    expect(mapFixtureToEvents(fixtureOf('sipgate', 'spoofed_unsigned_request'))).toEqual([]);
  });
});
