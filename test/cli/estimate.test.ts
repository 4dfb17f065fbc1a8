import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { bundledPriceBook, savePriceBook } from '../../src/pricing/snapshots.js';
import { runCli, spawnCli } from '../helpers/cli.js';

const estimate = (...args: string[]) => runCli(['estimate', '--month', '2026-03', ...args], { env: { TIERWISE_CACHE_DIR: '/nonexistent/tierwise-cache' } });

interface EstimateJson {
  region: string;
  month: string;
  storageClass: string;
  objects: number;
  priceBook: { id: string; source: string; date: string; notes: string[] };
  monthly: { lines: { usageType: string; operation: string; quantity: number; unit: string; cost: string; cause: string; rate?: string }[]; total: string };
  oneTime: { lines: { usageType: string; operation: string; quantity: number; unit: string; cost: string }[]; total: string };
  notes: string[];
}

async function json(...args: string[]): Promise<EstimateJson> {
  const r = await estimate(...args, '--json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as EstimateJson;
}

describe('tierwise estimate', () => {
  it('S3 FAQ storage example (S3 pricing page tiers): 52,900 GB-Mo of STANDARD in us-east-1 is $1,215.00, tier by tier, with the price book named', async () => {
    const r = await estimate('--storage-gib', '52900', '--avg-object-kib', '1024');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Prices: bundled-2026-07-28 (bundled, 2026-07-28)');
    expect(r.stdout).toMatch(/TimedStorage-ByteHrs +storage +52,900 +GB-Mo +tiered +\$1,215\.00/);
    expect(r.stdout).toMatch(/ 0–51,200 +51,200 +\$0\.023 +\$1,177\.60/);
    expect(r.stdout).toMatch(/ 51,200–512,000 +1,700 +\$0\.022 +\$37\.40/);
    expect(r.stdout).toMatch(/monthly total +\$1,215\.00/);
  });

  it('--json: region, price book provenance, monthly and one-time lines with money as decimal strings', async () => {
    const j = await json('--class', 'DEEP_ARCHIVE', '--storage-gib', '1024', '--avg-object-kib', '65536', '--arrival', 'put');
    expect(j.region).toBe('us-east-1');
    expect(j.priceBook).toMatchObject({ id: 'bundled-2026-07-28', source: 'bundled', date: '2026-07-28' });
    expect(j.priceBook.notes.length).toBeGreaterThan(0);
    expect(j.objects).toBe(16_384);
    expect(j.monthly.lines.map((l) => [l.usageType, l.cause, l.quantity, l.unit, l.cost])).toEqual([
      ['TimedStorage-GDA-ByteHrs', 'storage', 1024, 'GB-Mo', '1.01376'],
      ['TimedStorage-ByteHrs', 'overhead', 0.125, 'GB-Mo', '0.002875'],
      ['TimedStorage-GDA-ByteHrs', 'overhead', 0.5, 'GB-Mo', '0.000495'],
    ]);
    expect(j.monthly.total).toBe('1.01713');
    // One-time arrival is kept apart from the monthly cost: 16,384 PUTs × $0.05 / 1,000.
    expect(j.oneTime).toEqual({
      lines: [expect.objectContaining({ usageType: 'Requests-GDA-Tier1', operation: '', quantity: 16_384, unit: 'Requests', cost: '0.8192', rate: '0.00005' })],
      total: '0.8192',
    });
  });

  it('re:Post Knowledge Center GLACIER restore example (s3-manage-data-retrieval) through the flags: 15,000,000 objects / 102,400 GB, Standard = $1,774.00 + the restored copy', async () => {
    const j = await json('--class', 'GLACIER', '--restore-gib', '102400', '--restore-objects', '15000000', '--restore-tier', 'standard', '--restore-days', '1', '--month', '2026-03');
    const cost = (ut: string) => j.monthly.lines.find((l) => l.usageType === ut)?.cost;
    expect(cost('Requests-Tier3')).toBe('750');
    expect(cost('Standard-Retrieval-Bytes')).toBe('1024');
    // The restored copy: 102,400 GB at STANDARD, on top of the $1,774, for Days 1 plus half a day
    // on average (its expiry is rounded up to the next midnight UTC), of March's 31 days.
    const copy = j.monthly.lines.find((l) => l.cause === 'restored-copy')!;
    expect(copy.quantity).toBeCloseTo((102_400 * 1.5) / 31, 9);
  });

  it('without --arrival the one-time section is empty, and the table omits it', async () => {
    const j = await json('--storage-gib', '10', '--avg-object-kib', '1024');
    expect(j.oneTime).toEqual({ lines: [], total: '0' });
    const r = await estimate('--storage-gib', '10', '--avg-object-kib', '1024');
    expect(r.stdout).not.toContain('One-time');
    const t = await estimate('--class', 'glacier', '--storage-gib', '10', '--avg-object-kib', '1024', '--arrival', 'transition');
    expect(t.stdout).toContain('One-time: each of the 10,240 objects moved in by a lifecycle transition, once');
    expect(t.stdout).toMatch(/one-time total +\$0\.31/); // 10,240 × $0.03 / 1,000 = $0.3072
  });

  it('flags the unconfirmed prices it used, with their notes', async () => {
    const r = await estimate('--region', 'eu-central-1', '--class', 'STANDARD_IA', '--storage-gib', '1', '--avg-object-kib', '1024', '--put-requests', '10');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/EUC1-Requests-SIA-Tier1 .*\$0\.01 per 1,000 \*/);
    expect(r.stdout).toContain("* EUC1-Requests-SIA-Tier1: unconfirmed: PUT of STANDARD_IA not in the source figures for eu-central-1; us-east-1's figure used");
  });

  it('--prices takes a snapshot file, and the report names it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-estimate-'));
    const b = bundledPriceBook();
    const cheaper: PriceBook = {
      ...b,
      id: 'test-2026-12-01',
      provenance: { ...b.provenance, source: 'file', date: '2026-12-01' },
      prices: b.prices.map((p) => (p.region === 'us-east-1' && p.usageType === 'TimedStorage-GDA-ByteHrs' ? { ...p, tiers: [{ begin: '0', end: 'Inf', rate: '0.0005' }] } : p)),
    };
    savePriceBook(cheaper, join(dir, 'snap.json'), { force: false });
    const r = await runCli(['estimate', '--month', '2026-03', '--class', 'DEEP_ARCHIVE', '--storage-gib', '1000', '--avg-object-kib', '1048576', '--prices', 'snap.json', '--json'], { cwd: dir });
    const j = JSON.parse(r.stdout) as EstimateJson;
    expect(j.priceBook.id).toBe('test-2026-12-01');
    expect(j.monthly.lines[0]!.cost).toBe('0.5');
  });

  it('accepts class names in any case and INT tiers as percentages', async () => {
    const j = await json('--class', 'intelligent_tiering', '--storage-gib', '100', '--avg-object-kib', '1024', '--int-tiers', 'FA=50,IA=50');
    expect(j.storageClass).toBe('INTELLIGENT_TIERING');
    expect(j.monthly.lines.filter((l) => l.cause === 'storage').map((l) => [l.usageType, l.quantity])).toEqual([
      ['TimedStorage-INT-FA-ByteHrs', 50],
      ['TimedStorage-INT-IA-ByteHrs', 50],
    ]);
  });

  it('every option has help text', () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, readStdin: async () => '', cwd: '/', env: {} };
    const cmd = buildProgram(io).commands.find((c) => c.name() === 'estimate')!;
    expect(cmd.options.length).toBeGreaterThan(15);
    expect(cmd.options.filter((o) => !o.description).map((o) => o.flags)).toEqual([]);
  });
});

