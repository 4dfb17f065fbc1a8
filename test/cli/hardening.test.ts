/**
 * What once crashed tierwise or wasted a whole simulation, run as a real process: each must end
 * with exit code 2 and one line naming the problem — no stack trace — and before any long work.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, spawnCli } from '../helpers/cli.js';

const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';
/** 60,000 devices for 36 months: minutes to simulate. */
const BIG = 'scenarios/fleet-deep-archive.yaml';
/**
 * A bound that tells a refusal from a run without timing the refusal: on `HUGE` (BIG with ten
 * times the devices for ten years — hours of simulation on any machine) a process that is still
 * running after this long was simulating; a refusal ends in seconds even on a loaded machine.
 */
const BEFORE_SIMULATING_MS = 180_000;

const dir = mkdtempSync(join(tmpdir(), 'tierwise-hardening-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const HUGE = file('huge.yaml', readFileSync(join(REPO_ROOT, BIG), 'utf8').replace('devices: 60000', 'devices: 600000').replace('months: 36', 'months: 120'));
const tiny = (edit: (t: string) => string) => edit(readFileSync(join(REPO_ROOT, TINY), 'utf8'));

/** Exit 2 and exactly one `error:` line, no stack trace. Returns that line. */
function oneLine(r: { code: number; stderr: string; stdout?: string }): string {
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  return lines[0]!;
}

describe('no input crashes tierwise (real processes)', () => {
  it('a YAML alias bomb is refused', () => {
    let bomb = 'version: 1\nname: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i <= 9; i++) bomb += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const path = file('bomb.yaml', bomb);
    expect(oneLine(spawnCli(['validate', path]))).toBe(`error: ${path}: aliases (*name) expand to more than 100 copies of their anchors; write the values out or use fewer aliases`);
  });

  it('100,000 nested [ are refused', () => {
    const path = file('deep.yaml', `version: 1\nname: ${'['.repeat(100_000)}\n`);
    expect(oneLine(spawnCli(['validate', path]))).toBe(`error: ${path}:2: [ ] and { } are nested more than 64 levels deep; a scenario needs a few`);
  });

  it('an expedited restore from DEEP_ARCHIVE is refused by validate and by simulate', async () => {
    const path = file('expedited.yaml', tiny((t) => t.replace('devices_pct_per_month: 5', 'devices_pct_per_month: 5\n  tier: expedited')));
    const expected = `error: ${path}:24: restores.tier: objects reach DEEP_ARCHIVE, which has no expedited restore (it offers standard, bulk)`;
    expect(oneLine(spawnCli(['simulate', path, '--months', '1']))).toBe(expected);
    expect(oneLine(await runCli(['validate', path]))).toBe(expected);
  });

  it('sizes beyond any device are refused with the path and the limit', async () => {
    const lognormal = file('lognormal.yaml', tiny((t) => t.replace('median_gib: 20, p90_gib: 60', 'median_gib: 1e300, p90_gib: 1e301')));
    const r = spawnCli(['validate', lognormal]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain(`error: ${lognormal}:16: fleet.profiles[0].protected_data.median_gib: value must be ≤ 102400, got 1e+300`);
    expect(r.stderr).toContain(`error: ${lognormal}:16: fleet.profiles[0].protected_data.p90_gib: value must be ≤ 102400, got 1e+301`);
    const gib = file('gib.yaml', tiny((t) => t.replace('gib: 80 }', 'gib: 1e15 }')));
    expect(oneLine(await runCli(['validate', gib]))).toBe(`error: ${gib}:17: fleet.profiles[1].protected_data.gib: value must be ≤ 102400, got 1000000000000000`);
    const files = file('files.yaml', tiny((t) => t.replace('retire_pct_per_year: 20', 'retire_pct_per_year: 20\n  files_per_gib: 1e12')));
    expect(oneLine(await runCli(['validate', files]))).toBe(`error: ${files}:14: fleet.files_per_gib: value must be ≤ 1000000, got 1000000000000`);
    const devices = file('devices.yaml', tiny((t) => t.replace('devices: 40', 'devices: 1e300')));
    expect(oneLine(await runCli(['validate', devices]))).toBe(`error: ${devices}:11: fleet.devices: value must be ≤ 1000000, got 1e+300`);
  });

  it('.nan and .inf are named as written; a duplicate key names itself; a bad month is echoed', async () => {
    const nan = file('nan.yaml', tiny((t) => t.replace('devices: 40', 'devices: .nan').replace('seed: 7', 'seed: -.inf')));
    const r = await runCli(['validate', nan]);
    expect(r.stderr).toContain(`${nan}:11: fleet.devices: expected a finite number, got .nan`);
    expect(r.stderr).toContain(`${nan}:7: seed: expected a finite number, got -.inf`);
    const dup = file('dup.yaml', tiny((t) => t.replace('  onboarding_days: 5', '  onboarding_days: 5\n  onboarding_days: 6')));
    expect(oneLine(await runCli(['validate', dup]))).toBe(`error: ${dup}:13: key 'onboarding_days' appears twice in fleet; each key may be given once`);
    const month = file('month.yaml', tiny((t) => t.replace('start_month: 2027-01', 'start_month: 2027-13')));
    expect(oneLine(await runCli(['validate', month]))).toBe(`error: ${month}:5: horizon.start_month: expected a month as YYYY-MM (e.g. 2027-01), got '2027-13'`);
    const obj = file('obj.yaml', tiny((t) => t.replace('restores:\n  devices_pct_per_month: 5', 'restores: 5')));
    expect(oneLine(await runCli(['validate', obj]))).toBe(`error: ${obj}:22: restores: expected an object, got 5`);
  });

  it('a value or key holding a line break stays on one line', async () => {
    const path = file('newline.yaml', tiny((t) => t.replace('region: us-east-1', 'region: "us-east-1\\nbad"\n"a\\nb": 1')));
    const r = await runCli(['validate', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/region: expected one of .*, got 'us-east-1\\nbad'$/),
      expect.stringMatching(/a\\nb: unknown key 'a\\nb' \(allowed here: /),
    ]);
  });

  it('one YAML syntax error is one line', async () => {
    const path = file('syntax.yaml', tiny((t) => t.replace('horizon: { start_month: 2027-01, months: 6 }', 'horizon: { start_month: 2027-01, months: 6')));
    expect(oneLine(await runCli(['validate', path]))).toMatch(new RegExp(`^error: ${path}:\\d+: YAML syntax: `));
  });

  it('duplicate profile names are refused; retention_policy with keep_versions is a finding', async () => {
    const dup = file('profiles.yaml', tiny((t) => t.replace('name: server', 'name: laptop')));
    expect(oneLine(await runCli(['validate', dup]))).toBe(`error: ${dup}:17: fleet.profiles[1].name: profile name 'laptop' is already used by profiles[0]; each profile needs its own name`);
    const both = file('both.yaml', tiny((t) => t.replace('retention_policy: "7D:1D,4W:1W,12M:1M"', 'retention_policy: "7D:1D,4W:1W,12M:1M"\n  keep_versions: 5')));
    const r = await runCli(['validate', both]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "note: retention_policy '7D:1D,4W:1W,12M:1M' and keep_versions 5 are all applied: Duplicati deletes a version when any of them deletes it (a version survives only if every one keeps it) (never more than 5 versions, whatever the others keep)",
    );
  });
});

describe('caught before the long run', () => {
  it('--out into a missing folder, or onto a folder, is refused before simulating', () => {
    const missing = join(dir, 'missing', 'x.csv');
    expect(oneLine(spawnCli(['simulate', HUGE, '--out', missing], { timeoutMs: BEFORE_SIMULATING_MS }))).toBe(
      `error: --out: the folder '${join(dir, 'missing')}' does not exist; create it first`,
    );
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    expect(oneLine(spawnCli(['simulate', HUGE, '--out', join(dir, 'a-folder'), '--force'], { timeoutMs: BEFORE_SIMULATING_MS }))).toContain(`'${join(dir, 'a-folder')}' is a folder`);
  }, 2 * BEFORE_SIMULATING_MS + 10_000);

  it('schema --out into a missing folder is refused', async () => {
    expect(oneLine(await runCli(['schema', '--out', join(dir, 'nowhere', 'schema.json')]))).toBe(`error: --out: the folder '${join(dir, 'nowhere')}' does not exist; create it first`);
  });

  it('a region no price book covers is refused before simulating, with the way to get its prices', () => {
    const path = file('usw2.yaml', readFileSync(HUGE, 'utf8').replace('region: us-east-1', 'region: us-west-2'));
    const line = oneLine(spawnCli(['simulate', path], { timeoutMs: BEFORE_SIMULATING_MS }));
    expect(line).toBe(
      `error: ${path}: region: price book bundled-2026-07-28 has no prices for us-west-2 (it covers us-east-1, ap-south-1, eu-west-1, eu-central-1); fetch them with \`tierwise prices refresh --region us-west-2\` and pass the snapshot with --prices`,
    );
  }, BEFORE_SIMULATING_MS + 10_000);
});

describe('command line details', () => {
  it('a closed pipe ends tierwise quietly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', `${REPO_ROOT}src/cli/run.ts`, 'prices', 'show', 'bundled-2026-07-28'], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    // Read the first chunk, then close our end, as `| head -1` does.
    const first = await Promise.race([new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString()))), closed.then(() => '')]);
    expect(first).toMatch(/^bundled-2026-07-28: /);
    child.stdout.destroy();
    const code = await closed;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('--json with an explicit --format csv is refused; --format ignores case; one month is "1 month"', async () => {
    expect(oneLine(await runCli(['simulate', TINY, '--months', '1', '--json', '--format', 'csv']))).toBe('error: --json: --json asks for JSON but --format asks for csv; give one of them');
    const csv = await runCli(['simulate', TINY, '--months', '1', '--format', 'CSV']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.startsWith('month,usage_type,')).toBe(true);
    const table = await runCli(['simulate', TINY, '--months', '1']);
    expect(table.stdout).toContain('tiny-fleet: us-east-1, 2027-01 … 2027-01 (1 month)');
    expect(table.stdout).toMatch(/downloaded [\d.]+ GB, billed as internet egress/);
  });
});
