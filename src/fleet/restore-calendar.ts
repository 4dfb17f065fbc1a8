/**
 * The fleet's own restores (restores.devices_pct_per_month), known before anything is simulated,
 * and what a sample does with them.
 *
 * A device's restores are draws from its own stream that do not depend on what it holds
 * (device-days.ts), so which devices restore on which day can be drawn for the whole fleet in about a
 * second (60,000 devices × 36 months: about 1.1 s) without simulating them. A proportional
 * sample sees only a few of these rare, costly events (about 10 a month in 5,000 of 60,000
 * devices) and its estimate of a month's restore usage is noisy: the months a sample misses by
 * more than 2 % are the months its few restores fall short. With the calendar, the sample design
 * sets the restoring slots apart and samples them more heavily (sample.ts), and the usage of the
 * devices' own restores is calibrated (a ratio estimator, Cochran, "Sampling Techniques", ch. 6):
 * per month, × X_m / X̂_m, where X_m is what the fleet's restores in month m hold — the protected
 * data of each restoring device, which its restore reads in proportion — and X̂_m the sample's
 * weighted estimate of it. What a restore reads is nearly proportional to that, so what is left
 * of the noise is the spread of that proportion. The jackknife replicates are calibrated the same
 * way (each with its own X̂_m), so the SE includes what the calibration leaves.
 */
import type { Scenario } from '../scenario/resolve.js';
import { UsageMeter, type MeterSnapshot } from '../usage/meter.js';
import { drawDay, type DayDraw } from './device-days.js';
import { weightIn } from './sample.js';
import { buildPopulation } from './population.js';
import { RandomStreams } from './random.js';
import { dayDrawParams, simulationCalendar, type ShardResult } from './shard.js';
import { monthStartMs } from '../units.js';

export interface RestoreCalendar {
  readonly months: number;
  /** Devices in service at the end of each month, as the full run counts them (onboarded, not retired). */
  readonly devices: Float64Array;
  /** Per slot and month ([slot × months + m]): GiB of protected data of the slot's devices restoring that month. */
  readonly slotGiB: Float64Array;
  /** Per slot and month ([slot × months + m]): its devices' protected GiB-days in service that month (growth included). */
  readonly slotMonthGiBDays: Float64Array;
  /** Per slot, its devices' restores over the horizon. */
  readonly slotRestores: Uint16Array;
  /** Per month, the fleet's restores and the GiB of protected data of the devices restoring. */
  readonly restores: Float64Array;
  readonly gib: Float64Array;
}

/** Causes whose usage comes from restores alone (retrieval also comes from GETs of IA classes: left out). */
const RESTORE_CAUSES: ReadonlySet<string> = new Set(['restore', 'restored-copy']);

/** Month index of every simulated day. */
function dayMonths(sc: Scenario): Uint16Array {
  const { days } = simulationCalendar(sc);
  const epochMs = monthStartMs(sc.simStartMonth);
  const out = new Uint16Array(days);
  for (let m = 0, d = 0; m < sc.simMonths; m++) {
    const next = new Date(epochMs);
    next.setUTCMonth(next.getUTCMonth() + m + 1);
    const end = Math.min(days, Math.round((next.getTime() - epochMs) / 86_400_000));
    for (; d < end; d++) out[d] = m;
  }
  return out;
}

/**
 * Every device's restores over the horizon, drawn exactly as the shards draw them (the same
 * streams, the same days in service), and the devices in service at each month's end; undefined
 * without a fleet.
 */
