/**
 * Monte Carlo and sensitivity results for people and programs: tables round money to cents;
 * CSV and JSON keep full precision, money as decimal strings.
 */
import type { Dec } from '../pricing/decimal.js';
import type { Scenario } from '../scenario/resolve.js';
import { centralValue, describeDistribution, type Distribution } from '../uncertainty/distributions.js';
import type { UncertaintyResult } from '../uncertainty/monte-carlo.js';
import type { Percentiles } from '../uncertainty/percentiles.js';
import type { SensitivityResult } from '../uncertainty/sensitivity.js';
import type { UncertainParam } from '../scenario/uncertain.js';
import { formatMoney, formatNumber } from './money.js';
import { renderTable, type Column } from './table.js';

/** How the percentiles are computed, printed with every result. */
export const PERCENTILE_DEFINITION = 'linear interpolation between order statistics (Hyndman & Fan type 7)';

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const csv = (rows: readonly (readonly string[])[]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
/** Stored TiB as the tables and charts show it: one decimal. */
export const formatTiB = (d: Dec) => formatNumber(d, { maxDecimals: 1, minDecimals: 1 });

function heading(sc: Scenario, months: readonly { month: string }[], what: string, priceBook: { id: string; provenance: { source: string; date: string } }): string[] {
  const first = months[0]?.month ?? '';
  const last = months[months.length - 1]?.month ?? '';
  return [`${sc.name}: ${sc.region}, ${first} … ${last} (${months.length} months), ${what}, seed ${sc.seed}`, `prices: ${priceBook.id} (${priceBook.provenance.source}, ${priceBook.provenance.date})`];
}

/** Each uncertain parameter as `path: distribution, central value` (the HTML page lists the same). */
export function paramDescriptions(params: readonly UncertainParam[]): string[] {
  return params.map((p) => `${p.path}: ${describeDistribution(p.distribution)}, central ${formatNumber(central(p), { maxDecimals: 6 })}`);
}

export const NO_PARAMS = 'no uncertain parameters: every run is the deterministic scenario';

function paramLines(params: readonly UncertainParam[]): string[] {
  if (params.length === 0) return [NO_PARAMS];
  return ['uncertain parameters (central value used by the other commands):', ...paramDescriptions(params).map((d) => `  ${d}`)];
}

/** The percentile table's headers, its rows per month and its total row (money rounded to cents), for the text table and the HTML page. */
export const PERCENTILE_HEADERS = ['month', 'cost P10', 'cost P50', 'cost P90', 'TiB P10', 'TiB P50', 'TiB P90'] as const;

export function percentileRows(r: UncertaintyResult): { rows: string[][]; total: string[] } {
  return {
    rows: r.months.map((m) => [m.month, formatMoney(m.cost.p10), formatMoney(m.cost.p50), formatMoney(m.cost.p90), formatTiB(m.storedTiB.p10), formatTiB(m.storedTiB.p50), formatTiB(m.storedTiB.p90)]),
    total: ['total', formatMoney(r.total.p10), formatMoney(r.total.p50), formatMoney(r.total.p90)],
  };
}

const central = (p: UncertainParam) => (p.integer ? Math.round(centralValue(p.distribution)) : centralValue(p.distribution));

export function uncertaintyTable(r: UncertaintyResult): string {
  const columns: Column[] = PERCENTILE_HEADERS.map((header, i) => (i === 0 ? { header } : { header, align: 'right' }));
  const { rows, total } = percentileRows(r);
  const totals = [total];
  return [
    ...heading(r.scenario, r.months, `${r.runs.length} runs (Latin hypercube)`, r.priceBook),
    ...paramLines(r.params),
    `percentiles: ${PERCENTILE_DEFINITION}; each month's and the total's percentiles are taken separately`,
    '',
    renderTable(columns, rows, { totals }),
  ].join('\n');
}

export function uncertaintyCsv(r: UncertaintyResult): string {
  const header = ['month', 'cost_p10_usd', 'cost_p50_usd', 'cost_p90_usd', 'stored_tib_p10', 'stored_tib_p50', 'stored_tib_p90'];
  const rows = r.months.map((m) => [m.month, m.cost.p10.toString(), m.cost.p50.toString(), m.cost.p90.toString(), m.storedTiB.p10.toString(), m.storedTiB.p50.toString(), m.storedTiB.p90.toString()]);
  return csv([header, ...rows, ['total', r.total.p10.toString(), r.total.p50.toString(), r.total.p90.toString(), '', '', '']]);
}

const pct = (p: Percentiles) => ({ p10: p.p10.toString(), p50: p.p50.toString(), p90: p.p90.toString() });

const distributionJson = (d: Distribution) => ({ ...d });

/** What `tierwise simulate --uncertainty N --json` prints. */
export function uncertaintyJson(r: UncertaintyResult) {
  return {
    scenario: { name: r.scenario.name, region: r.scenario.region, seed: r.scenario.seed },
    priceBook: r.priceBook,
    runs: r.runs.length,
    sampling: 'latin-hypercube',
    percentileDefinition: PERCENTILE_DEFINITION,
    parameters: r.params.map((p) => ({ path: p.path, distribution: distributionJson(p.distribution), central: central(p) })),
    percentiles: {
      total: pct(r.total),
      months: r.months.map((m) => ({ month: m.month, ...pct(m.cost) })),
    },
    storedTiBPercentiles: { months: r.months.map((m) => ({ month: m.month, ...pct(m.storedTiB) })) },
    runResults: r.runs.map((run) => ({ values: Object.fromEntries(r.params.map((p, j) => [p.path, run.values[j]])), total: run.total.toString() })),
  };
}

export function sensitivityTable(s: SensitivityResult): string {
  const columns: Column[] = [
    { header: 'parameter' },
    { header: 'low (P10)', align: 'right' },
    { header: 'high (P90)', align: 'right' },
    { header: 'total at low', align: 'right' },
    { header: 'total at high', align: 'right' },
    { header: 'swing', align: 'right' },
  ];
  const v = (x: number) => formatNumber(x, { maxDecimals: 4 });
  const rows = s.rows.map((row) => [row.param.path, v(row.lowValue), v(row.highValue), formatMoney(row.lowTotal), formatMoney(row.highTotal), formatMoney(row.swing)]);
  const h = s.scenario.file.horizon;
  return [
    `${s.scenario.name}: ${s.scenario.region}, ${h.months} months from ${h.start_month}, one-at-a-time swings of each parameter from its P10 to its P90, seed ${s.scenario.seed}`,
    `prices: ${s.priceBook.id} (${s.priceBook.provenance.source}, ${s.priceBook.provenance.date})`,
    `horizon total with every parameter central: ${formatMoney(s.baseTotal)}`,
    '',
    s.rows.length === 0 ? 'no uncertain parameters to swing\n' : renderTable(columns, rows),
  ].join('\n');
}

export function sensitivityCsv(s: SensitivityResult): string {
  const header = ['parameter', 'distribution', 'low_value', 'high_value', 'total_at_low_usd', 'total_at_high_usd', 'swing_usd'];
  return csv([header, ...s.rows.map((r) => [r.param.path, describeDistribution(r.param.distribution), String(r.lowValue), String(r.highValue), r.lowTotal.toString(), r.highTotal.toString(), r.swing.toString()])]);
}

export function sensitivityJson(s: SensitivityResult) {
  return {
    scenario: { name: s.scenario.name, region: s.scenario.region, seed: s.scenario.seed },
    priceBook: s.priceBook,
    swing: 'P10 to P90 of each parameter, every other parameter central',
    baseTotal: s.baseTotal.toString(),
    parameters: s.rows.map((r) => ({
      path: r.param.path,
      distribution: distributionJson(r.param.distribution),
      low: r.lowValue,
      high: r.highValue,
      totalAtLow: r.lowTotal.toString(),
      totalAtHigh: r.highTotal.toString(),
      swing: r.swing.toString(),
    })),
  };
}
