/**
 * The charts of a forecast, once: Forecast → chart.js configurations, each with the table that
 * carries the same figures in text (for screen readers, print and copying). The HTML page and the
 * PNG renderer draw exactly these specs, so the two cannot drift apart.
 *
 * A spec is plain data (no callbacks) because the HTML page embeds it as JSON. Money is Decimal
 * until here: chart.js needs numbers, so amounts become numbers rounded to cents for drawing,
 * while the tables format the Decimal itself.
 */
import type { ChartConfiguration } from 'chart.js';
import { Dec } from '../pricing/decimal.js';
import type { Forecast } from '../forecast.js';
import type { UncertaintyResult } from '../uncertainty/monte-carlo.js';
import type { Percentiles } from '../uncertainty/percentiles.js';
import { STORAGE_CLASSES, type StorageClass } from '../storage/classes.js';
import { TIB_IN_GIB } from '../units.js';
import { capacityTotals, COST_GROUPS, costOf } from './forecast.js';
import { formatMoney, formatNumber } from './money.js';
import { formatTiB } from './uncertainty.js';

/** Every chart a report can have, in page order; ids name the PNG files (`<id>.png`). */
export const CHART_IDS = ['monthly-cost', 'cumulative-cost', 'stored-tib', 'stored-tib-by-region', 'objects', 'early-delete-transitions', 'devices', 'restore-events'] as const;
export type ChartId = (typeof CHART_IDS)[number];

export interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface ChartSpec {
  /** Names the canvas and the PNG file; ChartId for a forecast's charts. */
  readonly id: string;
  readonly title: string;
  /** One sentence for the canvas's accessible name: what the chart shows. */
  readonly description: string;
  readonly config: ChartConfiguration;
  readonly table: ChartTable;
}

/**
 * Fixed colours (Okabe–Ito, distinguishable with the common colour-vision deficiencies), by
 * position, so a cause or class keeps its colour from one report to the next.
 */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999'];
const colour = (k: number) => PALETTE[k % PALETTE.length]!;

/** A Decimal amount as a number of dollars rounded to cents: only for drawing. */
const dollars = (d: Dec) => d.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();
const round = (x: number, decimals: number) => Number(x.toFixed(decimals));

function axes(yTitle: string, stacked = false): NonNullable<ChartConfiguration['options']>['scales'] {
  return {
    x: { stacked, title: { display: true, text: 'month' } },
    y: { stacked, beginAtZero: true, title: { display: true, text: yTitle } },
  };
}

function options(title: string, yTitle: string, stacked = false): ChartConfiguration['options'] {
  return { plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } }, scales: axes(yTitle, stacked) };
}

/** Classes that hold anything in any month, in S3's order. */
function classesUsed(f: Forecast): StorageClass[] {
  return STORAGE_CLASSES.filter((k) => f.months.some((m) => m.capacity[k] !== undefined && (m.capacity[k]!.objects + m.capacity[k]!.noncurrentObjects > 0 || m.capacity[k]!.storedGiB + m.capacity[k]!.noncurrentGiB > 0)));
}

/**
 * The charts of `f`; per region only with replication (a second region), devices only with a fleet
 * (a replay has none), restore events only when the scenario has some.
 */
