import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  rejectionOf,
  requestOf,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { TelnyxCallControlAdapter } from './telnyx-call-control.adapter';

describe('TelnyxCallControlAdapter', () => {
  const sut = new TelnyxCallControlAdapter();
  const accounts = accountsFor('telnyx');
  const answered = fixtureOf('telnyx', 'answered');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: answered,
      scheme: 'an Ed25519 signature over timestamp|raw body',
      tamper: 'body',
      staleAt: new Date('2026-03-10T09:25:00Z'),
      coversUrl: false,
    });
    it('should refuse both requests of the invalid/stale fixture', () => {
      const fixture = fixtureOf('telnyx', 'invalid_signature_and_stale_timestamp');
      expect(rejectionOf(() => sut.verify(requestOf(fixture, 0), accounts)).status).toBe(403);
      // The all-zero signature, judged at a time its timestamp is fresh.
      const zero = requestOf(fixture, 1, new Date('2026-03-10T09:15:30Z'));
      expect(rejectionOf(() => sut.verify(zero, accounts)).message).toMatch(/does not verify/);
    });
  });

  describe('parse', () => {
    it('should tell the parked caller leg from the desk leg by call_session_id', () => {
      const events = callEventsOf(sut, answered);
      expect(new Set(events.map((event) => event.call_id))).toEqual(
        new Set(['7599c94d-0fcb-d9fe-4018-f71eefb8a9db']),
      );
      const caller = events
        .filter((event) => event.leg_role === 'caller')
        .map((event) => event.status);
      const business = events
        .filter((event) => event.leg_role === 'business')
        .map((event) => event.status);
      expect(caller).toEqual(['initiated', 'answered', 'completed']);
      expect(business).toEqual(['initiated', 'answered', 'completed']);
      expect(
        events.every(
          (event) => event.caller.e164 === '+4915228817386' && event.direction === 'inbound',
        ),
      ).toBe(true);
    });

    it.each([
      ['caller_hung_up_while_ringing', 'canceled'],
      ['rejected_by_callee', 'rejected'],
      ['duplicates_and_out_of_order', 'no_answer'],
    ])('should map the desk leg of %s to %s', (scenario, status) => {
      const business = callEventsOf(sut, fixtureOf('telnyx', scenario)).filter(
        (event) => event.leg_role === 'business',
      );
      expect(business.at(-1)?.status).toBe(status);
    });

    it('should use data.id as the event id, so a redelivery has the same id', () => {
      const events = callEventsOf(sut, fixtureOf('telnyx', 'duplicates_and_out_of_order'));
      expect(events[0].event_id).toBe(events[5].event_id);
      expect(events[1].event_id).toBe(events[2].event_id);
    });

    it('should read machine detection as answered_by machine', () => {
      const events = callEventsOf(sut, fixtureOf('telnyx', 'voicemail_machine_detected'));
      expect(events.find((event) => event.answered_by === 'machine')).toMatchObject({
        leg_role: 'business',
        status: 'answered',
      });
    });
  });
});
