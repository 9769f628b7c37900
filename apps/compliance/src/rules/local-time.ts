import { DateTime } from 'luxon';
import type { Weekday } from '@rebound/config';

export const MINUTES_PER_DAY = 1440;

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A wall-clock reading of one instant in the tenant's zone. */
export interface LocalMoment {
  zone: string;
  /** ISO 8601 with the offset in force, e.g. `2026-10-25T02:30:00.000+01:00`. */
  local: string;
  /** Local calendar date `yyyy-MM-dd`. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight by the wall clock (0–1439). */
  minuteOfDay: number;
  utcOffsetMinutes: number;
}

/** Reads `HH:MM` (00:00–24:00) into minutes; null when out of range. */
export function parseTimeOfDay(value: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) {
    return null;
  }
  const minutes = Number(match[1]) * 60 + Number(match[2]);

  return Number(match[2]) < 60 && minutes <= MINUTES_PER_DAY ? minutes : null;
}

export function toLocalMoment(zone: string, instant: Date): LocalMoment {
  const local = inZone(zone, instant);

  return {
    zone,
    local: local.toISO() ?? '',
    date: local.toISODate() ?? '',
    weekday: WEEKDAYS[local.weekday - 1],
    minuteOfDay: local.hour * 60 + local.minute,
    utcOffsetMinutes: local.offset,
  };
}

export function inZone(zone: string, instant: Date): DateTime {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) {
    throw new RangeError(`unknown time zone ${zone}`);
  }

  return local;
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

/** `yyyy-MM-dd` plus a number of days, calendar arithmetic without any zone. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/**
 * The first instant at which the local wall clock reads at least
 * `date` + `minutes` (minutes may be 1440: the next midnight). A wall time
 * repeated in autumn (02:30 on 2026-10-25 in Berlin) gives its first
 * occurrence (CEST); one inside a spring-forward gap (02:30 on 2026-03-29)
 * gives the end of the gap (03:00 CEST). Luxon alone would pick the second
 * occurrence and 03:30.
 */
export function wallClockToInstant(zone: string, date: string, minutes: number): Date {
  const day = addDays(date, Math.floor(minutes / MINUTES_PER_DAY));
  const target = `${day}T${formatMinutes(minutes % MINUTES_PER_DAY)}`;
  const naive = DateTime.fromISO(target, { zone: 'utc' });
  const exact = offsetsAround(zone, naive)
    .map((offset) => naive.minus({ minutes: offset }).setZone(zone))
    .filter((candidate) => wallKey(candidate) === target)
    .sort((a, b) => a.toMillis() - b.toMillis());

  return (exact[0] ?? endOfGap(zone, target)).toJSDate();
}

/** The zone's offsets a day either side: the two an overlap or gap lies between. */
function offsetsAround(zone: string, naive: DateTime): number[] {
  const offsets = [-1, 0, 1].map((days) => naive.plus({ days }).setZone(zone).offset);
  if (offsets.some((offset) => Number.isNaN(offset))) {
    throw new RangeError(`unknown time zone ${zone}`);
  }

  return [...new Set(offsets)];
}

function endOfGap(zone: string, target: string): DateTime {
  let candidate = DateTime.fromISO(target, { zone });
  for (let step = 0; step < 180; step += 1) {
    const earlier = candidate.minus({ minutes: 1 });
    if (wallKey(earlier) < target) {
      break;
    }
    candidate = earlier;
  }

  return candidate;
}

export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);

  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function wallKey(value: DateTime): string {
  return value.toFormat("yyyy-MM-dd'T'HH:mm");
}
