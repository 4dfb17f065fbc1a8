/**
 * Replication needs prices that only some region pairs have: transfer between the two regions
 * (and RTC) is sold per pair, and the destination's own storage and requests need the book to
 * cover that region. Checked against the price book before a run, so a scenario that cannot be
 * priced fails at once with the scenario field to change, not after a long simulation.
 */
import { ScenarioError, type InputIssue } from '../errors.js';
import type { Scenario } from '../scenario/resolve.js';
import { interRegionKey, rtcKey } from '../usage/usage-types.js';
import type { PriceBook } from './price-book.js';
import { priceKey } from './price-book.js';

/** Throws one ScenarioError listing what `book` cannot price of the scenario's replication. */
export function checkReplicationPrices(sc: Scenario, book: PriceBook, source?: string): void {
  const r = sc.replication;
  if (!r) return;
  const issues: InputIssue[] = [];
  const dst = r.destinationRegion;
  const path = 'replication.destination_region';
  if (!book.regions.includes(dst)) {
    issues.push({ path, value: dst, message: `price book ${book.id} has no prices for ${dst} (it covers ${book.regions.join(', ')}); choose one of those or pass --prices with a book for ${dst}` });
  }
  const have = new Set(book.prices.map((p) => priceKey(p)));
  const pairs = (k: (s: string, d: string) => { usageType: string }) =>
    book.regions.filter((d) => d !== sc.region && have.has(priceKey({ region: sc.region, usageType: k(sc.region, d).usageType, operation: '' })));
  const needs: [string, (s: string, d: string) => { usageType: string; operation: string }][] = [['inter-region transfer', interRegionKey]];
  if (r.replicationTimeControl) needs.push(['Replication Time Control', rtcKey]);
  for (const [what, k] of needs) {
    const key = k(sc.region, dst);
    if (have.has(priceKey({ region: sc.region, ...key }))) continue;
    const to = pairs(k);
    issues.push({
      path,
      value: dst,
      message: `price book ${book.id} has no ${what} price from ${sc.region} to ${dst} (${key.usageType}); it prices ${what} from ${sc.region} to ${to.length > 0 ? to.join(', ') : 'no region'}`,
    });
  }
  if (issues.length > 0) throw new ScenarioError(issues, source);
}
