/** `tierwise schema`: the JSON Schema of scenario files, for editors. */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../scenario/schema.js';
import { withDistributions } from '../scenario/uncertain.js';
import type { CliIO } from './io.js';
import { writeOutputFile } from './io.js';

export function registerSchema(program: Command, io: CliIO): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (point your editor at it for autocompletion)')
    .option('--out <file>', 'write it to a file instead of standard output')
    .option('--force', 'replace --out if it exists')
    .action((opts: { out?: string; force?: boolean }) => {
      const text = `${JSON.stringify(withDistributions(scenarioJsonSchema()), null, 2)}\n`;
      if (opts.out) writeOutputFile(io, opts.out, text, opts.force ?? false);
      else io.stdout.write(text);
    });
}
