import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { runCli, spawnCli } from '../helpers/cli.js';

const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';

describe('tierwise simulate', () => {
  it('prints a monthly table with the price book, capacity and findings', async () => {
    const r = await runCli(['simulate', TINY, '--months', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tiny-fleet: us-east-1, 2027-01 … 2027-03 (3 months)');
    expect(r.stdout).toMatch(/^prices: bundled-\d{4}-\d{2}-\d{2} \(bundled, \d{4}-\d{2}-\d{2}\)/m);
    expect(r.stdout).toMatch(/^2027-03 +\d+ /m);
    expect(r.stdout).toContain('DEEP_ARCHIVE');
    // Auto-compact with dblocks in DEEP_ARCHIVE: the configuration finding and the monthly one.
    expect(r.stdout).toContain('dblocks reach an archive class while auto-compact is on');
    expect(r.stdout).toMatch(/compaction tried to read archived volumes [\d,]+ times/);
  });

  it('--json: months with lines, decimal-string costs, capacity and findings; totals add up exactly', async () => {
    const r = await runCli(['simulate', TINY, '--months', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.scenario.name).toBe('tiny-fleet');
    expect(j.priceBook.id).toMatch(/^bundled-/);
    expect(j.months.map((m: { month: string }) => m.month)).toEqual(['2027-01', '2027-02']);
    const m = j.months[1];
    for (const line of m.lines) {
      // The keys the issue specifies, plus storageClass where the usage belongs to a class.
      const keys = Object.keys(line).filter((k) => k !== 'storageClass').sort();
      expect(keys).toEqual(['cause', 'cost', 'operation', 'quantity', 'unit', 'usageType']);
    }
    expect(m.lines.some((l: { storageClass?: string }) => l.storageClass === 'DEEP_ARCHIVE')).toBe(true);
    for (const line of m.lines) expect(typeof line.cost).toBe('string');
    const sum = (xs: string[]) => xs.reduce((a, b) => a.plus(b), new Dec(0));
    expect(sum(m.lines.map((l: { cost: string }) => l.cost)).toString()).toBe(new Dec(m.total).toString());
    expect(sum(j.months.map((x: { total: string }) => x.total)).toString()).toBe(new Dec(j.total).toString());
    expect(m.capacity.DEEP_ARCHIVE.storedGiB).toBeGreaterThan(0);
    expect(m.findings.some((f: string) => f.startsWith('compaction tried to read archived volumes'))).toBe(true);
  });

  it('--format csv: every bill line', async () => {
    const r = await runCli(['simulate', TINY, '--months', '1', '--format', 'csv']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toBe('month,usage_type,operation,cause,storage_class,quantity,unit,cost_usd');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.some((l) => l.startsWith('2027-01,Requests-Tier3,S3-GDATransition,transition,DEEP_ARCHIVE,'))).toBe(true);
  });

  it('--out never replaces a file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-'));
    const out = join(dir, 'report.txt');
    writeFileSync(out, 'mine');
    const refused = await runCli(['simulate', TINY, '--months', '1', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`error: --out: '${out}' already exists; add --force to replace it\n`);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    const forced = await runCli(['simulate', TINY, '--months', '1', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('tiny-fleet');
  });

  it('bad input: one line each, exit code 2', async () => {
    const bad = async (args: string[]) => {
      const r = await runCli(['simulate', ...args]);
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await bad([TINY, '--format', 'xml'])).toBe("error: --format: expected one of table, csv, json, got 'xml'\n");
    expect(await bad([TINY, '--months', '0'])).toBe("error: --months: expected an integer ≥ 1 and ≤ 240, got '0'\n");
    expect(await bad([TINY, '--prices', 'nope'])).toMatch(/^error: .*nope/);
    expect(await bad(['missing.yaml'])).toBe("error: scenario: no such file 'missing.yaml'\n");
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-'));
    const noFleet = join(dir, 'no-fleet.yaml');
    writeFileSync(noFleet, 'version: 1\nname: x\nhorizon: { start_month: 2027-01, months: 1 }\nregion: us-east-1\n');
    expect(await bad([noFleet])).toBe(`error: ${noFleet}: fleet: a fleet section is needed to simulate (the devices that back up; see scenarios/fleet-deep-archive.yaml)\n`);
  });

  it('a real process exits 2 with one line and no stack trace for a bad scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, readFileSync(TINY, 'utf8').replace('retention_policy: "7D:1D,4W:1W,12M:1M"', 'retention_policy: "7d:1D"'));
    const r = spawnCli(['simulate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`error: ${file}:9: agent.retention_policy: unknown unit 'd' in '7d:1D' (units: s m h D W M Y)`]);
  });

  it('--help describes every option', async () => {
    const r = await runCli(['simulate', '--help']);
    for (const flag of ['--months', '--prices', '--format', '--json', '--out', '--force', '--threads', '--no-progress']) expect(r.stdout).toContain(flag);
  });
});
