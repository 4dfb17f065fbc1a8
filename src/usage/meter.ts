/**
 * Accumulates usage per month in AWS's units while a simulation runs, and turns it into
 * UsageLines at the end. Storage is accumulated as GiB-days and divided by the month's days
 * (GB-Mo), monitoring as object-days (object-months); requests and GB as they come.
 * Meters of different device shards merge by adding: every quantity is additive over devices.
 */
import { invariant } from '../errors.js';
import type { StorageClass } from '../storage/classes.js';
import { addMonths, daysInMonth, type MonthKey } from '../units.js';
import type { UsageKey } from './usage-types.js';
import { causeIndex, type Cause, type UsageLine } from './usage-line.js';

/** A metered series: one usage key, cause and class, a quantity per month. */
export interface MeterSeries {
  readonly key: UsageKey;
  readonly cause: Cause;
  readonly storageClass?: StorageClass;
  /** Per month: GiB-days for GB-Mo, object-days for Objects, else the quantity itself. */
  readonly monthly: Float64Array;
}

/** Serialisable form of a meter (plain arrays), for passing between worker threads. */
export interface MeterSnapshot {
  readonly region: string;
  readonly startMonth: MonthKey;
  readonly months: number;
  readonly series: readonly { key: UsageKey; cause: Cause; storageClass?: StorageClass; monthly: number[] }[];
}

export class UsageMeter {
  private readonly index = new Map<string, number>();
  private readonly keys: Omit<MeterSeries, 'monthly'>[] = [];
  /** Quantities, slot-major: [slot × months + month]. One flat array keeps `add` a single store. */
  private data: Float64Array;

  constructor(
    readonly region: string,
    readonly startMonth: MonthKey,
    readonly months: number,
  ) {
    this.data = new Float64Array(64 * months);
  }

  /** The slot of a (key, cause, class) series; look it up once, then `add` with it in hot loops. */
  slot(key: UsageKey, cause: Cause, storageClass?: StorageClass): number {
    const id = `${key.usageType}|${key.operation}|${cause}|${storageClass ?? ''}`;
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.keys.length;
      this.keys.push({ key, cause, ...(storageClass ? { storageClass } : {}) });
      this.index.set(id, i);
      if (this.keys.length * this.months > this.data.length) {
        const grown = new Float64Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
    }
    return i;
  }

  add(slot: number, month: number, quantity: number): void {
    const k = slot * this.months + month;
    this.data[k] = (this.data[k] as number) + quantity;
  }

  /** The series, each with its monthly quantities (views into the meter). */
  private get series(): MeterSeries[] {
    return this.keys.map((k, i) => ({ ...k, monthly: this.data.subarray(i * this.months, (i + 1) * this.months) }));
  }

  /** Adds another meter's series into this one (same horizon). */
  merge(other: MeterSnapshot | UsageMeter): void {
    const list = other instanceof UsageMeter ? other.series : other.series;
    for (const s of list) {
      const slot = this.slot(s.key, s.cause, s.storageClass);
      for (let m = 0; m < this.months; m++) this.add(slot, m, s.monthly[m] ?? 0);
    }
  }

  snapshot(): MeterSnapshot {
    return {
      region: this.region,
      startMonth: this.startMonth,
      months: this.months,
      series: this.series.map((s) => ({
        key: s.key,
        cause: s.cause,
        ...(s.storageClass ? { storageClass: s.storageClass } : {}),
        monthly: Array.from(s.monthly),
      })),
    };
  }

  /**
   * What was metered between two snapshots of one meter (`after` − `before`): the usage of
   * what happened in between, e.g. one restore event.
   */
  static delta(before: MeterSnapshot, after: MeterSnapshot): UsageMeter {
    const m = new UsageMeter(after.region, after.startMonth, after.months);
    const id = (s: MeterSnapshot['series'][number]) => `${s.key.usageType}|${s.key.operation}|${s.cause}|${s.storageClass ?? ''}`;
    const old = new Map(before.series.map((s) => [id(s), s.monthly]));
    for (const s of after.series) {
      const prev = old.get(id(s));
      const slot = m.slot(s.key, s.cause, s.storageClass);
      for (let k = 0; k < m.months; k++) m.add(slot, k, (s.monthly[k] ?? 0) - (prev?.[k] ?? 0));
    }
    return m;
  }

  static fromSnapshot(s: MeterSnapshot): UsageMeter {
    const m = new UsageMeter(s.region, s.startMonth, s.months);
    m.merge(s);
    return m;
  }

  /** Usage lines in AWS units, month by month, zero lines dropped. */
  lines(): UsageLine[] {
    const out: UsageLine[] = [];
    // A fixed order (cause, usage type, operation, class), not the order slots were first used:
    // lines sharing a tiered price fill its tiers in this order, so it must not follow engine internals.
    const series = this.series.sort(
      (a, b) =>
        causeIndex(a.cause) - causeIndex(b.cause) ||
        compare(a.key.usageType, b.key.usageType) ||
        compare(a.key.operation, b.key.operation) ||
        compare(a.storageClass ?? '', b.storageClass ?? ''),
    );
    for (let m = 0; m < this.months; m++) {
      const month = addMonths(this.startMonth, m);
      const days = daysInMonth(month);
      for (const s of series) {
        const raw = s.monthly[m] as number;
        // Scenario limits keep every quantity finite; if one is not, that is our bug, and it must
        // stop here rather than reach a bill as NaN or a silent zero.
        invariant(Number.isFinite(raw), () => `${s.key.usageType} (${s.cause}) metered ${raw} in ${month}`);
        // Sums of +x and −x leave float dust; a GiB-day of 10⁻⁹ is a byte-day, nothing AWS bills.
        if (Math.abs(raw) < 1e-9) continue;
        const perMonth = s.key.unit === 'GB-Mo' || s.key.unit === 'Objects';
        out.push({
          month,
          region: this.region,
          usageType: s.key.usageType,
          operation: s.key.operation,
          quantity: perMonth ? raw / days : raw,
          unit: s.key.unit,
          cause: s.cause,
          ...(s.storageClass ? { storageClass: s.storageClass } : {}),
        });
      }
    }
    return out;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
