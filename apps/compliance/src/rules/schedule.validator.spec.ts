import { validateSchedule } from './schedule.validator';
import { buildTenant } from './tenant.fixture';

describe('validateSchedule', () => {
  it('should accept the fixture tenant', () => {
    expect(validateSchedule(buildTenant())).toEqual([]);
  });

  it('should stop at an unknown time zone', () => {
    const sut = validateSchedule(buildTenant({ time_zone: 'Europe/Atlantis' }));

    expect(sut.map((f) => f.code)).toEqual(['schedule.invalid_time_zone']);
  });

  it('should report a region the holiday calendar does not know', () => {
    const sut = validateSchedule(buildTenant({ region: 'XX' }));

    expect(sut).toEqual([
      {
        code: 'schedule.unknown_region',
        severity: 'error',
        message: 'region unknown to the holiday calendar',
        detail: 'XX',
      },
    ]);
  });

  it('should report bad intervals, reversed closures and empty quiet hours', () => {
    const sut = validateSchedule(
      buildTenant({
        schedule: { mon: [{ from: '22:00', to: '02:00' }], tue: [{ from: '09:00', to: '09:00' }] },
        closures: [
          { from: '2026-08-14', to: '2026-08-03' },
          { from: 'soon', to: '2026-08-03' },
        ],
        quiet_hours: { from: '22:00', to: '22:00' },
      }),
    );

    expect(sut.map((f) => `${f.code} ${f.detail}`)).toEqual([
      'schedule.invalid_interval mon 22:00-02:00',
      'schedule.invalid_interval tue 09:00-09:00',
      'schedule.invalid_closure 2026-08-14..2026-08-03',
      'schedule.invalid_closure soon..2026-08-03',
      'schedule.invalid_quiet_hours 22:00-22:00',
    ]);
  });

  it('should reject 24:30, which the tenant schema lets through', () => {
    const sut = validateSchedule(
      buildTenant({ schedule: { wed: [{ from: '20:00', to: '24:30' }] } }),
    );

    expect(sut.map((f) => f.code)).toEqual(['schedule.invalid_interval']);
  });
});
