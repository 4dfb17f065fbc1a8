/**
 * price(usage, book) → Bill: joins usage lines with a price book on (region, usageType,
 * operation) and splits each line over the tiers. Tiers apply to a month's total per key, and
 * lines sharing a key fill them in the order given, so each line carries its own buckets.
 * Decimal throughout; nothing is rounded.
 */
import { billTotals, type Bill, type BillLine } from '../billing/bill.js';
import { InvariantError, type InputIssue, type MissingPrice } from '../errors.js';
import { priceKey, type UsageLine } from '../usage/usage-line.js';
import { Dec, decimalOf, sum } from './decimal.js';
import { missingPricesError } from './errors.js';
import type { PriceBook, PriceEntry } from './price-book.js';
import { parseTiers, splitTiers, type Tier } from './tiers.js';

interface IndexedPrice {
  readonly entry: PriceEntry;
  readonly tiers: readonly Tier[];
}

const indexes = new WeakMap<PriceBook, ReadonlyMap<string, IndexedPrice>>();

/** The book's prices by key, tiers parsed once per book. */
function priceIndex(book: PriceBook): ReadonlyMap<string, IndexedPrice> {
  let index = indexes.get(book);
  if (!index) {
    index = new Map(book.prices.map((entry) => [priceKey(entry), { entry, tiers: parseTiers(entry) }]));
    indexes.set(book, index);
  }
  return index;
}

/**
 * Checks every line has a price of the same unit; throws ONE PriceDataError listing every
 * missing key (each once) and every unit mismatch.
 */
function checkPrices(usage: readonly UsageLine[], book: PriceBook): void {
  const index = priceIndex(book);
  const missing = new Map<string, MissingPrice>();
  const mismatched = new Map<string, InputIssue>();
  for (const line of usage) {
    const k = priceKey(line);
    const p = index.get(k);
    if (!p) missing.set(k, { region: line.region, usageType: line.usageType, operation: line.operation });
    else if (p.entry.unit !== line.unit) {
      mismatched.set(k, {
        path: `price book ${book.id}`,
        message: `usage type '${line.usageType}'${line.operation ? ` operation '${line.operation}'` : ''} in ${line.region} is priced per ${p.entry.unit} but metered in ${line.unit}`,
      });
    }
  }
  if (missing.size > 0 || mismatched.size > 0) {
    throw missingPricesError(book, [...missing.values()], [...mismatched.values()]);
  }
}

/** Prices every line with `book`. */
export function price(usage: readonly UsageLine[], book: PriceBook): Bill {
  checkPrices(usage, book);
  const index = priceIndex(book);
  const used = new Map<string, Dec>(); // quantity of each (month, key) already placed in tiers
  const lines: BillLine[] = usage.map((usageLine) => {
    if (!Number.isFinite(usageLine.quantity) || usageLine.quantity < 0) {
      throw new InvariantError(`usage line ${usageLine.usageType} has quantity ${usageLine.quantity}`);
    }
    const k = priceKey(usageLine);
    const p = index.get(k)!;
    const monthKey = `${usageLine.month}|${k}`;
    const offset = used.get(monthKey) ?? new Dec(0);
    const quantity = decimalOf(usageLine.quantity);
    const buckets = splitTiers(p.tiers, offset, quantity);
    used.set(monthKey, offset.plus(quantity));
    return {
      usage: usageLine,
      buckets,
      cost: sum(buckets.map((b) => b.cost)),
      ...(p.entry.note ? { priceNote: p.entry.note } : {}),
    };
  });
  return { priceBook: { id: book.id, provenance: book.provenance }, lines, totals: billTotals(lines) };
}
