/**
 * `prices refresh`: fetch every price the engine uses for one region from the Price List Query
 * API and turn it into a dated PriceBook in the same normalised form as the bundled snapshots.
 * I/O (the API) at one end, a pure assembly step (`assemblePriceBook`) at the other.
 */
import { PRICE_SNAPSHOT_FORMAT, type PriceBook } from '../price-book.js';
import { createPriceListClient, fetchProducts, type PageProgress, type PriceListConnection } from './client.js';
import { PER_USAGE_TYPE_SERVICES, priceSources, serviceCodesOf, type PriceSource } from './price-sources.js';
import type { PriceListProduct } from './product.js';
import { offersOf, regionAttribute, selectPrices } from './select.js';

/** What `refresh` fetches beyond S3, and how (said in --help and in every live snapshot). */
export const NOT_FETCHED_NOTE =
  'Resources beyond S3 (AmazonEC2 EBS snapshots, awskms, AWSCloudTrail, AmazonCloudWatch, AmazonSNS, AmazonVPC, AmazonFSx) are fetched by usage type; a price not found is listed as absent, and only a scenario whose resources need it is refused.';

export interface RefreshRequest {
  /** The region whose prices are fetched. */
  readonly region: string;
  /** Regions inter-region transfer (replication) from `region` may go to. */
  readonly destinations: readonly string[];
  readonly connection: PriceListConnection;
  /** The fetch time (injected for tests). */
  readonly now?: Date;
  readonly onPage?: (p: PageProgress) => void;
}

/** A live snapshot's id (and cache file name): the region and the UTC date of the fetch. */
export function liveSnapshotId(region: string, fetchedAt: Date): string {
  return `${region}-${fetchedAt.toISOString().slice(0, 10)}`;
}

/** Fetches, selects and assembles; throws PriceDataError naming every core price it could not find. */
export async function refreshPriceBook(req: RefreshRequest): Promise<PriceBook> {
  const sources = priceSources(req.region, req.destinations);
  const client = await createPriceListClient(req.connection);
  const products: PriceListProduct[] = [];
  try {
    // One service code after the other: the API throttles, parallel requests would only wait longer.
    for (const code of serviceCodesOf(sources)) {
      const region = { [regionAttribute(code)]: req.region };
      if (!PER_USAGE_TYPE_SERVICES.has(code)) {
        products.push(...(await fetchProducts(client, code, region, req.onPage)));
        continue;
      }
      // AmazonEC2's offer alone holds hundreds of thousands of products per region: ask only for
      // the usage types the engine meters.
      const usageTypes = [...new Set(sources.filter((s) => s.serviceCodes.includes(code)).map((s) => s.key.usageType))];
      for (const usagetype of usageTypes) products.push(...(await fetchProducts(client, code, { ...region, usagetype }, req.onPage)));
    }
  } finally {
    client.destroy();
  }
  const endpoint = req.connection.endpointUrl ?? `the ${req.connection.endpointRegion} endpoint`;
  return assemblePriceBook(req.region, sources, products, req.now ?? new Date(), endpoint);
}

/** The PriceBook for `region` from the products the API returned. Pure. */
export function assemblePriceBook(
  region: string,
  sources: readonly PriceSource[],
  products: readonly PriceListProduct[],
  fetchedAt: Date,
  endpoint: string,
): PriceBook {
  const { prices, notes, absent } = selectPrices(region, sources, products);
  const offers = offersOf(region, products);
  const newest = offers.map((o) => o.publicationDate).sort().at(-1) ?? fetchedAt.toISOString();
  const codes = serviceCodesOf(sources);
  return {
    format: PRICE_SNAPSHOT_FORMAT,
    id: liveSnapshotId(region, fetchedAt),
    provenance: {
      source: 'price-list-api',
      date: newest.slice(0, 10),
      offers,
      fetchedAt: fetchedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      notes: [
        `Fetched with GetProducts from the AWS Price List Query API (${endpoint}) for ${region}, service codes ${codes.join(', ')}; each price matched on its exact usage type, the most preferred acceptable operation published and its service code (each entry names the SKU and operation it was read from).`,
        NOT_FETCHED_NOTE,
        ...(absent.length > 0
          ? [`${absent.length} optional price${absent.length === 1 ? '' : 's'} not found (listed under "absent"): a scenario that needs one cannot be priced with this book.`]
          : []),
        ...notes,
      ],
    },
    regions: [region],
    prices,
    ...(absent.length > 0 ? { absent } : {}),
  };
}
