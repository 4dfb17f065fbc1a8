import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { runCli } from '../helpers/cli.js';

/** The bundled book with the Deep Archive storage rate raised 10 %, as a snapshot file. */
function raisedBook(): string {
  const book = JSON.parse(readFileSync('src/pricing/snapshots/bundled-2026-07-28.json', 'utf8'));
  book.id = 'gda-plus-10';
  for (const e of book.prices) if (e.usageType === 'TimedStorage-GDA-ByteHrs') e.tiers = e.tiers.map((t: object) => ({ ...t, rate: '0.001089' }));
  const path = join(mkdtempSync(join(tmpdir(), 'tierwise-')), 'gda-plus-10.json');
  writeFileSync(path, JSON.stringify(book));
  return path;
}

describe('tierwise prices diff --scenario', () => {
  it("prices one simulation with both books: only the changed rate's cost moves", async () => {
    const r = await runCli(['prices', 'diff', 'bundled', raisedBook(), '--region', 'us-east-1', '--scenario', 'test/fixtures/scenarios/tiny-fleet.yaml', '--months', '2', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.changes).toHaveLength(1);
    expect(j.forecast.scenario).toBe('tiny-fleet');
    expect(j.forecast.months).toBe(2);
    const change = new Dec(j.forecast.change);
    expect(change.gt(0)).toBe(true);
    expect(new Dec(j.forecast.to).minus(j.forecast.from).eq(change)).toBe(true);
    // Deep Archive storage (data and overhead) costs 10 % more; nothing else moves.
    const text = await runCli(['prices', 'diff', 'bundled', raisedBook(), '--region', 'us-east-1', '--scenario', 'test/fixtures/scenarios/tiny-fleet.yaml', '--months', '2']);
    expect(text.stdout).toMatch(/^transitions +\$[\d.,]+ +\$[\d.,]+ +\$0\.00 +0\.00%$/m);
    expect(text.stdout).toMatch(/^total +/m);
  });

  it('--months without --scenario is an error', async () => {
    const r = await runCli(['prices', 'diff', 'bundled', 'bundled', '--months', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: --months: --months needs --scenario\n");
  });
});

describe('tierwise prices diff --scenario: checked before the simulation', () => {
  it("refuses a book without the scenario's region, naming it, and says '1 month' for one month", async () => {
    const book = JSON.parse(readFileSync('src/pricing/snapshots/bundled-2026-07-28.json', 'utf8'));
    book.id = 'eu-only';
    book.regions = ['eu-west-1'];
    book.prices = book.prices.filter((e: { region: string }) => e.region === 'eu-west-1');
    const path = join(mkdtempSync(join(tmpdir(), 'tierwise-')), 'eu-only.json');
    writeFileSync(path, JSON.stringify(book));
    const r = await runCli(['prices', 'diff', 'bundled', path, '--scenario', 'test/fixtures/scenarios/tiny-fleet.yaml', '--months', '1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/tiny-fleet\.yaml: region: price book eu-only has no prices for us-east-1 \(it covers eu-west-1\); fetch them with `tierwise prices refresh --region us-east-1`/);
    const one = await runCli(['prices', 'diff', 'bundled', raisedBook(), '--region', 'us-east-1', '--scenario', 'test/fixtures/scenarios/tiny-fleet.yaml', '--months', '1']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('(us-east-1, 1 month, one simulation priced with each book)');
  });
});
