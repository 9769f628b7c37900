import Holidays from 'date-holidays';

export interface PublicHoliday {
  name: string;
  start: Date;
  end: Date;
}

export interface HolidayPlace {
  country: string;
  /** State or province code: `BY`, `BE`; `DE-BY` is read the same. */
  region?: string;
  zone: string;
}

const calendars = new Map<string, Holidays>();
const holidaysByYear = new Map<string, PublicHoliday[]>();

/**
 * The public holiday in force at an instant, if any. Only type `public`
 * counts: `bank`, `school` and `observance` days (Heiligabend afternoon,
 * Buß- und Bettag in Bayern) are ordinary working days for a business.
 */
export function publicHolidayAt(place: HolidayPlace, instant: Date): PublicHoliday | null {
  const year = instant.getUTCFullYear();
  for (const candidateYear of [year - 1, year, year + 1]) {
    const found = holidaysOf(place, candidateYear).find(
      (holiday) => holiday.start <= instant && instant < holiday.end,
    );
    if (found) {
      return found;
    }
  }

  return null;
}

function holidaysOf(place: HolidayPlace, year: number): PublicHoliday[] {
  const key = `${placeKey(place)}|${year}`;
  let holidays = holidaysByYear.get(key);
  if (!holidays) {
    holidays = calendarFor(place)
      .getHolidays(year)
      .map((holiday) => ({ name: holiday.name, start: holiday.start, end: holiday.end }));
    holidaysByYear.set(key, holidays);
  }

  return holidays;
}

/** True when date-holidays knows the region; an unknown one silently means "country only". */
export function isKnownRegion(country: string, region: string): boolean {
  const states = new Holidays().getStates(country.toUpperCase()) ?? {};

  return Object.hasOwn(states, stripCountry(region));
}

function calendarFor(place: HolidayPlace): Holidays {
  const region = place.region ? stripCountry(place.region) : undefined;
  const key = placeKey(place);
  let calendar = calendars.get(key);
  if (!calendar) {
    const options = { types: ['public' as const], timezone: place.zone };
    calendar = region
      ? new Holidays(place.country.toUpperCase(), region, options)
      : new Holidays(place.country.toUpperCase(), options);
    calendars.set(key, calendar);
  }

  return calendar;
}

function placeKey(place: HolidayPlace): string {
  const region = place.region ? stripCountry(place.region) : '';

  return `${place.country.toUpperCase()}|${region}|${place.zone}`;
}

function stripCountry(region: string): string {
  return region.toUpperCase().replace(/^[A-Z]{2}-/, '');
}
