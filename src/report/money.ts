/**
 * Money and quantity formatting for reports: Decimal in, text out. The only place amounts are
 * rounded (half up, to cents by default); JSON output keeps full precision instead.
 */
import { Dec } from '../pricing/decimal.js';
import type { UsageUnit } from '../usage/usage-line.js';

/** Inserts thousands separators into the integer part of a plain decimal string. */
function group(plain: string): string {
  const negative = plain.startsWith('-');
  const [int = '0', frac] = (negative ? plain.slice(1) : plain).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

const toDec = (v: Dec | number | string): Dec => (v instanceof Dec ? v : new Dec(v));

/**
 * A number with thousands separators, rounded half up to at most `maxDecimals` decimals and at
 * least `minDecimals` (trailing zeros beyond that trimmed): 52900 → "52,900", 0.015625 → "0.015625".
 */
export function formatNumber(value: Dec | number | string, opts: { maxDecimals?: number; minDecimals?: number } = {}): string {
  const { maxDecimals = 6, minDecimals = 0 } = opts;
  let d = toDec(value).toDecimalPlaces(maxDecimals, Dec.ROUND_HALF_UP);
  if (d.isZero()) d = new Dec(0); // no "-0"
  let text = d.toFixed(maxDecimals);
  if (maxDecimals > minDecimals) {
    const [int, frac = ''] = text.split('.');
    const kept = frac.replace(/0+$/, '').padEnd(minDecimals, '0');
    text = kept ? `${int}.${kept}` : int!;
  }
  return group(text);
}

/** US dollars rounded half up to `decimals` (cents by default): 1215 → "$1,215.00", -0.5 → "-$0.50". */
export function formatMoney(amount: Dec | number | string, decimals = 2): string {
  const text = formatNumber(amount, { maxDecimals: decimals, minDecimals: decimals });
  return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
}

/** "1 month", "36 months", "1,200 devices": a count with its noun, singular when it is one. */
export function formatCount(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatNumber(n, { maxDecimals: 0 })} ${n === 1 ? noun : plural}`;
}

/**
 * An amount of data given in GB (2^30 bytes, as AWS bills transfer), in the unit that shows it:
 * "118.3 TB", "33,863 TB", "52.4 GB", "310 MB" — never "0 TB" for a small fleet.
 */
export function formatDataSize(gb: number): string {
  if (gb >= 1024) {
    const tb = gb / 1024;
    return `${formatNumber(tb, { maxDecimals: tb >= 1000 ? 0 : 1 })} TB`;
  }
  if (gb >= 1) return `${formatNumber(gb, { maxDecimals: gb >= 1000 ? 0 : 1 })} GB`;
  return `${formatNumber(gb * 1024, { maxDecimals: gb * 1024 >= 1 ? 0 : 3 })} MB`;
}

/** A usage quantity: grouped, up to 6 decimals ("2,048", "0.0625"). */
export function formatQuantity(value: Dec | number | string): string {
  return formatNumber(value, { maxDecimals: 6 });
}

/** Units whose prices people read per 1,000 (the S3 pricing page), though the Price List quotes per unit. */
const PER_THOUSAND: ReadonlySet<UsageUnit> = new Set(['Requests', 'Objects']);

/**
 * A rate as people read it, full precision, at least cents: "$0.023" per GB-Mo, "$0.10 per 1,000" for requests
 * and monitored objects.
 */
export function formatRate(rate: Dec | number | string, unit: UsageUnit): string {
  const r = toDec(rate);
  const text = (d: Dec) => formatNumber(d, { maxDecimals: 10, minDecimals: 2 });
  return PER_THOUSAND.has(unit) ? `$${text(r.times(1000))} per 1,000` : `$${text(r)}`;
}
