/**
 * `tierwise prices …` end to end: in-process against a fake Price List endpoint on 127.0.0.1
 * (fake credentials in the environment the CLI is given), and as a real process for the exit
 * code when no credentials exist at all.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceBook } from '../../src/pricing/price-book.js';
import { bundledPriceBook } from '../../src/pricing/snapshots.js';
import { validatePriceBook } from '../../src/pricing/validate.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { documentsForBook } from '../pricing/live/documents.js';
import { FAKE_AWS_ENV, startFakePriceList, type FakePriceList, type FakePriceListOptions } from '../pricing/live/fake-price-list.js';

const bundled = bundledPriceBook();

/** The bundled book with us-east-1 GLACIER storage at $0.0040 instead of $0.0036. */
const repriced: PriceBook = {
  ...bundled,
  prices: bundled.prices.map((e) =>
    e.region === 'us-east-1' && e.usageType === 'TimedStorage-GlacierByteHrs' ? { ...e, tiers: [{ begin: '0', end: 'Inf', rate: '0.0040000000' }] } : e,
  ),
};

const tempDir = () => mkdtempSync(join(tmpdir(), 'tierwise-prices-'));

function cli(args: string[], cacheDir: string, opts: { cwd?: string; isTTY?: boolean } = {}) {
  return runCli(['prices', ...args], { env: { ...FAKE_AWS_ENV, TIERWISE_CACHE_DIR: cacheDir }, ...opts });
}

async function withFake<T>(opts: Partial<FakePriceListOptions>, f: (fake: FakePriceList) => Promise<T>): Promise<T> {
  const fake = await startFakePriceList({ documents: documentsForBook(bundled), pageSize: 20, ...opts });
  try {
    return await f(fake);
  } finally {
    await fake.close();
  }
}

