/**
 * The user's path through files: a CUR 2.0 export (gzipped CSV) stating a known forecast as AWS
 * would — Requests-Tier1 split over operations, other buckets, tax — imported with
 * `actuals import --bucket`, then `reconcile --json`: every line agrees to the last digit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast.js';
import { Dec } from '../../src/pricing/decimal.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { runCli, REPO_ROOT } from '../helpers/cli.js';
import { tinyFleet } from '../fleet/helpers.js';
import { billCsv, type BillRow } from './cur-fixtures.js';

describe('CUR 2.0 file → actuals import → reconcile', () => {
  it('a forecast billed as a CUR reconciles to zero; what is not the bucket is left out', async () => {
    const f = await forecast(tinyFleet((x) => (x.horizon.months = 2)), bundledPriceBook(), { threads: 1 });
    const rows: BillRow[] = [];
    const row = (month: string, usageType: string, operation: string, amount: string, cost: string, unit: string, extra: Partial<BillRow> = {}): BillRow => ({
      start: `${month}-01T00:00:00Z`, type: 'Usage', product: 'AmazonS3', service: 'AmazonS3', usageType, operation, resourceId: 'fleet-backups', amount, cost, unit, invoice: 'inv-1', ...extra,
    });
    for (const m of f.months) {
      for (const l of m.lines) {
        const q = new Dec(l.usage.quantity);
        if (l.usage.usageType === 'Requests-Tier1') {
          // The bill splits it by API operation: three quarters PUTs, the rest LIST.
          rows.push(row(m.month, l.usage.usageType, 'PutObject', q.times('0.75').toString(), l.cost.times('0.75').toString(), l.usage.unit));
          rows.push(row(m.month, l.usage.usageType, 'ListBucket', q.times('0.25').toString(), l.cost.times('0.25').toString(), l.usage.unit));
        } else rows.push(row(m.month, l.usage.usageType, l.usage.operation, q.toString(), l.cost.toString(), l.usage.unit));
      }
      rows.push(row(m.month, 'TimedStorage-ByteHrs', '', '999', '22.977', 'GB-Mo', { resourceId: 'another-bucket' }));
      rows.push(row(m.month, '', '', '', '1.23', '', { type: 'Tax', resourceId: '' }));
    }
    const dir = mkdtempSync(join(tmpdir(), 'tierwise-e2e-'));
    writeFileSync(join(dir, 'cur.csv.gz'), gzipSync(billCsv('cur2', rows)));
    const imp = await runCli(['actuals', 'import', 'cur.csv.gz', '--bucket', 'fleet-backups', '--out', 'a.json'], { cwd: dir });
    expect(imp.code).toBe(0);
    expect(imp.stderr).toContain('left out: other buckets 2 lines $45.95, tax 2 lines $2.46\n');
    const rec = await runCli(['reconcile', join(REPO_ROOT, 'test/fixtures/scenarios/tiny-fleet.yaml'), '--actuals', 'a.json', '--json', '--threads', '1'], { cwd: dir });
    expect(rec.stderr).toBe('');
    const j = JSON.parse(rec.stdout);
    expect(j.months.map((m: { month: string }) => m.month)).toEqual(['2027-01', '2027-02']);
    for (const [i, m] of j.months.entries()) {
      expect(m.actualTotal).toBe(m.forecastTotal);
      expect(new Dec(m.forecastTotal).eq(f.months[i]!.total)).toBe(true);
      for (const l of m.lines) {
        expect([l.usageType, l.actualQuantity, l.actualCost]).toEqual([l.usageType, l.forecastQuantity, l.forecastCost]);
      }
    }
  }, 60_000);
});
