import { TenantDirectory } from '@rebound/config';
import { join } from 'node:path';
import { TEST_ENV } from './adapter-test-kit';
import { resolveCarrierAccounts } from './secret.resolver';

describe('resolveCarrierAccounts', () => {
  const directory = TenantDirectory.fromFile(join(__dirname, '../../../../config/tenants.yaml'));

  it('should resolve every fixture carrier from config/local.env with nothing missing', () => {
    const sut = resolveCarrierAccounts(directory, TEST_ENV);
    expect(sut.missing).toEqual([]);
    for (const carrier of [
      'twilio',
      'vonage',
      'telnyx',
      'plivo',
      'sipgate',
      'messagebird',
      'bird',
      'asterisk',
      'freeswitch',
      '3cx',
    ]) {
      expect(sut(carrier).length).toBeGreaterThan(0);
    }
  });

  it('should unescape a one-line PEM but leave other secrets as they are', () => {
    const sut = resolveCarrierAccounts(directory, { ...TEST_ENV, PLIVO_AUTH_TOKEN: 'a\\nb' });
    expect(sut('sipgate')[0].secret).toMatch(/^-----BEGIN PUBLIC KEY-----\nMIIB/);
    expect(sut('plivo')[0].secret).toBe('a\\nb');
  });

  it('should skip accounts whose variable is unset and name the variable', () => {
    const env = { ...TEST_ENV };
    delete env.BIRD_SIGNING_KEY;
    const sut = resolveCarrierAccounts(directory, env);
    expect(sut('bird')).toEqual([]);
    expect(sut.missing).toEqual(['BIRD_SIGNING_KEY']);
  });

  it('should turn the tenants api_key_sha256 into FreeSWITCH/3CX accounts carrying the tenant numbers', () => {
    const [account] = resolveCarrierAccounts(directory, TEST_ENV)('3cx');
    expect(account).toMatchObject({
      tenant_id: 'praxis-mueller',
      tenant_numbers: ['+493023125001'],
    });
    expect(account.secret).toMatch(/^[a-f0-9]{64}$/);
  });
});
