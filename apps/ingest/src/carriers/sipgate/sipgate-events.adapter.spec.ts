import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  rejectionOf,
  requestOf,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { SipgateEventsAdapter } from './sipgate-events.adapter';

describe('SipgateEventsAdapter', () => {
  const sut = new SipgateEventsAdapter();
  const accounts = accountsFor('sipgate');
  const busy = fixtureOf('sipgate', 'busy');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: busy,
      scheme: 'the RSA signature over the body',
      tamper: 'body',
      coversUrl: false,
    });
    it('should accept the RSA signature with the public key from a one-line PEM variable', () => {
      expect(accounts[0].secret).toContain('\n');
      expect(() => sut.verify(requestOf(busy, 0), accounts)).not.toThrow();
    });

    it('should refuse the spoofed unsigned request whatever X-Forwarded-For says', () => {
      const spoofed = fixtureOf('sipgate', 'spoofed_unsigned_request');
      const request = requestOf(spoofed, 0);
      const forged = {
        ...request,
        headers: { ...request.headers, 'x-forwarded-for': '217.116.118.254' },
      };
      expect(rejectionOf(() => sut.verify(forged, accounts))).toMatchObject({
        status: 403,
        reason: 'invalid_signature',
      });
    });
  });

  describe('parse', () => {
    it.each([
      ['busy', 'busy'],
      ['caller_hung_up_while_ringing_cancel', 'canceled'],
      ['anonymous_caller', 'canceled'],
      ['german_landline_caller_no_plus', 'canceled'],
    ])('should map %s to a business leg ending %s', (scenario, status) => {
      const events = callEventsOf(sut, fixtureOf('sipgate', scenario));
      expect(events.map((event) => event.leg_role)).toEqual(['business', 'business']);
      expect(events[1].status).toBe(status);
      expect(events[1].direction).toBe('inbound');
    });

    it('should read the withheld caller and numbers without +', () => {
      expect(callEventsOf(sut, fixtureOf('sipgate', 'anonymous_caller'))[0].caller).toMatchObject({
        withheld: true,
        e164: null,
      });
      expect(
        callEventsOf(sut, fixtureOf('sipgate', 'german_landline_caller_no_plus'))[0].caller.e164,
      ).toBe('+493023125042');
    });

    it('should correlate a forward by origCallId and not count the forwarded leg as answered', () => {
      const events = callEventsOf(sut, fixtureOf('sipgate', 'forwarded_to_colleague_answered'));
      expect(new Set(events.map((event) => event.call_id))).toEqual(new Set(['SG100007']));
      expect(events[1]).toMatchObject({ leg_id: 'SG100007', status: 'no_answer' });
      expect(events[3]).toMatchObject({
        leg_id: 'SG100008',
        status: 'answered',
        answered_by: 'human',
      });
      expect(events[3].forwarded_from).toBeUndefined();
      expect(events[3].attributes.diversion).toBe('493023125001');
    });

    it('should read an answer with an empty user (queue, voicemail) as a machine', () => {
      const events = callEventsOf(sut, fixtureOf('sipgate', 'queue_answered_caller_gave_up'));
      expect(events[1]).toMatchObject({ status: 'answered', answered_by: 'machine' });
    });

    it('should keep every user[] of a group call', () => {
      const events = callEventsOf(sut, fixtureOf('sipgate', 'group_call_two_users_answered'));
      expect(JSON.parse(events[0].attributes['user[]'])).toEqual(['Empfang', 'Behandlung 1']);
    });

    it('should map direction=out to an outbound call with the customer as caller', () => {
      const events = callEventsOf(sut, fixtureOf('sipgate', 'outbound_call_busy'));
      expect(events[1]).toMatchObject({ direction: 'outbound', status: 'busy' });
      expect(events[1].caller.e164).toBe('+4915228817386');
      expect(events[1].called.e164).toBe('+493023125001');
    });
  });
});
