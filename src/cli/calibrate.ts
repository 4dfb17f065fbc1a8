/**
 * `tierwise calibrate <scenario.yaml> --actuals <file> --out <new.yaml>`: the device count,
 * protected data per device, daily change rate (and the parameters --params names) that best
 * explain the bill, written to a new scenario file.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseDocument } from 'yaml';
import { ScenarioError } from '../errors.js';
import { readActualsFile } from '../reconcile/actuals.js';
import { calibrate, DEFAULT_PARAMS, PARAM_NAMES, type ParamName } from '../reconcile/calibrate.js';
import { formatNumber } from '../report/money.js';
import { renderTable } from '../report/table.js';
import { loadScenarioFile } from '../scenario/load.js';
import { addMonths, type MonthKey } from '../units.js';
import { parseMonthFlag } from './actuals.js';
import { parseNumberFlag } from './flags.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';

interface CalibrateFlags {
  actuals: string;
  out: string;
  force?: boolean;
  from?: string;
  months?: string;
  params?: string;
  sampleDevices: string;
}

export function registerCalibrate(program: Command, io: CliIO): void {
  program
    .command('calibrate')
    .description('fit the device count, protected data per device and daily change rate (and --params) to what AWS billed; writes a new scenario')
    .argument('<scenario>', 'scenario YAML file (never changed)')
    .requiredOption('--actuals <file>', 'actuals file with quantities (`tierwise actuals fetch` or a CUR through `actuals import`)')
    .requiredOption('--out <file>', 'the calibrated scenario file to write (never the original)')
    .option('--force', 'replace --out if it exists')
    .option('--from <YYYY-MM>', 'start the forecast in this month (as reconcile --from)')
    .option('--months <n>', 'months to fit (default: up to the last month of the actuals)')
    .option('--params <names>', `comma-separated parameters to fit besides the device count (default ${DEFAULT_PARAMS.join(',')}; any of ${PARAM_NAMES.join(', ')})`)
    .option('--sample-devices <n>', 'simulate at most this many devices per candidate, quantities scaled to the fleet', '200')
    .addHelpText(
      'after',
      [
        '',
        'The error measured is the relative squared error of the main usage types per month: storage GB-Mo per',
        'class, PUT (Tier1) and GET (Tier2) requests and egress GB. Each parameter is a multiplier on every',
        "profile's value; the device count is fitted in closed form. Costs are not fitted (prices are reconcile's job).",
      ].join('\n'),
    )
    .action(async (path: string, opts: CalibrateFlags) => {
      // Checked before the simulations, which take a while.
      if (resolve(io.cwd, opts.out) === resolve(io.cwd, path)) throw ScenarioError.at('the calibrated scenario is never written over the original: name another file', '--out', opts.out);
      checkOutputFile(io, opts.out, opts.force ?? false);
      const params = (opts.params ?? DEFAULT_PARAMS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
      for (const p of params) if (!(PARAM_NAMES as string[]).includes(p)) throw ScenarioError.at(`unknown parameter '${p}' (allowed: ${PARAM_NAMES.join(', ')})`, '--params', opts.params);
      const sampleDevices = parseNumberFlag('--sample-devices', opts.sampleDevices, { integer: true, min: 10, max: 100_000 });
      const actuals = readActualsFile(resolve(io.cwd, opts.actuals), opts.actuals);
      const file = loadScenarioFile(path);
      if (!file.fleet) throw ScenarioError.at('a fleet section is needed to calibrate', 'fleet', undefined);
      if (opts.from !== undefined) file.horizon = { ...file.horizon, start_month: parseMonthFlag('--from', opts.from) };
      const start = file.horizon.start_month as MonthKey;
      const last = actuals.periods.map((p) => p.period.slice(0, 7)).sort().pop();
      let months = file.horizon.months;
      if (opts.months !== undefined) months = parseNumberFlag('--months', opts.months, { integer: true, min: 1, max: 240 });
      else if (last) for (months = 1; addMonths(start, months - 1) < last && months < file.horizon.months; months++);
      file.horizon = { ...file.horizon, months };

      const progress = io.stderr.isTTY && !io.env.CI;
      const r = await calibrate(file, path, actuals, {
        params: params as ParamName[],
        sampleDevices,
        onEvaluation: (n) => progress && io.stderr.write(`\r\x1b[Kcalibrating: ${n} simulations`),
      });
      if (progress) io.stderr.write('\r\x1b[K');

      // The new file: the original text with the fitted values set, comments kept.
      const doc = parseDocument(readFileSync(path, 'utf8'));
      doc.setIn(['fleet', 'devices'], r.file.fleet!.devices);
      if (r.file.fleet!.max_devices !== undefined) doc.setIn(['fleet', 'max_devices'], r.file.fleet!.max_devices);
      if (opts.from !== undefined) doc.setIn(['horizon', 'start_month'], file.horizon.start_month);
      r.file.fleet!.profiles.forEach((p, i) => {
        for (const name of params) doc.setIn(['fleet', 'profiles', i, name], doc.createNode((p as Record<string, unknown>)[name], { flow: true }));
      });
      doc.commentBefore = `${doc.commentBefore ? `${doc.commentBefore}\n` : ''} Calibrated by tierwise calibrate against ${opts.actuals} (${months} months from ${start}).`;
      writeOutputFile(io, opts.out, doc.toString(), opts.force ?? false);

      const out: string[] = [
        `${r.simulations} simulations of ${Math.min(file.fleet.devices, sampleDevices)} devices, ${months} months from ${start}`,
        '',
        renderTable(
          [{ header: 'parameter' }, { header: 'fitted', align: 'right' }, { header: 'of the scenario', align: 'right' }],
          [['devices', formatNumber(r.devices, { maxDecimals: 0 }), `× ${formatNumber(r.devices / file.fleet.devices, { maxDecimals: 3 })}`], ...params.map((p) => [p, '', `× ${formatNumber(r.multipliers[p]!, { maxDecimals: 3 })}`])],
        ),
        'Devices that fit each month alone:',
        `  ${r.devicesByMonth.map((m) => `${m.month} ${formatNumber(m.devices, { maxDecimals: 0 })}`).join(', ')}`,
        '',
        'Remaining error per usage type (all months):',
        renderTable(
          [{ header: 'usage type' }, { header: 'forecast', align: 'right' }, { header: 'actual', align: 'right' }, { header: 'Δ%', align: 'right' }],
          r.residuals.map((x) => [x.usageType, formatNumber(x.forecast, { maxDecimals: 2 }), formatNumber(x.actual, { maxDecimals: 2 }), x.actual > 0 ? `${formatNumber(((x.forecast - x.actual) / x.actual) * 100, { maxDecimals: 1, minDecimals: 1 })}%` : '']),
        ),
        `wrote ${opts.out}`,
      ];
      io.stdout.write(`${out.join('\n')}\n`);
    });
}
