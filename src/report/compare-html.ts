/**
 * A comparison as a self-contained HTML page (the page frame of html.ts): the verdict first, then
 * charts with their tables — monthly and cumulative cost per scenario, the difference from the
 * baseline by cause, stored TiB — the break-even and the difference by usage type.
 */
import { Dec } from '../pricing/decimal.js';
import { TIB_IN_GIB } from '../units.js';
import type { ChartSpec } from './charts.js';
import { breakEvenText, missingRestoreLines, RESTORE_COLUMNS, restoreRows, type Comparison } from './compare.js';
import { capacityTotals, COST_GROUPS } from './forecast.js';
import { chartSection, esc, factsHtml, htmlPage, tableHtml } from './html.js';
import { formatMoney, formatNumber } from './money.js';

// The same fixed palette as charts.ts: a scenario keeps its colour across the charts of the page.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000', '#999999'];
const colour = (k: number) => PALETTE[k % PALETTE.length]!;
const dollars = (d: Dec) => d.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toNumber();
const signed = (d: Dec) => (d.isNegative() ? formatMoney(d) : `+${formatMoney(d)}`);

function lineOptions(title: string, yTitle: string) {
  return {
    plugins: { title: { display: true, text: title }, legend: { position: 'bottom' as const } },
    scales: { x: { title: { display: true, text: 'month' } }, y: { beginAtZero: true, title: { display: true, text: yTitle } } },
  };
}

/**
 * Restore events are single days, not series: per event (one bar group), one bar per design for
 * the hours to restore; a design without the event has no bar (null), and the table says why.
 */
function restoreChart(c: Comparison): ChartSpec[] {
  if (c.restores.length === 0) return [];
  const label = (e: Comparison['restores'][number]) => `${e.name} (${e.month})`;
  return [
    {
      id: 'compare-restores',
      title: 'Restore events: time to restore per scenario',
      description: `Bars: hours until every device of each restore event has its data back, per scenario (${c.restores
        .map((e) => `${label(e)}: ${e.results.map((r, k) => `${c.scenarios[k]!.name} ${r ? `${formatNumber(r.hoursToRestore, { maxDecimals: 1 })} h, ${formatMoney(r.cost)}` : 'not in this design'}`).join(', ')}`)
        .join('; ')}).`,
      config: {
        type: 'bar',
        data: {
          labels: c.restores.map(label),
          datasets: c.scenarios.map((s, k) => ({ label: s.name, data: c.restores.map((e) => (e.results[k] ? Number(e.results[k].hoursToRestore.toFixed(1)) : null)), backgroundColor: colour(k) })),
        },
        options: {
          plugins: { title: { display: true, text: 'Restore events: hours to restore' }, legend: { position: 'bottom' } },
          scales: { x: { title: { display: true, text: 'event' } }, y: { beginAtZero: true, title: { display: true, text: 'hours' } } },
        },
      },
      table: { columns: [...RESTORE_COLUMNS], rows: restoreRows(c) },
    },
  ];
}

