/**
 * `tierwise prices refresh` against a fake Price List endpoint serving a catalogue shaped like
 * the real one (several SKUs per usage type by operation and price, empty-operation transitions,
 * Deep Archive restores in AmazonS3, RTC under AmazonS3, egress without a free row, decoys), with
 * every rate different from the bundled book's; then the refreshed snapshot in `estimate`,
 * `simulate` and `prices show`, and the process-level behaviour on Node.js 20.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { priceSources } from '../../src/pricing/live/price-sources.js';
import { priceKey, type PriceBook } from '../../src/pricing/price-book.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { validatePriceBook } from '../../src/pricing/validate.js';
import { runCli, spawnCli, spawnCliAsync } from '../helpers/cli.js';
import { documentsForBook, repricedBook } from '../pricing/live/documents.js';
import { FAKE_AWS_ENV, servedDocument, startFakePriceList, type FakePriceList, type ServedDocument } from '../pricing/live/fake-price-list.js';

const bundled = bundledPriceBook();
const repriced = repricedBook(bundled);
const R = 'us-east-1';
const TINY = 'test/fixtures/scenarios/tiny-fleet.yaml';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tierwise-catalogue-'));
const env = (cache: string) => ({ ...FAKE_AWS_ENV, TIERWISE_CACHE_DIR: cache });
const readBook = (path: string): PriceBook => validatePriceBook(JSON.parse(readFileSync(path, 'utf8')), path);

interface Line {
  usageType: string;
  operation: string;
  quantity: number;
  cost: string;
  cause: string;
}

/** The rate of a single-tier price, or undefined for a tiered one. */
function flatRate(book: PriceBook, region: string, usageType: string, operation: string): Dec | undefined {
  const e = book.prices.find((p) => priceKey(p) === priceKey({ region, usageType, operation }));
  if (!e) throw new Error(`no price ${usageType} ${operation}`);
  return e.tiers.length === 1 ? new Dec(e.tiers[0]!.rate) : undefined;
}

async function withFake<T>(documents: readonly ServedDocument[], f: (fake: FakePriceList) => Promise<T>): Promise<T> {
  const fake = await startFakePriceList({ documents, pageSize: 50 });
  try {
    return await f(fake);
  } finally {
    await fake.close();
  }
}

