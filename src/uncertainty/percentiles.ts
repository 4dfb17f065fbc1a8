/**
 * Percentiles of Monte Carlo results, in Decimal so money stays exact: linear interpolation
 * between order statistics (Hyndman & Fan's definition 7, the default of R's `quantile`, NumPy's
 * `percentile` and spreadsheets' PERCENTILE.INC). With n sorted values x[0..n-1], the p-th
 * percentile is x[h] interpolated at h = (n − 1)·p. Equal values give that value exactly.
 */
import { Dec } from '../pricing/decimal.js';

export interface Percentiles {
  readonly p10: Dec;
  readonly p50: Dec;
  readonly p90: Dec;
}

/** The p-th quantile (p in [0, 1]) of `values` (not empty). */
export function percentile(values: readonly Dec[], p: number): Dec {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const h = new Dec(sorted.length - 1).times(p);
  const lo = h.floor().toNumber();
  const below = sorted[lo] as Dec;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as Dec;
  return below.plus(above.minus(below).times(h.minus(lo)));
}

export function percentiles(values: readonly Dec[]): Percentiles {
  return { p10: percentile(values, 0.1), p50: percentile(values, 0.5), p90: percentile(values, 0.9) };
}
