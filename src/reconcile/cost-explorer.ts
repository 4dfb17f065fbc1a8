/**
 * The Cost Explorer adapter: the only module that talks to `@aws-sdk/client-cost-explorer`.
 * GetCostAndUsage, UnblendedCost and UsageQuantity grouped by USAGE_TYPE and OPERATION, filtered
 * to the S3 services and optionally a cost allocation tag, page by page
 * (the SDK has no paginator for this call, so we loop on NextPageToken). Every page costs
 * $0.01 (https://aws.amazon.com/aws-cost-management/pricing/), so each page is cached on disk
 * under a hash of the exact request and never asked again unless `refresh`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CostExplorerClient, Expression, GetCostAndUsageCommandInput, ResultByTime } from '@aws-sdk/client-cost-explorer';
import { InputError } from '../errors.js';
import { Dec } from '../pricing/decimal.js';
import { addMonths, type MonthKey } from '../units.js';
import { ACTUALS_FORMAT, LineAccumulator, parseAmount, type Actuals, type ActualPeriod, type TagFilter } from './actuals.js';

/** What one request costs (Cost Explorer API pricing, per paginated request). */
export const REQUEST_PRICE = new Dec('0.01');

/**
 * Cost Explorer's SERVICE values for what tierwise prices. The SERVICE_CODE dimension cannot
 * filter GetCostAndUsage (only cost category rules), so the service names are used. S3's own
 * internet egress and requests are billed under S3; Deep Archive is reported under its own
 * product, so both are asked for (a name with no costs simply matches nothing).
 */
export const SERVICES = ['Amazon Simple Storage Service', 'Amazon S3 Glacier Deep Archive'] as const;

export const DEFAULT_MAX_ATTEMPTS = 8;

export interface CostExplorerQuery {
  readonly from: MonthKey;
  /** Last month included. */
  readonly to: MonthKey;
  readonly daily: boolean;
  readonly tag?: TagFilter;
}

export interface CostExplorerConnection {
  readonly endpointUrl?: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  readonly profile?: string;
  readonly maxAttempts?: number;
}

export interface FetchOptions {
  readonly connection: CostExplorerConnection;
  /** Directory of cached pages. */
  readonly cacheDir: string;
  /** Ask AWS again even for pages in the cache. */
  readonly refresh?: boolean;
  readonly now?: Date;
  readonly onPage?: (page: { pages: number; fromCache: boolean }) => void;
}

export interface FetchResult {
  readonly actuals: Actuals;
  /** Pages requested from AWS (each billed $0.01). */
  readonly requests: number;
  /** Pages read from the cache instead. */
  readonly cachedPages: number;
  readonly cost: Dec;
}

