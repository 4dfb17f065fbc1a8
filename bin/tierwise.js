#!/usr/bin/env node
// Entry point of the `tierwise` command: runs the compiled CLI (built by `npm run build`,
// which `npm ci` runs through the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('error: tierwise is not built; run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
await import(entry.href);
