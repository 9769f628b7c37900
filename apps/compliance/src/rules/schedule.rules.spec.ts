import { evaluateSchedule, nextOpening, readClosureBound, templateFor } from './schedule.rules';
import { buildTenant } from './tenant.fixture';

const at = (iso: string): Date => new Date(iso);

describe('schedule.rules', () => {
  describe('evaluateSchedule', () => {
    describe('split shift on Tuesday 2026-03-10 (CET, UTC+1)', () => {
      const sut = buildTenant();

      it.each([
        ['2026-03-10T06:59:00Z', '07:59', 'after_hours'],
        ['2026-03-10T07:00:00Z', '08:00', 'business_hours'],
        ['2026-03-10T10:59:00Z', '11:59', 'business_hours'],
        ['2026-03-10T11:00:00Z', '12:00', 'after_hours'],
        ['2026-03-10T12:59:59Z', '13:59', 'after_hours'],
        ['2026-03-10T13:00:00Z', '14:00', 'business_hours'],
        ['2026-03-10T16:59:59Z', '17:59', 'business_hours'],
        ['2026-03-10T17:00:00Z', '18:00', 'after_hours'],
      ])('should read %s (local %s) as %s', (iso, local, variant) => {
        const facts = evaluateSchedule(sut, at(iso));

        expect(facts.moment.local.slice(11, 16)).toBe(local);
        expect(facts.variant).toBe(variant);
      });

      it('should name the open interval', () => {
        expect(evaluateSchedule(sut, at('2026-03-10T10:59:00Z')).openInterval).toEqual({
          from: '08:00',
          to: '12:00',
        });
      });

      it('should report the local moment facts', () => {
        expect(evaluateSchedule(sut, at('2026-03-10T09:20:00Z')).moment).toEqual({
          zone: 'Europe/Berlin',
          local: '2026-03-10T10:20:00.000+01:00',
          date: '2026-03-10',
          weekday: 'tue',
          minuteOfDay: 620,
          utcOffsetMinutes: 60,
        });
      });
    });

    describe('an interval ending at 24:00', () => {
      it('should be open at Friday 23:59 and closed at Saturday 00:00', () => {
        const sut = buildTenant();

        expect(evaluateSchedule(sut, at('2026-03-13T22:59:00Z')).variant).toBe('business_hours');
        expect(evaluateSchedule(sut, at('2026-03-13T23:00:00Z')).variant).toBe('weekend');
      });
    });

    describe('weekend', () => {
      it('should be weekend on a day without schedule, at any hour', () => {
        const sut = buildTenant();

        expect(evaluateSchedule(sut, at('2026-03-14T09:00:00Z')).variant).toBe('weekend');
        expect(evaluateSchedule(sut, at('2026-03-15T22:30:00Z')).variant).toBe('weekend');
      });
    });

    describe('public holidays by German state', () => {
      const epiphany = at('2026-01-06T09:00:00Z');

      it('should make Heilige Drei Könige a holiday in Bayern', () => {
        const facts = evaluateSchedule(buildTenant({ region: 'BY' }), epiphany);

        expect(facts.variant).toBe('holiday');
        expect(facts.closedFor).toEqual({
          kind: 'holiday',
          name: 'Heilige Drei Könige',
          start: at('2026-01-05T23:00:00Z'),
          end: at('2026-01-06T23:00:00Z'),
        });
      });

      it('should keep 6 January a working day in Berlin', () => {
        const facts = evaluateSchedule(buildTenant({ region: 'BE' }), epiphany);

        expect(facts.variant).toBe('business_hours');
        expect(facts.closedFor).toBeNull();
      });

      it('should start and end the holiday at local midnight', () => {
        const sut = buildTenant({ region: 'BY' });

        expect(evaluateSchedule(sut, at('2026-01-05T22:59:59Z')).variant).toBe('after_hours');
        expect(evaluateSchedule(sut, at('2026-01-05T23:00:00Z')).variant).toBe('holiday');
        expect(evaluateSchedule(sut, at('2026-01-06T22:59:59Z')).variant).toBe('holiday');
        expect(evaluateSchedule(sut, at('2026-01-07T07:00:00Z')).variant).toBe('business_hours');
      });

      it('should ignore bank-type days such as Heiligabend', () => {
        const facts = evaluateSchedule(buildTenant(), at('2026-12-24T14:00:00Z'));

        expect(facts.variant).toBe('business_hours');
      });

      it('should accept a region written DE-BY', () => {
        const facts = evaluateSchedule(buildTenant({ region: 'DE-BY' }), epiphany);

        expect(facts.variant).toBe('holiday');
      });
    });

    describe('closures', () => {
      const sut = buildTenant({
        closures: [
          { from: '2026-08-03', to: '2026-08-14', reason: 'Betriebsferien' },
          { from: '2026-03-10T14:00', to: '2026-03-10T16:30' },
        ],
      });

      it('should include the whole last day of a date-only closure', () => {
        const facts = evaluateSchedule(sut, at('2026-08-14T21:59:00Z'));

        expect(facts.variant).toBe('holiday');
        expect(facts.closedFor?.name).toBe('Betriebsferien');
        expect(facts.closedFor?.end).toEqual(at('2026-08-14T22:00:00Z'));
      });

      it('should end a datetime closure at its local minute', () => {
        expect(evaluateSchedule(sut, at('2026-03-10T15:29:00Z')).variant).toBe('holiday');
        expect(evaluateSchedule(sut, at('2026-03-10T15:30:00Z')).variant).toBe('business_hours');
      });

      it('should take a bound with an offset as written', () => {
        expect(readClosureBound('Europe/Berlin', '2026-03-10T14:00:00Z', 'start')).toEqual(
          at('2026-03-10T14:00:00Z'),
        );
      });

      it('should skip an unreadable bound', () => {
        expect(readClosureBound('Europe/Berlin', '2026-02-30', 'start')).toBeNull();
        expect(readClosureBound('Europe/Berlin', 'next monday', 'end')).toBeNull();
      });
    });

    describe('quiet hours 22:00-07:00', () => {
      const sut = buildTenant({ quiet_hours: { from: '22:00', to: '07:00', action: 'defer' } });

      it('should use the night variant after hours inside quiet hours, ending next morning', () => {
        const facts = evaluateSchedule(sut, at('2026-03-10T22:00:00Z'));

        expect(facts.variant).toBe('night');
        expect(facts.quietHours).toEqual({
          active: true,
          applies: true,
          action: 'defer',
          endsAt: at('2026-03-11T06:00:00Z'),
        });
      });

      it('should end quiet hours at 07:00 sharp', () => {
        expect(evaluateSchedule(sut, at('2026-03-11T05:59:00Z')).variant).toBe('night');
        expect(evaluateSchedule(sut, at('2026-03-11T06:00:00Z')).variant).toBe('after_hours');
        expect(evaluateSchedule(sut, at('2026-03-10T20:59:00Z')).variant).toBe('after_hours');
      });

      it('should keep business_hours and not apply quiet hours while open', () => {
        const facts = evaluateSchedule(sut, at('2026-03-13T22:30:00Z'));

        expect(facts.variant).toBe('business_hours');
        expect(facts.quietHours.active).toBe(true);
        expect(facts.quietHours.applies).toBe(false);
      });

      it('should keep weekend over night but still apply quiet hours', () => {
        const facts = evaluateSchedule(sut, at('2026-03-14T23:00:00Z'));

        expect(facts.variant).toBe('weekend');
        expect(facts.quietHours.applies).toBe(true);
      });

      it('should never be active when from equals to', () => {
        const none = buildTenant({ quiet_hours: { from: '22:00', to: '22:00' } });

        expect(evaluateSchedule(none, at('2026-03-10T21:00:00Z')).quietHours.active).toBe(false);
      });
    });

    describe('DST switch days in Europe/Berlin', () => {
      const sundayShift = buildTenant({
        schedule: {
          sun: [
            { from: '02:00', to: '03:00' },
            { from: '20:00', to: '24:00' },
          ],
        },
        quiet_hours: { from: '22:00', to: '07:00', action: 'night_variant' },
      });

      it('should jump from 01:59 CET to 03:00 CEST on 2026-03-29', () => {
        const before = evaluateSchedule(sundayShift, at('2026-03-29T00:59:00Z'));
        const after = evaluateSchedule(sundayShift, at('2026-03-29T01:00:00Z'));

        expect(before.moment.local).toBe('2026-03-29T01:59:00.000+01:00');
        expect(before.variant).toBe('night');
        expect(after.moment.local).toBe('2026-03-29T03:00:00.000+02:00');
        expect(after.moment.minuteOfDay).toBe(180);
        expect(after.variant).toBe('night');
      });

      it('should be open at 23:59 CEST when the interval ends at 24:00', () => {
        expect(evaluateSchedule(sundayShift, at('2026-03-29T21:59:00Z')).variant).toBe(
          'business_hours',
        );
      });

      it('should end quiet hours at 07:00 CEST after a 22:00 CET start', () => {
        const facts = evaluateSchedule(
          buildTenant({ quiet_hours: { from: '22:00', to: '07:00' } }),
          at('2026-03-28T22:30:00Z'),
        );

        expect(facts.quietHours.endsAt).toEqual(at('2026-03-29T05:00:00Z'));
      });

      it('should be open for both 02:30s on 2026-10-25', () => {
        const first = evaluateSchedule(sundayShift, at('2026-10-25T00:30:00Z'));
        const second = evaluateSchedule(sundayShift, at('2026-10-25T01:30:00Z'));

        expect(first.moment.local).toBe('2026-10-25T02:30:00.000+02:00');
        expect(second.moment.local).toBe('2026-10-25T02:30:00.000+01:00');
        expect([first.variant, second.variant]).toEqual(['business_hours', 'business_hours']);
        expect(evaluateSchedule(sundayShift, at('2026-10-25T02:00:00Z')).variant).toBe('night');
      });
    });
  });

  describe('templateFor', () => {
    it('should use the variant template when there is one', () => {
      expect(templateFor({ business_hours: 'a', holiday: 'h' }, 'holiday')).toBe('holiday');
    });

    it('should fall back to after_hours, then business_hours', () => {
      expect(templateFor({ business_hours: 'a', after_hours: 'b' }, 'weekend')).toBe('after_hours');
      expect(templateFor({ business_hours: 'a' }, 'night')).toBe('business_hours');
    });

    it('should give the fallback in the facts', () => {
      const facts = evaluateSchedule(buildTenant(), at('2026-03-14T09:00:00Z'));

      expect(facts.template).toBe('after_hours');
    });
  });

  describe('nextOpening', () => {
    it('should return the instant itself while open', () => {
      const now = at('2026-03-10T09:20:00Z');

      expect(nextOpening(buildTenant(), now)).toEqual(now);
    });

    it('should reopen after the lunch break', () => {
      expect(nextOpening(buildTenant(), at('2026-03-10T11:30:00Z'))).toEqual(
        at('2026-03-10T13:00:00Z'),
      );
    });

    it('should skip the weekend', () => {
      expect(nextOpening(buildTenant(), at('2026-03-14T10:00:00Z'))).toEqual(
        at('2026-03-16T07:00:00Z'),
      );
    });

    it('should skip a Bayern holiday but not in Berlin', () => {
      const mondayEvening = at('2026-01-05T18:00:00Z');

      expect(nextOpening(buildTenant({ region: 'BY' }), mondayEvening)).toEqual(
        at('2026-01-07T07:00:00Z'),
      );
      expect(nextOpening(buildTenant({ region: 'BE' }), mondayEvening)).toEqual(
        at('2026-01-06T07:00:00Z'),
      );
    });

    it('should open when a closure ends inside an interval', () => {
      const sut = buildTenant({ closures: [{ from: '2026-03-10T14:00', to: '2026-03-10T16:30' }] });

      expect(nextOpening(sut, at('2026-03-10T12:00:00Z'))).toEqual(at('2026-03-10T15:30:00Z'));
    });

    it('should skip a holiday fortnight', () => {
      const sut = buildTenant({ closures: [{ from: '2026-08-03', to: '2026-08-14' }] });

      expect(nextOpening(sut, at('2026-08-05T10:00:00Z'))).toEqual(at('2026-08-17T06:00:00Z'));
    });

    it('should open at the end of the spring-forward gap for a 02:30 opening', () => {
      const sut = buildTenant({ schedule: { sun: [{ from: '02:30', to: '04:00' }] } });

      expect(nextOpening(sut, at('2026-03-29T00:00:00Z'))).toEqual(at('2026-03-29T01:00:00Z'));
    });

    it('should open at the first of two 02:30s in autumn', () => {
      const sut = buildTenant({ schedule: { sun: [{ from: '02:30', to: '04:00' }] } });

      expect(nextOpening(sut, at('2026-10-24T23:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
    });

    it('should return null without any schedule', () => {
      expect(nextOpening(buildTenant({ schedule: {} }), at('2026-03-10T09:00:00Z'))).toBeNull();
    });
  });
});
