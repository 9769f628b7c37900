import { DateTime } from 'luxon';
import type { Tenant, Weekday } from '@rebound/config';
import { publicHolidayAt } from './holiday.calendar';
import {
  addDays,
  formatMinutes,
  parseTimeOfDay,
  toLocalMoment,
  wallClockToInstant,
  type LocalMoment,
} from './local-time';

export type Variant = 'business_hours' | 'after_hours' | 'weekend' | 'holiday' | 'night';
export type TemplateKey = keyof Tenant['templates'];
export type QuietHoursAction = NonNullable<Tenant['quiet_hours']>['action'];

/** Why the business is shut for the whole period, whatever the weekly schedule says. */
export interface ClosedPeriod {
  kind: 'holiday' | 'closure';
  /** Holiday name or closure reason. */
  name: string | null;
  start: Date;
  end: Date;
}

export interface QuietHoursFacts {
  /** The instant lies inside the tenant's quiet hours. */
  active: boolean;
  /**
   * The action must be taken: quiet hours are active and the business is not
   * open. While staff answer the phone, a text to a caller is no disturbance.
   */
  applies: boolean;
  action: QuietHoursAction | null;
  /** When the quiet hours in force end; null when not active. */
  endsAt: Date | null;
}

export interface ScheduleFacts {
  moment: LocalMoment;
  closedFor: ClosedPeriod | null;
  /** The opening interval the instant falls in, `HH:MM` strings. */
  openInterval: { from: string; to: string } | null;
  variant: Variant;
  /** The template to use: the variant's own, else after_hours, else business_hours. */
  template: TemplateKey;
  quietHours: QuietHoursFacts;
}

