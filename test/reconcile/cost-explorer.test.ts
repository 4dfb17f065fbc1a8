/**
 * `tierwise actuals fetch` through the real @aws-sdk/client-cost-explorer client against a fake
 * Cost Explorer endpoint on 127.0.0.1: pages, string amounts as Decimal, estimated months,
 * throttling retried, errors as one line, and the disk cache that saves $0.01 a request.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Dec } from '../../src/pricing/decimal.js';
import { readActualsFile } from '../../src/reconcile/actuals.js';
import { CostExplorerError, fetchCostAndUsage } from '../../src/reconcile/cost-explorer.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { startFakeCostExplorer, type FakeCostExplorer, type FakePeriod } from './fake-cost-explorer.js';

const FAKE_ENV = { AWS_ACCESS_KEY_ID: 'AKIDTIERWISEFAKE0000', AWS_SECRET_ACCESS_KEY: 'tierwise-fake-secret-key' };
const CREDS = { accessKeyId: FAKE_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: FAKE_ENV.AWS_SECRET_ACCESS_KEY };

const PERIODS: FakePeriod[] = [
  {
    start: '2027-01-01',
    end: '2027-02-01',
    estimated: false,
    groups: [
      { keys: ['TimedStorage-ByteHrs', 'StandardStorage'], cost: '2.5165269700', quantity: '109.4142160892', unit: 'GB-Mo' },
      { keys: ['TimedStorage-GDA-ByteHrs', 'DeepArchiveStorage'], cost: '1.2332515026', quantity: '1245.7085885313', unit: 'GB-Mo' },
      { keys: ['Requests-Tier1', 'PutObject'], cost: '0.1', quantity: '20000', unit: 'Requests' },
      { keys: ['Requests-Tier1', 'ListBucket'], cost: '0.0000000001', quantity: '0.00002', unit: 'Requests' },
      { keys: ['EarlyDelete-GDA', 'DeleteObject'], cost: '0.03', quantity: '25.49', unit: 'GB-Mo' },
    ],
  },
  {
    start: '2027-02-01',
    end: '2027-03-01',
    estimated: true,
    groups: [
      { keys: ['TimedStorage-ByteHrs', 'StandardStorage'], cost: '3.1', quantity: '134.8', unit: 'GB-Mo' },
      { keys: ['Requests-Tier1', 'PutObject'], cost: '0.2', quantity: '40000', unit: 'Requests' },
    ],
  },
];

const fakes: FakeCostExplorer[] = [];
async function fake(opts: Partial<Parameters<typeof startFakeCostExplorer>[0]> = {}): Promise<FakeCostExplorer> {
  const f = await startFakeCostExplorer({ periods: PERIODS, pageSize: 2, ...opts });
  fakes.push(f);
  return f;
}
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.close();
});
const tempDir = () => mkdtempSync(join(tmpdir(), 'tierwise-ce-'));
const QUERY = { from: '2027-01', to: '2027-02', daily: false } as const;

describe('fetchCostAndUsage against a fake Cost Explorer (real SDK client)', () => {
  it('follows NextPageToken over several pages and keeps every amount exactly, as Decimal', async () => {
    const f = await fake();
    const r = await fetchCostAndUsage(QUERY, { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir: tempDir() });
    expect(f.protocolErrors).toEqual([]);
    // 7 groups at 2 a page: 4 requests, each after the first carrying the previous token.
    expect(f.requests).toHaveLength(4);
    expect(f.requests.slice(1).every((q) => q.body.NextPageToken)).toBe(true);
    expect(r.requests).toBe(4);
    expect(r.cost.toString()).toBe('0.04');
    const a = r.actuals;
    expect(a.lines).toHaveLength(7);
    const tiny = a.lines.find((l) => l.operation === 'ListBucket')!;
    expect(tiny.cost).toBeInstanceOf(Dec);
    expect(tiny.cost.toString()).toBe('0.0000000001');
    expect(tiny.quantity?.toString()).toBe('0.00002');
    const jan = a.lines.filter((l) => l.period === '2027-01').reduce((s, l) => s.plus(l.cost), new Dec(0));
    expect(jan.toString()).toBe('3.8797784727');
  });

  it('sends the query AWS documents: End exclusive, both metrics, USAGE_TYPE and OPERATION, the S3 services and the tag', async () => {
    const f = await fake();
    await fetchCostAndUsage({ ...QUERY, tag: { key: 'fleet', value: 'duplicati' } }, { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir: tempDir() });
    const b = f.requests[0]!.body;
    expect(f.requests[0]!.target).toBe('AWSInsightsIndexService.GetCostAndUsage');
    expect(b.TimePeriod).toEqual({ Start: '2027-01-01', End: '2027-03-01' });
    expect(b.Granularity).toBe('MONTHLY');
    expect(b.Metrics).toEqual(['UnblendedCost', 'UsageQuantity']);
    expect(b.Filter).toEqual({
      And: [
        { Dimensions: { Key: 'SERVICE', Values: ['Amazon Simple Storage Service', 'Amazon S3 Glacier Deep Archive'], MatchOptions: ['EQUALS'] } },
        { Tags: { Key: 'fleet', Values: ['duplicati'], MatchOptions: ['EQUALS'] } },
      ],
    });
  });

  it('flags an estimated month', async () => {
    const f = await fake();
    const r = await fetchCostAndUsage(QUERY, { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir: tempDir() });
    expect(r.actuals.periods).toEqual([
      { period: '2027-01', estimated: false },
      { period: '2027-02', estimated: true },
    ]);
  });

  it('retries throttling (LimitExceededException, as Cost Explorer answers it) through the SDK', async () => {
    const f = await fake({ fault: (n) => (n === 1 || n === 2 ? { type: 'LimitExceededException', message: 'Rate exceeded' } : undefined) });
    const r = await fetchCostAndUsage(QUERY, { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir: tempDir() });
    expect(r.actuals.lines).toHaveLength(7);
    expect(f.requests.slice(1, 4).map((q) => q.sdkRequest)).toEqual(['attempt=1; max=8', 'attempt=2; max=8', 'attempt=3; max=8']);
    // Only answered pages count as billed requests.
    expect(r.requests).toBe(4);
  }, 30_000);

  it('the cache prevents a second request for the same query; --refresh asks again', async () => {
    const f = await fake();
    const cacheDir = tempDir();
    const opts = { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir };
    const first = await fetchCostAndUsage(QUERY, opts);
    const second = await fetchCostAndUsage(QUERY, opts);
    expect(f.requests).toHaveLength(4);
    expect(second.requests).toBe(0);
    expect(second.cachedPages).toBe(4);
    expect(second.cost.toString()).toBe('0');
    expect(second.actuals.lines).toEqual(first.actuals.lines);
    // Another query is another key.
    await fetchCostAndUsage({ ...QUERY, daily: true }, opts);
    expect(f.requests).toHaveLength(8);
    await fetchCostAndUsage(QUERY, { ...opts, refresh: true });
    expect(f.requests).toHaveLength(12);
  });

  it('AccessDenied and DataUnavailable are one line each, with what to do', async () => {
    for (const [type, hint] of [
      ['AccessDeniedException', /ce:GetCostAndUsage/],
      ['DataUnavailableException', /no data for this period/],
    ] as const) {
      const f = await fake({ fault: () => ({ type, message: 'nope' }) });
      const err = await fetchCostAndUsage(QUERY, { connection: { endpointUrl: f.url, credentials: CREDS }, cacheDir: tempDir() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CostExplorerError);
      const lines = (err as CostExplorerError).lines();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Cost Explorer: ${type}: nope \\(`));
      expect(lines[0]).toMatch(hint);
      expect(f.requests).toHaveLength(1); // not retried
    }
  });
});

describe('tierwise actuals fetch (CLI)', () => {
  it('writes the actuals file, says how many requests were made and what they cost, marks estimated months', async () => {
    const f = await fake();
    const dir = tempDir();
    const env = { ...FAKE_ENV, TIERWISE_CACHE_DIR: join(dir, 'cache') };
    const args = ['actuals', 'fetch', '--from', '2027-01', '--to', '2027-02', '--endpoint-url', f.url, '--out', join(dir, 'a.json')];
    const r = await runCli(args, { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Cost Explorer: 4 requests made ($0.04 at $0.01 each), 0 of 4 pages from the cache\n');
    expect(r.stderr).toMatch(/^ {2}2027-01 {2}\$3\.88\n/m);
    expect(r.stderr).toMatch(/^ {2}2027-02 {2}\$3\.30 {2}estimated/m);
    const a = readActualsFile(join(dir, 'a.json'));
    expect(a.source.kind).toBe('cost-explorer-api');
    expect(a.source.requests).toBe(4);
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    // Money and quantities are decimal strings in the file, exact (trailing zeros aside).
    expect(json.lines.find((l: { usageType: string }) => l.usageType === 'TimedStorage-ByteHrs')).toMatchObject({ period: '2027-01', operation: 'StandardStorage', unit: 'GB-Mo', quantity: '109.4142160892', cost: '2.51652697' });

    // Again: nothing asked, the file is not replaced without --force.
    const again = await runCli(args, { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error: --out: .* already exists; add --force/);
    const forced = await runCli([...args, '--force'], { env });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('Cost Explorer: 0 requests made ($0.00 at $0.01 each), 4 of 4 pages from the cache (--refresh asks again)');
    expect(f.requests).toHaveLength(4);
  });

  it('bad flags: one line, exit 2, nothing asked', async () => {
    const bad = async (args: string[]) => {
      const r = await runCli(['actuals', 'fetch', ...args], { env: FAKE_ENV });
      expect(r.code).toBe(2);
      return r.stderr;
    };
    expect(await bad(['--from', '2027-13', '--to', '2027-02'])).toBe("error: --from: expected a month as YYYY-MM, got '2027-13'\n");
    expect(await bad(['--from', '2027-03', '--to', '2027-02'])).toBe('error: --to: --to 2027-02 is before --from 2027-03\n');
    expect(await bad(['--from', '2027-01', '--to', '2027-02', '--tag', 'fleet'])).toMatch(/^error: --tag: expected key=value/);
  });

  it('without credentials: one line on how to provide them, exit 2 (real process, no AWS_* set)', () => {
    const env: NodeJS.ProcessEnv = {};
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) env[k] = undefined;
    const home = tempDir();
    Object.assign(env, {
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      TIERWISE_CACHE_DIR: join(home, 'cache'),
    });
    const r = spawnCli(['actuals', 'fetch', '--from', '2027-01', '--to', '2027-02', '--endpoint-url', 'http://127.0.0.1:9'], { env });
    expect(r.stderr).toMatch(/^error: credentials: no AWS credentials found\. .*ce:GetCostAndUsage\.\n$/);
    expect(r.code).toBe(2);
    expect(existsSync(join(home, 'cache'))).toBe(false);
  });
});
