/**
 * The Price List Query API adapter: the only module that talks to `@aws-sdk/client-pricing`.
 * It builds the client (endpoint, credentials from the standard AWS chain, retry on throttling),
 * pages through GetProducts, and turns SDK failures into errors the user can act on.
 */
import type { Filter, PricingClient } from '@aws-sdk/client-pricing';
import { InputError } from '../../errors.js';
import { parseProductDocument, ProductShapeError, type PriceListProduct } from './product.js';

/** The Price List Query API has endpoints in these regions only (AWS Billing User Guide, "Using the AWS Price List Query API"). */
export const PRICE_LIST_ENDPOINT_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;
export type PriceListEndpointRegion = (typeof PRICE_LIST_ENDPOINT_REGIONS)[number];

/** GetProducts returns at most 100 products a page. */
export const MAX_RESULTS = 100;

/**
 * Attempts per request (first try + retries). The Price List API throttles at a few requests a
 * second; the SDK's standard strategy backs off exponentially with jitter (1 s base for
 * throttling), so 8 attempts ride out about two minutes of throttling.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface PriceListConnection {
  /** Region of the Price List endpoint (not the region whose prices are fetched). */
  readonly endpointRegion: PriceListEndpointRegion;
  /** Overrides the endpoint (a fake server in tests, a proxy). */
  readonly endpointUrl?: string;
  /** Static credentials; when absent the SDK's default chain (profile, SSO, process, IMDS…) runs. */
  readonly credentials?: AwsCredentials;
  /** Named profile for the default chain (AWS_PROFILE). */
  readonly profile?: string;
  readonly maxAttempts?: number;
}

/**
 * Credentials from environment variables the way the SDK's own `fromEnv` reads them, so that
 * the CLI honours the environment it is given (io.env) rather than only `process.env`. Without
 * access keys, or when AWS_PROFILE is set (the SDK prefers the profile then), the default chain runs.
 */
export function connectionFromEnv(env: Readonly<Record<string, string | undefined>>): Pick<PriceListConnection, 'credentials' | 'profile'> {
  const profile = env.AWS_PROFILE || undefined;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (profile || !accessKeyId || !secretAccessKey) return profile ? { profile } : {};
  const sessionToken = env.AWS_SESSION_TOKEN || undefined;
  return { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
}

/** The SDK is loaded on first use, so commands and library users that never go live do not pay for it. */
const sdk = () => import('@aws-sdk/client-pricing');

export async function createPriceListClient(c: PriceListConnection): Promise<PricingClient> {
  const { PricingClient } = await sdk();
  return new PricingClient({
    region: c.endpointRegion,
    ...(c.endpointUrl ? { endpoint: c.endpointUrl } : {}),
    ...(c.credentials ? { credentials: c.credentials } : {}),
    ...(c.profile ? { profile: c.profile } : {}),
    // The SDK's standard retry: exponential backoff with jitter, throttling errors included.
    retryMode: 'standard',
    maxAttempts: c.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

/** Progress of one service code's fetch, reported after each page. */
export interface PageProgress {
  readonly serviceCode: string;
  readonly pages: number;
  readonly products: number;
}

/** All products of `serviceCode` whose attributes match every filter (TERM_MATCH, ANDed). */
export async function fetchProducts(
  client: PricingClient,
  serviceCode: string,
  filters: Readonly<Record<string, string>>,
  onPage?: (p: PageProgress) => void,
): Promise<PriceListProduct[]> {
  const Filters: Filter[] = Object.entries(filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH', Field, Value }));
  const products: PriceListProduct[] = [];
  let pages = 0;
  try {
    const { paginateGetProducts } = await sdk();
    const pager = paginateGetProducts(
      { client, pageSize: MAX_RESULTS },
      { ServiceCode: serviceCode, FormatVersion: 'aws_v1', Filters },
    );
    for await (const page of pager) {
      pages += 1;
      if (page.FormatVersion !== undefined && page.FormatVersion !== 'aws_v1') {
        throw new PriceListError({ path: `Price List ${serviceCode}`, message: `answered in format '${page.FormatVersion}', tierwise reads aws_v1` });
      }
      for (const item of (page.PriceList ?? []) as unknown[]) {
        try {
          products.push(parseProductDocument(item));
        } catch (e) {
          if (!(e instanceof ProductShapeError)) throw e;
          throw new PriceListError({ path: `Price List ${serviceCode} page ${pages}`, message: e.message });
        }
      }
      onPage?.({ serviceCode, pages, products: products.length });
    }
  } catch (e) {
    throw translateError(e, serviceCode);
  }
  return products;
}

/** A failure talking to the Price List API that the user can act on (credentials, network, a refused request). */
export class PriceListError extends InputError {}

const NO_CREDENTIALS =
  'no AWS credentials found. Provide them the standard AWS way: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ' +
  '(and AWS_SESSION_TOKEN) in the environment, or AWS_PROFILE naming a profile in ~/.aws/credentials or ' +
  '~/.aws/config (`aws configure`, `aws sso login`). Any identity allowed pricing:GetProducts will do.';

/** Turns what the SDK throws into a PriceListError; our own errors and bugs pass through. */
export function translateError(e: unknown, serviceCode: string): unknown {
  if (e instanceof InputError || !(e instanceof Error)) return e;
  const err = e as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string; code?: string };
  const path = `Price List API (${serviceCode})`;
  if (err.name === 'CredentialsProviderError') return new PriceListError({ path: 'credentials', message: NO_CREDENTIALS });
  if (err.$metadata !== undefined && err.$fault !== undefined) {
    const side = err.$fault === 'server' ? ' (an error on the AWS side; try again later)' : '';
    return new PriceListError({ path, message: `${err.name}: ${err.message}${side}` });
  }
  const netCode = err.code ?? (err.cause as { code?: string } | undefined)?.code;
  if (netCode || err.name === 'TimeoutError') {
    return new PriceListError({ path, message: `cannot reach the Price List endpoint (${netCode ?? err.name}: ${err.message})` });
  }
  return e;
}
