import type { CallVerdict } from '@rebound/contracts';
import { buildTenant } from '../rules/tenant.fixture';
import { decideMissedCall, type CallerHistory } from './missed-call.policy';

const CALLER = '+4915228817386';

function missedCall(endedAt: string, e164: string | null = CALLER): CallVerdict {
  return {
    schema_version: 1,
    verdict_id: `praxis-mueller:CA-${endedAt}`,
    tenant_id: 'praxis-mueller',
    carrier: 'twilio',
    call_id: `CA-${endedAt}`,
    verdict: 'missed',
    reason: 'no_answer',
    caller: { raw: e164 ?? 'anonymous', e164, withheld: e164 === null, kind: 'pstn' },
    called: { raw: '+493023125001', e164: '+493023125001', withheld: false, kind: 'pstn' },
    call_started_at: endedAt,
    call_ended_at: endedAt,
    decided_at: endedAt,
    events_seen: 3,
  };
}

function history(overrides: Partial<CallerHistory> = {}): CallerHistory {
  return {
    optedOut: false,
    knownLandline: false,
    lastTextAt: null,
    callerSends: [],
    tenantSends: [],
    ...overrides,
  };
}

const NOW = new Date('2026-03-10T09:20:05Z');

describe('decideMissedCall', () => {
  describe('dedup window', () => {
    const lastText = new Date('2026-03-09T09:20:00Z');

    it('should suppress a call one millisecond inside the 24 h window', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T09:19:59.999Z'),
        buildTenant(),
        history({ lastTextAt: lastText }),
        NOW,
      );

      expect(sut).toMatchObject({ outcome: 'suppress', reason: 'duplicate', rule: 'dedup.window' });
    });

    it('should text a call exactly 24 h after the last text', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00.000Z'),
        buildTenant(),
        history({ lastTextAt: lastText }),
        NOW,
      );

      expect(sut.outcome).toBe('send');
    });
  });

  describe('rate limits', () => {
    it('should suppress a second text to one caller within ten minutes as rate.caller', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00Z'),
        buildTenant({ dedup_window_hours: 0.001 }),
        history({ callerSends: [new Date('2026-03-10T09:15:00Z')] }),
        NOW,
      );

      expect(sut).toMatchObject({
        outcome: 'suppress',
        reason: 'rate_limited',
        rule: 'rate.caller',
      });
    });

    it('should suppress the 31st text of a tenant within a minute as rate.tenant', () => {
      const sends = Array.from({ length: 30 }, (_, i) => new Date(NOW.getTime() - 1000 * (i + 1)));

      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00Z'),
        buildTenant(),
        history({ tenantSends: sends }),
        NOW,
      );

      expect(sut).toMatchObject({
        outcome: 'suppress',
        reason: 'rate_limited',
        rule: 'rate.tenant',
      });
    });

    it('should allow the 30th text of a tenant within a minute', () => {
      const sends = Array.from({ length: 29 }, (_, i) => new Date(NOW.getTime() - 1000 * (i + 1)));

      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00Z'),
        buildTenant(),
        history({ tenantSends: sends }),
        NOW,
      );

      expect(sut.outcome).toBe('send');
    });
  });

  describe('quiet hours', () => {
    const quiet = (action: string) => ({ quiet_hours: { from: '20:00', to: '07:00', action } });

    it('should defer a text at 22:30 Berlin to the next opening at 08:00', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T21:30:00Z'),
        buildTenant(quiet('defer')),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({
        outcome: 'defer',
        variant: 'night',
        releaseAt: new Date('2026-03-11T07:00:00Z'),
      });
    });

    it('should defer across the spring DST switch to Monday 08:00 CEST', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-28T22:00:00Z'),
        buildTenant(quiet('defer')),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({ outcome: 'defer', releaseAt: new Date('2026-03-30T06:00:00Z') });
    });

    it('should send the night variant by default', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T21:30:00Z'),
        buildTenant(quiet('night_variant')),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({ outcome: 'send', variant: 'night' });
    });

    it('should suppress when the tenant chose suppress', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T21:30:00Z'),
        buildTenant(quiet('suppress')),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({ outcome: 'suppress', reason: 'quiet_hours' });
    });

    it('should send at once while the business is open, even inside quiet hours', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-13T21:30:00Z'),
        buildTenant(quiet('defer')),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({ outcome: 'send', variant: 'business_hours' });
    });
  });

  describe('sender id', () => {
    it('should suppress a text whose opt-out line asks for a reply to an alphanumeric sender', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00Z'),
        buildTenant({ sender: 'Praxis', opt_out_line: true }),
        history(),
        NOW,
      );

      expect(sut).toMatchObject({
        outcome: 'suppress',
        reason: 'sender_not_allowed',
        rule: 'sender.alphanumeric_no_reply',
      });
    });

    it('should send from the same alphanumeric sender to a German mobile without the line', () => {
      const sut = decideMissedCall(
        missedCall('2026-03-10T09:20:00Z'),
        buildTenant({ sender: 'Praxis' }),
        history(),
        NOW,
      );

      expect(sut.outcome).toBe('send');
    });
  });

  it('should suppress a blocklisted number', () => {
    const sut = decideMissedCall(
      missedCall('2026-03-10T09:20:00Z'),
      buildTenant({ blocklist: [CALLER] }),
      history(),
      NOW,
    );

    expect(sut).toMatchObject({ outcome: 'suppress', reason: 'blocklisted' });
  });
});
