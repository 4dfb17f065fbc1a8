import { compileSchedule, type LifecycleConfig, type LifecycleRule, type Transition } from '../../src/storage/lifecycle.js';
import { ObjectLedger, type IntelligentTieringConfig } from '../../src/storage/ledger.js';
import { STORAGE_CLASSES, type StorageClass } from '../../src/storage/classes.js';
import type { UsageLine } from '../../src/usage/usage-line.js';
import type { MonthKey } from '../../src/units.js';

export function rule(id: string, transitions: Transition[], extra: Partial<LifecycleRule> = {}): LifecycleRule {
  return { id, enabled: true, prefix: '', transitions, noncurrentTransitions: [], ...extra };
}

/** A one-path ledger in us-east-1 for objects of `sizeBytes`, written into `initial`. */
export function oneLedger(opts: {
  initial: StorageClass;
  rules?: LifecycleRule[];
  sizeBytes?: number;
  months?: number;
  startMonth?: MonthKey;
  versioning?: boolean;
  intelligentTiering?: IntelligentTieringConfig;
}): ObjectLedger {
  const config: LifecycleConfig = { rules: opts.rules ?? [], minTransitionSize: 'all_storage_classes_128K' };
  const shape = { key: 'backups/{device}/duplicati-bX.dblock.zip.aes', sizeBytes: opts.sizeBytes ?? 50 * 2 ** 20 };
  const noncurrent = Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(config, shape, c, 'noncurrent')]));
  return new ObjectLedger({
    region: 'us-east-1',
    startMonth: opts.startMonth ?? ('2027-03' as MonthKey),
    months: opts.months ?? 2,
    versioning: opts.versioning ?? false,
    intelligentTiering: opts.intelligentTiering ?? {},
    paths: [
      {
        name: 'test',
        initialClass: opts.initial,
        current: compileSchedule(config, shape, opts.initial),
        noncurrent,
        monitored: shape.sizeBytes >= 128 * 1024,
      },
    ],
  });
}

const closed = new WeakMap<ObjectLedger, number>();

/** Closes days up to (not including) `to`, continuing from the last day closed. */
export function runDays(l: ObjectLedger, from: number, to: number): void {
  const start = Math.max(from, closed.get(l) ?? 0);
  for (let d = start; d < to; d++) l.endDay(d);
  closed.set(l, Math.max(to, closed.get(l) ?? 0));
}

/** Closes every day before the one containing `t`, so that an event at `t` comes in time order. */
export function at(l: ObjectLedger, t: number): ObjectLedger {
  runDays(l, 0, Math.floor(t));
  return l;
}

/** Σ quantity of lines matching usage type (and optionally cause / month). */
export function qty(lines: UsageLine[], usageType: string, filter: { cause?: string; month?: string; operation?: string } = {}): number {
  return lines
    .filter((l) => l.usageType === usageType && (!filter.cause || l.cause === filter.cause) && (!filter.month || l.month === filter.month) && (filter.operation === undefined || l.operation === filter.operation))
    .reduce((s, l) => s + l.quantity, 0);
}