export function forecastCharts(f: Forecast): ChartSpec[] {
  const labels = f.months.map((m) => m.month);
  const charts: ChartSpec[] = [];

  // Monthly cost stacked by the table's cause groups; groups that are zero throughout are left out.
  const groups = COST_GROUPS.map((g, k) => ({ ...g, k, costs: f.months.map((m) => costOf(m.lines, g.causes)) })).filter((g) => g.costs.some((c) => !c.isZero()));
  charts.push({
    id: 'monthly-cost',
    title: 'Monthly cost by cause',
    description: `Stacked bars: the cost of each month split into ${groups.map((g) => g.header).join(', ')}.`,
    config: {
      type: 'bar',
      data: { labels, datasets: groups.map((g) => ({ label: g.header, data: g.costs.map(dollars), backgroundColor: colour(g.k) })) },
      options: options('Monthly cost by cause', 'USD per month', true),
    },
    table: {
      columns: ['month', ...groups.map((g) => g.header), 'total'],
      rows: f.months.map((m, i) => [m.month, ...groups.map((g) => formatMoney(g.costs[i]!)), formatMoney(m.total)]),
    },
  });

  let running = new Dec(0);
  const cumulative = f.months.map((m) => (running = running.plus(m.total)));
  charts.push({
    id: 'cumulative-cost',
    title: 'Cumulative spend',
    description: `Line: the total spent from the first month to each month, ${formatMoney(f.total)} in all.`,
    config: {
      type: 'line',
      data: { labels, datasets: [{ label: 'cumulative spend', data: cumulative.map(dollars), borderColor: colour(0), backgroundColor: colour(0), fill: false, pointRadius: 2 }] },
      options: options('Cumulative spend', 'USD'),
    },
    table: { columns: ['month', 'month total', 'cumulative'], rows: f.months.map((m, i) => [m.month, formatMoney(m.total), formatMoney(cumulative[i]!)]) },
  });

  // Current and noncurrent versions together: both are billed as stored.
  const classes = classesUsed(f);
  const tib = (k: StorageClass) => f.months.map((m) => (m.capacity[k] ? (m.capacity[k]!.storedGiB + m.capacity[k]!.noncurrentGiB) / TIB_IN_GIB : 0));
  const objects = (k: StorageClass) => f.months.map((m) => (m.capacity[k] ? m.capacity[k]!.objects + m.capacity[k]!.noncurrentObjects : 0));
  const classColour = (k: StorageClass) => colour(STORAGE_CLASSES.indexOf(k));
  charts.push({
    id: 'stored-tib',
    title: 'Stored TiB per storage class',
    description: `Stacked areas: TiB stored at the end of each month in ${classes.join(', ') || 'no class'} (noncurrent versions included).`,
    config: {
      type: 'line',
      data: { labels, datasets: classes.map((k) => ({ label: k, data: tib(k).map((x) => round(x, 3)), borderColor: classColour(k), backgroundColor: `${classColour(k)}99`, fill: true, pointRadius: 0 })) },
      options: options('Stored TiB per storage class (end of month)', 'TiB', true),
    },
    table: { columns: ['month', ...classes], rows: f.months.map((m, i) => [m.month, ...classes.map((k) => formatNumber(tib(k)[i]!, { maxDecimals: 2, minDecimals: 2 }))]) },
  });

  const regions = Object.keys(f.months[f.months.length - 1]?.capacityByRegion ?? {});
  if (regions.length > 1) {
    const regionTib = (r: string) => f.months.map((m) => capacityTotals(m.capacityByRegion[r] ?? {}).gib / TIB_IN_GIB);
    charts.push({
      id: 'stored-tib-by-region',
      title: 'Stored TiB per region',
      description: `Lines: TiB stored at the end of each month in ${regions.join(' and ')} (the bucket and its replica, every class).`,
      config: {
        type: 'line',
        data: { labels, datasets: regions.map((r, k) => ({ label: r, data: regionTib(r).map((x) => round(x, 3)), borderColor: colour(k), backgroundColor: colour(k), fill: false, pointRadius: 2 })) },
        options: options('Stored TiB per region (end of month)', 'TiB'),
      },
      table: { columns: ['month', ...regions], rows: f.months.map((m, i) => [m.month, ...regions.map((r) => formatNumber(regionTib(r)[i]!, { maxDecimals: 2, minDecimals: 2 }))]) },
    });
  }

  charts.push({
    id: 'objects',
    title: 'Objects per storage class',
    description: `Lines: objects stored at the end of each month in ${classes.join(', ') || 'no class'} (noncurrent versions included).`,
    config: {
      type: 'line',
      data: { labels, datasets: classes.map((k) => ({ label: k, data: objects(k), borderColor: classColour(k), backgroundColor: classColour(k), fill: false, pointRadius: 2 })) },
      options: options('Objects per storage class (end of month)', 'objects'),
    },
    table: { columns: ['month', ...classes], rows: f.months.map((m, i) => [m.month, ...classes.map((k) => formatNumber(objects(k)[i]!, { maxDecimals: 0 }))]) },
  });

  // Early deletes and transitions are one-time charges that come in spikes (a lifecycle day, a
  // compaction, a retention step): side by side rather than stacked, so each spike reads on its own.
  const early = f.months.map((m) => costOf(m.lines, ['early-delete']));
  const transitions = f.months.map((m) => costOf(m.lines, ['transition']));
  charts.push({
    id: 'early-delete-transitions',
    title: 'Early-delete and transition costs',
    description: `Bars: per month, the early-delete charges (${formatMoney(early.reduce((a, b) => a.plus(b), new Dec(0)))} in all) and the transition requests (${formatMoney(transitions.reduce((a, b) => a.plus(b), new Dec(0)))} in all).`,
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'early delete', data: early.map(dollars), backgroundColor: colour(2) },
          { label: 'transitions', data: transitions.map(dollars), backgroundColor: colour(3) },
        ],
      },
      options: options('Early-delete and transition costs per month', 'USD per month'),
    },
    table: { columns: ['month', 'early delete', 'transitions'], rows: f.months.map((m, i) => [m.month, formatMoney(early[i]!), formatMoney(transitions[i]!)]) },
  });

  if (f.months.some((m) => m.devices > 0)) {
    charts.push({
      id: 'devices',
      title: 'Devices in service',
      description: 'Line: devices in service at the end of each month.',
      config: {
        type: 'line',
        data: { labels, datasets: [{ label: 'devices', data: f.months.map((m) => m.devices), borderColor: colour(4), backgroundColor: colour(4), fill: false, pointRadius: 2 }] },
        options: options('Devices in service (end of month)', 'devices'),
      },
      table: { columns: ['month', 'devices'], rows: f.months.map((m) => [m.month, formatNumber(m.devices, { maxDecimals: 0 })]) },
    });
  }
  // Restore events are single days, not series: one bar per event for the time to restore, with
  // its cost and what limits it in the table.
  if (f.restoreEvents.length > 0) {
    const label = (e: (typeof f.restoreEvents)[number]) => `${e.name} (${e.month})`;
    charts.push({
      id: 'restore-events',
      title: 'Restore events: time to restore',
      description: `Bars: hours until every device of each restore event has its data back (${f.restoreEvents.map((e) => `${label(e)}: ${formatNumber(e.hoursToRestore, { maxDecimals: 1 })} h, ${formatMoney(e.cost)}`).join('; ')}).`,
      config: {
        type: 'bar',
        data: { labels: f.restoreEvents.map(label), datasets: [{ label: 'hours to restore', data: f.restoreEvents.map((e) => round(e.hoursToRestore, 1)), backgroundColor: colour(3) }] },
        options: {
          plugins: { title: { display: true, text: 'Restore events: hours to restore' }, legend: { position: 'bottom' } },
          scales: { x: { title: { display: true, text: 'event' } }, y: { beginAtZero: true, title: { display: true, text: 'hours' } } },
        },
      },
      table: {
        columns: ['event', 'devices', 'tier', 'from', 'cost', 'hours to restore', 'limited by'],
        rows: f.restoreEvents.map((e) => [label(e), formatNumber(e.devices, { maxDecimals: 0 }), e.tier, e.fromRegion, formatMoney(e.cost), formatNumber(e.hoursToRestore, { maxDecimals: 1, minDecimals: 1 }), String(e.bottleneck)]),
      },
    });
  }
  return charts;
}

