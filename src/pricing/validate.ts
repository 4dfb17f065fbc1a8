/**
 * Checks that a JSON value is a well-formed price book: the snapshot format, decimal-string rates,
 * tiers contiguous from "0" to "Inf", one entry per (region, usageType, operation). Every problem
 * is reported at once as one PriceDataError.
 */
import { z } from 'zod';
import type { InputIssue } from '../errors.js';
import { formatPath, showValue, toInputIssues } from '../scenario/issues.js';
import type { UsageUnit } from '../usage/usage-line.js';
import { parseBound, parseDecimal } from './decimal.js';
import { priceDataError } from './errors.js';
import { PRICE_SNAPSHOT_FORMAT, priceKey, type PriceBook } from './price-book.js';

const UNITS = ['GB-Mo', 'Requests', 'GB', 'Objects', 'Keys', 'Events', 'Alarms', 'Metrics', 'Notifications', 'Hrs', 'MBps-Mo'] as const satisfies readonly UsageUnit[];
// Fails to compile if UsageUnit gains a unit this list lacks.
const unitsComplete: Exclude<UsageUnit, (typeof UNITS)[number]> extends never ? true : never = true;
void unitsComplete;

/** Snapshot ids become cache file names, so they are kept to safe characters. */
export const PRICE_BOOK_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const decimalText = z.string().superRefine((s, ctx) => {
  if (!parseDecimal(s)) ctx.addIssue({ code: 'custom', message: `expected a non-negative decimal string such as "0.0230000000", got ${showValue(s)}` });
});
const boundText = z.string().superRefine((s, ctx) => {
  if (!parseBound(s)) ctx.addIssue({ code: 'custom', message: `expected a non-negative decimal string or "Inf", got ${showValue(s)}` });
});
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const tierSchema = z.strictObject({ begin: boundText, end: boundText, rate: decimalText });

const entrySchema = z.strictObject({
  region: z.string().min(1),
  usageType: z.string().min(1),
  operation: z.string(),
  unit: z.enum(UNITS),
  tiers: z.array(tierSchema).min(1),
  serviceCode: z.string().min(1),
  sku: z.string().optional(),
  priceListOperation: z.string().optional(),
  description: z.string().optional(),
  note: z.string().optional(),
});

const offerSchema = z.strictObject({
  serviceCode: z.string().min(1),
  region: z.string().optional(),
  version: z.string().min(1),
  publicationDate: z.string().min(1),
});

const bookSchema = z
  .strictObject({
    format: z.literal(PRICE_SNAPSHOT_FORMAT),
    id: z.string().regex(PRICE_BOOK_ID, 'expected letters, digits, ".", "_" or "-" (it names the cache file)'),
    provenance: z.strictObject({
      source: z.enum(['bundled', 'price-list-api', 'file']),
      date: isoDate,
      offers: z.array(offerSchema),
      fetchedAt: z.string().optional(),
      notes: z.array(z.string()),
    }),
    regions: z.array(z.string().min(1)).min(1),
    prices: z.array(entrySchema),
    absent: z
      .array(z.strictObject({ region: z.string().min(1), usageType: z.string().min(1), operation: z.string(), reason: z.string() }))
      .optional(),
  });

type Issue = { path: (string | number)[]; message: string };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Tiers must cover [0, Inf) without gaps or overlaps, so every quantity has exactly one rate. */
function tierIssues(tiers: unknown[], at: (i: number, field: string) => (string | number)[]): Issue[] {
  const out: Issue[] = [];
  const t = tiers.map((x) => (isRecord(x) ? x : {}));
  const b = t.map((x) => ({ begin: parseBound(x.begin), end: parseBound(x.end) }));
  if (b[0]?.begin && !b[0].begin.isZero()) out.push({ path: at(0, 'begin'), message: `the first tier must begin at "0", got ${showValue(t[0]!.begin)}` });
  b.forEach((x, i) => {
    if (x.begin && x.end && !x.end.gt(x.begin)) out.push({ path: at(i, 'end'), message: `a tier must end after it begins (${String(t[i]!.begin)}–${String(t[i]!.end)})` });
    const next = b[i + 1];
    if (x.end && next?.begin && !next.begin.eq(x.end)) {
      out.push({ path: at(i + 1, 'begin'), message: `tiers must be contiguous: this tier begins at ${String(t[i + 1]!.begin)} but the one before ends at ${String(t[i]!.end)}` });
    }
  });
  const last = t.length - 1;
  if (last >= 0 && b[last]!.end && t[last]!.end !== 'Inf') out.push({ path: at(last, 'end'), message: `the last tier must end at "Inf", got ${showValue(t[last]!.end)}` });
  return out;
}

/**
 * Checks across fields and entries, run on the raw value even when some fields are malformed
 * (zod skips refinements once a field fails, and the user should see every problem at once).
 */
function consistencyIssues(json: unknown): Issue[] {
  if (!isRecord(json) || !Array.isArray(json.prices)) return [];
  const regions = Array.isArray(json.regions) ? json.regions.filter((r): r is string => typeof r === 'string') : undefined;
  const seen = new Map<string, number>();
  const out: Issue[] = [];
  json.prices.forEach((p, i) => {
    if (!isRecord(p)) return;
    if (Array.isArray(p.tiers)) out.push(...tierIssues(p.tiers, (t, field) => ['prices', i, 'tiers', t, field]));
    const { region, usageType, operation } = p;
    if (typeof region !== 'string' || typeof usageType !== 'string' || typeof operation !== 'string') return;
    if (regions && region && !regions.includes(region)) {
      out.push({ path: ['prices', i, 'region'], message: `region '${region}' is not in the book's regions (${regions.join(', ')})` });
    }
    const k = priceKey({ region, usageType, operation });
    const first = seen.get(k);
    if (first !== undefined) {
      out.push({ path: ['prices', i], message: `duplicate price for ${region} '${usageType}'${operation ? ` operation '${operation}'` : ''} (first at prices[${first}])` });
    } else seen.set(k, i);
  });
  // An absent price is one the book does not have: never both priced and absent.
  if (Array.isArray(json.absent)) {
    json.absent.forEach((a, i) => {
      if (!isRecord(a) || typeof a.region !== 'string' || typeof a.usageType !== 'string' || typeof a.operation !== 'string') return;
      const priced = seen.get(priceKey({ region: a.region, usageType: a.usageType, operation: a.operation }));
      if (priced !== undefined) out.push({ path: ['absent', i], message: `'${a.usageType}' in ${a.region} is listed as absent but priced at prices[${priced}]` });
      if (regions && !regions.includes(a.region)) {
        out.push({ path: ['absent', i, 'region'], message: `region '${a.region}' is not in the book's regions (${regions.join(', ')})` });
      }
    });
  }
  return out;
}

/**
 * The value as a PriceBook, or a PriceDataError listing every problem; `source` (a file path,
 * "bundled", …) prefixes each line.
 */
export function validatePriceBook(json: unknown, source: string): PriceBook {
  const r = bookSchema.safeParse(json, { reportInput: true });
  const issues: InputIssue[] = [
    ...(r.success ? [] : toInputIssues(r.error, bookSchema)),
    ...consistencyIssues(json).map((i) => ({ path: formatPath(i.path), message: i.message })),
  ];
  if (r.success && issues.length === 0) return r.data as PriceBook;
  throw priceDataError(issues.map((i) => ({ ...i, source })));
}