describe('prices refresh: a real-shaped catalogue whose prices all differ from the bundled ones', () => {
  let fake: FakePriceList;
  const dir = tempDir();
  const file = join(dir, 'refreshed.json');
  let refresh: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    expect(repriced.prices.every((e, i) => e.tiers.every((t, j) => !new Dec(t.rate).eq(bundled.prices[i]!.tiers[j]!.rate)))).toBe(true);
    fake = await startFakePriceList({ documents: documentsForBook(repriced, { realDocuments: false }), pageSize: 50 });
    refresh = await runCli(['prices', 'refresh', '--region', R, '--endpoint-url', fake.url, '--out', file], { env: env(tempDir()) });
  });
  afterAll(() => fake.close());

  it('writes a snapshot with the catalogue rate for every price the engine needs (core and optional), nothing absent', () => {
    expect(refresh.stderr).toBe('');
    expect(refresh.code).toBe(0);
    // 63 bucket prices and the 18 of the resources beyond S3.
    expect(refresh.stdout).toMatch(/^wrote us-east-1-\d{4}-\d{2}-\d{2}: 81 prices for us-east-1, offers /);
    const book = readBook(file);
    const want = new Map(repriced.prices.filter((e) => e.region === R).map((e) => [priceKey(e), e.tiers]));
    const sources = priceSources(R, bundled.regions.filter((r) => r !== R));
    expect(book.prices.map((e) => priceKey(e))).toEqual(sources.map((s) => priceKey({ region: R, ...s.key })));
    for (const e of book.prices) expect(e.tiers, priceKey(e)).toEqual(want.get(priceKey(e)));
    expect(book.absent).toBeUndefined();
    // Egress as published: four tiers from 0, the first at (0.09 × 2 + 0.000000001).
    expect(book.prices.find((e) => e.usageType === 'DataTransfer-Out-Bytes')?.tiers[0]).toEqual({ begin: '0', end: '10240', rate: '0.1800000010' });
  });

  it('estimate --prices <refreshed> prices every line with the refreshed rates', async () => {
    const args = ['estimate', '--month', '2027-03', '--class', 'DEEP_ARCHIVE', '--storage-gib', '1000', '--avg-object-kib', '51200', '--arrival', 'transition', '--json'];
    const mine = JSON.parse((await runCli([...args, '--prices', file])).stdout) as { priceBook: { id: string }; monthly: { lines: Line[]; total: string }; oneTime: { lines: Line[] } };
    const theirs = JSON.parse((await runCli(args)).stdout) as { monthly: { total: string } };
    const book = readBook(file);
    expect(mine.priceBook.id).toBe(book.id);
    const lines = [...mine.monthly.lines, ...mine.oneTime.lines];
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      const rate = flatRate(book, R, l.usageType, l.operation);
      if (rate) expect(new Dec(l.cost).toString(), `${l.usageType} ${l.operation}`).toBe(rate.times(l.quantity).toString());
    }
    expect(lines.map((l) => l.usageType)).toContain('TimedStorage-GDA-ByteHrs');
    expect(new Dec(mine.monthly.total).eq(theirs.monthly.total)).toBe(false);
  });

  it('simulate --prices <refreshed> prices every line with the refreshed rates', async () => {
    const run = async (...extra: string[]) => {
      const r = await runCli(['simulate', TINY, '--months', '2', '--json', ...extra]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { priceBook: { id: string }; months: { lines: Line[] }[]; total: string };
    };
    const mine = await run('--prices', file);
    const theirs = await run();
    const book = readBook(file);
    expect(mine.priceBook.id).toBe(book.id);
    let checked = 0;
    for (const l of mine.months.flatMap((m) => m.lines)) {
      const rate = flatRate(book, R, l.usageType, l.operation);
      if (rate && l.quantity > 0) {
        expect(new Dec(l.cost).toString(), `${l.usageType} ${l.operation}`).toBe(rate.times(l.quantity).toString());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
    // Twice the rates and a bit: more than twice the bundled total.
    expect(new Dec(mine.total).gt(new Dec(theirs.total).times(2))).toBe(true);
  });

  it('prices show <snapshot>: service code, SKU and Price List operation per price, and how each choice was made', async () => {
    const r = await runCli(['prices', 'show', file, '--usage-type', 'Requests-GLACIER-Tier1', 'Requests-Tier4', 'Requests-GDA-Tier5', 'TimedStorage-ByteHrs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^REGION +USAGE TYPE +OPERATION +UNIT +TIER +USD PER UNIT +PER 1,000 +SERVICE CODE +SKU +PRICE LIST OPERATION +NOTE$/m);
    expect(r.stdout).toMatch(/^us-east-1 +Requests-GLACIER-Tier1 +Requests +0–Inf +0\.0000600010 +0\.060001 +AmazonS3 +[A-Z0-9]{16} +PutObject$/m);
    expect(r.stdout).toMatch(/^us-east-1 +Requests-Tier4 +S3-SIATransition +Requests +0–Inf +0\.0000200010 +0\.020001 +AmazonS3 +[A-Z0-9]{16} +\(none\)$/m);
    expect(r.stdout).toMatch(/^us-east-1 +Requests-GDA-Tier5 +DeepArchiveRestoreObject +Requests +0–Inf +0\.0000500010 +0\.050001 +AmazonS3 +[A-Z0-9]{16} +DeepArchiveRestoreObjectBulk$/m);
    expect(r.stdout).toMatch(/^us-east-1 +TimedStorage-ByteHrs +GB-Mo +0–51200 +0\.0460000010 +AmazonS3 +[A-Z0-9]{16} +\(none\)$/m);
    expect(r.stdout).toMatch(/^ {2}note: Requests-GLACIER-Tier1 in us-east-1: took AmazonS3 SKU \w+ \(operation 'PutObject'\); preferred over operation 'PostObject'/m);
    // The bundled book was not read from Price List documents: no SKU, no operation to show.
    const b = await runCli(['prices', 'show', 'bundled', '--region', R, '--usage-type', 'TimedStorage-GlacierByteHrs']);
    expect(b.stdout).toMatch(/^us-east-1 +TimedStorage-GlacierByteHrs +GB-Mo +0–Inf +0\.0036000000 +AmazonS3 +— +—$/m);
  });
});

describe('prices refresh: optional prices missing from the catalogue', () => {
  // us-east-1 with no transfer pair to any region and no Deep Archive restore requests.
  const noRestores = (d: ServedDocument) => !(d.attributes.regionCode === R && /^Requests-GDA-Tier[35]$/.test(d.attributes.usagetype ?? ''));
  const documents = documentsForBook(repriced, { noPairsFrom: [R], realDocuments: false }).filter(noRestores);

  it('writes every other price, lists the absent ones, and a scenario that needs one fails with one line naming it', async () => {
    await withFake(documents, async (fake) => {
      const dir = tempDir();
      const file = join(dir, 'bare.json');
      const r = await runCli(['prices', 'refresh', '--region', R, '--endpoint-url', fake.url, '--out', file], { env: env(tempDir()) });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const book = readBook(file);
      expect(r.stdout).toContain(`: ${55 + 18} prices for us-east-1 (8 optional prices absent: see \`tierwise prices show ${book.id}\`), offers`);
      expect(book.absent?.map((a) => a.usageType)).toEqual([
        'Requests-GDA-Tier3', 'Requests-GDA-Tier5',
        'USE1-APS3-AWS-Out-Bytes', 'USE1-APS3-S3RTC-Out-Bytes', 'USE1-EU-AWS-Out-Bytes', 'USE1-EU-S3RTC-Out-Bytes', 'USE1-EUC1-AWS-Out-Bytes', 'USE1-EUC1-S3RTC-Out-Bytes',
      ]);

      const show = await runCli(['prices', 'show', file]);
      expect(show.stdout).toContain(`absent (not found when the book was fetched; a scenario that needs one fails with --prices ${book.id}):\n`);
      expect(show.stdout).toContain('  us-east-1 Requests-GDA-Tier5 DeepArchiveRestoreObject: not in the Price List (looked in AmazonS3, AmazonS3GlacierDeepArchive)\n');
      expect(show.stdout).toContain('  us-east-1 USE1-EU-S3RTC-Out-Bytes: not in the Price List (looked in AmazonS3, AWSDataTransfer)\n');
      const one = await runCli(['prices', 'show', file, '--usage-type', 'Requests-GDA-Tier5']);
      expect(one.code).toBe(2);
      expect(one.stderr).toBe(
        `error: --usage-type: no price for usage type 'Requests-GDA-Tier5' in ${book.id} (absent when the book was fetched: not in the Price List (looked in AmazonS3, AmazonS3GlacierDeepArchive))\n`,
      );

      // tiny-fleet restores from DEEP_ARCHIVE with the Bulk tier: it needs Requests-GDA-Tier5.
      const sim = await runCli(['simulate', TINY, '--prices', file]);
      expect(sim.code).toBe(2);
      expect(sim.stdout).toBe('');
      expect(sim.stderr).toBe(
        `error: price book ${book.id}: no price for usage type 'Requests-GDA-Tier5' operation 'DeepArchiveRestoreObject' in us-east-1 (absent when the book was fetched: not in the Price List (looked in AmazonS3, AmazonS3GlacierDeepArchive)); pass --prices with a price book that has it (see \`tierwise prices list\`)\n`,
      );
      // A scenario without restores prices fine with the same book.
      const est = await runCli(['estimate', '--month', '2027-03', '--class', 'GLACIER', '--storage-gib', '100', '--avg-object-kib', '51200', '--prices', file]);
      expect(est.code).toBe(0);
    });
  });
});

describe('prices refresh: two SKUs of a core price disagree and no preference decides', () => {
  it('exits 2 naming the key and both SKUs, and writes nothing', async () => {
    const documents = documentsForBook(repriced, { realDocuments: false });
    const put = documents.find((d) => d.attributes.usagetype === 'Requests-GLACIER-Tier1' && d.attributes.operation === 'PutObject' && d.attributes.regionCode === R)!;
    const sku = (JSON.parse(put.text) as { product: { sku: string } }).product.sku;
    const twin = servedDocument(put.text.replaceAll('0.0000600010', '0.0000720000').replaceAll(sku, 'TWINGLACIERPUT01'));
    await withFake([...documents, twin], async (fake) => {
      const cache = tempDir();
      const r = await runCli(['prices', 'refresh', '--region', R, '--endpoint-url', fake.url], { env: env(cache) });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `error: Price List: usage type 'Requests-GLACIER-Tier1' in us-east-1: SKUs disagree and no preference decides — AmazonS3 SKU ${sku} (operation 'PutObject', 0.000060001 per Requests), AmazonS3 SKU TWINGLACIERPUT01 (operation 'PutObject', 0.000072 per Requests); tierwise will not guess which applies\n`,
      );
      expect(readdirSync(cache)).toEqual([]);
    });
  });
});

describe('as a real process', () => {
  it('prices show bundled-2026-07-28 (the id simulate prints) shows the bundled book', () => {
    const sim = spawnCli(['simulate', TINY, '--months', '1']);
    expect(sim.stdout).toContain('see `tierwise prices show bundled-2026-07-28`');
    const r = spawnCli(['prices', 'show', 'bundled-2026-07-28', '--region', R, '--usage-type', 'DataTransfer-Out-Bytes'], { env: { TIERWISE_CACHE_DIR: join(tempDir(), 'none') } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bundled-2026-07-28: bundled prices of 2026-07-28; regions /);
    expect(r.stdout).toMatch(/^us-east-1 +DataTransfer-Out-Bytes +GB +0–10240 +0\.0900000000 +AWSDataTransfer/m);
  });

  it(`refresh on Node.js ${process.versions.node}: nothing on stderr of a successful command (no SDK NodeVersionSupportWarning banner)`, async () => {
    await withFake(documentsForBook(bundled), async (fake) => {
      const dir = tempDir();
      const unset: NodeJS.ProcessEnv = {};
      for (const k of Object.keys(process.env)) if (k.startsWith('AWS_') || k === 'NODE_OPTIONS') unset[k] = undefined;
      const r = await spawnCliAsync(['prices', 'refresh', '--region', 'eu-west-1', '--endpoint-url', fake.url, '--out', join(dir, 'eu.json')], {
        env: { ...unset, ...FAKE_AWS_ENV, AWS_EC2_METADATA_DISABLED: 'true', TIERWISE_CACHE_DIR: join(dir, 'cache') },
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^wrote eu-west-1-/);
    });
  });

  it('a user who sets AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED keeps the choice (the SDK banner shows on Node.js < 22 when set to false)', async () => {
    await withFake(documentsForBook(bundled), async (fake) => {
      const dir = tempDir();
      const r = await spawnCliAsync(['prices', 'refresh', '--region', 'eu-west-1', '--endpoint-url', fake.url, '--out', join(dir, 'eu.json')], {
        env: { ...FAKE_AWS_ENV, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false', TIERWISE_CACHE_DIR: join(dir, 'cache') },
      });
      expect(r.code).toBe(0);
      if (Number(process.versions.node.split('.')[0]) < 22) expect(r.stderr).toContain('NodeVersionSupportWarning');
      else expect(r.stderr).toBe('');
    });
  });
});
