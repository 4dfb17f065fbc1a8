import fc from 'fast-check';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { addCalendarMonths, daysFromCivil, isoWeekIndex, monthIndex, YEAR_ONE_SEC } from '../../src/retention/calendar.js';

const utc = (iso: string) => Date.parse(iso) / 1000;
/** Instants from year 1 to 9999, whole seconds. */
const instant = fc.integer({ min: -62_135_596_800, max: 253_402_300_799 });

describe('allocation-free calendar arithmetic', () => {
  it('daysFromCivil agrees with Date.UTC', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const d = new Date(t * 1000);
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(Math.floor(t / 86_400));
      }),
    );
  });

  it('adds months as .NET AddMonths: the day clamps to the end of a shorter month', () => {
    expect(addCalendarMonths(utc('2026-03-31T05:00:00Z'), -1)).toBe(utc('2026-02-28T05:00:00Z'));
    expect(addCalendarMonths(utc('2024-03-31T05:00:00Z'), -1)).toBe(utc('2024-02-29T05:00:00Z'));
    expect(addCalendarMonths(utc('2024-02-29T00:00:00Z'), -12)).toBe(utc('2023-02-28T00:00:00Z'));
    expect(addCalendarMonths(utc('2026-01-15T12:34:56Z'), 13)).toBe(utc('2027-02-15T12:34:56Z'));
  });

  it('YEAR_ONE_SEC is 0001-01-01T00:00:00Z', () => {
    // Date.UTC maps years 0–99 to 1900–1999, so set the year explicitly.
    const d = new Date(0);
    d.setUTCFullYear(1, 0, 1);
    expect(YEAR_ONE_SEC).toBe(d.getTime() / 1000);
  });

  it('month arithmetic agrees with Date.UTC month overflow plus clamping', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), fc.integer({ min: -240, max: 240 }), (t, k) => {
        const d = new Date(t * 1000);
        const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k + 1, 0)).getUTCDate();
        const expected = Date.UTC(
          d.getUTCFullYear(),
          d.getUTCMonth() + k,
          Math.min(d.getUTCDate(), last),
          d.getUTCHours(),
          d.getUTCMinutes(),
          d.getUTCSeconds(),
        );
        expect(addCalendarMonths(t, k)).toBe(expected / 1000);
      }),
    );
  });

  it('monthIndex is year × 12 + month − 1 for any instant from year 1 to 9999', () => {
    fc.assert(
      fc.property(instant, (t) => {
        const d = new Date(t * 1000);
        expect(monthIndex(t)).toBe(d.getUTCFullYear() * 12 + d.getUTCMonth());
      }),
      { numRuns: 2000 },
    );
    // Both edges of the month-start table (1900–2299) and the slow path beyond it.
    for (const iso of ['1899-12-31T23:59:59Z', '1900-01-01T00:00:00Z', '2299-12-31T23:59:59Z', '2300-01-01T00:00:00Z', '2024-02-29T12:00:00Z']) {
      const d = new Date(iso);
      expect(monthIndex(d.getTime() / 1000)).toBe(d.getUTCFullYear() * 12 + d.getUTCMonth());
    }
  });

  it('monthIndex and isoWeekIndex change exactly when the UTC month / ISO week changes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), fc.integer({ min: 1, max: 40 * 86_400 }), (a, gap) => {
        const b = a + gap;
        const da = new Date(a * 1000);
        const db = new Date(b * 1000);
        const sameMonth = da.toISOString().slice(0, 7) === db.toISOString().slice(0, 7);
        expect(monthIndex(a) === monthIndex(b)).toBe(sameMonth);
        const week = (d: Date) => {
          const local = new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
          return `${getISOWeekYear(local)}-${getISOWeek(local)}`;
        };
        expect(isoWeekIndex(a) === isoWeekIndex(b)).toBe(week(da) === week(db));
      }),
    );
  });
});
