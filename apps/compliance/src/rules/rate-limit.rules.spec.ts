import fc from 'fast-check';
import { checkSendRate, checkWindows, limitsFor } from './rate-limit.rules';
import { buildTenant } from './tenant.fixture';

const now = new Date('2026-03-10T09:20:00Z');
const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

describe('rate-limit.rules', () => {
  describe('checkWindows', () => {
    const limits = [{ windowSeconds: 60, max: 2 }];

    it('should allow below the limit and report what remains after this send', () => {
      expect(checkWindows([ago(10)], now, limits)).toEqual({ allowed: true, remaining: 0 });
      expect(checkWindows([], now, limits)).toEqual({ allowed: true, remaining: 1 });
    });

    it('should refuse at the limit and retry when the oldest send leaves the window', () => {
      expect(checkWindows([ago(10), ago(50), ago(5)], now, limits)).toEqual({
        allowed: false,
        limit: { windowSeconds: 60, max: 2 },
        retryAt: new Date(ago(10).getTime() + 60_000),
      });
    });

    it('should leave a send exactly one window old outside', () => {
      expect(checkWindows([ago(60), ago(30)], now, limits).allowed).toBe(true);
      expect(checkWindows([ago(59), ago(30)], now, limits).allowed).toBe(false);
    });

    it('should count sends stamped after now', () => {
      expect(checkWindows([ago(-5), ago(-1)], now, limits).allowed).toBe(false);
    });

    it('should report the limit that frees last', () => {
      const sut = checkWindows([ago(30), ago(3000)], now, [
        { windowSeconds: 60, max: 1 },
        { windowSeconds: 3600, max: 2 },
      ]);

      expect(sut).toEqual({
        allowed: false,
        limit: { windowSeconds: 3600, max: 2 },
        retryAt: new Date(ago(3000).getTime() + 3_600_000),
      });
    });
  });

  describe('checkSendRate', () => {
    it('should refuse a second text to one caller within 10 minutes by default', () => {
      const sut = checkSendRate({
        now,
        callerSends: [ago(300)],
        tenantSends: [ago(300)],
        tenant: buildTenant(),
      });

      expect(sut).toMatchObject({
        allowed: false,
        rule: 'rate.caller',
        retryAt: new Date(ago(300).getTime() + 600_000),
      });
    });

    it('should refuse when the tenant is over its own limit', () => {
      const tenant = buildTenant({ rate_limits: { per_tenant: [{ window_seconds: 60, max: 3 }] } });
      const sut = checkSendRate({
        now,
        callerSends: [],
        tenantSends: [ago(1), ago(2), ago(3)],
        tenant,
      });

      expect(sut).toMatchObject({
        allowed: false,
        rule: 'rate.tenant',
        limit: { windowSeconds: 60, max: 3 },
      });
    });

    it('should allow and give the smaller remainder', () => {
      const sut = checkSendRate({ now, callerSends: [], tenantSends: [], tenant: buildTenant() });

      expect(sut).toEqual({ allowed: true, remaining: 0 });
    });
  });

  describe('limitsFor', () => {
    it('should read tenant limits and fall back to defaults per scope', () => {
      const tenant = buildTenant({
        rate_limits: { per_caller: [{ window_seconds: 3600, max: 2 }] },
      });

      expect(limitsFor(tenant).perCaller).toEqual([{ windowSeconds: 3600, max: 2 }]);
      expect(limitsFor(tenant).perTenant[0]).toEqual({ windowSeconds: 60, max: 30 });
    });
  });

  describe('properties', () => {
    const limit = fc.record({
      windowSeconds: fc.integer({ min: 1, max: 3600 }),
      max: fc.integer({ min: 1, max: 5 }),
    });
    const sends = fc.array(fc.integer({ min: 0, max: 7200 }).map(ago), { maxLength: 12 });

    it('should allow again exactly at retryAt when nothing else was sent', () => {
      fc.assert(
        fc.property(sends, limit, (history, rule) => {
          const verdict = checkWindows(history, now, [rule]);

          return verdict.allowed || checkWindows(history, verdict.retryAt, [rule]).allowed;
        }),
      );
    });

    it('should never allow more than max sends in any window', () => {
      fc.assert(
        fc.property(sends, limit, (history, rule) => {
          const inWindow = history.filter(
            (sent) => sent.getTime() > now.getTime() - rule.windowSeconds * 1000,
          );

          return checkWindows(history, now, [rule]).allowed === inWindow.length < rule.max;
        }),
      );
    });
  });
});
