import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  rejectionOf,
  requestOf,
  verifyAndParse,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { PBX_API_KEY_HEADER } from '../pbx-credential';
import { ThreeCxWebhookAdapter } from './three-cx-webhook.adapter';

describe('ThreeCxWebhookAdapter', () => {
  const sut = new ThreeCxWebhookAdapter();
  const accounts = accountsFor('3cx');
  const answered = fixtureOf('3cx', 'answered_by_extension');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: answered,
      scheme: 'the tenant key (X-Rebound-Api-Key)',
      coversUrl: false,
    });
    it('should accept the tenant key the replay adds (the fixture carries none)', () => {
      expect(requestOf(answered, 0).headers[PBX_API_KEY_HEADER]).toBe('fixture');
      expect(() => sut.verify(requestOf(answered, 0), accounts)).not.toThrow();
    });

    it('should refuse a request without the key or with a wrong one', () => {
      const request = requestOf(answered, 0);
      expect(rejectionOf(() => sut.verify({ ...request, headers: {} }, accounts)).status).toBe(403);
      expect(
        rejectionOf(() =>
          sut.verify({ ...request, headers: { authorization: 'Bearer nope' } }, accounts),
        ).status,
      ).toBe(403);
    });

    it('should accept a tampered body (a key, not a signature) but route it to the key owner only', () => {
      const request = requestOf(answered, 3);
      const body = JSON.parse(request.rawBody.toString('utf8'));
      const forged = {
        ...request,
        rawBody: Buffer.from(JSON.stringify({ ...body, inbound_did: '4940123456' })),
      };
      expect(verifyAndParse(sut, forged, accounts).tenantHints).toEqual(['+493023125001']);
    });
  });

  describe('parse', () => {
    it('should map ringing/pickup to business legs and the summary to the whole call, by chid', () => {
      const events = callEventsOf(sut, answered);
      expect(events.map((event) => [event.leg_role, event.status])).toEqual([
        ['business', 'ringing'],
        ['business', 'ringing'],
        ['business', 'answered'],
        ['whole_call', 'completed'],
      ]);
      expect(new Set(events.map((event) => event.call_id))).toEqual(
        new Set(['00000000-01dc-27f5-3c43-3d7e8747e1c3']),
      );
      expect(events[0].caller.e164).toBe('+4915228817386');
      expect(events[0].called).toMatchObject({ e164: null, withheld: false });
      expect(events[3].called.e164).toBe('+493023125001');
    });

    it('should map finishtype Missed to no_answer', () => {
      const request = requestOf(answered, 3);
      const body = { ...JSON.parse(request.rawBody.toString('utf8')), finishtype: 'Missed' };
      const parsed = sut.parse({ ...request, rawBody: Buffer.from(JSON.stringify(body)) });
      expect(parsed.kind === 'call_events' && parsed.events[0]).toMatchObject({
        leg_role: 'whole_call',
        status: 'no_answer',
      });
    });
  });
});