/** The GetCostAndUsage request for a query (no page token). Time period End is exclusive. */
export function costAndUsageRequest(q: CostExplorerQuery): GetCostAndUsageCommandInput {
  const service: Expression = { Dimensions: { Key: 'SERVICE', Values: [...SERVICES], MatchOptions: ['EQUALS'] } };
  const filter: Expression = q.tag ? { And: [service, { Tags: { Key: q.tag.key, Values: [q.tag.value], MatchOptions: ['EQUALS'] } }] } : service;
  return {
    TimePeriod: { Start: `${q.from}-01`, End: `${addMonths(q.to, 1)}-01` },
    Granularity: q.daily ? 'DAILY' : 'MONTHLY',
    Metrics: ['UnblendedCost', 'UsageQuantity'],
    GroupBy: [
      { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
      { Type: 'DIMENSION', Key: 'OPERATION' },
    ],
    Filter: filter,
  };
}

/** One cached page: what the service answered that we use. */
interface CachedPage {
  readonly request: GetCostAndUsageCommandInput;
  readonly fetchedAt: string;
  readonly ResultsByTime: ResultByTime[];
  readonly NextPageToken?: string;
}

const pageKey = (req: GetCostAndUsageCommandInput) => createHash('sha256').update(JSON.stringify(req)).digest('hex').slice(0, 32);

function readCached(dir: string, req: GetCostAndUsageCommandInput): CachedPage | undefined {
  const file = join(dir, `${pageKey(req)}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const page = JSON.parse(readFileSync(file, 'utf8')) as CachedPage;
    // A hash collision or a hand-edited file must not answer for another request.
    return JSON.stringify(page.request) === JSON.stringify(req) && Array.isArray(page.ResultsByTime) ? page : undefined;
  } catch {
    return undefined;
  }
}

function writeCached(dir: string, page: CachedPage): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${pageKey(page.request)}.json`);
  // Write then rename: an interrupted run never leaves half a page that would later be trusted.
  writeFileSync(`${file}.tmp`, JSON.stringify(page));
  renameSync(`${file}.tmp`, file);
}

/** The SDK is loaded on first use: commands that never fetch do not pay for it. */
const sdk = () => import('@aws-sdk/client-cost-explorer');

async function createClient(c: CostExplorerConnection): Promise<CostExplorerClient> {
  const { CostExplorerClient } = await sdk();
  return new CostExplorerClient({
    // Cost Explorer has one endpoint, in us-east-1.
    region: 'us-east-1',
    ...(c.endpointUrl ? { endpoint: c.endpointUrl } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
    // Standard retry: exponential backoff with jitter; LimitExceededException counts as throttling.
    retryMode: 'standard',
    maxAttempts: c.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

/** Fetches (or replays from the cache) every page of the query and normalises it. */
export async function fetchCostAndUsage(q: CostExplorerQuery, opts: FetchOptions): Promise<FetchResult> {
  const base = costAndUsageRequest(q);
  const now = opts.now ?? new Date();
  let client: CostExplorerClient | undefined;
  let requests = 0;
  let cachedPages = 0;
  const results: ResultByTime[] = [];
  let token: string | undefined;
  try {
    do {
      const req: GetCostAndUsageCommandInput = token ? { ...base, NextPageToken: token } : base;
      let page = opts.refresh ? undefined : readCached(opts.cacheDir, req);
      const fromCache = page !== undefined;
      if (page) cachedPages += 1;
      else {
        client ??= await createClient(opts.connection);
        const { GetCostAndUsageCommand } = await sdk();
        const out = await client.send(new GetCostAndUsageCommand(req));
        requests += 1;
        page = {
          request: req,
          fetchedAt: now.toISOString(),
          ResultsByTime: out.ResultsByTime ?? [],
          ...(out.NextPageToken ? { NextPageToken: out.NextPageToken } : {}),
        };
        writeCached(opts.cacheDir, page);
      }
      results.push(...page.ResultsByTime);
      opts.onPage?.({ pages: requests + cachedPages, fromCache });
      token = page.NextPageToken;
    } while (token);
  } catch (e) {
    throw translateError(e);
  } finally {
    client?.destroy();
  }
  return { actuals: normalise(q, base, results, requests, now), requests, cachedPages, cost: REQUEST_PRICE.times(requests) };
}

/** Cost Explorer results → Actuals. Pages of one period (same TimePeriod) are merged. */
function normalise(q: CostExplorerQuery, query: GetCostAndUsageCommandInput, results: readonly ResultByTime[], requests: number, now: Date): Actuals {
  const acc = new LineAccumulator();
  const periods = new Map<string, boolean>();
  for (const r of results) {
    const start = r.TimePeriod?.Start ?? '';
    const period = q.daily ? start.slice(0, 10) : start.slice(0, 7);
    if (!/^\d{4}-\d{2}(-\d{2})?$/.test(period)) throw new CostExplorerError({ path: 'Cost Explorer', message: `answered a period without a start date (${JSON.stringify(r.TimePeriod)})` });
    periods.set(period, (periods.get(period) ?? false) || r.Estimated === true);
    for (const g of r.Groups ?? []) {
      const [usageType = '', operation = ''] = g.Keys ?? [];
      const cost = parseAmount(g.Metrics?.UnblendedCost?.Amount);
      const quantity = parseAmount(g.Metrics?.UsageQuantity?.Amount);
      if (!cost || !quantity) {
        throw new CostExplorerError({ path: `Cost Explorer ${period} ${usageType}`, message: `answered amounts that are not decimals (${JSON.stringify(g.Metrics)})` });
      }
      // Cost Explorer writes "N/A" as the unit of quantities it cannot sum (mixed units).
      const unit = g.Metrics?.UsageQuantity?.Unit ?? '';
      acc.add(period, usageType, operation, unit === 'N/A' ? '' : unit, quantity, cost);
    }
  }
  const { lines, excluded } = acc.result();
  const periodList: ActualPeriod[] = [...periods.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([period, estimated]) => ({ period, estimated }));
  return {
    format: ACTUALS_FORMAT,
    createdAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    source: { kind: 'cost-explorer-api', query, requests },
    granularity: q.daily ? 'daily' : 'monthly',
    filter: q.tag ? { tag: q.tag } : {},
    periods: periodList,
    lines,
    excluded,
  };
}

/** A failure talking to Cost Explorer that the user can act on. */
export class CostExplorerError extends InputError {}

const NO_CREDENTIALS =
  'no AWS credentials found. Provide them the standard AWS way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
  '(and AWS_SESSION_TOKEN) in the environment, or AWS_PROFILE naming a profile in ~/.aws/credentials or ' +
  '~/.aws/config (`aws configure`, `aws sso login`). The identity needs ce:GetCostAndUsage.';

/** What usually fixes each error Cost Explorer answers with. */
const HINTS: Readonly<Record<string, string>> = {
  AccessDeniedException: 'the identity needs the ce:GetCostAndUsage permission (and Cost Explorer enabled for the account)',
  DataUnavailableException: 'Cost Explorer has no data for this period yet (enabled recently, or a month not yet started)',
  BillExpirationException: 'the period is older than Cost Explorer keeps (14 months by default, 38 with multi-year data enabled)',
  InvalidNextTokenException: 'the page token expired; run again with --refresh',
  RequestChangedException: 'the data changed while paging; run again with --refresh',
  LimitExceededException: 'Cost Explorer kept throttling the requests; try again in a minute',
};

/** Turns what the SDK throws into one line; our own errors and bugs pass through. */
export function translateError(e: unknown): unknown {
  if (e instanceof InputError || !(e instanceof Error)) return e;
  const err = e as Error & { $metadata?: unknown; $fault?: string; code?: string };
  const path = 'Cost Explorer';
  if (err.name === 'CredentialsProviderError') return new CostExplorerError({ path: 'credentials', message: NO_CREDENTIALS });
  if (err.$metadata !== undefined && err.$fault !== undefined) {
    const hint = HINTS[err.name] ?? (err.$fault === 'server' ? 'an error on the AWS side; try again later' : undefined);
    return new CostExplorerError({ path, message: `${err.name}: ${err.message}${hint ? ` (${hint})` : ''}` });
  }
  const netCode = err.code ?? (err.cause as { code?: string } | undefined)?.code;
  if (netCode || err.name === 'TimeoutError') {
    return new CostExplorerError({ path, message: `cannot reach the Cost Explorer endpoint (${netCode ?? err.name}: ${err.message})` });
  }
  return e;
}