describe('tierwise prices refresh', () => {
  let fake: FakePriceList;
  beforeAll(async () => {
    fake = await startFakePriceList({ documents: documentsForBook(repriced), pageSize: 20 });
  });
  afterAll(() => fake.close());

  it('writes a dated snapshot to the cache dir, lists it, shows it, diffs it, and refuses to overwrite it without --force', async () => {
    const cache = tempDir();
    const before = new Date().toISOString().slice(0, 10);
    const r = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', fake.url], cache);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    const id = files[0]!.replace(/\.json$/, '');
    expect([`us-east-1-${before}`, `us-east-1-${new Date().toISOString().slice(0, 10)}`]).toContain(id);
    expect(r.stdout).toBe(
      // 63 bucket prices and the resources' 18; the fake serves built resource products under AmazonS3's offer version.
      `wrote ${id}: 81 prices for us-east-1, offers AWSCloudTrail 20260728131000, AWSDataTransfer 20260721120000, AmazonCloudWatch 20260728131000, AmazonEC2 20260728131000, AmazonFSx 20260728131000, AmazonS3 20260728131000, AmazonS3GlacierDeepArchive 20260715090000, AmazonSNS 20260728131000, AmazonVPC 20260728131000, awskms 20260728131000 (prices of 2026-07-28) to ${join(cache, files[0]!)}\n`,
    );
    const book = validatePriceBook(JSON.parse(readFileSync(join(cache, files[0]!), 'utf8')), 'written');
    expect(book.prices.find((e) => e.usageType === 'TimedStorage-GlacierByteHrs')?.tiers[0]?.rate).toBe('0.0040000000');

    const list = await cli(['list'], cache);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^bundled-2026-07-28 +bundled +2026-07-28 +us-east-1,ap-south-1,eu-west-1,eu-central-1 +\(built in\)$/m);
    expect(list.stdout).toMatch(new RegExp(`^${id} +price-list-api +2026-07-28 +us-east-1 +${join(cache, files[0]!)}$`, 'm'));
    const listJson = JSON.parse((await cli(['list', '--json'], cache)).stdout) as { id: string }[];
    expect(listJson.map((b) => b.id)).toEqual(['bundled-2026-07-28', id]);

    const show = await cli(['show', id, '--usage-type', 'TimedStorage-GlacierByteHrs'], cache);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^us-east-1 +TimedStorage-GlacierByteHrs +GB-Mo +0–Inf +0\.0040000000 +AmazonS3 +[A-Z0-9]{16} +\(none\)$/m);

    const diff = await cli(['diff', 'bundled', id], cache);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('regions compared: us-east-1 (not compared: ap-south-1, eu-west-1, eu-central-1)');
    expect(diff.stdout).toMatch(/^~ rate +us-east-1 +TimedStorage-GlacierByteHrs +0–Inf: 0\.0036 → 0\.004 \(\+11\.11%\)$/m);
    expect(diff.stdout).toMatch(/^1 change: 1 rate, 0 tiers, 0 added, 0 removed$/m);

    const requests = fake.requests.length;
    const again = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', fake.url], cache);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: --force: '${join(cache, files[0]!)}' already exists; add --force to replace it\n`);
    expect(fake.requests.length).toBe(requests); // refused before fetching anything
    const forced = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', fake.url, '--force'], cache);
    expect(forced.code).toBe(0);
  });

  it('writes --out relative to the working directory, and never over an existing file without --force', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mine.json'), 'precious');
    const refused = await cli(['refresh', '--region', 'ap-south-1', '--endpoint-url', fake.url, '--out', 'mine.json'], tempDir(), { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("error: --out: 'mine.json' already exists; add --force to replace it\n");
    expect(readFileSync(join(dir, 'mine.json'), 'utf8')).toBe('precious');
    const r = await cli(['refresh', '--region', 'ap-south-1', '--endpoint-url', fake.url, '--out', 'snap/ap.json'], tempDir(), { cwd: dir });
    expect(r.code).toBe(0);
    expect(validatePriceBook(JSON.parse(readFileSync(join(dir, 'snap/ap.json'), 'utf8')), 'out').regions).toEqual(['ap-south-1']);
  });

  it('shows pages fetched on stderr only when stderr is a terminal', async () => {
    const tty = await cli(['refresh', '--region', 'eu-west-1', '--endpoint-url', fake.url], tempDir(), { isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('fetching AWSDataTransfer: 1 page, 4 products');
    expect(tty.stderr).toMatch(/fetching AmazonS3: [3-9] pages, \d+ products/);
    expect(tty.stderr.endsWith('\n')).toBe(true);
    const pipe = await cli(['refresh', '--region', 'eu-west-1', '--endpoint-url', fake.url], tempDir());
    expect(pipe.stderr).toBe('');
  });

  it('exits 2 with the AWS error name and message for an InvalidParameterException', async () => {
    await withFake({ fault: () => ({ type: 'InvalidParameterException', message: 'Input validation failed: bad filter' }) }, async (f) => {
      const r = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', f.url], tempDir());
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('error: Price List API (AWSDataTransfer): InvalidParameterException: Input validation failed: bad filter\n');
    });
  });

  it('exits 2 naming every price the API did not return, and writes nothing', async () => {
    const docs = documentsForBook(bundled).filter((d) => !['Monitoring-Automation-INT', 'EarlyDelete-GDA'].includes(d.attributes.usagetype ?? ''));
    await withFake({ documents: docs }, async (f) => {
      const cache = tempDir();
      const r = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', f.url], cache);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        "error: prices: no price for usage type 'EarlyDelete-GDA' in us-east-1\nerror: prices: no price for usage type 'Monitoring-Automation-INT' in us-east-1\n",
      );
      expect(readdirSync(cache)).toEqual([]);
    });
  });

  it('rejects bad flags naming the flag, the value and what is allowed', async () => {
    const c = tempDir();
    const region = await cli(['refresh', '--region', 'mars-1'], c);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/^error: --region: expected one of us-east-1, .*, got 'mars-1'\n$/);
    const endpoint = await cli(['refresh', '--region', 'us-east-1', '--endpoint-region', 'us-west-2'], c);
    expect(endpoint.stderr).toBe("error: --endpoint-region: expected one of us-east-1, eu-central-1, ap-south-1, got 'us-west-2'\n");
    const url = await cli(['refresh', '--region', 'us-east-1', '--endpoint-url', 'localhost:9'], c);
    expect(url.stderr).toBe("error: --endpoint-url: expected an http:// or https:// URL, got 'localhost:9'\n");
    const none = await cli(['refresh'], c);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--region <code>' not specified");
  });

  it('says in --help what is fetched, the resources beyond S3 by usage type', async () => {
    const r = await cli(['refresh', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AmazonS3, AmazonS3GlacierDeepArchive and\nAWSDataTransfer');
    expect(r.stdout).toContain('Resources beyond S3 (AmazonEC2 EBS snapshots, awskms, AWSCloudTrail, AmazonCloudWatch, AmazonSNS, AmazonVPC, AmazonFSx) are fetched by usage type');
  });

  it('without credentials: one clear line on how to provide them, exit code 2 (real process, no AWS_* set)', () => {
    const env: NodeJS.ProcessEnv = {};
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) env[k] = undefined;
    const home = tempDir();
    Object.assign(env, {
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
      // No instance metadata either: nothing real is picked up, nothing leaves the machine.
      AWS_EC2_METADATA_DISABLED: 'true',
      TIERWISE_CACHE_DIR: join(home, 'cache'),
    });
    // The endpoint is never reached: credentials are resolved before the first request.
    const r = spawnCli(['prices', 'refresh', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], { env });
    expect(r.stderr).toMatch(/^error: credentials: no AWS credentials found\. .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.*AWS_PROFILE.*\n$/);
    // One line: no AWS SDK NodeVersionSupportWarning banner on Node.js 20 either.
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.code).toBe(2);
    expect(existsSync(join(home, 'cache'))).toBe(false);
  });
});

