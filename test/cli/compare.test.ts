/**
 * `tierwise compare`: a pair whose difference is known by construction (the same identical-device
 * fleet with twice the devices), the break-even and the verdict on hand-made monthly totals, and
 * the refusals (different horizons, one scenario, duplicate names) before anything is simulated.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Forecast } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { loadPriceBook } from '../../src/pricing/snapshots.js';
import { compareForecasts } from '../../src/report/compare.js';
import { parseScenario } from '../../src/scenario/load.js';
import type { ScenarioFile } from '../../src/scenario/schema.js';
import { REPORT_CSP } from '../../src/report/html.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const UNIFORM = 'test/fixtures/scenarios/uniform-fleet.yaml';
const tmp = () => mkdtempSync(join(tmpdir(), 'tierwise-compare-'));

/** A copy of uniform-fleet.yaml with `edit` applied, in a fresh folder. */
function variant(name: string, edit: (text: string) => string): string {
  const file = join(tmp(), `${name}.yaml`);
  writeFileSync(file, edit(readFileSync(`${REPO_ROOT}${UNIFORM}`, 'utf8')).replace('name: uniform-fleet', `name: ${name}`));
  return file;
}

interface Json {
  months: string[];
  scenarios: { name: string; total: string; months: { month: string; total: string }[]; storedAtEnd: { tib: number } }[];
  differences: { scenario: string; versus: string; total: string; byCause: Record<string, string>; byUsageType: { usageType: string; operation: string; difference: string }[]; breakEven: unknown }[];
  verdict: string[];
}

