/** `tierwise validate <scenario.yaml…>`: check scenario files and report every problem at once. */
import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { loadScenarioFile } from '../scenario/load.js';
import type { CliIO } from './io.js';

export function registerValidate(program: Command, io: CliIO): void {
  program
    .command('validate')
    .description('check scenario files; prints every problem, one line each, and exits 2 if there is any')
    .argument('<scenario...>', 'scenario YAML files')
    .action((files: string[]) => {
      const errors: InputError[] = [];
      for (const f of files) {
        try {
          const s = loadScenarioFile(f);
          io.stdout.write(`${f}: ok (${s.name}, ${s.horizon.months} months from ${s.horizon.start_month}, ${s.region})\n`);
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
