/**
 * Several forecasts side by side over the same months: monthly and total cost, the difference
 * from the first scenario (the baseline) by cause group and by usage type, when a design with a
 * higher upfront cost becomes cheaper (break-even), stored capacity at the end, and a verdict in
 * plain words generated from those numbers. Money is Decimal until rendered; JSON and CSV keep
 * full precision as strings.
 */
import { ScenarioError } from '../errors.js';
import type { Forecast } from '../forecast.js';
import { Dec } from '../pricing/decimal.js';
import type { RestoreEventResult } from '../restore/events.js';
import type { Scenario } from '../scenario/resolve.js';
import { addMonths, TIB_IN_GIB, type MonthKey } from '../units.js';
import { capacityTotals, COST_GROUPS, costOf } from './forecast.js';
import { formatMoney, formatNumber } from './money.js';
import { renderTable, type Column } from './table.js';

/** The months a scenario reports (history left out). */
export function reportedMonths(sc: Scenario): MonthKey[] {
  return Array.from({ length: sc.simMonths - sc.historyMonths }, (_, i) => addMonths(sc.simStartMonth, sc.historyMonths + i));
}

/**
 * Comparing month by month needs the same calendar months: refuses otherwise, before anything is
 * simulated, naming each file's months. (Shifting one scenario to line up would compare different
 * price periods and fleet ages without saying so.)
 */
export function checkSameHorizon(scenarios: readonly { readonly path: string; readonly scenario: Scenario }[]): void {
  const span = (sc: Scenario) => {
    const m = reportedMonths(sc);
    return `${m[0]} … ${m[m.length - 1]} (${monthsText(m.length)})`;
  };
  const first = scenarios[0];
  if (!first) return;
  const differ = scenarios.filter((s) => span(s.scenario) !== span(first.scenario));
  if (differ.length > 0) {
    const list = scenarios.map((s) => `${s.path} ${span(s.scenario)}`).join(', ');
    throw ScenarioError.at(`the scenarios cover different months (${list}); compare needs the same horizon.start_month and months (--months N sets the months of all)`, 'horizon', undefined);
  }
}

/** Months where cost b − cost a changes sign for the last time: when the design becomes cheaper for good. */
export interface BreakEven {
  /** The scenario that is cheaper at the end of the horizon. */
  readonly cheaper: string;
  /** From this month on its cumulative spend stays below the other's. */
  readonly month: MonthKey;
  /** True when it is cheaper from the first month (no upfront cost to earn back). */
  readonly fromStart: boolean;
}

export interface Difference {
  readonly scenario: string;
  readonly versus: string;
  /** scenario − versus, over the horizon. */
  readonly total: Dec;
  readonly months: readonly { readonly month: MonthKey; readonly difference: Dec }[];
  /** By the cost groups of the monthly table, non-zero only, largest |difference| first. */
  readonly byCause: readonly { readonly cause: string; readonly difference: Dec }[];
  /** By usage type and operation, non-zero only, largest |difference| first. */
  readonly byUsageType: readonly { readonly usageType: string; readonly operation: string; readonly difference: Dec }[];
  /** Undefined when the totals are equal. */
  readonly breakEven?: BreakEven;
}

export interface ComparedScenario {
  readonly name: string;
  readonly file: string;
  readonly forecast: Forecast;
}

/**
 * One restore event (or drill) in every design: the same name in the same month is the same
 * event (a drill repeats under one name, so the name alone would not tell its months apart).
 */
export interface RestoreComparison {
  readonly name: string;
  readonly month: MonthKey;
  /** One per scenario, in scenario order; undefined where that design has no such event. */
  readonly results: readonly (RestoreEventResult | undefined)[];
}

export interface Comparison {
  readonly months: readonly MonthKey[];
  readonly scenarios: readonly ComparedScenario[];
  /** Every other scenario against the first. */
  readonly differences: readonly Difference[];
  /** Every restore event of any design, in month order, with its cost and time in each design. */
  readonly restores: readonly RestoreComparison[];
  readonly verdict: readonly string[];
}

