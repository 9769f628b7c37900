import { RetryPolicy } from './retry.policy';

describe('RetryPolicy', () => {
  it('should double the backoff ceiling per attempt up to the cap, with jitter in its upper half', () => {
    const sut = new RetryPolicy(5, 100, 300, () => 1);

    expect([1, 2, 3].map((attempt) => sut.delayAfter(attempt))).toEqual([100, 200, 300]);
    expect(new RetryPolicy(5, 100, 300, () => 0).delayAfter(2)).toBe(100);
  });

  it('should bound the attempts', () => {
    const sut = new RetryPolicy(3, 100);

    expect([1, 2, 3].map((attempt) => sut.allowsAnother(attempt))).toEqual([true, true, false]);
  });
});
