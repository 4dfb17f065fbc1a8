/**
 * A PriceBook: dated list prices in the normalised form every source produces — the bundled
 * snapshots, `tierwise prices refresh` (the live Price List API) and cached snapshots alike.
 * Rates are decimal strings exactly as the Price List prints them; nothing here is a float.
 */
import type { UsageUnit } from '../usage/usage-line.js';

/** Format tag written into every snapshot file. */
export const PRICE_SNAPSHOT_FORMAT = 'tierwise-prices/1';

/** One tier of a price: applies to the part of a month's quantity between begin and end. */
export interface PriceTier {
  /** Lower bound in the price's unit, a decimal string ("0", "51200"). */
  readonly begin: string;
  /** Upper bound, a decimal string, or "Inf". */
  readonly end: string;
  /** USD per unit, a decimal string as the Price List prints it ("0.0230000000"). */
  readonly rate: string;
}

/** The price of one (region, usageType, operation). */
export interface PriceEntry {
  readonly region: string;
  /** Usage type with the region prefix, exactly as AWS spells it. */
  readonly usageType: string;
  /** Price List `operation` attribute; '' where the product has none. */
  readonly operation: string;
  readonly unit: UsageUnit;
  /** Tiers sorted by begin, contiguous from "0" to "Inf". */
  readonly tiers: readonly PriceTier[];
  /** The Price List service code the price comes from (AmazonS3, AmazonS3GlacierDeepArchive, AWSDataTransfer, …). */
  readonly serviceCode: string;
  readonly sku?: string;
  /**
   * The Price List `operation` of the SKU the price was read from ('' for a SKU without one). It
   * can differ from `operation`, the engine's key: see src/pricing/live/price-sources.ts.
   */
  readonly priceListOperation?: string;
  readonly description?: string;
  /** Set when the figure was not read from a Price List document (e.g. "unconfirmed: …"). */
  readonly note?: string;
}

/** One offer file or API answer a snapshot was built from. */
export interface OfferSource {
  readonly serviceCode: string;
  readonly region?: string;
  /** Offer version, e.g. "20260728131000". */
  readonly version: string;
  /** ISO-8601 publication date of that offer. */
  readonly publicationDate: string;
}

export interface PriceBookProvenance {
  /** Where the prices come from. */
  readonly source: 'bundled' | 'price-list-api' | 'file';
  /** The date the prices are valid for (the newest offer publication date), `YYYY-MM-DD`. */
  readonly date: string;
  readonly offers: readonly OfferSource[];
  /** When a live fetch ran, ISO-8601. */
  readonly fetchedAt?: string;
  /** Caveats, e.g. every unconfirmed figure and where it came from. */
  readonly notes: readonly string[];
}

/**
 * A price a live refresh looked for and did not write: only some scenarios need it (transfer to a
 * region AWS sells no pair for, restores, …). Pricing a scenario that needs it names it.
 */
export interface AbsentPrice {
  readonly region: string;
  readonly usageType: string;
  readonly operation: string;
  /** Why it is absent: not published, or published in a way tierwise will not guess from. */
  readonly reason: string;
}

/** A dated price book: what a snapshot file holds, and what pricing takes. */
export interface PriceBook {
  readonly format: typeof PRICE_SNAPSHOT_FORMAT;
  /** Short name, e.g. "bundled-2026-07-28" or "us-east-1-2026-11-23". */
  readonly id: string;
  readonly provenance: PriceBookProvenance;
  /** Regions the book covers. */
  readonly regions: readonly string[];
  readonly prices: readonly PriceEntry[];
  /** Optional prices a live refresh did not find (absent from older snapshots and the bundled book). */
  readonly absent?: readonly AbsentPrice[];
}

/** Lookup key of a price (region, usage type, operation): the same key a UsageLine has. */
export { priceKey } from '../usage/usage-line.js';
