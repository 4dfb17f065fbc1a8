/**
 * Actuals: what AWS billed, in one normalised form whichever source it came from (the Cost
 * Explorer API, a Cost and Usage Report in either column style, CSV or Parquet). Every adapter
 * converts to this at once; `reconcile` reads only this. Quantities and money are Decimal in
 * memory and decimal strings in the file, exactly as the source printed them (summed exactly).
 *
 * The file (`tierwise-actuals/1`, JSON):
 * {
 *   "format": "tierwise-actuals/1",
 *   "createdAt": ISO-8601 time the file was made,
 *   "source": { "kind": "cost-explorer-api" | "cur" | "cur2" | "cost-explorer-csv", "file"?, "query"?, "requests"? },
 *   "granularity": "monthly" | "daily",
 *   "filter": { "bucket"?: string, "tag"?: { "key", "value" } },
 *   "periods": [{ "period": "YYYY-MM" | "YYYY-MM-DD", "estimated": boolean }],
 *   "lines": [{ "period", "usageType", "operation", "unit", "quantity": "decimal" | null, "cost": "decimal" }],
 *   "excluded": [{ "reason", "lines": n, "cost": "decimal" }]
 * }
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ScenarioError } from '../errors.js';
import { Dec } from '../pricing/decimal.js';

export const ACTUALS_FORMAT = 'tierwise-actuals/1';

export const SOURCE_KINDS = ['cost-explorer-api', 'cur', 'cur2', 'cost-explorer-csv'] as const;
export type ActualsSourceKind = (typeof SOURCE_KINDS)[number];

export interface TagFilter {
  readonly key: string;
  readonly value: string;
}

export interface ActualsSource {
  readonly kind: ActualsSourceKind;
  /** The file imported (as the user named it). */
  readonly file?: string;
  /** The Cost Explorer request, without its page token. */
  readonly query?: unknown;
  /** Cost Explorer pages requested from AWS for this file (cache hits not counted). */
  readonly requests?: number;
}

/** One billed line: a usage type and operation in one period, summed over the source's rows. */
export interface ActualLine {
  /** `YYYY-MM` (monthly) or `YYYY-MM-DD` (daily). */
  readonly period: string;
  /** Exactly as AWS spells it, region prefix included. */
  readonly usageType: string;
  /** The API operation ('' where the source has none). */
  readonly operation: string;
  /** The unit the source gives (GB-Mo, Requests, GB, …); '' when it gives none. */
  readonly unit: string;
  /** Absent when the source gives costs only (the Cost Explorer console export). */
  readonly quantity?: Dec;
  readonly cost: Dec;
}

export interface ActualPeriod {
  readonly period: string;
  /** Cost Explorer marks periods whose bill is not final yet. */
  readonly estimated: boolean;
}

/** Rows a source had that are not usage of the bucket (tax, credits, other services, …). */
export interface Exclusion {
  readonly reason: string;
  readonly lines: number;
  readonly cost: Dec;
}

export interface Actuals {
  readonly format: typeof ACTUALS_FORMAT;
  readonly createdAt: string;
  readonly source: ActualsSource;
  readonly granularity: 'monthly' | 'daily';
  readonly filter: { readonly bucket?: string; readonly tag?: TagFilter };
  readonly periods: readonly ActualPeriod[];
  readonly lines: readonly ActualLine[];
  readonly excluded: readonly Exclusion[];
}

/** A signed decimal as bills print it ("12.34", "-0.01", "1.5E-7"); undefined for anything else. */
export function parseAmount(text: unknown): Dec | undefined {
  // Parquet readers give DOUBLE columns as numbers and INT64 as bigints.
  if (typeof text === 'number' && Number.isFinite(text)) return new Dec(text);
  if (typeof text === 'bigint') return new Dec(text.toString());
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? new Dec(t) : undefined;
}

/** Sums lines into one per (period, usage type, operation, unit), in a fixed order. */
export class LineAccumulator {
  private readonly lines = new Map<string, { period: string; usageType: string; operation: string; unit: string; quantity: Dec | undefined; cost: Dec }>();
  private readonly excluded = new Map<string, { lines: number; cost: Dec }>();

  /** `quantity` undefined: the source has none (then the line has none). */
  add(period: string, usageType: string, operation: string, unit: string, quantity: Dec | undefined, cost: Dec): void {
    const id = `${period}|${usageType}|${operation}|${unit}`;
    const l = this.lines.get(id);
    if (l) {
      l.quantity = l.quantity && quantity ? l.quantity.plus(quantity) : undefined;
      l.cost = l.cost.plus(cost);
    } else this.lines.set(id, { period, usageType, operation, unit, quantity, cost });
  }

