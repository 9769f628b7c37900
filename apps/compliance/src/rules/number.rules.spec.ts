import { checkCallerNumber } from './number.rules';
import { buildTenant } from './tenant.fixture';

const MOBILE = '+4915228817386';

describe('checkCallerNumber', () => {
  const tenant = buildTenant();

  it('should allow a German mobile for a German tenant', () => {
    expect(checkCallerNumber(MOBILE, tenant)).toEqual({ allowed: true, country: 'DE' });
  });

  it('should read a PhoneParty from the call event', () => {
    const party = { raw: '015228817386', e164: MOBILE, withheld: false, kind: 'pstn' as const };

    expect(checkCallerNumber(party, tenant)).toEqual({ allowed: true, country: 'DE' });
  });

  it.each([
    ['a null caller', null],
    [
      'a withheld party',
      { raw: 'anonymous', e164: null, withheld: true, kind: 'withheld' as const },
    ],
    ['the ANONYMOUS keypad sentinel', '+266696687'],
  ])('should refuse %s as withheld_caller', (_, caller) => {
    expect(checkCallerNumber(caller, tenant)).toEqual({
      allowed: false,
      reason: 'withheld_caller',
      rule: 'number.withheld',
    });
  });

  it('should refuse a party that is not withheld but has no number as invalid_number', () => {
    const client = { raw: 'sip:desk', e164: null, withheld: false, kind: 'client' as const };

    expect(checkCallerNumber(client, tenant)).toEqual({
      allowed: false,
      reason: 'invalid_number',
      rule: 'number.missing',
    });
  });

  it('should refuse the fixture German landline as not_mobile', () => {
    expect(checkCallerNumber('+493023125042', tenant)).toEqual({
      allowed: false,
      reason: 'not_mobile',
      rule: 'number.not_mobile',
    });
  });

  it('should text a possible number in a range the numbering data does not know yet', () => {
    expect(
      checkCallerNumber('+447700900123', buildTenant({ allowed_countries: ['DE', 'GB'] })),
    ).toEqual({ allowed: true, country: 'GB' });
  });

  it.each([
    ['toll free 0800', '+498001234567'],
    ['shared cost 0180', '+4918012345678'],
    ['personal number 0700', '+4970012345678'],
    ['a short service number', '+4911880'],
    ['an unallocated number in the premium 0900 range', '+4990012345678'],
  ])('should refuse %s as premium_or_short_number', (_, number) => {
    expect(checkCallerNumber(number, tenant)).toMatchObject({ reason: 'premium_or_short_number' });
  });

  it('should refuse a foreign number unless its country is allowed', () => {
    const us = '+12025550142';

    expect(checkCallerNumber(us, tenant)).toEqual({
      allowed: false,
      reason: 'country_not_allowed',
      rule: 'number.country',
    });
    expect(checkCallerNumber(us, buildTenant({ allowed_countries: ['de', 'us'] }))).toEqual({
      allowed: true,
      country: 'US',
    });
  });

  it('should refuse a blocklisted number', () => {
    expect(checkCallerNumber(MOBILE, buildTenant({ blocklist: [MOBILE] }))).toEqual({
      allowed: false,
      reason: 'blocklisted',
      rule: 'number.blocklist',
    });
  });

  it('should give not_mobile before blocklisted for a blocklisted landline', () => {
    const landline = '+493023125042';

    expect(checkCallerNumber(landline, buildTenant({ blocklist: [landline] }))).toMatchObject({
      reason: 'not_mobile',
    });
  });
});
