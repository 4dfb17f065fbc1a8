/**
 * Proleptic Gregorian calendar arithmetic on epoch seconds (UTC), without Date objects.
 *
 * Retention runs tens of millions of times in the fleet simulation, and `--keep-time 6M` or a
 * calendar GFS policy needs month arithmetic on every call; `new Date()` would allocate each
 * time. These are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms
 * (http://howardhinnant.github.io/date_algorithms.html), exact for any year.
 */
import { SECONDS_PER_DAY } from '../units.js';

/** Days since 1970-01-01 of the civil date y-m-d (m 1–12, d 1–31). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Scratch for civilFromDays: [year, month 1–12, day 1–31]. One per thread; never escapes. */
const civil = new Float64Array(3);

/** Writes the civil date of `days` (since 1970-01-01) into the module scratch. */
function civilFromDays(days: number): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  civil[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  civil[1] = m;
  civil[2] = doy - Math.floor((153 * mp + 2) / 5) + 1;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function civilDaysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Whole days since 1970-01-01 of an epoch-seconds instant (UTC). */
export function epochDay(epochSec: number): number {
  return Math.floor(epochSec / SECONDS_PER_DAY);
}

/**
 * A number that identifies the ISO week (Monday to Sunday) of a UTC instant: equal for two
 * instants exactly when they fall in the same ISO week. 1970-01-01 was a Thursday.
 */
export function isoWeekIndex(epochSec: number): number {
  return Math.floor((epochDay(epochSec) + 3) / 7);
}

/** First and last year of the month table; other years take the slow path. */
const TABLE_FIRST_YEAR = 1900;
const TABLE_MONTHS = 400 * 12;
/** Epoch day of the 1st of each month from January 1900, plus one past the end. */
const monthFirstDay = new Float64Array(TABLE_MONTHS + 1);
for (let k = 0; k <= TABLE_MONTHS; k++) monthFirstDay[k] = daysFromCivil(TABLE_FIRST_YEAR + Math.floor(k / 12), (k % 12) + 1, 1);
/** Months per day on average over the 400-year Gregorian cycle: the table index estimate. */
const MONTHS_PER_DAY = 4_800 / 146_097;

/**
 * A number that identifies the calendar month (UTC) of an instant: year × 12 + month − 1.
 * GFS rules ask this for every version on every call, and civil_from_days costs ten divisions;
 * a table of month starts answers years 1900–2299 with an estimate and at most a step or two.
 */
export function monthIndex(epochSec: number): number {
  const day = epochDay(epochSec);
  let k = Math.floor((day - (monthFirstDay[0] as number)) * MONTHS_PER_DAY);
  if (k < 1 || k >= TABLE_MONTHS - 1) {
    civilFromDays(day);
    return (civil[0] as number) * 12 + (civil[1] as number) - 1;
  }
  while (day < (monthFirstDay[k] as number)) k--;
  while (day >= (monthFirstDay[k + 1] as number)) k++;
  return TABLE_FIRST_YEAR * 12 + k;
}

/**
 * Adds `months` (may be negative) to an instant as .NET's DateTime.AddMonths does: same time of
 * day, the day of month clamped to the target month's length (Mar 31 − 1 month = Feb 28/29).
 */
export function addCalendarMonths(epochSec: number, months: number): number {
  const days = epochDay(epochSec);
  const timeOfDay = epochSec - days * SECONDS_PER_DAY;
  civilFromDays(days);
  const total = (civil[0] as number) * 12 + (civil[1] as number) - 1 + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(civil[2] as number, civilDaysInMonth(y, m));
  return daysFromCivil(y, m, d) * SECONDS_PER_DAY + timeOfDay;
}

/** 0001-01-01T00:00:00Z in epoch seconds: the origin of Duplicati's legacy duration arithmetic. */
export const YEAR_ONE_SEC = daysFromCivil(1, 1, 1) * SECONDS_PER_DAY;
