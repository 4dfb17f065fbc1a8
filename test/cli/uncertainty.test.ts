import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { runCli } from '../helpers/cli.js';

const UNCERTAIN = 'test/fixtures/scenarios/tiny-uncertain.yaml';
const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';
const dir = mkdtempSync(join(tmpdir(), 'tierwise-unc-'));

/** The tiny uncertain fleet with fleet.daily_change_pct given as `spec`. */
function withDaily(spec: string, name = 'bad.yaml'): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `version: 1
name: bad
horizon: { start_month: 2027-01, months: 2 }
region: us-east-1
fleet:
  devices: 2
  daily_change_pct: ${spec}
  profiles:
    - { name: pc, os: windows, share_pct: 100, protected_data: { distribution: fixed, gib: 5 } }
`,
  );
  return path;
}

describe('tierwise simulate --uncertainty', () => {
  it('--json: the percentiles shape of the issue, money as decimal strings, ordered', async () => {
    const r = await runCli(['simulate', UNCERTAIN, '--uncertainty', '4', '--threads', '1', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j.percentiles.total).sort()).toEqual(['p10', 'p50', 'p90']);
    expect(j.percentiles.months.map((m: { month: string }) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    for (const m of [j.percentiles.total, ...j.percentiles.months]) {
      for (const k of ['p10', 'p50', 'p90']) expect(m[k]).toMatch(/^\d+(\.\d+)?$/);
      expect(new Dec(m.p10).lte(m.p50) && new Dec(m.p50).lte(m.p90)).toBe(true);
    }
    expect(Object.keys(j.percentiles.months[0]).sort()).toEqual(['month', 'p10', 'p50', 'p90']);
    expect(j.runs).toBe(4);
    expect(j.parameters.map((p: { path: string }) => p.path)).toEqual(['fleet.daily_change_pct', 'fleet.profiles[0].protected_data.gib', 'bucket.lifecycle[0].transitions[0].days', 'prices.changes.*TimedStorage-GDA-ByteHrs']);
    expect(j.runResults).toHaveLength(4);
  });

  it('table and csv', async () => {
    const t = await runCli(['simulate', UNCERTAIN, '--uncertainty', '2', '--months', '1']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('2 runs (Latin hypercube)');
    expect(t.stdout).toContain('fleet.daily_change_pct: triangular(0.5, 1, 2), central 1');
    expect(t.stdout).toMatch(/^total +\$[\d.,]+ +\$[\d.,]+ +\$[\d.,]+$/m);
    const c = await runCli(['simulate', UNCERTAIN, '--uncertainty', '2', '--months', '1', '--format', 'csv', '--threads', '1']);
    const [header, ...rows] = c.stdout.trim().split('\n');
    expect(header).toBe('month,cost_p10_usd,cost_p50_usd,cost_p90_usd,stored_tib_p10,stored_tib_p50,stored_tib_p90');
    expect(rows.map((l) => l.split(',')[0])).toEqual(['2027-01', 'total']);
  });

  it('other commands run a file with distributions at the central values', async () => {
    const r = await runCli(['validate', UNCERTAIN]);
    expect(r.code).toBe(0);
  });

  it.each([
    ['{ distribution: uniform, low: 2, high: 1 }', 'fleet.daily_change_pct: a uniform distribution needs low < high (got low 2, high 1)'],
    ['{ distribution: triangular, low: -1, mode: 1, high: 2 }', 'fleet.daily_change_pct.low: low -1 is outside what this field allows (0 to 100)'],
    ['{ distribution: beta, low: 1, high: 2 }', "fleet.daily_change_pct.distribution: unknown distribution 'beta' (allowed: uniform, triangular, normal, lognormal, discrete)"],
    ['{ distribution: normal, mean: 1, sd: 0 }', 'fleet.daily_change_pct.sd: sd must be greater than 0 (got 0)'],
    ['{ distribution: lognormal, median: 2, p90: 1 }', 'fleet.daily_change_pct.p90: p90 (1) must be greater than the median (2)'],
    ['{ distribution: discrete, choices: [1, 2], weights: [1] }', 'fleet.daily_change_pct.weights: weights must be a list of 2 positive numbers, one per choice'],
    ['{ distribution: uniform, low: 1, high: 2, hi: 3 }', "fleet.daily_change_pct.hi: unknown key 'hi' for a uniform distribution (allowed: low, high)"],
  ])('a bad distribution %s is one line with the path, exit 2', async (spec, message) => {
    const path = withDaily(spec);
    const r = await runCli(['simulate', path, '--uncertainty', '3']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([`error: ${path}:7: ${message}`]);
  });

  it('a distribution where none is allowed names the allowed fields, exit 2', async () => {
    const path = join(dir, 'seed.yaml');
    writeFileSync(path, 'version: 1\nname: s\nhorizon: { start_month: 2027-01, months: 1 }\nregion: us-east-1\nseed: { distribution: uniform, low: 1, high: 9 }\n');
    const r = await runCli(['validate', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`error: ${path}:5: seed: a distribution is not allowed here; fields that may be uncertain: fleet.devices,`);
  });

  it('a price change pattern that matches nothing is refused before any run, exit 2', async () => {
    const path = join(dir, 'typo.yaml');
    writeFileSync(path, `${'version: 1\nname: t\nhorizon: { start_month: 2027-01, months: 1 }\nregion: us-east-1\n'}fleet: { devices: 1, profiles: [{ name: pc, os: linux, share_pct: 100, protected_data: { distribution: fixed, gib: 1 } }] }\nprices: { changes: { 'TimedStorge*': 5 } }\n`);
    for (const args of [['simulate', path], ['simulate', path, '--uncertainty', '2']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: .*typo\.yaml: prices\.changes\.TimedStorge\*: 'TimedStorge\*' matches no usage type of price book/);
    }
  });

  it('the report is byte for byte the same with --threads 1 (runs in this thread) and --threads 2 (runs sharing a pool)', async () => {
    const args = ['simulate', UNCERTAIN, '--uncertainty', '4', '--months', '2', '--json'];
    const serial = await runCli([...args, '--threads', '1']);
    const pooled = await runCli([...args, '--threads', '2']);
    expect(serial.code).toBe(0);
    expect(pooled.stderr).toBe('');
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(serial.stdout);
  });

  it('bad run counts are refused before any run', async () => {
    for (const n of ['0', '1.5', 'many', '10001']) {
      const r = await runCli(['simulate', TINY, '--uncertainty', n]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --uncertainty: expected an integer ≥ 1 and ≤ 10000, got '/);
    }
  });

  it('--html writes the page of bands beside the table; an existing file is refused without --force, replaced with it', async () => {
    const html = join(dir, 'bands.html');
    const args = ['simulate', UNCERTAIN, '--uncertainty', '3', '--months', '2', '--threads', '1', '--html', html];
    const r = await runCli(args);
    expect(r.stderr).toBe(`wrote ${html}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cost P10'); // the table still goes to standard output
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<canvas id="chart-cost-band"');
    expect(page).toContain('<canvas id="chart-stored-tib-band"');
    expect(page).toContain('<h1>tiny-uncertain: 3 Monte Carlo runs</h1>');

    writeFileSync(html, 'mine');
    const again = await runCli(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: --html: '${html}' already exists; add --force to replace it\n`);
    expect(again.stdout).toBe(''); // refused before the runs
    expect(readFileSync(html, 'utf8')).toBe('mine');

    const forced = await runCli([...args, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<canvas id="chart-cost-band"');
  });
});

describe('prices.changes in a replay', () => {
  it('doubles the storage rate of a replayed object, and nothing else', async () => {
    const events = join(dir, 'events.csv');
    writeFileSync(events, `time,op,key,size_bytes,count,storage_class,tier,days\n2027-03-01T00:00:00Z,put,photos,${2 ** 30},10,,,\n`);
    const totals: Record<string, { storage: Dec; requests: Dec }> = {};
    for (const [name, extra] of [['list', ''], ['double', "prices: { changes: { 'TimedStorage-ByteHrs': 100 } }\n"]] as const) {
      const sc = join(dir, `replay-${name}.yaml`);
      writeFileSync(sc, `version: 1\nname: r\nregion: us-east-1\nhorizon: { start_month: 2027-03, months: 1 }\n${extra}`);
      const r = await runCli(['replay', events, '--scenario', sc, '--json']);
      expect(r.stderr).toBe('');
      const lines = JSON.parse(r.stdout).months[0].lines as { usageType: string; cost: string }[];
      const cost = (u: string) => lines.filter((l) => l.usageType === u).reduce((a, l) => a.plus(l.cost), new Dec(0));
      totals[name] = { storage: cost('TimedStorage-ByteHrs'), requests: cost('Requests-Tier1') };
    }
    // 10 GiB × 0.023 $/GB-Mo for the whole of March, then × 2.
    expect(totals.list!.storage.toString()).toBe('0.23');
    expect(totals.double!.storage.toString()).toBe('0.46');
    expect(totals.double!.requests.toString()).toBe(totals.list!.requests.toString());
  });
});

describe('tierwise sensitivity', () => {
  it('a tornado sorted by swing, json and csv', async () => {
    const r = await runCli(['sensitivity', UNCERTAIN, '--months', '2', '--threads', '1', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const swings = j.parameters.map((p: { swing: string }) => new Dec(p.swing));
    for (let i = 1; i < swings.length; i++) expect(swings[i - 1].gte(swings[i])).toBe(true);
    for (const p of j.parameters) expect(new Dec(p.swing).toString()).toBe(new Dec(p.totalAtHigh).minus(p.totalAtLow).abs().toString());
    const c = await runCli(['sensitivity', UNCERTAIN, '--months', '1', '--params', 'fleet.daily_change_pct', '--format', 'csv', '--threads', '1']);
    expect(c.code).toBe(0);
    const lines = c.stdout.trim().split('\n');
    expect(lines[0]).toBe('parameter,distribution,low_value,high_value,total_at_low_usd,total_at_high_usd,swing_usd');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^fleet\.daily_change_pct,"triangular\(0\.5, 1, 2\)",/);
  });

  it('the tornado is byte for byte the same with --threads 1 and --threads 2', async () => {
    const args = ['sensitivity', UNCERTAIN, '--months', '2', '--json'];
    const serial = await runCli([...args, '--threads', '1']);
    const pooled = await runCli([...args, '--threads', '2']);
    expect(pooled.code).toBe(0);
    expect(pooled.stdout).toBe(serial.stdout);
  });

  it('--params with an unknown path: exit 2, the allowed paths listed', async () => {
    const r = await runCli(['sensitivity', UNCERTAIN, '--params', 'fleet.devices']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "error: --params: not an uncertain parameter of the scenario: fleet.devices (allowed: fleet.daily_change_pct, fleet.profiles[0].protected_data.gib, bucket.lifecycle[0].transitions[0].days, prices.changes.*TimedStorage-GDA-ByteHrs)",
    );
  });
});