describe('tierwise estimate: bad input is a one-line error per problem, exit code 2', () => {
  const fails = async (args: string[], lines: (string | RegExp)[]) => {
    const r = await estimate(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const got = r.stderr.trimEnd().split('\n');
    expect(got).toHaveLength(lines.length);
    lines.forEach((l, i) => (typeof l === 'string' ? expect(got[i]).toBe(l) : expect(got[i]).toMatch(l)));
  };

  it('negative numbers', () =>
    fails(['--storage-gib', '-5', '--avg-object-kib', '64'], ["error: --storage-gib: expected a number ≥ 0, got '-5'"]));

  it('an unknown class or region', async () => {
    await fails(['--class', 'GLACIER_FLEXIBLE'], [/^error: --class: expected one of STANDARD, .*DEEP_ARCHIVE, got 'GLACIER_FLEXIBLE'$/]);
    await fails(['--region', 'mars-1'], [/^error: --region: expected one of us-east-1, .*, got 'mars-1'$/]);
  });

  it('a region the price book does not cover', () =>
    fails(['--region', 'us-west-2'], [/^error: --region: price book bundled-2026-07-28 has no prices for us-west-2 \(it covers us-east-1, ap-south-1, eu-west-1, eu-central-1\); run `tierwise prices refresh --region us-west-2`/]));

  it('restore flags on a class that is not an archive', () =>
    fails(['--class', 'STANDARD_IA', '--restore-gib', '5'], [
      'error: --class: restore flags apply to GLACIER and DEEP_ARCHIVE only; STANDARD_IA objects are read directly (use --get-requests)',
    ]));

  it('Expedited on DEEP_ARCHIVE', () =>
    fails(['--class', 'DEEP_ARCHIVE', '--restore-gib', '5', '--restore-objects', '5', '--restore-tier', 'expedited'], [
      'error: --restore-tier: DEEP_ARCHIVE has no expedited restore (allowed: standard, bulk)',
    ]));

  it('storage without an object size, and restore details without an amount', async () => {
    await fails(['--storage-gib', '5'], [/^error: --avg-object-kib: required to count objects/]);
    await fails(['--class', 'GLACIER', '--restore-days', '3'], [/^error: --restore-gib: restore flags need --restore-gib or --restore-objects/]);
  });

  it('every problem at once', () =>
    fails(['--class', 'GLACIER', '--storage-gib', 'lots', '--avg-object-kib', '0', '--month', '2026-13', '--restore-days', '0', '--restore-gib', '1'], [
      "error: --storage-gib: expected a number ≥ 0, got 'lots'",
      "error: --avg-object-kib: expected a number > 0, got '0'",
      "error: --restore-days: expected an integer ≥ 1, got '0'",
      "error: --month: expected a month as YYYY-MM (e.g. 2026-03), got '2026-13'",
    ]));

  it('a bad --int-tiers mix and an unknown --prices', async () => {
    await fails(['--class', 'INTELLIGENT_TIERING', '--int-tiers', 'FA=20,XA=80'], [/^error: --int-tiers: unknown tier 'XA'/]);
    await fails(['--prices', 'no-such-book'], ["error: no price book 'no-such-book': it is not 'bundled', not a snapshot id in /nonexistent/tierwise-cache (known: bundled-2026-07-28) and not a file"]);
  });

  it('through a real process: exit code 2, one line on stderr, no stack trace', () => {
    const r = spawnCli(['estimate', '--class', 'DEEP_ARCHIVE', '--restore-gib', '1', '--restore-objects', '1', '--restore-tier', 'expedited']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --restore-tier: DEEP_ARCHIVE has no expedited restore (allowed: standard, bulk)\n');
  });
});
