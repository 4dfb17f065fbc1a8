/**
 * Price changes a scenario assumes (`prices.changes`: usage-type pattern → percent), applied to a
 * dated price book as Decimal multipliers of every tier's rate. A planner asking "what if Deep
 * Archive storage gets 10 % dearer" changes the rates, never a formula; the report names the
 * book as changed.
 */
import { ScenarioError } from '../errors.js';
import { Dec } from './decimal.js';
import type { PriceBook } from './price-book.js';

/** One change: usage types matching `pattern` (`*` = any characters) cost `pct` percent more (negative: less). */
export interface PriceChange {
  readonly pattern: string;
  readonly pct: number;
}

const patternRegex = (pattern: string) => new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/**
 * `book` with each usage type's rates changed by the first pattern (in file order) that matches
 * it. A pattern that matches no usage type of the book is refused: it is almost surely a typo.
 */
export function applyPriceChanges(book: PriceBook, changes: readonly PriceChange[], source?: string): PriceBook {
  if (changes.length === 0) return book;
  const regexes = changes.map((c) => patternRegex(c.pattern));
  const used = changes.map(() => false);
  const prices = book.prices.map((p) => {
    const k = regexes.findIndex((r) => r.test(p.usageType));
    if (k < 0) return p;
    used[k] = true;
    const factor = new Dec(1).plus(new Dec((changes[k] as PriceChange).pct).div(100));
    return { ...p, tiers: p.tiers.map((t) => ({ ...t, rate: new Dec(t.rate).times(factor).toString() })) };
  });
  const unused = changes.filter((_, k) => !used[k]);
  if (unused.length > 0) {
    throw new ScenarioError(
      unused.map((c) => ({ path: `prices.changes.${c.pattern}`, value: c.pattern, message: `'${c.pattern}' matches no usage type of price book ${book.id} (write AWS's usage type, with * for any characters, e.g. '*TimedStorage-GDA-ByteHrs')` })),
      source,
    );
  }
  const text = changes.map((c) => `${c.pattern} ${c.pct >= 0 ? '+' : ''}${c.pct}%`).join(', ');
  return { ...book, id: `${book.id}+changes`, prices, provenance: { ...book.provenance, notes: [...book.provenance.notes, `rates changed by the scenario's prices.changes: ${text}`] } };
}
