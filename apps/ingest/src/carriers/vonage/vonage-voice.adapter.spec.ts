import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  rejectionOf,
  requestOf,
  withTamperedBody,
  withTamperedQuery,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { VonageVoiceAdapter } from './vonage-voice.adapter';

describe('VonageVoiceAdapter', () => {
  const sut = new VonageVoiceAdapter();
  const accounts = accountsFor('vonage');
  const answered = fixtureOf('vonage', 'answered');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: answered,
      index: 1,
      scheme: 'the signed event POST (JWT with payload_hash)',
      tamper: 'body',
      staleAt: new Date('2026-03-10T10:30:00Z'),
      coversUrl: false,
    });
    it('should accept the signed answer GET (payload_hash over the query as JSON) and event POST', () => {
      expect(() => sut.verify(requestOf(answered, 0), accounts)).not.toThrow();
      expect(() => sut.verify(requestOf(answered, 1), accounts)).not.toThrow();
    });

    it('should refuse a tampered body or query with 403', () => {
      expect(
        rejectionOf(() => sut.verify(withTamperedBody(requestOf(answered, 1)), accounts)).status,
      ).toBe(403);
      expect(
        rejectionOf(() => sut.verify(withTamperedQuery(requestOf(answered, 0)), accounts)).status,
      ).toBe(403);
    });

    it('should refuse a request without a JWT or with another secret', () => {
      const request = requestOf(answered, 1);
      expect(rejectionOf(() => sut.verify({ ...request, headers: {} }, accounts)).status).toBe(403);
      expect(
        rejectionOf(() => sut.verify(request, [{ ...accounts[0], secret: 'other' }])).status,
      ).toBe(403);
    });
  });

  describe('parse', () => {
    it('should map the inbound leg to caller and the connect leg to business, by conversation_uuid', () => {
      const events = callEventsOf(sut, answered);
      const callIds = new Set(events.map((event) => event.call_id));
      expect([...callIds]).toEqual(['CON-564c7bb3-cff5-98c7-f4f5-9f3a2b32ff9e']);
      expect(events[0]).toMatchObject({
        leg_role: 'caller',
        status: 'initiated',
        direction: 'inbound',
      });
      expect(events[0].caller.e164).toBe('+4915228817386');
      const business = events
        .filter((event) => event.leg_role === 'business')
        .map((event) => event.status);
      expect(business).toEqual(['initiated', 'ringing', 'answered', 'completed']);
      expect(events.find((event) => event.leg_role === 'business')?.leg_target?.e164).toBe(
        '+496990009010',
      );
    });

    it.each([
      ['caller_hung_up_while_ringing', 'canceled'],
      ['out_of_order_completed_first', 'busy'],
      ['unanswered_unreachable_target', 'no_answer'],
    ])('should carry the miss of %s on the business leg as %s', (scenario, status) => {
      const business = callEventsOf(sut, fixtureOf('vonage', scenario)).filter(
        (event) => event.leg_role === 'business',
      );
      expect(business.map((event) => event.status)).toContain(status);
      expect(business.every((event) => event.direction === 'inbound')).toBe(true);
    });

    it('should read the machine event keyed by call_uuid as answered_by machine', () => {
      const events = callEventsOf(sut, fixtureOf('vonage', 'voicemail_machine_detected'));
      const machine = events.find((event) => event.answered_by === 'machine');
      expect(machine).toMatchObject({
        leg_role: 'business',
        status: 'answered',
        leg_id: 'c9feb994-ce5b-542c-cdce-32fa0752e293',
      });
    });

    it('should read numbers without + as international', () => {
      const events = callEventsOf(sut, fixtureOf('vonage', 'unanswered_unreachable_target'));
      expect(events[0].caller.e164).toBe('+447700900123');
    });
  });
});