export function restoreCalendar(sc: Scenario, slotStarts: readonly number[]): RestoreCalendar | undefined {
  const fleet = sc.fleet;
  const p = dayDrawParams(sc);
  if (!fleet) return undefined;
  const { days } = simulationCalendar(sc);
  const months = sc.simMonths;
  const month = dayMonths(sc);
  const pop = buildPopulation(fleet, slotStarts, slotStarts.map((_, k) => k), days, sc.seed);
  const cal = { months, devices: new Float64Array(months), slotGiB: new Float64Array(slotStarts.length * months), slotMonthGiBDays: new Float64Array(slotStarts.length * months), slotRestores: new Uint16Array(slotStarts.length), restores: new Float64Array(months), gib: new Float64Array(months) };
  // In service on a month's last day d: onboarded (onboard < d + 1) and not retired (retire ≥ d + 1).
  const lastDays = Array.from({ length: months }, (_, m) => month.lastIndexOf(m));
  const firstDays = Array.from({ length: months }, (_, m) => month.indexOf(m));
  for (let i = 0; i < pop.count; i++) {
    const onboard = pop.onboardDay[i] as number;
    const retire = pop.retireDay[i] as number;
    const slot = Math.floor((pop.streamId[i] as number) / 1024);
    const gib0 = pop.protectedGiB[i] as number;
    const g = pop.growthGiBPerDay[i] as number;
    for (let m = 0; m < months; m++) {
      const d = lastDays[m] as number;
      if (onboard < d + 1 && retire >= d + 1) cal.devices[m] = (cal.devices[m] as number) + 1;
      // ∫ (size + growth · age) over the month's days in service.
      const lo = Math.max(firstDays[m] as number, onboard);
      const hi = Math.min(d + 1, retire);
      if (hi > lo) cal.slotMonthGiBDays[slot * months + m] = (cal.slotMonthGiBDays[slot * months + m] as number) + gib0 * (hi - lo) + (g * ((hi - onboard) ** 2 - (lo - onboard) ** 2)) / 2;
    }
  }
  if (p.restorePerDay <= 0) return cal;
  const rng = new RandomStreams(sc.seed, pop.streamId);
  const today: DayDraw = { t: 0, restore: false, lostDatabase: false };
  for (let i = 0; i < pop.count; i++) {
    const slot = Math.floor((pop.streamId[i] as number) / 1024);
    const gib = pop.protectedGiB[i] as number;
    const retire = pop.retireDay[i] as number;
    // In service on day d while onboarded (onboard < d + 1) and not retired (retire ≥ d + 1), as in the shard loop.
    let first = true;
    for (let d = Math.max(0, Math.floor(pop.onboardDay[i] as number)); d < days && retire >= d + 1; d++) {
      if (!drawDay(rng, pop, i, d, first, p, today)) continue;
      first = false;
      if (!today.restore) continue;
      const m = month[d] as number;
      cal.restores[m] = (cal.restores[m] as number) + 1;
      cal.gib[m] = (cal.gib[m] as number) + gib;
      cal.slotGiB[slot * months + m] = (cal.slotGiB[slot * months + m] as number) + gib;
      cal.slotRestores[slot] = (cal.slotRestores[slot] as number) + 1;
    }
  }
  return cal;
}

/** A shard's share of the calendar: per month, the GiB of its slots' restoring devices. */
export function shardRestoreGiB(cal: RestoreCalendar, slotIds: readonly number[]): Float64Array {
  const out = new Float64Array(cal.months);
  for (const slot of slotIds) for (let m = 0; m < cal.months; m++) out[m] = (out[m] as number) + (cal.slotGiB[slot * cal.months + m] as number);
  return out;
}

/** The usage of a shard's devices' own restores: its restore-caused series less what its restore events metered. */
export function deviceRestoreUsage(r: ShardResult): MeterSnapshot {
  const own = (s: MeterSnapshot['series'][number]) => RESTORE_CAUSES.has(s.cause);
  const m = UsageMeter.fromSnapshot({ ...r.meter, series: r.meter.series.filter(own) });
  for (const e of r.restoreEvents) {
    const events = e.usage.series.filter(own).map((s) => ({ ...s, monthly: s.monthly.map((q) => -q) }));
    m.merge({ ...e.usage, series: events });
  }
  return m.snapshot();
}

/**
 * What calibration adds to an estimate Σ_s w_s · usage_s: per month, the devices' own restore
 * usage (the restore-caused series of `restoreUsage`, see deviceRestoreUsage)
 * Σ_s w_s · R_s × (X_m / X̂_m − 1), X̂_m = Σ_s w_s · x_s,m (nothing where X̂_m is 0), w_s being
 * w_s,m for a shard with monthly weights. Also returns the factors X_m / X̂_m (1 where there is
 * nothing to calibrate).
 */
export function restoreCorrection(
  restoreUsage: readonly MeterSnapshot[],
  weights: readonly (number | readonly number[])[],
  shardGiB: readonly Float64Array[],
  cal: RestoreCalendar,
): { readonly usage: MeterSnapshot; readonly factors: Float64Array } {
  const factors = new Float64Array(cal.months).fill(1);
  for (let m = 0; m < cal.months; m++) {
    const estimate = shardGiB.reduce((a, x, s) => a + weightIn(weights[s] as number | readonly number[], m) * (x[m] as number), 0);
    if (estimate > 0) factors[m] = (cal.gib[m] as number) / estimate;
  }
  const first = restoreUsage[0];
  const meter = new UsageMeter(first?.region ?? '', first?.startMonth ?? ('' as MeterSnapshot['startMonth']), cal.months);
  restoreUsage.forEach((u, s) => {
    const w = weights[s] as number | readonly number[];
    const own = u.series.filter((x) => RESTORE_CAUSES.has(x.cause));
    meter.merge({ ...u, series: own.map((x) => ({ ...x, monthly: x.monthly.map((q, m) => q * weightIn(w, m) * ((factors[m] as number) - 1)) })) });
  });
  return { usage: meter.snapshot(), factors };
}