describe('tierwise compare', () => {
  it('twice the devices: every untiered usage type costs about twice as much, and the sums hold exactly', async () => {
    const double = variant('uniform-x2', (t) => t.replace(/devices: 10$/m, 'devices: 20'));
    const r = await runCli(['compare', UNIFORM, double, '--json', '--threads', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.months).toEqual(['2027-01', '2027-02']);
    expect(j.scenarios.map((s) => s.name)).toEqual(['uniform-fleet', 'uniform-x2']);
    for (const s of j.scenarios) {
      expect(typeof s.total).toBe('string');
      expect(s.months.reduce((a, m) => a.plus(m.total), new Dec(0)).toString()).toBe(new Dec(s.total).toString());
    }
    const [a, b] = j.scenarios as [Json['scenarios'][0], Json['scenarios'][0]];
    const d = j.differences[0]!;
    expect([d.scenario, d.versus]).toEqual(['uniform-x2', 'uniform-fleet']);
    expect(new Dec(d.total).toString()).toBe(new Dec(b.total).minus(a.total).toString());
    expect(Object.values(d.byCause).reduce((x, v) => x.plus(v), new Dec(0)).toString()).toBe(new Dec(d.total).toString());
    expect(d.byUsageType.reduce((x, u) => x.plus(u.difference), new Dec(0)).toString()).toBe(new Dec(d.total).toString());

    // The baseline's cost per usage type, from its own simulate run.
    const base = await runCli(['simulate', UNIFORM, '--json', '--threads', '1']);
    const baseCost = new Map<string, Dec>();
    for (const m of JSON.parse(base.stdout).months) for (const l of m.lines) baseCost.set(`${l.usageType}|${l.operation}`, (baseCost.get(`${l.usageType}|${l.operation}`) ?? new Dec(0)).plus(l.cost));
    const book = loadPriceBook('bundled', { cwd: REPO_ROOT, cacheDir: '/nonexistent' });
    const untiered = (u: { usageType: string; operation: string }) => book.prices.find((p) => p.region === 'us-east-1' && p.usageType === u.usageType && p.operation === u.operation)?.tiers.length === 1;
    const checked = d.byUsageType.filter(untiered);
    expect(checked.map((u) => u.usageType)).toEqual(expect.arrayContaining(['TimedStorage-GDA-ByteHrs', 'Requests-Tier1', 'Requests-Tier3']));
    for (const u of checked) {
      // The devices are identical in size, change rate and schedule, but each still draws its own
      // cold-data share, so the ten added devices are not copies of the first ten: within 1 %.
      const ratio = new Dec(u.difference).div(baseCost.get(`${u.usageType}|${u.operation}`)!).toNumber();
      expect(ratio, `${u.usageType} ${u.operation}`).toBeGreaterThan(0.99);
      expect(ratio, `${u.usageType} ${u.operation}`).toBeLessThan(1.01);
    }
    expect(j.scenarios[1]!.storedAtEnd.tib / j.scenarios[0]!.storedAtEnd.tib).toBeCloseTo(2, 1);
    expect(j.verdict[0]).toBe(`Cheapest over 2027-01 … 2027-02: uniform-fleet, $${new Dec(a.total).toFixed(2)}.`);
    expect(j.verdict[1]).toMatch(/^uniform-x2 costs \$[\d.,]+ more \(\d+\.\d %\)/);
  });

  it('table: months side by side, differences by cause and usage type, break-even, capacity, verdict', async () => {
    const double = variant('uniform-x2', (t) => t.replace(/devices: 10$/m, 'devices: 20'));
    const r = await runCli(['compare', UNIFORM, double, '--threads', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('compare: 2027-01 … 2027-02 (2 months), baseline uniform-fleet');
    expect(r.stdout).toMatch(/^month +uniform-fleet +uniform-x2$/m);
    expect(r.stdout).toContain('Difference from uniform-fleet by cause:');
    expect(r.stdout).toMatch(/^storage +\+\$[\d.,]+$/m);
    expect(r.stdout).toContain('  uniform-x2: uniform-fleet is cheaper from the first month');
    expect(r.stdout).toMatch(/^Verdict:\n {2}Cheapest over 2027-01 … 2027-02: uniform-fleet/m);
    const csv = await runCli(['compare', UNIFORM, double, '--format', 'csv', '--threads', '1']);
    expect(csv.stdout.split('\n')[0]).toBe('kind,scenario,versus,month,key,value');
    expect(csv.stdout).toMatch(/^total_difference,uniform-x2,uniform-fleet,,,\d+\.\d+$/m);
  });

  it('--format html: a self-contained page with the verdict, four charts and their tables', async () => {
    const double = variant('uniform-x2', (t) => t.replace(/devices: 10$/m, 'devices: 20'));
    const out = join(tmp(), 'compare.html');
    const r = await runCli(['compare', UNIFORM, double, '--format', 'html', '--out', out, '--threads', '1']);
    expect(r.stderr).toBe(`wrote ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(html).toMatch(/<section id="verdict"><h2>Verdict<\/h2>\n<p>Cheapest over 2027-01 … 2027-02: uniform-fleet, \$[\d.,]+\.<\/p>/);
    for (const id of ['compare-monthly', 'compare-cumulative', 'compare-by-cause', 'compare-stored']) expect(html).toContain(`<canvas id="chart-${id}"`);
    expect(html).toContain('<li>uniform-x2: uniform-fleet is cheaper from the first month</li>');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('restore events: the same event (name and month) in each design, its cost and time side by side, and a design that lacks one is named', async () => {
    const events = (tier: string) =>
      `\nrestores:\n  events:\n    - { month: 2027-02, name: site-loss, devices: 4, tier: ${tier}, destination: aws }\n`;
    const bulk = variant('da-bulk', (t) => t + events('bulk'));
    // The same event read with the Standard tier, plus an event only this design has.
    const standard = variant('da-standard', (t) => t + events('standard') + '    - { month: 2027-01, name: drill-jan, devices: 1, destination: aws }\n');
    const r = await runCli(['compare', bulk, standard, '--json', '--threads', '1']);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout) as { restoreEvents: { name: string; month: string; scenarios: { scenario: string; missing?: true; tier?: string; cost?: string; hoursToRestore?: number }[] }[] };
    expect(j.restoreEvents.map((e) => [e.month, e.name])).toEqual([['2027-01', 'drill-jan'], ['2027-02', 'site-loss']]);
    const [drill, site] = j.restoreEvents as [(typeof j.restoreEvents)[0], (typeof j.restoreEvents)[0]];
    expect(drill.scenarios[0]).toEqual({ scenario: 'da-bulk', missing: true });
    expect(drill.scenarios[1]).toMatchObject({ scenario: 'da-standard', tier: 'bulk' });
    const [b, s] = site.scenarios as [Required<(typeof site.scenarios)[0]>, Required<(typeof site.scenarios)[0]>];
    expect([b.tier, s.tier]).toEqual(['bulk', 'standard']);
    // The same bytes restored from Deep Archive: Standard costs more and is faster (12 h vs 48 h
    // until the copies are readable: Amazon S3 User Guide, "Understanding archive retrieval options").
    expect(new Dec(s.cost!).gt(b.cost!)).toBe(true);
    expect(s.hoursToRestore!).toBeLessThan(b.hoursToRestore!);

    // Each design's own simulate run reports the same figures for the event as compare does.
    const own = await runCli(['simulate', standard, '--json', '--threads', '1']);
    const ownSite = (JSON.parse(own.stdout).restoreEvents as { name: string; cost: string; hoursToRestore: number }[]).find((e) => e.name === 'site-loss')!;
    expect([ownSite.cost, ownSite.hoursToRestore]).toEqual([s.cost, s.hoursToRestore]);

    const table = await runCli(['compare', bulk, standard, '--threads', '1']);
    expect(table.stdout).toContain('Restore events (the same event in each design; difference from da-bulk):');
    expect(table.stdout).toMatch(/^drill-jan +2027-01 +da-bulk +not in this design *$/m);
    const delta = new Dec(s.cost!).minus(b.cost!);
    expect(table.stdout).toMatch(new RegExp(`^site-loss +2027-02 +da-standard +4 +standard +us-east-1 +\\$[\\d.,]+ +[\\d.]+ +\\+\\$${delta.toFixed(2).replace('.', '\\.')}, −[\\d.]+ h +`, 'm'));
    expect(table.stdout).toContain("  restore event 'drill-jan' (2027-01) is not in da-bulk: no restore cost or time to compare there");
    const csv = await runCli(['compare', bulk, standard, '--format', 'csv', '--threads', '1']);
    expect(csv.stdout).toContain('restore_missing,da-bulk,,2027-01,drill-jan,\n');
    expect(csv.stdout).toContain(`restore_cost,da-standard,,2027-02,site-loss,${s.cost}\n`);
    const out = join(tmp(), 'compare.html');
    await runCli(['compare', bulk, standard, '--format', 'html', '--out', out, '--threads', '1']);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<canvas id="chart-compare-restores"');
    expect(html).toContain("<li>restore event 'drill-jan' (2027-01) is not in da-bulk: no restore cost or time to compare there</li>");
  });

  it('break-even: a design that costs more upfront becomes cheaper later, and the verdict says when', () => {
    const fake = (name: string, totals: number[]) => {
      const months = totals.map((t, i) => ({ month: `2027-0${i + 1}`, total: new Dec(t), lines: [], capacity: {}, devices: 0, findings: [] }));
      const forecast = { months, total: months.reduce((a, m) => a.plus(m.total), new Dec(0)), restoreEvents: [] } as unknown as Forecast;
      return { name, file: `${name}.yaml`, forecast };
    };
    const c = compareForecasts([fake('hot', [10, 10, 10, 10]), fake('cold', [25, 4, 4, 4])]);
    // Cumulative cold − hot: +15, +9, +3, −3: cold is cheaper from 2027-04 on.
    expect(c.differences[0]!.total.toString()).toBe('-3');
    expect(c.differences[0]!.breakEven).toEqual({ cheaper: 'cold', month: '2027-04', fromStart: false });
    expect(c.verdict[0]).toBe('Cheapest over 2027-01 … 2027-04: cold, $37.00.');
    expect(c.verdict[1]).toContain('hot costs $3.00 more (8.1 %), $40.00');
    expect(c.verdict[1]).toContain('cold costs more at first and is cheaper from 2027-04 on.');
    const same = compareForecasts([fake('a', [1, 2]), fake('b', [2, 1])]);
    expect(same.differences[0]!.breakEven).toBeUndefined();
    expect(same.verdict[1]).toBe('b costs the same, $3.00.');
  });

  it('refuses different horizons, a single scenario and duplicate names, with one line before simulating', async () => {
    const later = variant('later', (t) => t.replace('start_month: 2027-01', 'start_month: 2027-03'));
    const r = await runCli(['compare', UNIFORM, later]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: horizon: the scenarios cover different months (${UNIFORM} 2027-01 … 2027-02 (2 months), ${later} 2027-03 … 2027-04 (2 months)); compare needs the same horizon.start_month and months (--months N sets the months of all)\n`,
    );
    const longer = variant('longer', (t) => t.replace('months: 2 }', 'months: 240 }'));
    const started = Date.now();
    const r2 = await runCli(['compare', UNIFORM, longer]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/^error: horizon: the scenarios cover different months \(.*2027-01 … 2046-12 \(240 months\)\)/);
    expect(Date.now() - started).toBeLessThan(5000);
    // --months aligns them (same start month).
    const aligned = await runCli(['compare', UNIFORM, longer, '--months', '1', '--json', '--threads', '1']);
    expect(aligned.code).toBe(0);
    expect(JSON.parse(aligned.stdout).months).toEqual(['2027-01']);

    const one = await runCli(['compare', UNIFORM]);
    expect(one.stderr).toBe(`error: scenarios: compare needs at least two scenario files, got 1\n`);
    expect(one.code).toBe(2);
    const twice = await runCli(['compare', UNIFORM, UNIFORM]);
    expect(twice.stderr).toBe(`error: name: 'uniform-fleet' is the name of both ${UNIFORM} and ${UNIFORM}; compare tells scenarios apart by name\n`);
    const fmt = await runCli(['compare', UNIFORM, longer, '--format', 'xml']);
    expect(fmt.stderr).toBe("error: --format: expected one of table, csv, json, html, got 'xml'\n");
  });

  it('scenarios/compare: five valid designs of the same seed fleet, aligned for compare', async () => {
    const files = readdirSync(`${REPO_ROOT}scenarios/compare`).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/compare/${f}`);
    expect(files).toHaveLength(5);
    const r = await runCli(['validate', ...files]);
    expect(r.code).toBe(0);
    for (const f of files) expect(r.stdout).toMatch(new RegExp(`^${f}: ok \\([a-z-]+, 36 months from 2027-01, us-east-1\\)$`, 'm'));
    const seed = parseScenario(readFileSync(`${REPO_ROOT}scenarios/fleet-deep-archive.yaml`, 'utf8'));
    const designs = files.map((f) => parseScenario(readFileSync(`${REPO_ROOT}${f}`, 'utf8'), f));
    for (const d of designs) {
      expect(d.fleet).toEqual(seed.fleet); // the same endpoints, only the design differs
      expect(d.restores).toEqual(seed.restores);
    }
    const [all, dblocks, intTiering, iaDeep, lessVerification] = designs as [ScenarioFile, ScenarioFile, ScenarioFile, ScenarioFile, ScenarioFile];
    expect(all.bucket?.lifecycle?.[0]?.transitions).toEqual([{ days: 1, storage_class: 'DEEP_ARCHIVE' }]);
    expect([dblocks.agent?.auto_compact, dblocks.bucket?.lifecycle?.[0]?.filter?.object_size_greater_than_bytes]).toEqual([false, 8388608]);
    expect([intTiering.bucket?.storage_class, intTiering.bucket?.intelligent_tiering]).toEqual(['INTELLIGENT_TIERING', { archive_access_days: 90, deep_archive_access_days: 180 }]);
    expect(iaDeep.bucket?.lifecycle?.[0]?.transitions?.map((t) => t.storage_class)).toEqual(['STANDARD_IA', 'DEEP_ARCHIVE']);
    expect({ ...lessVerification.agent, backup_test_samples: 1, backup_test_percentage_pct: 0.1 }).toEqual(dblocks.agent);
    expect(lessVerification.agent?.backup_test_samples).toBe(0);
  });
});
