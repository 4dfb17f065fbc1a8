#!/usr/bin/env node
// Benchmark of the hot path: simulates scenarios/fleet-ramp-70k.yaml (50,000 → 70,000 devices,
// 36 months, every device different) on all cores, and in the same process times a calibration
// loop doing one float64 add per device-day, so the ratio says how far the engine is from the
// cost of touching each device-day once. `npm run bench` (it builds first) runs it on
// fleet-ramp-70k (loose path) and on the full fleet-deep-archive (auto-compact path), each in its
// own process so that each peak RSS is its own.
//   node bench/fleet.js [scenario.yaml] [--months N] [--threads N] [--save-json FILE]
// --save-json writes the run's monthly totals ({ months: [{ month, total }], total }, decimal
// strings) for bench/sample.js --full-json, so `npm run bench` runs the 60,000-device fleet once.
// Wall time is the forecast alone; end-to-end adds start-up, loading and resolving the scenario.
// CPU seconds are the whole process's (all worker threads).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname } from 'node:path';
import { forecast } from '../dist/forecast.js';
import { bundledPriceBook } from '../dist/pricing/snapshots.js';
import { loadScenarioFile } from '../dist/scenario/load.js';
import { resolveScenario } from '../dist/scenario/resolve.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const months = flag('--months');
const threads = flag('--threads');
const saveJson = flag('--save-json');
const path = args[0] ?? new URL('../scenarios/fleet-ramp-70k.yaml', import.meta.url).pathname;

const file = loadScenarioFile(path);
if (months) file.horizon = { ...file.horizon, months: Number(months) };
const scenario = resolveScenario(file, path);

const start = performance.now();
const cpuStart = process.cpuUsage();
const result = await forecast(scenario, bundledPriceBook(), threads ? { threads: Number(threads) } : {});
const simMs = performance.now() - start;
const endToEndMs = performance.now();
const cpu = process.cpuUsage(cpuStart);
const deviceDays = result.run.deviceDays;

// Calibration: one float64 add per device-day, in this process, on one core.
const acc = new Float64Array(1);
const calStart = performance.now();
for (let k = 0; k < deviceDays; k++) acc[0] += 1.000001;
const calMs = performance.now() - calStart;

const peakRssMiB = process.resourceUsage().maxRSS / 1024;
const report = {
  scenario: scenario.name,
  months: scenario.simMonths,
  deviceDays,
  threads: result.run.threads,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model,
  wallSeconds: +(simMs / 1000).toFixed(2),
  endToEndSeconds: +(endToEndMs / 1000).toFixed(2),
  cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
  deviceDaysPerSecond: Math.round(deviceDays / (simMs / 1000)),
  peakRssMiB: Math.round(peakRssMiB),
  calibrationMs: +calMs.toFixed(1),
  ratio: Math.round(simMs / calMs),
  recordsPerDevice: { mean: +result.run.records.mean.toFixed(1), max: result.run.records.max },
  total: result.total.toFixed(2),
  checksum: acc[0],
};
console.log(`${report.scenario}: ${report.months} months, ${deviceDays.toLocaleString('en-US')} device-days on ${report.threads} threads (${report.cores} cores)`);
console.log(`  wall time       ${report.wallSeconds} s (end to end ${report.endToEndSeconds} s)`);
console.log(`  CPU time        ${report.cpuSeconds} s (all threads)`);
console.log(`  device-days/s   ${report.deviceDaysPerSecond.toLocaleString('en-US')}`);
console.log(`  peak RSS        ${report.peakRssMiB} MiB`);
console.log(`  calibration     ${report.calibrationMs} ms (one float64 add per device-day, one core)`);
console.log(`  ratio           ${report.ratio}× the calibration loop`);
console.log(`  forecast total  $${Number(report.total).toLocaleString('en-US')}`);
console.log(JSON.stringify(report));
if (saveJson) {
  mkdirSync(dirname(saveJson), { recursive: true });
  writeFileSync(saveJson, JSON.stringify({ scenario: scenario.name, months: result.months.map((m) => ({ month: m.month, total: m.total.toString() })), total: result.total.toString() }));
  console.log(`  monthly totals  written to ${saveJson}`);
}