const monthsText = (n: number) => `${n} month${n === 1 ? '' : 's'}`;

const byMagnitude = <T extends { difference: Dec }>(xs: T[]) => xs.filter((x) => !x.difference.isZero()).sort((x, y) => y.difference.abs().cmp(x.difference.abs()));

function usageTypeCosts(f: Forecast): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const m of f.months) for (const l of m.lines) {
    const k = `${l.usage.usageType}\u0000${l.usage.operation}`;
    out.set(k, (out.get(k) ?? new Dec(0)).plus(l.cost));
  }
  return out;
}

function breakEven(a: ComparedScenario, b: ComparedScenario): BreakEven | undefined {
  let ca = new Dec(0);
  let cb = new Dec(0);
  const d = a.forecast.months.map((m, i) => {
    ca = ca.plus(m.total);
    cb = cb.plus(b.forecast.months[i]!.total);
    return cb.minus(ca); // > 0: b has spent more so far
  });
  const last = d[d.length - 1];
  if (!last || last.isZero()) return undefined;
  const bCheaper = last.isNegative();
  const cheaperSoFar = (x: Dec) => (bCheaper ? x.isNegative() : x.isPositive());
  let k = d.length - 1;
  while (k > 0 && cheaperSoFar(d[k - 1]!)) k--;
  return { cheaper: bCheaper ? b.name : a.name, month: a.forecast.months[k]!.month, fromStart: k === 0 };
}

/** b against a. */
export function difference(a: ComparedScenario, b: ComparedScenario): Difference {
  const linesA = a.forecast.months.flatMap((m) => m.lines);
  const linesB = b.forecast.months.flatMap((m) => m.lines);
  const ua = usageTypeCosts(a.forecast);
  const ub = usageTypeCosts(b.forecast);
  const keys = [...new Set([...ua.keys(), ...ub.keys()])].sort();
  const be = breakEven(a, b);
  return {
    scenario: b.name,
    versus: a.name,
    total: b.forecast.total.minus(a.forecast.total),
    months: a.forecast.months.map((m, i) => ({ month: m.month, difference: b.forecast.months[i]!.total.minus(m.total) })),
    byCause: byMagnitude(COST_GROUPS.map((g) => ({ cause: g.header, difference: costOf(linesB, g.causes).minus(costOf(linesA, g.causes)) }))),
    byUsageType: byMagnitude(
      keys.map((k) => {
        const [usageType = '', operation = ''] = k.split('\u0000');
        return { usageType, operation, difference: (ub.get(k) ?? new Dec(0)).minus(ua.get(k) ?? new Dec(0)) };
      }),
    ),
    ...(be ? { breakEven: be } : {}),
  };
}

const pct = (part: Dec, whole: Dec) => (whole.isZero() ? '' : ` (${part.div(whole).times(100).abs().toDecimalPlaces(1, Dec.ROUND_HALF_UP).toFixed(1)} %)`);
const signedMoney = (d: Dec) => (d.isNegative() ? formatMoney(d) : `+${formatMoney(d)}`);

/**
 * The verdict: the cheapest design, then every other one against it — by how much, the two
 * cause groups that make most of the difference, and whether it ever earns back an upfront cost.
 */
function verdict(scenarios: readonly ComparedScenario[], months: readonly MonthKey[]): string[] {
  const sorted = [...scenarios].sort((x, y) => x.forecast.total.cmp(y.forecast.total));
  const best = sorted[0]!;
  const span = `${months[0]} … ${months[months.length - 1]}`;
  const out = [`Cheapest over ${span}: ${best.name}, ${formatMoney(best.forecast.total)}.`];
  for (const s of sorted.slice(1)) {
    const d = difference(best, s);
    if (d.total.isZero()) {
      out.push(`${s.name} costs the same, ${formatMoney(s.forecast.total)}.`);
      continue;
    }
    const why = d.byCause
      .slice(0, 2)
      .map((c) => `${c.cause} ${c.difference.isNegative() ? 'lower' : 'higher'} by ${formatMoney(c.difference.abs())}`)
      .join(', ');
    const be = d.breakEven;
    const when = be && !be.fromStart ? ` ${best.name} costs more at first and is cheaper from ${be.month} on.` : '';
    out.push(`${s.name} costs ${formatMoney(d.total)} more${pct(d.total, best.forecast.total)}, ${formatMoney(s.forecast.total)}: ${why}.${when}`);
  }
  return out;
}

