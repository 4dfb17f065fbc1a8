/**
 * PriceDataError with any list of problems. Its constructor (src/errors.ts) takes one message or
 * a list of missing keys; validating a snapshot or checking units finds other problems, and the
 * user must see all of them at once, so this builds the error with every issue it was given.
 */
import { PriceDataError, formatIssue, type InputIssue, type MissingPrice } from '../errors.js';
import type { PriceBook } from './price-book.js';

/** `missing` keys come first (as PriceDataError words them, under `missingPath`), then `issues`. */
export function priceDataError(
  issues: readonly InputIssue[],
  missing: readonly MissingPrice[] = [],
  missingPath = 'prices',
): PriceDataError {
  const err = missing.length > 0 ? new PriceDataError(missing, missingPath) : new PriceDataError(issues[0]?.message ?? 'invalid price data');
  const all = missing.length > 0 ? [...err.issues, ...issues] : [...issues];
  // `issues` is an own writable property set by InputError; replace it (and the message) so
  // err.lines() prints one line per problem.
  Object.defineProperty(err, 'issues', { value: all, enumerable: true });
  err.message = all.map(formatIssue).join('\n');
  return err;
}

/**
 * Usage `book` has no price for: one line per missing key naming the key and the book — and, when
 * a live refresh listed the key as absent, why — and saying what to do about it; then `issues`
 * (e.g. unit mismatches). `missing` stays on the error for callers that inspect it.
 */
export function missingPricesError(book: PriceBook, missing: readonly MissingPrice[], issues: readonly InputIssue[] = []): PriceDataError {
  const absent = new Map((book.absent ?? []).map((a) => [`${a.region}|${a.usageType}|${a.operation}`, a.reason]));
  const lines: InputIssue[] = missing.map((m) => {
    const reason = absent.get(`${m.region}|${m.usageType}|${m.operation}`);
    const op = m.operation ? ` operation '${m.operation}'` : '';
    const why = reason === undefined ? '' : ` (absent when the book was fetched: ${reason})`;
    return {
      path: `price book ${book.id}`,
      message: `no price for usage type '${m.usageType}'${op} in ${m.region}${why}; pass --prices with a price book that has it (see \`tierwise prices list\`)`,
    };
  });
  const err = priceDataError([...lines, ...issues]);
  Object.defineProperty(err, 'missing', { value: missing, enumerable: true });
  return err;
}