interface Interval {
  from: number;
  to: number;
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HORIZON_DAYS = 400;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Local facts and message variant for a call at `instant`. Precedence:
 * holiday/closure > weekend (no schedule that day) > business_hours > night
 * (inside quiet hours) > after_hours.
 */
export function evaluateSchedule(tenant: Tenant, instant: Date): ScheduleFacts {
  const moment = toLocalMoment(tenant.time_zone, instant);
  const closedFor = closedPeriodAt(tenant, instant);
  const intervals = intervalsOn(tenant, moment.weekday);
  const open = intervals.find((i) => i.from <= moment.minuteOfDay && moment.minuteOfDay < i.to);
  const quiet = quietHoursAt(tenant, moment);
  const variant = pickVariant({ closedFor, hasSchedule: intervals.length > 0, open, quiet });

  return {
    moment,
    closedFor,
    openInterval: open ? { from: formatMinutes(open.from), to: formatMinutes(open.to) } : null,
    variant,
    template: templateFor(tenant.templates, variant),
    quietHours: { ...quiet, applies: quiet.active && variant !== 'business_hours' },
  };
}

export function templateFor(templates: Tenant['templates'], variant: Variant): TemplateKey {
  if (templates[variant]) {
    return variant;
  }

  return templates.after_hours ? 'after_hours' : 'business_hours';
}

/**
 * The next instant at or after `instant` when the business is open: inside
 * an interval and neither a public holiday nor a closure. Returns `instant`
 * itself while open, null when nothing opens within ~13 months.
 */
export function nextOpening(tenant: Tenant, instant: Date): Date | null {
  const zone = tenant.time_zone;
  const today = toLocalMoment(zone, instant).date;
  for (let offset = 0; offset <= HORIZON_DAYS; offset += 1) {
    const day = addDays(today, offset);
    for (const interval of intervalsOn(tenant, weekdayOf(day))) {
      const end = wallClockToInstant(zone, day, interval.to);
      const start = latest(wallClockToInstant(zone, day, interval.from), instant);
      const opening = start < end ? skipClosedPeriods(tenant, start, end) : null;
      if (opening) {
        return opening;
      }
    }
  }

  return null;
}

export function closedPeriodAt(tenant: Tenant, instant: Date): ClosedPeriod | null {
  const closure = closuresOf(tenant).find((c) => c.start <= instant && instant < c.end);
  if (closure) {
    return closure;
  }
  const place = { country: tenant.country, region: tenant.region, zone: tenant.time_zone };
  const holiday = publicHolidayAt(place, instant);

  return holiday ? { kind: 'holiday', ...holiday } : null;
}

/** Valid intervals of one weekday, sorted; an interval needs from < to (to may be 24:00). */
export function intervalsOn(tenant: Tenant, weekday: Weekday): Interval[] {
  return (tenant.schedule[weekday] ?? [])
    .map((raw) => ({ from: parseTimeOfDay(raw.from), to: parseTimeOfDay(raw.to) }))
    .filter((i): i is Interval => i.from !== null && i.to !== null && i.from < i.to)
    .sort((a, b) => a.from - b.from);
}

/** Closures as instants; unreadable entries are skipped (the validator reports them). */
export function closuresOf(tenant: Tenant): ClosedPeriod[] {
  return tenant.closures.flatMap((closure) => {
    const start = readClosureBound(tenant.time_zone, closure.from, 'start');
    const end = readClosureBound(tenant.time_zone, closure.to, 'end');
    if (!start || !end || start >= end) {
      return [];
    }

    return [{ kind: 'closure' as const, name: closure.reason ?? null, start, end }];
  });
}

/**
 * A closure bound in local time: a date alone covers that whole day (so
 * `to: 2026-08-14` includes the 14th); a datetime without offset is local
 * wall time at minute precision; one with an offset is taken as written.
 */
export function readClosureBound(zone: string, value: string, side: 'start' | 'end'): Date | null {
  if (DATE_ONLY.test(value)) {
    const valid = DateTime.fromISO(value, { zone: 'utc' }).isValid;

    return valid ? wallClockToInstant(zone, side === 'end' ? addDays(value, 1) : value, 0) : null;
  }
  if (HAS_OFFSET.test(value)) {
    const parsed = DateTime.fromISO(value, { setZone: true });

    return parsed.isValid ? parsed.toJSDate() : null;
  }
  const naive = DateTime.fromISO(value, { zone: 'utc' });
  if (!naive.isValid) {
    return null;
  }

  return wallClockToInstant(zone, naive.toISODate() ?? '', naive.hour * 60 + naive.minute);
}

function pickVariant(facts: {
  closedFor: ClosedPeriod | null;
  hasSchedule: boolean;
  open: Interval | undefined;
  quiet: Omit<QuietHoursFacts, 'applies'>;
}): Variant {
  if (facts.closedFor) {
    return 'holiday';
  }
  if (!facts.hasSchedule) {
    return 'weekend';
  }
  if (facts.open) {
    return 'business_hours';
  }

  return facts.quiet.active ? 'night' : 'after_hours';
}

/** Quiet hours may span midnight (22:00–07:00); from == to means none. */
function quietHoursAt(tenant: Tenant, moment: LocalMoment): Omit<QuietHoursFacts, 'applies'> {
  const quiet = tenant.quiet_hours;
  const from = quiet ? parseTimeOfDay(quiet.from) : null;
  const to = quiet ? parseTimeOfDay(quiet.to) : null;
  if (!quiet || from === null || to === null || from === to) {
    return { active: false, action: quiet?.action ?? null, endsAt: null };
  }
  const m = moment.minuteOfDay;
  const active = from < to ? m >= from && m < to : m >= from || m < to;
  if (!active) {
    return { active, action: quiet.action, endsAt: null };
  }
  const endDay = m < to ? moment.date : addDays(moment.date, 1);

  return { active, action: quiet.action, endsAt: wallClockToInstant(moment.zone, endDay, to) };
}

/** Moves past holidays and closures that cover `start`; null if one outlasts `end`. */
function skipClosedPeriods(tenant: Tenant, start: Date, end: Date): Date | null {
  let candidate = start;
  for (let hops = 0; hops < 50 && candidate < end; hops += 1) {
    const closed = closedPeriodAt(tenant, candidate);
    if (!closed) {
      return candidate;
    }
    candidate = closed.end;
  }

  return null;
}

function weekdayOf(date: string): Weekday {
  return WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1];
}

function latest(a: Date, b: Date): Date {
  return a > b ? a : b;
}
