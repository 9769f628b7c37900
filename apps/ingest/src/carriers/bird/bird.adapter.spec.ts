import { callEventsOf, fixtureOf, requestOf, describeSignatureChecks } from '../adapter-test-kit';
import { BirdAdapter } from './bird.adapter';

describe('BirdAdapter', () => {
  const sut = new BirdAdapter();
  const noAnswer = fixtureOf('bird', 'voice_inbound_no_answer');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: noAnswer,
      scheme: 'the HMAC over timestamp, URL and the body hash',
      tamper: 'body',
      staleAt: new Date('2026-03-10T09:30:00Z'),
      coversUrl: true,
    });
  });

  describe('parse', () => {
    it('should map the lifecycle to whole_call events of one call', () => {
      const events = callEventsOf(sut, noAnswer);
      expect(events.map((event) => event.status)).toEqual(['initiated', 'ringing', 'no_answer']);
      expect(
        events.every((event) => event.leg_role === 'whole_call' && event.direction === 'inbound'),
      ).toBe(true);
      expect(events[0].caller.e164).toBe('+4915228817386');
    });

    it('should map ongoing to answered, so completed alone never means answered', () => {
      const events = callEventsOf(sut, fixtureOf('bird', 'voice_inbound_answered_completed'));
      expect(events.map((event) => event.status)).toEqual([
        'initiated',
        'ringing',
        'answered',
        'completed',
      ]);
    });

    it('should map an sms.outbound delivery failure', () => {
      const request = requestOf(noAnswer, 0);
      const body = {
        service: 'channels',
        event: 'sms.outbound',
        payload: {
          id: 'm1',
          channelId: 'c1',
          status: 'delivery_failed',
          reason: 'unknown subscriber',
          failure: { code: 1 },
        },
      };
      const parsed = sut.parse({
        ...request,
        path: '/webhooks/bird/sms',
        rawBody: Buffer.from(JSON.stringify(body)),
      });
      expect(parsed.kind === 'sms_status' && parsed.statuses[0]).toMatchObject({
        status: 'undelivered',
        failure: 'unknown_subscriber',
        provider_error_code: '1',
      });
    });
  });
});
