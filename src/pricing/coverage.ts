/**
 * Whether a price book can price a region at all, checked before a simulation starts: a book
 * without the region (or missing some of its prices) would otherwise fail only after the whole
 * run, with a line per missing price and no hint how to get them.
 */
import type { InputIssue } from '../errors.js';
import { priceKey } from '../usage/usage-line.js';
import { requiredPriceKeys } from '../usage/usage-types.js';
import { priceDataError } from './errors.js';
import { sourceRule } from './live/price-sources.js';
import { checkReplicationPrices } from './replication-prices.js';
import type { Scenario } from '../scenario/resolve.js';
import type { PriceBook } from './price-book.js';
import { resourcePriceNeeds } from '../resources/index.js';

/**
 * Throws a PriceDataError unless `book` prices the region's core keys (those every scenario there
 * needs). Optional prices (restores, archive tiers, inter-region transfer) may be absent from a
 * refreshed book; a scenario that needs one fails when it is priced, naming the price.
 * `source` names the scenario file the region comes from.
 */
export function checkPriceCoverage(book: PriceBook, region: string, source?: string): void {
  const where: Pick<InputIssue, 'path' | 'value' | 'source'> = { path: 'region', value: region, ...(source ? { source } : {}) };
  const fetch = `fetch them with \`tierwise prices refresh --region ${region}\` and pass the snapshot with --prices`;
  if (!book.regions.includes(region)) {
    throw priceDataError([{ ...where, message: `price book ${book.id} has no prices for ${region} (it covers ${book.regions.join(', ')}); ${fetch}` }]);
  }
  const have = new Set(book.prices.map(priceKey));
  const missing = requiredPriceKeys(region).filter((k) => sourceRule(region, k).need === 'core' && !have.has(priceKey({ region, ...k })));
  if (missing.length > 0) {
    const names = missing.map((k) => `${k.usageType}${k.operation ? ` (${k.operation})` : ''}`);
    throw priceDataError([{ ...where, message: `price book ${book.id} lacks ${missing.length} price(s) for ${region}: ${names.join(', ')}; ${fetch}` }]);
  }
}

/**
 * Everything a scenario needs priced that can be checked before its run: the bucket's region
 * (core prices) and, with replication, the destination region and the transfer (and RTC) prices
 * of the pair.
 */
export function checkScenarioPrices(sc: Scenario, book: PriceBook, source = sc.source): void {
  checkPriceCoverage(book, sc.region, source);
  checkReplicationPrices(sc, book, source);
  checkResourcePrices(sc, book, source);
}

/**
 * Every price the scenario's resources need (EBS snapshots and their copies' region, KMS,
 * CloudTrail, …), all missing ones named at once, before the simulation.
 */
export function checkResourcePrices(sc: Scenario, book: PriceBook, source = sc.source): void {
  const have = new Set(book.prices.map(priceKey));
  const missing = new Map<string, { why: string; name: string; region: string }>();
  for (const n of resourcePriceNeeds(sc)) {
    const k = priceKey({ region: n.region, ...n.key });
    if (!have.has(k) && !missing.has(k)) missing.set(k, { why: n.why, region: n.region, name: `${n.key.usageType}${n.key.operation ? ` (${n.key.operation})` : ''}` });
  }
  if (missing.size === 0) return;
  throw priceDataError(
    [...missing.values()].map((m) => ({
      path: m.why,
      value: m.region,
      ...(source ? { source } : {}),
      message: `price book ${book.id} has no price for ${m.name} in ${m.region}; fetch it with \`tierwise prices refresh --region ${m.region}\` or use a book that has it`,
    })),
  );
}
