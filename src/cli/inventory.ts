/**
 * `tierwise inventory import <manifest.json | file.csv[.gz] | file.parquet>`: what a real bucket
 * holds, from its S3 Inventory report.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { summariseInventory } from '../reconcile/inventory.js';
import { inventoryJson, inventoryTable } from '../report/inventory.js';
import { parseEnumFlag, parseIsoTime } from './flags.js';
import { readingProgress } from './progress.js';
import { checkOutputFile, writeOutputFile, type CliIO } from './io.js';

const FORMATS = ['table', 'json'] as const;

interface InventoryFlags {
  schema?: string;
  asOf?: string;
  format: string;
  json?: boolean;
  out?: string;
  force?: boolean;
  progress: boolean;
}

export function registerInventory(program: Command, io: CliIO): void {
  const inventory = program.command('inventory').description('what a real bucket holds, from its S3 Inventory report');
  inventory
    .command('import')
    .description('summarise an S3 Inventory report: objects and bytes per storage class, Intelligent-Tiering tier, size, age and Duplicati file kind')
    .argument('<file>', "the report's manifest.json (its data files beside it or in data/), or one data file: .csv / .csv.gz (with --schema) or .parquet")
    .option('--schema <fields>', "column order of a CSV data file read without its manifest (the manifest's fileSchema)")
    .option('--as-of <time>', "count ages to this ISO-8601 time (default: the manifest's creation time, else now)")
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the summary to a file instead of standard output')
    .option('--force', 'replace --out if it exists')
    .option('--no-progress', 'no progress bar (it is shown only when standard error is a terminal)')
    .action(async (file: string, opts: InventoryFlags) => {
      const format = opts.json ? 'json' : parseEnumFlag('--format', opts.format, FORMATS);
      const asOf = opts.asOf === undefined ? undefined : new Date(parseIsoTime('--as-of', opts.asOf) * 1000);
      if (opts.out) checkOutputFile(io, opts.out, opts.force ?? false);
      const progress = readingProgress(io, opts.progress);
      let summary;
      try {
        summary = await summariseInventory(resolve(io.cwd, file), file, {
          ...(opts.schema ? { schema: opts.schema } : {}),
          ...(asOf ? { asOf } : {}),
          onProgress: progress.onProgress,
        });
      } finally {
        progress.stop();
      }
      const text = format === 'json' ? `${JSON.stringify(inventoryJson(summary), null, 2)}\n` : inventoryTable(summary);
      if (opts.out) {
        writeOutputFile(io, opts.out, text, opts.force ?? false);
        io.stderr.write(`wrote ${opts.out}\n`);
      } else io.stdout.write(text);
    });
}
