/**
 * Notebook: compare the reference designs side by side, the way an architect would.
 *
 * Runs each reference scenario at a reduced scale (the engine is linear in devices for every
 * quantity, so a 2,000-device fleet shows the same per-device economics as 60,000) and prints
 * the cost per device and month by cause, priced with the bundled price book.
 *
 *   npx tsx notebooks/compare-designs.ts [devices] [months]
 */
import { forecast } from '../src/forecast.js';
import { Dec } from '../src/pricing/decimal.js';
import { bundledPriceBook } from '../src/pricing/snapshots.js';
import { formatMoney } from '../src/report/money.js';
import { renderTable } from '../src/report/table.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { resolveScenario } from '../src/scenario/resolve.js';
import type { Cause } from '../src/usage/usage-line.js';

const devices = Number(process.argv[2] ?? 2000);
const months = Number(process.argv[3] ?? 24);
const designs = ['fleet-deep-archive', 'fleet-deep-archive-dblocks-only', 'fleet-ramp-70k'];
const causes: Cause[] = ['storage', 'overhead', 'early-delete', 'transition', 'put', 'list', 'verification', 'compaction', 'restore', 'retrieval', 'restored-copy'];

const rows: string[][] = [];
for (const name of designs) {
  const file = loadScenarioFile(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
  const fleet = file.fleet!;
  const scale = devices / fleet.devices;
  file.fleet = { ...fleet, devices, ...(fleet.max_devices ? { max_devices: Math.round(fleet.max_devices * scale) } : {}) };
  file.horizon = { ...file.horizon, months };
  const f = await forecast(resolveScenario(file), bundledPriceBook());
  const deviceMonths = f.months.reduce((a, m) => a + m.devices, 0);
  const perDeviceMonth = (c: Cause) => f.months.flatMap((m) => m.lines).filter((l) => l.usage.cause === c).reduce((a, l) => a.plus(l.cost), new Dec(0)).div(deviceMonths);
  rows.push([name, ...causes.map((c) => formatMoney(perDeviceMonth(c), 4)), formatMoney(f.total.div(deviceMonths), 4)]);
}
console.log(`Cost per device-month by cause, ${devices} devices, ${months} months, bundled prices\n`);
console.log(renderTable([{ header: 'design' }, ...causes.map((c) => ({ header: c, align: 'right' as const })), { header: 'total', align: 'right' }], rows));
