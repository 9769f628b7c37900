import type { Tenant, Weekday } from '@rebound/config';
import { isKnownRegion } from './holiday.calendar';
import type { Finding } from './legal-basis';
import { isValidZone, parseTimeOfDay } from './local-time';
import { readClosureBound } from './schedule.rules';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Load-time checks of the time settings. The schedule rules skip what these
 * report (a bad interval opens nothing), so a bad tenant file fails loudly
 * here instead of quietly texting the wrong variant.
 */
export function validateSchedule(tenant: Tenant): Finding[] {
  if (!isValidZone(tenant.time_zone)) {
    return [finding('schedule.invalid_time_zone', `unknown time zone`, tenant.time_zone)];
  }

  return [
    ...regionFindings(tenant),
    ...intervalFindings(tenant),
    ...closureFindings(tenant),
    ...quietHoursFindings(tenant),
  ];
}

function regionFindings(tenant: Tenant): Finding[] {
  if (!tenant.region || isKnownRegion(tenant.country, tenant.region)) {
    return [];
  }

  return [
    finding('schedule.unknown_region', 'region unknown to the holiday calendar', tenant.region),
  ];
}

/** Overnight shifts are written as two intervals (22:00-24:00, then 00:00-02:00). */
function intervalFindings(tenant: Tenant): Finding[] {
  return WEEKDAYS.flatMap((day) =>
    (tenant.schedule[day] ?? []).flatMap((interval) => {
      const from = parseTimeOfDay(interval.from);
      const to = parseTimeOfDay(interval.to);
      const valid = from !== null && to !== null && from < to;

      return valid
        ? []
        : [
            finding(
              'schedule.invalid_interval',
              'interval must run forward within one day',
              `${day} ${interval.from}-${interval.to}`,
            ),
          ];
    }),
  );
}

function closureFindings(tenant: Tenant): Finding[] {
  return tenant.closures.flatMap((closure) => {
    const start = readClosureBound(tenant.time_zone, closure.from, 'start');
    const end = readClosureBound(tenant.time_zone, closure.to, 'end');

    return start && end && start < end
      ? []
      : [
          finding(
            'schedule.invalid_closure',
            'closure bounds unreadable or reversed',
            `${closure.from}..${closure.to}`,
          ),
        ];
  });
}

function quietHoursFindings(tenant: Tenant): Finding[] {
  const quiet = tenant.quiet_hours;
  if (!quiet) {
    return [];
  }
  const from = parseTimeOfDay(quiet.from);
  const to = parseTimeOfDay(quiet.to);

  return from === null || to === null || from === to
    ? [
        finding(
          'schedule.invalid_quiet_hours',
          'quiet hours empty or unreadable',
          `${quiet.from}-${quiet.to}`,
        ),
      ]
    : [];
}

function finding(code: Finding['code'], message: string, detail: string): Finding {
  return { code, severity: 'error', message, detail };
}
