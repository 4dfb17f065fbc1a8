/**
 * The README's figures, measured rather than typed: runs the three reference scenarios with the
 * bundled prices and rewrites what lies between `<!-- readme-figures:NAME -->` and
 * `<!-- /readme-figures:NAME -->` in README.md — the example output, the figures table, the
 * verification share, the quick-start run time — and says on which machine and when.
 *
 *   npx tsx scripts/readme-figures.ts                       # 36 months each: several minutes
 *   npx tsx scripts/readme-figures.ts --months 1 --readme /tmp/README.md   # a quick trial
 *   npx tsx scripts/readme-figures.ts --scenarios a.yaml,b.yaml,c.yaml --months 1 --readme …
 *
 * It builds first and runs the compiled engine (dist/), as `npx tierwise` does. Run times are
 * the simulation and pricing alone (Node's start-up, about 0.3 s, excluded).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as Tierwise from '../src/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The reference scenarios in the order the README lists them, with what each one is. */
export const REFERENCE_SCENARIOS: readonly { readonly file: string; readonly what: string }[] = [
  { file: 'scenarios/fleet-deep-archive.yaml', what: '60,000 endpoints, every object to DEEP_ARCHIVE after 1 day, auto-compact on' },
  { file: 'scenarios/fleet-deep-archive-dblocks-only.yaml', what: "the same, only dblocks archived, `no_auto_compact` (Duplicati's advice)" },
  { file: 'scenarios/fleet-ramp-70k.yaml', what: '50,000 → 70,000 endpoints, size-filtered rule, 5 %/year replaced' },
];

/** What the README needs from one run. */
export interface ScenarioFigures {
  readonly file: string;
  readonly what: string;
  readonly months: number;
  readonly total: number;
  readonly verification: number;
  readonly storedTiB: number;
  readonly seconds: number;
  /** The table report, as `tierwise simulate` prints it. */
  readonly table: string;
}

export interface Machine {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly cpu: string;
}

export function thisMachine(now = new Date()): Machine {
  return { date: now.toISOString().slice(0, 10), node: process.version, cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown CPU' };
}

const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const millions = (x: number) => `$${(x / 1e6).toFixed(2)}M`;
const grouped = (x: number) => Math.round(x).toLocaleString('en-US');

/** The figures table (Markdown). */
export function figuresTable(runs: readonly ScenarioFigures[]): string {
  const months = runs[0]?.months ?? 0;
  const rows = runs.map((r) => `| \`${basename(r.file)}\` | ${r.what} | ${usd(r.total)} | ${grouped(r.storedTiB)} TiB | ${r.seconds.toFixed(0)} s |`);
  return [`| scenario | what it is | ${months}-month total | stored at the end | run time |`, '|---|---|---|---|---|', ...rows].join('\n');
}

/** Where and when the figures were measured. */
export function machineLine(m: Machine, months: number): string {
  return `Measured ${m.date} by \`scripts/readme-figures.ts\` (${months} month${months === 1 ? '' : 's'}, bundled prices, list prices) with Node ${m.node} on ${m.cores} cores (${m.cpu}).`;
}

/**
 * The example output: the report's head, its first month, and its findings (the middle months
 * and the capacity table are left out for length).
 */
export function exampleOutput(table: string): string {
  const lines = table.split('\n');
  const head = lines.slice(0, 6); // title, prices, blank, column header, rule, first month
  const findings = lines.indexOf('Findings:');
  const tail = findings >= 0 ? lines.slice(findings).filter((l) => l !== '') : [];
  return ['```text', ...head, '...', ...tail, '```'].join('\n');
}

/** Replaces the text between the `readme-figures:NAME` markers; refuses a README without them. */
export function replaceBetween(text: string, name: string, content: string, inline = false): string {
  const open = `<!-- readme-figures:${name} -->`;
  const close = `<!-- /readme-figures:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`README has no ${open} … ${close} markers`);
  const body = inline ? content : `\n${content}\n`;
  return text.slice(0, start + open.length) + body + text.slice(end);
}

/** Every marked figure of the README, rewritten from the runs (the first run is the headline). */
export function rewriteReadme(readme: string, runs: readonly ScenarioFigures[], machine: Machine): string {
  const lead = runs[0];
  if (!lead) throw new Error('no runs');
  let out = readme;
  out = replaceBetween(out, 'example', exampleOutput(lead.table));
  out = replaceBetween(out, 'table', `${figuresTable(runs)}\n\n${machineLine(machine, lead.months)}`);
  out = replaceBetween(out, 'verification', `${millions(lead.verification)} of the ${millions(lead.total)}`, true);
  out = replaceBetween(out, 'quickstart-time', `${lead.seconds.toFixed(0)} s measured on ${machine.cores} cores`, true);
  return out;
}

/** Runs one scenario with the compiled engine and the bundled prices. */
export async function measure(lib: typeof Tierwise, file: string, what: string, months?: number): Promise<ScenarioFigures> {
  const sc = lib.loadScenario(join(ROOT, file), months !== undefined ? { months } : {});
  const start = performance.now();
  const f = await lib.forecast(sc, lib.bundledPriceBook());
  const seconds = (performance.now() - start) / 1000;
  const verification = f.months.flatMap((m) => m.lines).filter((l) => l.usage.cause === 'verification').reduce((a, l) => a.plus(l.cost), new lib.Dec(0));
  const end = f.months[f.months.length - 1]?.capacity ?? {};
  const storedGiB = Object.values(end).reduce((a, c) => a + c.storedGiB + c.noncurrentGiB, 0);
  return { file, what, months: f.months.length, total: f.total.toNumber(), verification: verification.toNumber(), storedTiB: storedGiB / 1024, seconds, table: lib.forecastTable(f) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      months: { type: 'string' },
      readme: { type: 'string', default: join(ROOT, 'README.md') },
      scenarios: { type: 'string' },
    },
  });
  const months = values.months === undefined ? undefined : Number(values.months);
  if (months !== undefined && !(Number.isInteger(months) && months >= 1)) throw new Error(`--months: expected a whole number ≥ 1, got '${values.months}'`);
  const chosen = values.scenarios
    ? values.scenarios.split(',').map((file) => ({ file, what: REFERENCE_SCENARIOS.find((r) => r.file === file)?.what ?? basename(file) }))
    : REFERENCE_SCENARIOS;

  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const lib = (await import(pathToFileURL(join(ROOT, 'dist/index.js')).href)) as typeof Tierwise;
  const runs: ScenarioFigures[] = [];
  for (const s of chosen) {
    process.stderr.write(`${s.file}: simulating…`);
    const r = await measure(lib, s.file, s.what, months);
    process.stderr.write(` ${r.months} month(s), ${usd(r.total)}, ${r.seconds.toFixed(1)} s\n`);
    runs.push(r);
  }
  const readme = readFileSync(values.readme, 'utf8');
  writeFileSync(values.readme, rewriteReadme(readme, runs, thisMachine()));
  process.stderr.write(`rewrote the figures in ${values.readme}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
