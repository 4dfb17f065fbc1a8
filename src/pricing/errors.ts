/**
 * PriceDataError with any list of problems. Its constructor (src/errors.ts) takes one message or
 * a list of missing keys; validating a snapshot or checking units finds other problems, and the
 * user must see all of them at once, so this builds the error with every issue it was given.
 */
import { PriceDataError, formatIssue, type InputIssue, type MissingPrice } from '../errors.js';

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
