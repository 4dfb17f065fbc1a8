/**
 * A Monte Carlo result (`simulate --uncertainty N`) as a self-contained HTML page, in the page
 * frame of html.ts: what was run and with which distributions, the P10–P90 bands of monthly cost
 * and stored TiB, and the percentile table of the months and the horizon total.
 */
import type { UncertaintyResult } from '../uncertainty/monte-carlo.js';
import { uncertaintyCharts } from './charts.js';
import { chartSection, esc, factsHtml, htmlPage, tableHtml } from './html.js';
import { NO_PARAMS, paramDescriptions, PERCENTILE_DEFINITION, PERCENTILE_HEADERS, percentileRows } from './uncertainty.js';

export function uncertaintyHtml(r: UncertaintyResult): string {
  const sc = r.scenario;
  const charts = uncertaintyCharts(r);
  const first = r.months[0]?.month ?? '';
  const last = r.months[r.months.length - 1]?.month ?? '';
  const p = r.priceBook.provenance;
  const params = paramDescriptions(r.params);
  const header = `<h1>${esc(sc.name)}: ${r.runs.length} Monte Carlo runs</h1>
${factsHtml([
  ['region', sc.region],
  ['months', `${first} … ${last} (${r.months.length})`],
  ['runs', `${r.runs.length} (Latin hypercube draws from seed ${sc.seed}, every run with the same device-level random numbers)`],
  ['prices', `${r.priceBook.id} (${p.source}, ${p.date})`],
  ['percentiles', `${PERCENTILE_DEFINITION}; each month's and the total's percentiles are taken separately`],
])}
<h2>Uncertain parameters</h2>
${params.length > 0 ? `<ul>\n${params.map((d) => `<li>${esc(d)}</li>`).join('\n')}\n</ul>` : `<p>${esc(NO_PARAMS)}.</p>`}
<p>List prices, before any discount, credit or tax.</p>`;
  const { rows, total } = percentileRows(r);
  const main = `${charts.map(chartSection).join('\n')}
<section id="percentiles">
<h2>Percentiles per month and of the horizon total</h2>
${tableHtml(PERCENTILE_HEADERS, [...rows, [...total, ...Array<string>(PERCENTILE_HEADERS.length - total.length).fill('')]], 'P10 / P50 / P90 of the cost and of the TiB stored at the end of each month; the total row is the percentiles of the runs\' horizon totals (not the sum of the monthly percentiles)')}
</section>`;
  return htmlPage(`${sc.name}: tierwise Monte Carlo report`, header, main, charts);
}
