/**
 * `tierwise validate <scenario.yaml…>`: check scenario files — the schema and the checks that
 * span fields (retention options, lifecycle rules) — and report every problem at once.
 */
import type { Command } from 'commander';
import { InputError, PriceDataError } from '../errors.js';
import { checkPriceCoverage } from '../pricing/coverage.js';
import { bundledPriceBook } from '../pricing/snapshots.js';
import { configurationFindings } from '../forecast.js';
import { loadScenario } from '../scenario/load.js';
import { formatCount } from '../report/money.js';
import type { CliIO } from './io.js';

export function registerValidate(program: Command, io: CliIO): void {
  program
    .command('validate')
    .description('check scenario files (schema, retention options, lifecycle rules); prints every problem, one line each, and exits 2 if there is any')
    .argument('<scenario...>', 'scenario YAML files')
    .action((files: string[]) => {
      const errors: InputError[] = [];
      for (const f of files) {
        try {
          const s = loadScenario(f, { require: [] });
          const h = s.file.horizon;
          io.stdout.write(`${f}: ok (${s.name}, ${formatCount(h.months, 'month')} from ${h.start_month}, ${s.region})\n`);
          for (const finding of configurationFindings(s)) io.stdout.write(`  note: ${finding}\n`);
          if (!s.fleet) io.stdout.write('  note: no fleet section: `simulate` needs one (the devices that back up)\n');
          const prices = bundledCoverage(s.region);
          if (prices) io.stdout.write(`  note: ${prices}\n`);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          errors.push(e);
        }
      }
      if (errors.length > 0) {
        throw new InputError(errors.flatMap((e) => e.issues));
      }
    });
}

/**
 * Whether the bundled price book covers `region`: not an error here (a snapshot from `prices
 * refresh` may be at hand), but said now rather than after a long simulation.
 */
function bundledCoverage(region: string): string | undefined {
  try {
    checkPriceCoverage(bundledPriceBook(), region);
    return undefined;
  } catch (e) {
    if (!(e instanceof PriceDataError)) throw e;
    return `${e.issues[0]?.message ?? 'the bundled price book cannot price this region'}`;
  }
}
