import { SenderRateLimiter } from './sender-rate.limiter';

describe('SenderRateLimiter', () => {
  it('should space texts of one sender by its rate', () => {
    const sut = new SenderRateLimiter(() => 10_000);

    const waits = [1, 2, 3].map(() => sut.reserve('twilio:+493023125001', 1));

    expect(waits).toEqual([0, 1000, 2000]);
  });

  it('should not make one sender wait for another', () => {
    const sut = new SenderRateLimiter(() => 10_000);
    sut.reserve('twilio:+493023125001', 1);
    sut.reserve('twilio:+493023125001', 1);

    expect(sut.reserve('twilio:+493023125002', 1)).toBe(0);
  });

  it('should sleep the reserved wait', async () => {
    const slept: number[] = [];
    const sut = new SenderRateLimiter(
      () => 0,
      (ms) => {
        slept.push(ms);

        return Promise.resolve();
      },
    );

    await sut.take('a', 4);
    await sut.take('a', 4);

    expect(slept).toEqual([250]);
  });
});