describe('tierwise prices show / diff / list', () => {
  it('shows rates with tiers, per-1,000 figures for requests, service codes and notes', async () => {
    const r = await cli(['show', 'bundled', '--region', 'ap-south-1', '--usage-type', 'TimedStorage-ByteHrs', 'Requests-GDA-Tier3'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bundled-2026-07-28: bundled prices of 2026-07-28; regions us-east-1, ap-south-1, eu-west-1, eu-central-1$/m);
    expect(r.stdout).toMatch(/^ap-south-1 +APS3-TimedStorage-ByteHrs +GB-Mo +0–51200 +0\.0250000000 +AmazonS3 +— +—$/m);
    expect(r.stdout).toMatch(/^ +512000–Inf +0\.0230000000$/m);
    expect(r.stdout).toMatch(/^ap-south-1 +APS3-Requests-GDA-Tier3 +DeepArchiveRestoreObject +Requests +0–Inf +0\.0001000000 +0\.1 +AmazonS3 +— +— +\[1\]$/m);
    expect(r.stdout).toMatch(/^\[1\] unconfirmed: the source figures give no confirmed ap-south-1 request price/m);
    expect(r.stdout).not.toContain('us-east-1  ');
  });

  it('shows JSON with rates as strings', async () => {
    const r = await cli(['show', 'bundled', '--region', 'us-east-1', '--usage-type', 'TimedStorage-GDA-ByteHrs', '--json'], tempDir());
    const out = JSON.parse(r.stdout) as { id: string; prices: { usageType: string; tiers: { rate: string }[]; serviceCode: string }[] };
    expect(out.id).toBe('bundled-2026-07-28');
    expect(out.prices).toEqual([expect.objectContaining({ usageType: 'TimedStorage-GDA-ByteHrs', serviceCode: 'AmazonS3GlacierDeepArchive', tiers: [{ begin: '0', end: 'Inf', rate: '0.0009900000' }] })]);
  });

  it('exits 2 for an unknown usage type, a region the book lacks, or an unknown snapshot', async () => {
    const c = tempDir();
    const ut = await cli(['show', 'bundled', '--usage-type', 'TimedStorage-Nope', 'Requests-Tier1'], c);
    expect(ut.code).toBe(2);
    expect(ut.stderr).toBe("error: --usage-type: no price for usage type 'TimedStorage-Nope' in bundled-2026-07-28\n");
    const region = await cli(['show', 'bundled', '--region', 'sa-east-1'], c);
    expect(region.stderr).toBe("error: --region: bundled-2026-07-28 has no prices for 'sa-east-1' (it covers us-east-1, ap-south-1, eu-west-1, eu-central-1)\n");
    const snap = await cli(['diff', 'bundled', 'us-east-1-1999-01-01'], c);
    expect(snap.code).toBe(2);
    expect(snap.stderr).toContain("no price book 'us-east-1-1999-01-01'");
  });

  it('diffs two snapshot files: no changes, then every kind of change, as text and JSON', async () => {
    const dir = tempDir();
    const write = (name: string, book: PriceBook) => writeFileSync(join(dir, name), JSON.stringify(book));
    write('a.json', bundled);
    write('b.json', {
      ...bundled,
      id: 'edited',
      prices: [
        ...bundled.prices
          .filter((e) => !(e.region === 'eu-west-1' && e.usageType === 'EU-Monitoring-Automation-INT'))
          .map((e) => (e.region === 'eu-west-1' && e.usageType === 'EU-Requests-Tier1' ? { ...e, tiers: [{ begin: '0', end: 'Inf', rate: '0.0000045000' }] } : e)),
      ],
    });
    const same = await cli(['diff', 'a.json', 'a.json'], tempDir(), { cwd: dir });
    expect(same.stdout).toMatch(/no changes\n$/);
    const r = await cli(['diff', 'a.json', 'b.json'], tempDir(), { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^~ rate +eu-west-1 +EU-Requests-Tier1 +0–Inf: 0\.000005 → 0\.0000045 \(-10\.00%\)$/m);
    expect(r.stdout).toMatch(/^- removed +eu-west-1 +EU-Monitoring-Automation-INT +Objects: 0–Inf @ 0\.0000025$/m);
    expect(r.stdout).toMatch(/^2 changes: 1 rate, 0 tiers, 0 added, 1 removed$/m);
    const only = await cli(['diff', 'a.json', 'b.json', '--region', 'us-east-1'], tempDir(), { cwd: dir });
    expect(only.stdout).toMatch(/no changes\n$/);
    const json = JSON.parse((await cli(['diff', 'a.json', 'b.json', '--json'], tempDir(), { cwd: dir })).stdout) as {
      from: { id: string };
      to: { id: string };
      changes: { kind: string; key: string }[];
    };
    expect(json.from.id).toBe('bundled-2026-07-28');
    expect(json.to.id).toBe('edited');
    expect(json.changes.map((c) => `${c.kind} ${c.key}`)).toEqual(['rate eu-west-1|EU-Requests-Tier1|', 'removed eu-west-1|EU-Monitoring-Automation-INT|']);
  });
});
