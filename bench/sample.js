#!/usr/bin/env node
// Benchmark of the sampled run (`simulate --sample`): simulates scenarios/fleet-deep-archive.yaml
// from a stratified sample of 5,000 devices, then in full, and prints for each the wall time,
// device-days/s, peak RSS and the ratio to a calibration loop (one float64 add per device-day, as
// bench/fleet.js), and month by month how far the sample's total is from the full run's, in
// percent and in standard errors. Run with `npm run bench` (it builds first).
//   node bench/sample.js [scenario.yaml] [--sample N] [--sample-seed S] [--seeds N] [--threads N] [--full-json report.json]
// --full-json compares with a saved `simulate --format json` report of the same scenario (or
// bench/fleet.js --save-json's totals) instead of running it in full (minutes for 60,000 devices).
// --seeds N draws N samples, seeds S … S+N−1 (S: --sample-seed, default 1), and pools their months.
import { readFileSync } from 'node:fs';
import { Dec } from '../dist/pricing/decimal.js';
import { forecast } from '../dist/forecast.js';
import { bundledPriceBook } from '../dist/pricing/snapshots.js';
import { loadScenarioFile } from '../dist/scenario/load.js';
import { resolveScenario } from '../dist/scenario/resolve.js';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const devices = Number(flag('--sample') ?? 5000);
const sampleSeed = flag('--sample-seed');
const threads = flag('--threads');
const fullJson = flag('--full-json');
const seeds = Number(flag('--seeds') ?? 1);
const path = args[0] ?? new URL('../scenarios/fleet-deep-archive.yaml', import.meta.url).pathname;
const scenario = resolveScenario(loadScenarioFile(path), path);
const book = bundledPriceBook();

/** Runs and times one forecast; the figures bench/fleet.js prints. */
async function timed(label, opts) {
  const start = performance.now();
  const result = await forecast(scenario, book, { ...(threads ? { threads: Number(threads) } : {}), ...opts });
  const ms = performance.now() - start;
  const deviceDays = result.run.deviceDays;
  const acc = new Float64Array(1);
  const calStart = performance.now();
  for (let k = 0; k < deviceDays; k++) acc[0] += 1.000001;
  const calMs = performance.now() - calStart;
  const figures = {
    run: label,
    scenario: scenario.name,
    months: scenario.simMonths,
    deviceDays,
    threads: result.run.threads,
    wallSeconds: +(ms / 1000).toFixed(2),
    deviceDaysPerSecond: Math.round(deviceDays / (ms / 1000)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    calibrationMs: +calMs.toFixed(1),
    ratio: Math.round(ms / calMs),
    total: result.total.toFixed(2),
    checksum: acc[0],
  };
  console.log(`${label}: ${scenario.name}, ${figures.months} months, ${deviceDays.toLocaleString('en-US')} device-days on ${figures.threads} threads`);
  console.log(`  wall time       ${figures.wallSeconds} s`);
  console.log(`  device-days/s   ${figures.deviceDaysPerSecond.toLocaleString('en-US')}`);
  console.log(`  peak RSS        ${figures.peakRssMiB} MiB (of the process so far)`);
  console.log(`  ratio           ${figures.ratio}× the calibration loop (${figures.calibrationMs} ms)`);
  console.log(`  total           $${Number(figures.total).toLocaleString('en-US')}`);
  return { result, figures };
}

// The full run's monthly totals: read from a saved report (`simulate --format json`, or bench/fleet.js --save-json), or run here.
let full;
if (fullJson) {
  const j = JSON.parse(readFileSync(fullJson, 'utf8'));
  full = { months: j.months.map((m) => ({ month: m.month, total: new Dec(m.total) })), total: new Dec(j.total), figures: { run: `full (from ${fullJson})` } };
  console.log(`full run: read from ${fullJson}`);
}

// One draw per seed (--seeds N: seeds S, S+1, …): one draw's months move together, so how often
// ±2 SE covers the full run is a property of the design, seen across draws.
const firstSeed = Number(sampleSeed ?? 1);
const draws = [];
for (let k = 0; k < seeds; k++) {
  const seed = firstSeed + k;
  draws.push({ seed, ...(await timed(`sampled (${devices.toLocaleString('en-US')} devices, seed ${seed})`, { sample: { devices, seed } })) });
}
if (!full) {
  const f = await timed('full run', {});
  full = { months: f.result.months, total: f.result.total, figures: f.figures };
}

const summaries = draws.map(({ seed, result: s, figures }, k) => {
  let within2pct = 0;
  let within2se = 0;
  let worstPct = 0;
  const rows = s.months.map((m, i) => {
    const truth = full.months[i].total;
    const diff = m.total.minus(truth);
    const pct = diff.div(truth).times(100).toNumber();
    const inSE = diff.abs().div(m.se.total).toNumber();
    if (Math.abs(pct) <= 2) within2pct++;
    if (inSE <= 2) within2se++;
    worstPct = Math.max(worstPct, Math.abs(pct));
    return `  ${m.month}  ${m.total.toFixed(2).padStart(14)} ± ${m.se.total.toFixed(2).padStart(11)}  full ${truth.toFixed(2).padStart(14)}  ${pct >= 0 ? '+' : ''}${pct.toFixed(2).padStart(6)} %  ${inSE.toFixed(2).padStart(5)} SE`;
  });
  if (k === 0) {
    console.log(`  sample          ${s.sample.devices} of ${s.sample.fleetDevices} devices, ${s.sample.strata.length} strata, ${s.sample.groups} jackknife groups`);
    console.log('month        sampled total ±          SE       full run total    error   |error|/SE');
    console.log(rows.join('\n'));
  }
  const totalPct = s.total.minus(full.total).div(full.total).times(100).toNumber();
  const n = s.months.length;
  console.log(`seed ${seed}: months within ±2 %: ${within2pct}/${n}; within ±2 SE: ${within2se}/${n}; worst month ${worstPct.toFixed(2)} %; horizon total $${s.total.toFixed(2)} ± $${s.sample.totalSE.toFixed(2)}, ${totalPct.toFixed(2)} % from the full run (SE ${s.sample.totalSE.div(full.total).times(100).toFixed(2)} %)`);
  return { seed, sampled: figures, monthsWithin2Pct: within2pct, monthsWithin2SE: within2se, months: n, worstMonthPct: +worstPct.toFixed(2), totalErrorPct: +totalPct.toFixed(2) };
});
const months = summaries.reduce((a, d) => a + d.months, 0);
const pooled = { within2Pct: summaries.reduce((a, d) => a + d.monthsWithin2Pct, 0), within2SE: summaries.reduce((a, d) => a + d.monthsWithin2SE, 0), months };
console.log(`all ${seeds} draws: months within ±2 %: ${pooled.within2Pct}/${months} (${((100 * pooled.within2Pct) / months).toFixed(1)} %); within ±2 SE: ${pooled.within2SE}/${months} (${((100 * pooled.within2SE) / months).toFixed(1)} %)`);
console.log(JSON.stringify({ full: full.figures, draws: summaries, pooled }));
