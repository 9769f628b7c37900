import { describePhone } from './phone-type';

describe('describePhone', () => {
  it('should read an allocated German mobile number', () => {
    expect(describePhone('+4915228817386')).toEqual({
      valid: true,
      allocated: true,
      country: 'DE',
      type: 'mobile',
    });
  });

  it('should read a Berlin number as a fixed line', () => {
    expect(describePhone('+493023125042').type).toBe('fixed_line');
  });

  it('should give an unallocated number in the 0900 range the premium type of its range', () => {
    expect(describePhone('+4990012345678')).toMatchObject({
      allocated: false,
      type: 'premium_rate',
    });
  });

  it('should keep a possible number in a reserved block with no allocated neighbour unknown', () => {
    expect(describePhone('+447700900123')).toEqual({
      valid: true,
      allocated: false,
      country: 'GB',
      type: 'unknown',
    });
  });

  it('should call an impossible number invalid', () => {
    expect(describePhone('+4912').valid).toBe(false);
  });
});