/**
 * One Monte Carlo band: the P10–P90 range as the area between two lines (the P90 line fills down
 * to the P10 line before it, chart.js's relative fill '-1') and the P50 line on top. Plain data,
 * like every spec, so the page and the PNG renderer draw it alike.
 */
function bandChart(id: string, title: string, yTitle: string, labels: string[], values: readonly Percentiles[], draw: (d: Dec) => number, cell: (d: Dec) => string, what: string): ChartSpec {
  const c = colour(0);
  const line = { borderColor: c, borderWidth: 1, pointRadius: 0 };
  return {
    id,
    title,
    description: `Band and line: per month, the ${what} of 80 % of the runs lies in the shaded band between P10 and P90; the line is the P50.`,
    config: {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'P10', data: values.map((v) => draw(v.p10)), ...line, backgroundColor: `${c}40`, fill: false },
          { label: 'P90 (shaded from P10)', data: values.map((v) => draw(v.p90)), ...line, backgroundColor: `${c}40`, fill: '-1' },
          { label: 'P50', data: values.map((v) => draw(v.p50)), borderColor: colour(3), backgroundColor: colour(3), borderWidth: 2, pointRadius: 2, fill: false },
        ],
      },
      options: options(title, yTitle),
    },
    table: { columns: ['month', 'P10', 'P50', 'P90'], rows: values.map((v, i) => [labels[i]!, cell(v.p10), cell(v.p50), cell(v.p90)]) },
  };
}

/** Every chart of a Monte Carlo result, in page order; ids name the canvases and PNG files. */
export const UNCERTAINTY_CHART_IDS = ['cost-band', 'stored-tib-band'] as const;

/** The bands of `simulate --uncertainty`: monthly cost and stored TiB, each month's percentiles taken separately. */
export function uncertaintyCharts(r: UncertaintyResult): ChartSpec[] {
  const labels = r.months.map((m) => m.month);
  return [
    bandChart('cost-band', 'Monthly cost: P10–P90 band and P50', 'USD per month', labels, r.months.map((m) => m.cost), dollars, formatMoney, 'cost'),
    bandChart('stored-tib-band', 'Stored TiB: P10–P90 band and P50 (end of month)', 'TiB', labels, r.months.map((m) => m.storedTiB), (d) => round(d.toNumber(), 3), formatTiB, 'stored TiB'),
  ];
}