/** Restore events matched across designs by month and name, in month order then first appearance. */
export function compareRestores(scenarios: readonly ComparedScenario[]): RestoreComparison[] {
  const key = (e: { month: MonthKey; name: string }) => `${e.month}\u0000${e.name}`;
  const events = new Map<string, { name: string; month: MonthKey }>();
  for (const s of scenarios) for (const e of s.forecast.restoreEvents) if (!events.has(key(e))) events.set(key(e), { name: e.name, month: e.month });
  return [...events.values()]
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .map((e) => ({ ...e, results: scenarios.map((s) => s.forecast.restoreEvents.find((r) => key(r) === key(e))) }));
}

/** Compares forecasts of the same months; the first is the baseline of the differences. */
export function compareForecasts(scenarios: readonly ComparedScenario[]): Comparison {
  const first = scenarios[0];
  if (!first) throw ScenarioError.at('compare needs at least two scenarios', 'scenarios');
  const months = first.forecast.months.map((m) => m.month);
  for (const s of scenarios) {
    const mine = s.forecast.months.map((m) => m.month);
    if (mine.join() !== months.join()) throw ScenarioError.at(`${s.file} covers ${mine[0]} … ${mine[mine.length - 1]}, not ${months[0]} … ${months[months.length - 1]}`, 'horizon');
  }
  return { months, scenarios, differences: scenarios.slice(1).map((s) => difference(first, s)), restores: compareRestores(scenarios), verdict: verdict(scenarios, months) };
}

function endCapacity(f: Forecast): { tib: number; objects: number } {
  const end = f.months[f.months.length - 1];
  const t = end ? capacityTotals(end.capacity) : { gib: 0, objects: 0 };
  return { tib: t.gib / TIB_IN_GIB, objects: t.objects };
}

const usageLabel = (u: { usageType: string; operation: string }) => (u.operation ? `${u.usageType} ${u.operation}` : u.usageType);

/** How many usage-type rows the table shows (CSV and JSON have them all). */
const TABLE_USAGE_TYPES = 15;

