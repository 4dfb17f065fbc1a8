/** Actuals made from a forecast, as a bill would state it: the round-trip tests' known truth. */
import type { Forecast } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { ACTUALS_FORMAT, LineAccumulator, type Actuals } from '../../src/reconcile/actuals.js';

/**
 * Every forecast line as a billed line. Lines without an operation whose usage type the bill
 * splits by API operation (`split`) are cut into parts (shares summing to 1), as a bill does.
 */
export function actualsFromForecast(f: Forecast, split: Readonly<Record<string, Readonly<Record<string, string>>>> = {}): Actuals {
  const acc = new LineAccumulator();
  for (const m of f.months) {
    for (const l of m.lines) {
      const q = new Dec(l.usage.quantity);
      const parts = l.usage.operation === '' ? split[l.usage.usageType] : undefined;
      if (!parts) {
        acc.add(m.month, l.usage.usageType, l.usage.operation, l.usage.unit, q, l.cost);
        continue;
      }
      for (const [op, share] of Object.entries(parts)) acc.add(m.month, l.usage.usageType, op, l.usage.unit, q.times(share), l.cost.times(share));
    }
  }
  const { lines, excluded } = acc.result();
  return {
    format: ACTUALS_FORMAT,
    createdAt: '2027-12-01T00:00:00Z',
    source: { kind: 'cur2', file: 'from-forecast' },
    granularity: 'monthly',
    filter: {},
    periods: f.months.map((m) => ({ period: m.month, estimated: false })),
    lines,
    excluded,
  };
}
