import {
  accountsFor,
  fixtureOf,
  rejectionOf,
  requestOf,
  verifyAndParse,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { MessageBirdSmsStatusAdapter } from './messagebird-sms-status.adapter';

describe('MessageBirdSmsStatusAdapter', () => {
  const sut = new MessageBirdSmsStatusAdapter();
  const accounts = accountsFor('messagebird');
  const failed = fixtureOf('messagebird', 'sms_status_delivery_failed_unknown_subscriber');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: failed,
      scheme: 'the JWT with a matching url_hash inside its nbf..exp window',
      tamper: 'query',
      staleAt: new Date('2026-03-10T09:20:00Z'),
      coversUrl: true,
    });
    it('should refuse a body the JWT does not sign', () => {
      const request = requestOf(failed, 0);
      expect(
        rejectionOf(() => sut.verify({ ...request, rawBody: Buffer.from('x') }, accounts)).status,
      ).toBe(403);
    });

    it('should refuse a JWT after exp or before nbf', () => {
      expect(
        rejectionOf(() =>
          sut.verify(requestOf(failed, 0, new Date('2026-03-10T09:20:00Z')), accounts),
        ).status,
      ).toBe(403);
      expect(
        rejectionOf(() =>
          sut.verify(requestOf(failed, 0, new Date('2026-03-10T09:15:00Z')), accounts),
        ).status,
      ).toBe(403);
    });
  });

  describe('parse', () => {
    it('should map delivery_failed with error 1 to failed/unknown_subscriber, routed by the account', () => {
      const parsed = verifyAndParse(sut, requestOf(failed, 0), accounts);
      expect(parsed.kind).toBe('sms_status');
      if (parsed.kind !== 'sms_status') {
        return;
      }
      expect(parsed.tenantHints).toEqual(['account:messagebird-praxis-mueller']);
      expect(parsed.statuses[0]).toMatchObject({
        status: 'failed',
        failure: 'unknown_subscriber',
        provider_error_code: '1',
        provider_message_id: 'a12dc11c1433891eb1d2089d481d342f',
        request_id: 'mctb-cc044f71-f5ab-de39-6252-0d89ae48a08c',
      });
    });

    it('should map sent then expired', () => {
      const fixture = fixtureOf('messagebird', 'sms_status_expired');
      const statuses = fixture.requests.map((_request, index) => {
        const parsed = sut.parse(requestOf(fixture, index));

        return parsed.kind === 'sms_status'
          ? [parsed.statuses[0].status, parsed.statuses[0].failure]
          : [];
      });
      expect(statuses).toEqual([
        ['sent', null],
        ['expired', 'expired'],
      ]);
    });
  });
});
