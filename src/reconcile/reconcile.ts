/**
 * A forecast held against the bill, month by month. Both sides are keyed by usage type (region
 * prefix normalised) and, where both have one, operation. The bill splits one usage type over
 * API operations (Requests-Tier1 as PutObject, CopyObject, ListBucket …) while the Price List and
 * the forecast do not: such actual lines are summed to the forecast's grain, the split kept for
 * display. Knows no file format: it takes a Forecast and Actuals.
 */
import { Dec, sum } from '../pricing/decimal.js';
import type { Forecast } from '../forecast.js';
import { regionInfo } from '../usage/regions.js';
import type { Actuals } from './actuals.js';

/** Negotiated prices: a discount off list prices, or a rate (USD per unit) per usage type. */
export type PriceAdjustment = { readonly kind: 'list' } | { readonly kind: 'discount'; readonly pct: Dec } | { readonly kind: 'rates'; readonly rates: ReadonlyMap<string, Dec> };

export interface SplitPart {
  readonly operation: string;
  readonly quantity: Dec | undefined;
  readonly cost: Dec;
}

export interface ReconciledLine {
  /** Normalised usage type (the scenario region's prefix removed). */
  readonly usageType: string;
  /** '' where the line is at the usage-type grain. */
  readonly operation: string;
  readonly unit: string;
  readonly forecastQuantity: Dec;
  /** Undefined when the bill gives costs only (the Cost Explorer console export). */
  readonly actualQuantity: Dec | undefined;
  readonly forecastCost: Dec;
  readonly actualCost: Dec;
  /** Which sides have the line. */
  readonly side: 'both' | 'forecast only' | 'actual only';
  /** The bill's operations summed into this line, when there were several. */
  readonly split: readonly SplitPart[];
}

export interface ReconciledMonth {
  readonly month: string;
  readonly estimated: boolean;
  readonly lines: readonly ReconciledLine[];
  readonly forecastTotal: Dec;
  readonly actualTotal: Dec;
}

export interface Reconciliation {
  readonly months: readonly ReconciledMonth[];
  /** Months only one side has (not compared). */
  readonly forecastOnlyMonths: readonly string[];
  readonly actualOnlyMonths: readonly string[];
}

/**
 * Strips the region's prefix (`APS3-TimedStorage-ByteHrs` → `TimedStorage-ByteHrs`). us-east-1
 * lines usually carry none but some appear as `USE1-…`; both spellings meet. Other regions'
 * lines keep their prefix and show up as lines the forecast does not have.
 */
export function normaliseUsageType(region: string, usageType: string): string {
  const info = regionInfo(region);
  const prefixes = [info?.usagePrefix, region === 'us-east-1' ? 'USE1' : undefined].filter((p): p is string => !!p);
  for (const p of prefixes) {
    // `USE1-EU-AWS-Out-Bytes` is inter-region transfer, named by both regions: kept whole.
    if (usageType.startsWith(`${p}-`) && !/-AWS-Out-Bytes$|-S3RTC-Out-Bytes$/.test(usageType)) return usageType.slice(p.length + 1);
  }
  return usageType;
}

interface Cell {
  usageType: string;
  operation: string;
  unit: string;
  fq: Dec;
  aq: Dec;
  fc: Dec;
  ac: Dec;
  hasF: boolean;
  hasA: boolean;
  /** An actual line without a quantity went in: the actual quantity is unknown. */
  aqUnknown: boolean;
  split: Map<string, { quantity: Dec | undefined; cost: Dec }>;
}

const ZERO = new Dec(0);

function adjusted(cost: Dec, quantity: Dec, usageType: string, adj: PriceAdjustment): Dec {
  if (adj.kind === 'discount') return cost.times(new Dec(100).minus(adj.pct)).div(100);
  if (adj.kind === 'rates') {
    const rate = adj.rates.get(usageType);
    return rate ? quantity.times(rate) : cost;
  }
  return cost;
}