export function comparisonTable(c: Comparison): string {
  const first = c.scenarios[0]!;
  const names = c.scenarios.map((s) => s.name);
  const others = c.differences.map((d) => d.scenario);
  const p = first.forecast.priceBook;
  const out: string[] = [
    `compare: ${c.months[0]} … ${c.months[c.months.length - 1]} (${monthsText(c.months.length)}), baseline ${first.name}`,
    `prices: ${p.id} (${p.provenance.source}, ${p.provenance.date})`,
    '',
  ];
  const moneyCols = (hs: readonly string[]): Column[] => hs.map((header) => ({ header, align: 'right' as const }));
  out.push(
    renderTable(
      [{ header: 'month' }, ...moneyCols(names)],
      c.months.map((m, i) => [m, ...c.scenarios.map((s) => formatMoney(s.forecast.months[i]!.total))]),
      { totals: [['total', ...c.scenarios.map((s) => formatMoney(s.forecast.total))]] },
    ),
  );
  const causes = COST_GROUPS.map((g) => g.header).filter((h) => c.differences.some((d) => d.byCause.some((x) => x.cause === h)));
  out.push(`Difference from ${first.name} by cause:`);
  out.push(
    renderTable(
      [{ header: 'cause' }, ...moneyCols(others)],
      causes.map((h) => [h, ...c.differences.map((d) => signedMoney(d.byCause.find((x) => x.cause === h)?.difference ?? new Dec(0)))]),
      { totals: [['total', ...c.differences.map((d) => signedMoney(d.total))]] },
    ),
  );
  const usage = new Map<string, Dec>();
  for (const d of c.differences) for (const u of d.byUsageType) usage.set(usageLabel(u), Dec.max(usage.get(usageLabel(u)) ?? new Dec(0), u.difference.abs()));
  const top = [...usage.entries()].sort((x, y) => y[1].cmp(x[1])).slice(0, TABLE_USAGE_TYPES).map(([k]) => k);
  out.push(`Difference from ${first.name} by usage type (largest ${Math.min(TABLE_USAGE_TYPES, usage.size)} of ${usage.size}; --format csv has all):`);
  out.push(renderTable([{ header: 'usage type' }, ...moneyCols(others)], top.map((k) => [k, ...c.differences.map((d) => signedMoney(d.byUsageType.find((u) => usageLabel(u) === k)?.difference ?? new Dec(0)))])));
  out.push(`Break-even against ${first.name}:`);
  for (const d of c.differences) out.push(`  ${d.scenario}: ${breakEvenText(d)}`);
  if (c.restores.length > 0) {
    out.push('', `Restore events (the same event in each design; difference from ${first.name}):`);
    out.push(renderTable(RESTORE_COLUMNS.map((header) => ({ header, align: RESTORE_FIGURES.has(header) ? ('right' as const) : ('left' as const) })), restoreRows(c)));
    for (const l of missingRestoreLines(c)) out.push(`  ${l}`);
  }
  out.push('', `Stored at the end of ${c.months[c.months.length - 1]}:`);
  out.push(
    renderTable(
      [{ header: 'scenario' }, { header: 'TiB', align: 'right' }, { header: 'objects', align: 'right' }],
      c.scenarios.map((s) => {
        const e = endCapacity(s.forecast);
        return [s.name, formatNumber(e.tib, { maxDecimals: 2, minDecimals: 2 }), formatNumber(e.objects, { maxDecimals: 0 })];
      }),
    ),
  );
  out.push('Verdict:', ...c.verdict.map((l) => `  ${l}`), '');
  return out.join('\n');
}

export const RESTORE_COLUMNS = ['event', 'month', 'scenario', 'devices', 'tier', 'from', 'cost', 'hours to restore', 'vs baseline', 'decided by'] as const;

const RESTORE_FIGURES = new Set<string>(['devices', 'cost', 'hours to restore', 'vs baseline']);
const hoursText = (h: number) => formatNumber(h, { maxDecimals: 1, minDecimals: 1 });

/**
 * One row per event and design: its cost and time, and both against the baseline's run of the
 * same event ('vs baseline' empty when the baseline lacks it); a design without the event says so.
 */
export function restoreRows(c: Comparison): string[][] {
  return c.restores.flatMap((e) => {
    const base = e.results[0];
    return c.scenarios.map((s, k) => {
      const r = e.results[k];
      if (!r) return [e.name, e.month, s.name, 'not in this design', '', '', '', '', '', ''];
      const vs = base && k > 0 ? `${signedMoney(r.cost.minus(base.cost))}, ${r.hoursToRestore >= base.hoursToRestore ? '+' : '−'}${hoursText(Math.abs(r.hoursToRestore - base.hoursToRestore))} h` : '';
      return [e.name, e.month, s.name, formatNumber(r.devices, { maxDecimals: 0 }), r.tier, r.fromRegion, formatMoney(r.cost), hoursText(r.hoursToRestore), vs, r.bottleneck];
    });
  });
}

/** A sentence per event some design lacks: its restore cost and time cannot be compared there. */
export function missingRestoreLines(c: Comparison): string[] {
  return c.restores.flatMap((e) => {
    const lacking = c.scenarios.filter((_, k) => !e.results[k]).map((s) => s.name);
    return lacking.length === 0 ? [] : [`restore event '${e.name}' (${e.month}) is not in ${lacking.join(', ')}: no restore cost or time to compare there`];
  });
}