export function comparisonCharts(c: Comparison): ChartSpec[] {
  const labels = [...c.months];
  const names = c.scenarios.map((s) => s.name);
  const cumulative = c.scenarios.map((s) => {
    let run = new Dec(0);
    return s.forecast.months.map((m) => (run = run.plus(m.total)));
  });
  const tib = c.scenarios.map((s) => s.forecast.months.map((m) => capacityTotals(m.capacity).gib / TIB_IN_GIB));
  const baseline = names[0]!;
  const causes = COST_GROUPS.map((g) => g.header).filter((h) => c.differences.some((d) => d.byCause.some((x) => x.cause === h)));
  const causeDiff = (k: number, h: string) => c.differences[k]!.byCause.find((x) => x.cause === h)?.difference ?? new Dec(0);
  return [
    {
      id: 'compare-monthly',
      title: 'Monthly cost per scenario',
      description: `Lines: the cost of each month for ${names.join(', ')}.`,
      config: {
        type: 'line',
        data: { labels, datasets: c.scenarios.map((s, k) => ({ label: s.name, data: s.forecast.months.map((m) => dollars(m.total)), borderColor: colour(k), backgroundColor: colour(k), pointRadius: 2 })) },
        options: lineOptions('Monthly cost per scenario', 'USD per month'),
      },
      table: { columns: ['month', ...names], rows: labels.map((m, i) => [m, ...c.scenarios.map((s) => formatMoney(s.forecast.months[i]!.total))]) },
    },
    {
      id: 'compare-cumulative',
      title: 'Cumulative spend per scenario',
      description: 'Lines: the total spent from the first month to each month, per scenario; where two lines cross, one design has earned back its upfront cost.',
      config: {
        type: 'line',
        data: { labels, datasets: c.scenarios.map((s, k) => ({ label: s.name, data: cumulative[k]!.map(dollars), borderColor: colour(k), backgroundColor: colour(k), pointRadius: 2 })) },
        options: lineOptions('Cumulative spend per scenario', 'USD'),
      },
      table: { columns: ['month', ...names], rows: labels.map((m, i) => [m, ...cumulative.map((cs) => formatMoney(cs[i]!))]) },
    },
    {
      id: 'compare-by-cause',
      title: `Difference from ${baseline} by cause`,
      description: `Bars: over the whole horizon, how much more (above zero) or less (below) each scenario costs than ${baseline}, per cause.`,
      config: {
        type: 'bar',
        data: { labels: causes, datasets: c.differences.map((d, k) => ({ label: d.scenario, data: causes.map((h) => dollars(causeDiff(k, h))), backgroundColor: colour(k + 1) })) },
        options: {
          plugins: { title: { display: true, text: `Difference from ${baseline} by cause (whole horizon)` }, legend: { position: 'bottom' } },
          scales: { x: { title: { display: true, text: 'cause' } }, y: { title: { display: true, text: 'USD' } } },
        },
      },
      table: { columns: ['cause', ...c.differences.map((d) => d.scenario)], rows: [...causes.map((h) => [h, ...c.differences.map((_, k) => signed(causeDiff(k, h)))]), ['total', ...c.differences.map((d) => signed(d.total))]] },
    },
    {
      id: 'compare-stored',
      title: 'Stored TiB per scenario',
      description: 'Lines: TiB stored at the end of each month (every class, noncurrent versions included), per scenario.',
      config: {
        type: 'line',
        data: { labels, datasets: c.scenarios.map((s, k) => ({ label: s.name, data: tib[k]!.map((x) => Number(x.toFixed(3))), borderColor: colour(k), backgroundColor: colour(k), pointRadius: 2 })) },
        options: lineOptions('Stored TiB per scenario (end of month)', 'TiB'),
      },
      table: { columns: ['month', ...names], rows: labels.map((m, i) => [m, ...tib.map((t) => formatNumber(t[i]!, { maxDecimals: 2, minDecimals: 2 }))]) },
    },
    ...restoreChart(c),
  ];
}

export function comparisonHtml(c: Comparison): string {
  const charts = comparisonCharts(c);
  const first = c.scenarios[0]!;
  const p = first.forecast.priceBook;
  const span = `${c.months[0]} … ${c.months[c.months.length - 1]} (${c.months.length} month${c.months.length === 1 ? '' : 's'})`;
  const header = `<h1>Comparison: ${esc(c.scenarios.map((s) => s.name).join(', '))}</h1>
${factsHtml([
  ['months', span],
  ['baseline', `${first.name} (${first.file})`],
  ['prices', `${p.id} (${p.provenance.source}, ${p.provenance.date})`],
  ...c.scenarios.map((s) => [s.name, `${formatMoney(s.forecast.total)} — ${s.file}`] as const),
])}
<section id="verdict"><h2>Verdict</h2>
${c.verdict.map((l) => `<p>${esc(l)}</p>`).join('\n')}
</section>`;
  const usageRows = c.differences.flatMap((d) => d.byUsageType.map((u) => [d.scenario, u.operation ? `${u.usageType} ${u.operation}` : u.usageType, signed(u.difference)]));
  const main = `${charts.map(chartSection).join('\n')}
<section id="break-even">
<h2>Break-even against ${esc(first.name)}</h2>
<ul>
${c.differences.map((d) => `<li>${esc(`${d.scenario}: ${breakEvenText(d)}`)}</li>`).join('\n')}
</ul>
</section>
${c.restores.length > 0 && missingRestoreLines(c).length > 0 ? `<section id="restore-missing">\n<h2>Restore events some designs lack</h2>\n<ul>\n${missingRestoreLines(c).map((l) => `<li>${esc(l)}</li>`).join('\n')}\n</ul>\n</section>` : ''}
<section id="usage-types">
<h2>Difference from ${esc(first.name)} by usage type</h2>
<div class="table-box">${tableHtml(['scenario', 'usage type', 'difference'], usageRows, 'Each scenario minus the baseline, whole horizon, largest first')}</div>
</section>`;
  return htmlPage(`tierwise compare: ${c.scenarios.map((s) => s.name).join(' vs ')}`, header, main, charts);
}