export function reconcile(f: Forecast, a: Actuals, adj: PriceAdjustment = { kind: 'list' }): Reconciliation {
  const region = f.scenario.region;
  const cells = new Map<string, Map<string, Cell>>(); // month → key → cell
  const cellOf = (month: string, usageType: string, operation: string, unit: string): Cell => {
    let m = cells.get(month);
    if (!m) cells.set(month, (m = new Map()));
    const id = `${usageType}|${operation}`;
    let c = m.get(id);
    if (!c) m.set(id, (c = { usageType, operation, unit, fq: ZERO, aq: ZERO, fc: ZERO, ac: ZERO, hasF: false, hasA: false, aqUnknown: false, split: new Map() }));
    return c;
  };

  const forecastMonths = new Set<string>(f.months.map((m) => m.month));
  const actualMonths = new Set<string>(a.lines.map((l) => l.period.slice(0, 7)));
  for (const p of a.periods) actualMonths.add(p.period.slice(0, 7));
  const compared = [...forecastMonths].filter((m) => actualMonths.has(m)).sort();
  const comparedSet = new Set(compared);

  // Forecast: its own grain (usage type, Price List operation), summed over causes and classes.
  const forecastOps = new Map<string, Set<string>>(); // month|usageType → operations the forecast has
  for (const m of f.months) {
    if (!comparedSet.has(m.month)) continue;
    for (const l of m.lines) {
      const ut = normaliseUsageType(region, l.usage.usageType);
      const c = cellOf(m.month, ut, l.usage.operation, l.usage.unit);
      const q = new Dec(l.usage.quantity);
      c.fq = c.fq.plus(q);
      c.fc = c.fc.plus(adjusted(l.cost, q, ut, adj));
      c.hasF = true;
      const k = `${m.month}|${ut}`;
      (forecastOps.get(k) ?? forecastOps.set(k, new Set()).get(k)!).add(l.usage.operation);
    }
  }
  // Actuals: joined on the operation where the forecast has that operation, else summed to the
  // usage type (the forecast's grain), keeping what each operation contributed.
  for (const l of a.lines) {
    const month = l.period.slice(0, 7);
    if (!comparedSet.has(month)) continue;
    const ut = normaliseUsageType(region, l.usageType);
    const ops = forecastOps.get(`${month}|${ut}`);
    const op = l.operation !== '' && ops?.has(l.operation) ? l.operation : '';
    const c = cellOf(month, ut, op, l.unit);
    if (c.unit === '') c.unit = l.unit;
    if (l.quantity) c.aq = c.aq.plus(l.quantity);
    else c.aqUnknown = true;
    c.ac = c.ac.plus(l.cost);
    c.hasA = true;
    if (op === '') {
      const s = c.split.get(l.operation) ?? { quantity: ZERO, cost: ZERO };
      c.split.set(l.operation, { quantity: s.quantity && l.quantity ? s.quantity.plus(l.quantity) : undefined, cost: s.cost.plus(l.cost) });
    }
  }

  const estimated = new Set(a.periods.filter((p) => p.estimated).map((p) => p.period.slice(0, 7)));
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const months: ReconciledMonth[] = compared.map((month) => {
    const list = [...(cells.get(month)?.values() ?? [])].sort((x, y) => cmp(x.usageType, y.usageType) || cmp(x.operation, y.operation));
    const lines: ReconciledLine[] = list.map((c) => ({
      usageType: c.usageType,
      operation: c.operation,
      unit: c.unit,
      forecastQuantity: c.fq,
      actualQuantity: c.aqUnknown ? undefined : c.aq,
      forecastCost: c.fc,
      actualCost: c.ac,
      side: c.hasF && c.hasA ? 'both' : c.hasF ? 'forecast only' : 'actual only',
      // A split of one operation (or of none) says nothing the line does not.
      split: c.split.size > 1 || (c.split.size === 1 && !c.split.has('')) ? [...c.split.entries()].sort((x, y) => cmp(x[0], y[0])).map(([operation, s]) => ({ operation, ...s })) : [],
    }));
    return {
      month,
      estimated: estimated.has(month),
      lines,
      forecastTotal: sum(lines.map((l) => l.forecastCost)),
      actualTotal: sum(lines.map((l) => l.actualCost)),
    };
  });
  return {
    months,
    forecastOnlyMonths: [...forecastMonths].filter((m) => !actualMonths.has(m)).sort(),
    actualOnlyMonths: [...actualMonths].filter((m) => !forecastMonths.has(m)).sort(),
  };
}

