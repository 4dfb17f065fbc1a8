/**
 * A reconciliation rendered: per month a table of forecast against actual (quantities and cost,
 * differences absolute and in %), lines on one side only called out, the bill's operation split
 * under lines it was summed into; then the largest gaps and what usually causes them. CSV and
 * JSON keep full precision as decimal strings.
 */
import { Dec } from '../pricing/decimal.js';
import { largestGaps, pctDiff, type Reconciliation, type ReconciledLine } from '../reconcile/reconcile.js';
import { formatMoney, formatQuantity } from './money.js';
import { renderTable, type Column } from './table.js';

export interface ReconcileHeader {
  readonly scenario: { readonly name: string; readonly region: string; readonly priceBook: string };
  readonly actuals: { readonly file: string; readonly source: string; readonly createdAt: string };
  /** How forecast prices were adjusted ('list prices', 'list − 10 %', 'rates from …'). */
  readonly prices: string;
}

const pctText = (d: Dec | undefined) => (d === undefined ? '' : `${d.isNeg() ? '' : '+'}${d.toFixed(1)}%`);
const noteOf = (l: ReconciledLine) => (l.side === 'actual only' ? 'billed, not forecast' : l.side === 'forecast only' ? 'forecast, not billed' : '');
const signedMoney = (d: Dec) => (d.isNeg() ? formatMoney(d) : `+${formatMoney(d)}`);

export function reconcileTable(r: Reconciliation, h: ReconcileHeader): string {
  const out: string[] = [
    `${h.scenario.name} (${h.scenario.region}) against ${h.actuals.file} (${h.actuals.source}, made ${h.actuals.createdAt})`,
    `forecast prices: ${h.scenario.priceBook}, ${h.prices}`,
    '',
  ];
  const columns: Column[] = [
    { header: 'usage type' },
    { header: 'operation' },
    { header: 'unit' },
    { header: 'forecast qty', align: 'right' },
    { header: 'actual qty', align: 'right' },
    { header: 'qty Δ%', align: 'right' },
    { header: 'forecast', align: 'right' },
    { header: 'actual', align: 'right' },
    { header: 'Δ', align: 'right' },
    { header: 'Δ%', align: 'right' },
    { header: 'note' },
  ];
  for (const m of r.months) {
    out.push(`${m.month}${m.estimated ? ' (estimated: the bill is not final)' : ''}`);
    const rows: string[][] = [];
    for (const l of m.lines) {
      rows.push([
        l.usageType,
        l.operation,
        l.unit,
        formatQuantity(l.forecastQuantity),
        l.actualQuantity ? formatQuantity(l.actualQuantity) : '',
        pctText(pctDiff(l.forecastQuantity, l.actualQuantity)),
        formatMoney(l.forecastCost),
        formatMoney(l.actualCost),
        signedMoney(l.actualCost.minus(l.forecastCost)),
        pctText(pctDiff(l.forecastCost, l.actualCost)),
        noteOf(l),
      ]);
      for (const s of l.split) rows.push([`  ↳ billed as`, s.operation || '(none)', '', '', s.quantity ? formatQuantity(s.quantity) : '', '', '', formatMoney(s.cost), '', '', '']);
    }
    const total = ['total', '', '', '', '', '', formatMoney(m.forecastTotal), formatMoney(m.actualTotal), signedMoney(m.actualTotal.minus(m.forecastTotal)), pctText(pctDiff(m.forecastTotal, m.actualTotal)), ''];
    out.push(renderTable(columns, rows, { totals: [total] }));
  }
  if (r.months.length === 0) out.push('No month is in both the forecast and the actuals (see --from).', '');
  if (r.forecastOnlyMonths.length) out.push(`Not in the actuals (not compared): ${r.forecastOnlyMonths.join(', ')}`);
  if (r.actualOnlyMonths.length) out.push(`Not in the forecast (not compared; --from moves the forecast): ${r.actualOnlyMonths.join(', ')}`);
  const gaps = largestGaps(r);
  if (gaps.length > 0) {
    out.push('Largest gaps (all months compared):');
    for (const g of gaps) {
      const name = `${g.usageType}${g.operation ? ` ${g.operation}` : ''}`;
      const side = g.side === 'actual only' ? ', billed but not forecast' : g.side === 'forecast only' ? ', forecast but not billed' : '';
      const q = pctDiff(g.forecastQuantity, g.actualQuantity);
      out.push(`  - ${name}: ${signedMoney(g.actualCost.minus(g.forecastCost))} (forecast ${formatMoney(g.forecastCost)}, actual ${formatMoney(g.actualCost)}${q !== undefined && g.side === 'both' ? `, quantity ${pctText(q)}` : ''}${side}) — usually ${g.usualCauses}`);
    }
  } else if (r.months.length > 0) out.push('No gap of a cent or more.');
  return `${out.join('\n')}\n`;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function reconcileCsv(r: Reconciliation): string {
  const header = ['month', 'usage_type', 'operation', 'unit', 'forecast_quantity', 'actual_quantity', 'forecast_cost_usd', 'actual_cost_usd', 'difference_usd', 'side', 'estimated'];
  const rows = r.months.flatMap((m) =>
    m.lines.map((l) => [m.month, l.usageType, l.operation, l.unit, l.forecastQuantity.toString(), l.actualQuantity?.toString() ?? '', l.forecastCost.toString(), l.actualCost.toString(), l.actualCost.minus(l.forecastCost).toString(), l.side, String(m.estimated)]),
  );
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/** The JSON shape of issue 12: quantities and money as decimal strings, operation '' at the usage-type grain. */
export function reconcileJson(r: Reconciliation, h: ReconcileHeader): unknown {
  return {
    scenario: h.scenario,
    actuals: { ...h.actuals, estimatedMonths: r.months.filter((m) => m.estimated).map((m) => m.month) },
    months: r.months.map((m) => ({
      month: m.month,
      lines: m.lines.map((l) => ({
        usageType: l.usageType,
        operation: l.operation,
        unit: l.unit,
        forecastQuantity: l.forecastQuantity.toString(),
        // null: the bill gave costs only (a Cost Explorer console export).
        actualQuantity: l.actualQuantity?.toString() ?? null,
        forecastCost: l.forecastCost.toString(),
        actualCost: l.actualCost.toString(),
      })),
      forecastTotal: m.forecastTotal.toString(),
      actualTotal: m.actualTotal.toString(),
    })),
  };
}
