/**
 * The one decimal type money is computed in: decimal.js, cloned so no other module's settings
 * leak in. 40 significant digits hold any quantity × Price List rate product exactly; nothing
 * is rounded until a report renders it.
 */
import { Decimal } from 'decimal.js';

/**
 * The pricing constructor. `toExpNeg`/`toExpPos` are pushed out so `toString()` (and therefore
 * `JSON.stringify`) never switches to exponent notation: a rate reads "0.0000004", not "4e-7".
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Dec = Decimal;

/** A plain non-negative decimal, as the Price List prints prices and tier bounds ("0.0230000000", "51200"). */
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

/** Parses a non-negative decimal string; undefined for anything else (exponents, signs, blanks, "NaN"). */
export function parseDecimal(text: unknown): Dec | undefined {
  return typeof text === 'string' && DECIMAL_TEXT.test(text) ? new Dec(text) : undefined;
}

/** A tier bound: a decimal string or "Inf" (returned as Infinity). */
export function parseBound(text: unknown): Dec | undefined {
  return text === 'Inf' ? new Dec(Infinity) : parseDecimal(text);
}

/** A usage quantity (float64 from the simulation) as a Decimal, exactly as JavaScript prints it. */
export function decimalOf(quantity: number): Dec {
  return new Dec(quantity);
}

/** Σ of decimals, exact at 40 digits. */
export function sum(values: Iterable<Dec>): Dec {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** Whether two tier bounds as the Price List writes them ("51200", "51200.0", "Inf") are equal. */
export function sameBound(a: string, b: string): boolean {
  const x = parseBound(a);
  const y = parseBound(b);
  return x !== undefined && y !== undefined && x.eq(y);
}
