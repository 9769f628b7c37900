import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  requestOf,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { PlivoVoiceAdapter } from './plivo-voice.adapter';

describe('PlivoVoiceAdapter', () => {
  const sut = new PlivoVoiceAdapter();
  const accounts = accountsFor('plivo');
  const answered = fixtureOf('plivo', 'answered');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: answered,
      index: 1,
      scheme: 'the V3 signature over URL?sorted params.nonce',
      tamper: 'body',
      coversUrl: true,
    });
    it('should accept when one of several comma-separated signatures matches', () => {
      const request = requestOf(answered, 1);
      const headers = {
        ...request.headers,
        'x-plivo-signature-v3': `bm90LXRoaXMtb25l, ${request.headers['x-plivo-signature-v3']}`,
      };
      expect(() => sut.verify({ ...request, headers }, accounts)).not.toThrow();
    });
  });

  describe('parse', () => {
    it('should correlate by CallUUID and put the dial action on the business leg', () => {
      const events = callEventsOf(sut, answered);
      expect(events.map((event) => [event.leg_role, event.status])).toEqual([
        ['caller', 'ringing'],
        ['business', 'completed'],
        ['caller', 'completed'],
      ]);
      expect(new Set(events.map((event) => event.call_id)).size).toBe(1);
      expect(events[0].caller.e164).toBe('+4915228817386');
    });

    it('should take the miss from DialStatus, not the always-completed inbound hangup', () => {
      const events = callEventsOf(sut, fixtureOf('plivo', 'no_answer'));
      expect(events[1]).toMatchObject({ leg_role: 'business', status: 'no_answer' });
      expect(events[2]).toMatchObject({ leg_role: 'caller', status: 'completed' });
    });

    it('should read ORIGINATOR_CANCEL on the caller leg as canceled', () => {
      const events = callEventsOf(sut, fixtureOf('plivo', 'caller_hung_up_while_ringing'));
      expect(events.at(-1)).toMatchObject({
        leg_role: 'caller',
        status: 'canceled',
        direction: 'inbound',
      });
    });
  });
});
