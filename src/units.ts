/**
 * Units as AWS bills them. The simulation works in float64 GiB, GiB-days and counts: at fleet
 * scale byte counts approach 2^53 and byte-hours pass it, so bytes appear only at the edges.
 */
import { getDaysInMonth } from 'date-fns';

/** One GiB: AWS's billing "GB" is 2^30 bytes (S3 FAQ byte-hour example). */
export const GIB = 2 ** 30;
/** One MiB, 2^20 bytes: Duplicati's volume sizes are MiB. */
export const MIB = 2 ** 20;
/** One KiB, 2^10 bytes: S3's small-object minimums (128 KiB, 40 KiB archive overhead) are KiB. */
export const KIB = 2 ** 10;
/** One TiB in GiB: Price List tier bounds are in GB where 1 TB = 1,024 GB. */
export const TIB_IN_GIB = 1024;

export const SECONDS_PER_DAY = 86_400;
export const HOURS_PER_DAY = 24;

/** A calendar month as AWS bills it, `YYYY-MM` (UTC). */
export type MonthKey = `${number}-${string}`;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parse `YYYY-MM` into year and 1-based month; undefined when malformed. */
export function parseMonthKey(text: string): { year: number; month: number } | undefined {
  const m = MONTH_RE.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]) } : undefined;
}

export function monthKey(year: number, month: number): MonthKey {
  return `${year}-${String(month).padStart(2, '0')}` as MonthKey;
}

/** The month `offset` months after `start` (offset may be negative). */
export function addMonths(start: MonthKey, offset: number): MonthKey {
  const p = parseMonthKey(start);
  if (!p) throw new RangeError(`not a YYYY-MM month: ${start}`);
  const index = p.year * 12 + (p.month - 1) + offset;
  return monthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** Days in a calendar month (28–31), leap years included; date-fns does the calendar. */
export function daysInMonth(month: MonthKey): number {
  const p = parseMonthKey(month);
  if (!p) throw new RangeError(`not a YYYY-MM month: ${month}`);
  return getDaysInMonth(new Date(Date.UTC(p.year, p.month - 1, 1)));
}

/** Hours in a calendar month: the denominator of a GB-Month (672, 696, 720 or 744). */
export function hoursInMonth(month: MonthKey): number {
  return daysInMonth(month) * HOURS_PER_DAY;
}

/** Midnight UTC of the first day of a month, in epoch milliseconds. */
export function monthStartMs(month: MonthKey): number {
  const p = parseMonthKey(month);
  if (!p) throw new RangeError(`not a YYYY-MM month: ${month}`);
  return Date.UTC(p.year, p.month - 1, 1);
}

/** GB-Months from byte-hours, AWS's own definition (byte-hours ÷ 2^30 ÷ hours in the month). */
export function gbMonthsFromByteHours(byteHours: bigint, month: MonthKey): number {
  return Number(byteHours) / GIB / hoursInMonth(month);
}
