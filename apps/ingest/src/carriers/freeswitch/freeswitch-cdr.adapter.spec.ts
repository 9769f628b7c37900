import {
  accountsFor,
  callEventsOf,
  fixtureOf,
  rejectionOf,
  requestOf,
  verifyAndParse,
  withTamperedBody,
  describeSignatureChecks,
} from '../adapter-test-kit';
import { PBX_API_KEY_HEADER } from '../pbx-credential';
import { FreeswitchCdrAdapter } from './freeswitch-cdr.adapter';

describe('FreeswitchCdrAdapter', () => {
  const sut = new FreeswitchCdrAdapter();
  const accounts = accountsFor('freeswitch');
  const cancel = fixtureOf('freeswitch', 'json_cdr_originator_cancel');

  describe('verify', () => {
    describeSignatureChecks(sut, {
      fixture: cancel,
      scheme: 'the tenant key as the HTTP Basic password',
      coversUrl: false,
    });
    it('should accept the tenant key as the HTTP Basic password', () => {
      expect(requestOf(cancel, 0).headers.authorization).toMatch(/^Basic /);
      expect(() => sut.verify(requestOf(cancel, 0), accounts)).not.toThrow();
    });

    it('should accept the tenant key in X-Rebound-Api-Key and refuse a wrong one', () => {
      const request = { ...requestOf(cancel, 0), headers: { [PBX_API_KEY_HEADER]: 'fixture' } };
      expect(() => sut.verify(request, accounts)).not.toThrow();
      expect(
        rejectionOf(() =>
          sut.verify({ ...request, headers: { [PBX_API_KEY_HEADER]: 'guess' } }, accounts),
        ).status,
      ).toBe(403);
      expect(rejectionOf(() => sut.verify({ ...request, headers: {} }, accounts)).status).toBe(403);
    });

    it('should route to the tenant whose key verified, whatever number the CDR names', () => {
      const request = withTamperedBody(requestOf(cancel, 0));
      const parsed = verifyAndParse(sut, request, accounts);
      expect(parsed.tenantHints).toEqual(['+493023125001']);
    });
  });

  describe('parse', () => {
    it('should map the A-leg CDR with ORIGINATOR_CANCEL and billsec 0 to a canceled whole call', () => {
      const [event] = callEventsOf(sut, cancel);
      expect(event).toMatchObject({
        leg_role: 'whole_call',
        status: 'canceled',
        direction: 'inbound',
        duration_s: 0,
      });
      expect(event.call_id).toBe('8db4e25d-183e-38ea-a6e4-a9656e054d74');
      expect(event.caller.e164).toBe('+4915228817386');
    });

    it('should percent-decode values (encode-values) and read voicemail as answered_by voicemail', () => {
      const request = requestOf(cancel, 0);
      const body = {
        variables: {
          direction: 'inbound',
          uuid: 'a1',
          caller_id_number: '%2B4915228817386',
          destination_number: '%2B493023125001',
          hangup_cause: 'NORMAL_CLEARING',
          billsec: '25',
          last_app: 'voicemail',
          last_arg: 'default%20%24%7Bdomain%7D%20202',
        },
      };
      const parsed = sut.parse({ ...request, rawBody: Buffer.from(JSON.stringify(body)) });
      expect(parsed.kind === 'call_events' && parsed.events[0]).toMatchObject({
        status: 'completed',
        answered_by: 'voicemail',
      });
      expect(parsed.kind === 'call_events' && parsed.events[0].caller.e164).toBe('+4915228817386');
      expect(parsed.kind === 'call_events' && parsed.events[0].attributes.last_arg).toBe(
        'default ${domain} 202',
      );
    });
  });
});