/** Difference actual − forecast as a percentage of the forecast; undefined when the forecast is 0. */
export function pctDiff(forecast: Dec, actual: Dec | undefined): Dec | undefined {
  return actual === undefined || forecast.isZero() ? undefined : actual.minus(forecast).div(forecast).times(100);
}

export interface Gap {
  readonly usageType: string;
  readonly operation: string;
  readonly forecastCost: Dec;
  readonly actualCost: Dec;
  readonly forecastQuantity: Dec;
  readonly actualQuantity: Dec | undefined;
  readonly side: ReconciledLine['side'];
  /** What usually causes a gap on this kind of line. */
  readonly usualCauses: string;
}

/** What usually makes the bill and the forecast differ on a usage type (kinds of line, not guesses about this one). */
export function usualCauses(usageType: string, operation: string, quantitiesAgree: boolean): string {
  if (quantitiesAgree) return 'quantities agree, so a price difference: prices changed since the price book, negotiated prices (--discount, --rates), free tier';
  const ut = usageType;
  if (/Transition/.test(operation)) return 'lifecycle transitions: a rule with a missing or wrong prefix, a size filter, small objects, more objects than modelled (volume size)';
  if (/^EarlyDelete/.test(ut)) return 'objects deleted before the class minimum: compaction or retention deleting archived volumes, retired devices';
  if (/TimedStorage|SmallObjects/.test(ut)) return 'stored bytes: protected data per device, daily change rate, retention, compaction, a missing lifecycle prefix leaving objects in STANDARD';
  if (/Requests-(GDA-|GIR-|SIA-|ZIA-|INT-)?Tier1$/.test(ut)) return 'PUT/COPY/POST/LIST requests: backup frequency, small objects (volume size), compaction rewriting volumes, listing';
  if (/Requests-(GDA-|GIR-|SIA-|ZIA-|INT-)?Tier2$/.test(ut)) return 'GET requests: verification samples, restores, compaction reads, other readers of the bucket';
  if (/Retrieval|Restore|Tier3$|Tier5$|Tier6$/.test(ut) || /Restore/.test(operation)) return 'restores: how often devices restore, and how much';
  if (/DataTransfer-Out|AWS-Out-Bytes/.test(ut)) return 'egress: verification downloads, restores, or egress from other workloads in the account (filter with --bucket or --tag)';
  if (/Monitoring/.test(ut)) return 'Intelligent-Tiering monitoring: the number of objects over 128 KiB';
  return 'usage the scenario does not model (other workloads in the bucket or account, replication, KMS, inventory)';
}

/** The largest cost gaps over all compared months, by usage type and operation, largest first. */
export function largestGaps(r: Reconciliation, count = 3): Gap[] {
  const by = new Map<string, { usageType: string; operation: string; fc: Dec; ac: Dec; fq: Dec; aq: Dec | undefined; f: boolean; a: boolean }>();
  for (const m of r.months) {
    for (const l of m.lines) {
      const id = `${l.usageType}|${l.operation}`;
      const g = by.get(id) ?? { usageType: l.usageType, operation: l.operation, fc: ZERO, ac: ZERO, fq: ZERO, aq: ZERO, f: false, a: false };
      g.fc = g.fc.plus(l.forecastCost);
      g.ac = g.ac.plus(l.actualCost);
      g.fq = g.fq.plus(l.forecastQuantity);
      g.aq = g.aq && l.actualQuantity ? g.aq.plus(l.actualQuantity) : undefined;
      g.f ||= l.side !== 'actual only';
      g.a ||= l.side !== 'forecast only';
      by.set(id, g);
    }
  }
  return [...by.values()]
    .filter((g) => !g.ac.minus(g.fc).abs().lt('0.005'))
    .sort((x, y) => y.ac.minus(y.fc).abs().comparedTo(x.ac.minus(x.fc).abs()))
    .slice(0, count)
    .map((g) => {
      const q = pctDiff(g.fq, g.aq);
      const agree = g.f && g.a && q !== undefined && q.abs().lt(1);
      return {
        usageType: g.usageType,
        operation: g.operation,
        forecastCost: g.fc,
        actualCost: g.ac,
        forecastQuantity: g.fq,
        actualQuantity: g.aq,
        side: g.f && g.a ? 'both' : g.f ? 'forecast only' : 'actual only',
        usualCauses: usualCauses(g.usageType, g.operation, agree),
      };
    });
}