export function breakEvenText(d: Difference): string {
  const be = d.breakEven;
  if (!be) return 'the same total';
  const other = be.cheaper === d.scenario ? d.versus : d.scenario;
  return be.fromStart ? `${be.cheaper} is cheaper from the first month` : `${be.cheaper} costs more at first; its cumulative spend stays below ${other}'s from ${be.month} on`;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Long format, one figure a row: kind, scenario, versus, month, key, value (full precision). */
export function comparisonCsv(c: Comparison): string {
  const rows: string[][] = [['kind', 'scenario', 'versus', 'month', 'key', 'value']];
  for (const s of c.scenarios) {
    s.forecast.months.forEach((m) => rows.push(['month_total', s.name, '', m.month, '', m.total.toString()]));
    rows.push(['total', s.name, '', '', '', s.forecast.total.toString()]);
    const e = endCapacity(s.forecast);
    rows.push(['stored_tib_end', s.name, '', c.months[c.months.length - 1]!, '', String(e.tib)], ['objects_end', s.name, '', c.months[c.months.length - 1]!, '', String(e.objects)]);
  }
  for (const d of c.differences) {
    d.months.forEach((m) => rows.push(['month_difference', d.scenario, d.versus, m.month, '', m.difference.toString()]));
    d.byCause.forEach((x) => rows.push(['cause_difference', d.scenario, d.versus, '', x.cause, x.difference.toString()]));
    d.byUsageType.forEach((u) => rows.push(['usage_type_difference', d.scenario, d.versus, '', usageLabel(u), u.difference.toString()]));
    rows.push(['total_difference', d.scenario, d.versus, '', '', d.total.toString()]);
    if (d.breakEven) rows.push(['break_even', d.scenario, d.versus, d.breakEven.month, d.breakEven.cheaper, d.breakEven.fromStart ? 'from_start' : 'after_upfront']);
  }
  for (const e of c.restores) {
    c.scenarios.forEach((s, k) => {
      const r = e.results[k];
      if (r) rows.push(['restore_cost', s.name, '', e.month, e.name, r.cost.toString()], ['restore_hours', s.name, '', e.month, e.name, String(r.hoursToRestore)]);
      else rows.push(['restore_missing', s.name, '', e.month, e.name, '']);
    });
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}

export function comparisonJson(c: Comparison): unknown {
  return {
    months: c.months,
    priceBook: c.scenarios[0]!.forecast.priceBook,
    scenarios: c.scenarios.map((s) => {
      const e = endCapacity(s.forecast);
      return {
        name: s.name,
        file: s.file,
        total: s.forecast.total.toString(),
        months: s.forecast.months.map((m) => ({ month: m.month, total: m.total.toString() })),
        storedAtEnd: { tib: e.tib, objects: e.objects },
      };
    }),
    differences: c.differences.map((d) => ({
      scenario: d.scenario,
      versus: d.versus,
      total: d.total.toString(),
      months: d.months.map((m) => ({ month: m.month, difference: m.difference.toString() })),
      byCause: Object.fromEntries(d.byCause.map((x) => [x.cause, x.difference.toString()])),
      byUsageType: d.byUsageType.map((u) => ({ usageType: u.usageType, operation: u.operation, difference: u.difference.toString() })),
      breakEven: d.breakEven ?? null,
    })),
    // Per event, one entry per scenario in order; `missing: true` where that design has no such event.
    restoreEvents: c.restores.map((e) => ({
      name: e.name,
      month: e.month,
      scenarios: e.results.map((r, k) =>
        r
          ? { scenario: c.scenarios[k]!.name, devices: r.devices, tier: r.tier, fromRegion: r.fromRegion, cost: r.cost.toString(), hoursToRestore: r.hoursToRestore, bottleneck: r.bottleneck }
          : { scenario: c.scenarios[k]!.name, missing: true },
      ),
    })),
    verdict: c.verdict,
  };
}
