/**
 * The package as a user gets it: `npm pack`, unpacked into a fresh project's node_modules, then a
 * scenario forecast through `import … from 'tierwise'` alone — the `files` list, the `exports`
 * map, the compiled JavaScript and its type declarations all have to be right for this to pass.
 *
 * Offline: the tarball is unpacked rather than installed through npm (which would ask the
 * registry for metadata), and its dependencies are linked from this checkout's node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli.js';
import { distIsStale } from './helpers/dist.js';

const CONSUMER_JS = `
import { bundledPriceBook, forecast, forecastTable, loadScenario, ScenarioError } from 'tierwise';

const sc = loadScenario(process.argv[2], { months: 1 });
const f = await forecast(sc, bundledPriceBook(), { threads: 1 });
let refused = '';
try {
  loadScenario(process.argv[3]);
} catch (e) {
  if (!(e instanceof ScenarioError)) throw e;
  refused = e.issues.map((i) => i.path).join(',');
}
console.log(JSON.stringify({ name: sc.name, months: f.months.length, total: f.total.toString(), table: forecastTable(f).split('\\n')[0], refused }));
`;

/** Type-checked against the package's declarations only. */
const CONSUMER_TS = `
import { bundledPriceBook, forecast, loadScenario, priceFleet, simulate, type Forecast, type Scenario } from 'tierwise';

export async function total(path: string): Promise<string> {
  const sc: Scenario = loadScenario(path, { months: 1 });
  const f: Forecast = await forecast(sc, bundledPriceBook());
  const again: Forecast = priceFleet(await simulate(sc), bundledPriceBook());
  return f.total.plus(again.total).toString();
}
`;

describe('the packed package', () => {
  it('forecasts a scenario through `import … from "tierwise"` only', { timeout: 240_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'tierwise-pack-'));
    // The tarball ships dist/: rebuild it if any source is newer (npm ci has built it otherwise),
    // then pack without scripts so `prepare` does not build again.
    if (distIsStale()) execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8' }).trim().split('\n').pop()!;

    const project = join(work, 'consumer');
    const modules = join(project, 'node_modules');
    mkdirSync(modules, { recursive: true });
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
    renameSync(join(work, 'package'), join(modules, 'tierwise'));
    for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
      if (name === '.bin' || name.startsWith('.')) continue;
      symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name));
    }
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    writeFileSync(join(project, 'forecast.mjs'), CONSUMER_JS);
    const noFleet = join(project, 'no-fleet.yaml');
    writeFileSync(noFleet, 'version: 1\nname: x\nhorizon: { start_month: 2027-01, months: 1 }\nregion: us-east-1\n');

    const out = execFileSync(process.execPath, ['forecast.mjs', join(REPO_ROOT, 'test/fixtures/scenarios/tiny-fleet.yaml'), noFleet], { cwd: project, encoding: 'utf8' });
    const r = JSON.parse(out) as { name: string; months: number; total: string; table: string; refused: string };
    expect(r.name).toBe('tiny-fleet');
    expect(r.months).toBe(1);
    expect(Number(r.total)).toBeGreaterThan(0);
    expect(r.table).toBe('tiny-fleet: us-east-1, 2027-01 … 2027-01 (1 month)');
    expect(r.refused).toBe('fleet');

    // The README's library example, as printed there, runs against the package.
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const example = /## The library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain("from 'tierwise'");
    writeFileSync(join(project, 'readme-example.mjs'), example!);
    const printed = execFileSync(process.execPath, ['readme-example.mjs', join(REPO_ROOT, 'test/fixtures/scenarios/tiny-fleet.yaml')], { cwd: project, encoding: 'utf8' });
    expect(printed).toContain('tiny-fleet: us-east-1, 2027-01 … 2027-06 (6 months)');
    expect(printed).toMatch(/^total: \$\d+\.\d{2}$/m);
    const refused = spawnSync(process.execPath, ['readme-example.mjs', noFleet], { cwd: project, encoding: 'utf8' });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(`${noFleet}: fleet: a fleet section is needed to simulate (the devices that back up; see scenarios/fleet-deep-archive.yaml)\n`);

    // The declarations: a TypeScript user gets the same names, typed.
    writeFileSync(join(project, 'total.ts'), CONSUMER_TS);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['total.ts'] }),
    );
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, encoding: 'utf8' });

    // And the command, from the package's bin.
    const version = execFileSync(process.execPath, [join(modules, 'tierwise/bin/tierwise.js'), '--version'], { cwd: project, encoding: 'utf8' });
    expect(version.trim()).toBe('0.1.0');
  });
});