  exclude(reason: string, cost: Dec): void {
    const e = this.excluded.get(reason) ?? { lines: 0, cost: new Dec(0) };
    e.lines += 1;
    e.cost = e.cost.plus(cost);
    this.excluded.set(reason, e);
  }

  result(): { lines: ActualLine[]; excluded: Exclusion[] } {
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const lines = [...this.lines.values()].sort(
      (a, b) => cmp(a.period, b.period) || cmp(a.usageType, b.usageType) || cmp(a.operation, b.operation) || cmp(a.unit, b.unit),
    );
    const excluded = [...this.excluded.entries()].sort((a, b) => cmp(a[0], b[0])).map(([reason, e]) => ({ reason, ...e }));
    return { lines: lines.map(({ quantity, ...l }) => (quantity ? { ...l, quantity } : l)), excluded };
  }
}

export function actualsToJson(a: Actuals): unknown {
  return {
    format: a.format,
    createdAt: a.createdAt,
    source: a.source,
    granularity: a.granularity,
    filter: a.filter,
    periods: a.periods,
    lines: a.lines.map((l) => ({ period: l.period, usageType: l.usageType, operation: l.operation, unit: l.unit, quantity: l.quantity ? l.quantity.toString() : null, cost: l.cost.toString() })),
    excluded: a.excluded.map((e) => ({ reason: e.reason, lines: e.lines, cost: e.cost.toString() })),
  };
}

export const actualsText = (a: Actuals): string => `${JSON.stringify(actualsToJson(a), null, 1)}\n`;

const amount = z.string().refine((s) => parseAmount(s) !== undefined, 'expected a decimal string');
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;
const period = z.string().regex(PERIOD, 'expected YYYY-MM or YYYY-MM-DD');

const FILE_SCHEMA = z.object({
  format: z.literal(ACTUALS_FORMAT),
  createdAt: z.string(),
  source: z.object({ kind: z.enum(SOURCE_KINDS), file: z.string().optional(), query: z.unknown().optional(), requests: z.number().int().nonnegative().optional() }),
  granularity: z.enum(['monthly', 'daily']),
  filter: z.object({ bucket: z.string().optional(), tag: z.object({ key: z.string(), value: z.string() }).optional() }),
  periods: z.array(z.object({ period, estimated: z.boolean() })),
  lines: z.array(z.object({ period, usageType: z.string(), operation: z.string(), unit: z.string(), quantity: amount.nullable(), cost: amount })),
  excluded: z.array(z.object({ reason: z.string(), lines: z.number().int().nonnegative(), cost: amount })),
});

/** Reads and checks an actuals file; every problem is one line naming the file and the field. */
export function readActualsFile(path: string, shown = path): Actuals {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? `no such file '${shown}'` : err instanceof SyntaxError ? `'${shown}' is not JSON (${err.message}); write one with \`tierwise actuals fetch\` or \`tierwise actuals import\`` : `cannot read '${shown}' (${err.message})`;
    throw ScenarioError.at(why, '--actuals', shown);
  }
  const parsed = FILE_SCHEMA.safeParse(raw);
  if (!parsed.success) {
    throw new ScenarioError(
      parsed.error.issues.map((i) => ({
        source: shown,
        path: i.path.join('.') || 'format',
        message: i.path[0] === 'format' || i.path.length === 0 ? `not a ${ACTUALS_FORMAT} file (${i.message}); write one with \`tierwise actuals fetch\` or \`tierwise actuals import\`` : i.message,
      })),
    );
  }
  const f = parsed.data;
  return {
    format: ACTUALS_FORMAT,
    createdAt: f.createdAt,
    source: { kind: f.source.kind, ...(f.source.file !== undefined ? { file: f.source.file } : {}), ...(f.source.query !== undefined ? { query: f.source.query } : {}), ...(f.source.requests !== undefined ? { requests: f.source.requests } : {}) },
    granularity: f.granularity,
    filter: { ...(f.filter.bucket !== undefined ? { bucket: f.filter.bucket } : {}), ...(f.filter.tag ? { tag: f.filter.tag } : {}) },
    periods: f.periods,
    lines: f.lines.map(({ quantity, ...l }) => ({ ...l, ...(quantity !== null ? { quantity: new Dec(quantity) } : {}), cost: new Dec(l.cost) })),
    excluded: f.excluded.map((e) => ({ ...e, cost: new Dec(e.cost) })),
  };
}

/** `key=value` from `--tag`. */
export function parseTagFlag(raw: string): TagFilter {
  const i = raw.indexOf('=');
  if (i <= 0) throw ScenarioError.at(`expected key=value (a cost allocation tag, e.g. fleet=duplicati), got '${raw}'`, '--tag', raw);
  return { key: raw.slice(0, i), value: raw.slice(i + 1) };
}
