/**
 * A forecast stated as a bill would state it: an `Actuals` whose lines are the forecast's. It is
 * the known truth of round-trip checks (a forecast reconciles to zero against its own bill) and a
 * stand-in bill for examples: the forecast of a *different* scenario (say, devices that change
 * more data than planned) played as what AWS billed.
 */
import type { Forecast } from '../forecast.js';
import { Dec } from '../pricing/decimal.js';
import { addMonths } from '../units.js';
import { ACTUALS_FORMAT, LineAccumulator, type Actuals } from './actuals.js';

/**
 * Every forecast line as a billed line. Lines without an operation whose usage type the bill
 * splits by API operation (`split`, e.g. `{ 'Requests-Tier1': { PutObject: '0.9', ListBucket:
 * '0.1' } }`) are cut into parts (shares summing to 1), as a bill does. `createdAt` defaults to
 * the first day after the last month, so the same forecast gives the same file.
 */
export function actualsFromForecast(f: Forecast, split: Readonly<Record<string, Readonly<Record<string, string>>>> = {}, createdAt?: string): Actuals {
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
  const last = f.months[f.months.length - 1]?.month;
  return {
    format: ACTUALS_FORMAT,
    createdAt: createdAt ?? (last ? `${addMonths(last, 1)}-01T00:00:00Z` : '1970-01-01T00:00:00Z'),
    source: { kind: 'cur2', file: 'from-forecast' },
    granularity: 'monthly',
    filter: {},
    periods: f.months.map((m) => ({ period: m.month, estimated: false })),
    lines,
    excluded,
  };
}
