/**
 * A sampled run: simulate a stratified random sample of the fleet's slots and estimate the fleet's
 * usage from it, with a standard error for every figure.
 *
 * The unit is the slot (a place in the fleet with its chain of devices: the first and each
 * replacement), so onboarding, the ramp, retirements, per-device restores and restore events —
 * which select devices by slot — behave exactly as in the full run: a sampled slot is simulated
 * with the scenario's seed, byte for byte as the full run simulates it. Only which slots are
 * simulated is random (the sample seed), so the full run is the population the sample estimates.
 *
 * Design (stratified simple random sampling without replacement, e.g. Cochran, "Sampling
 * Techniques", ch. 5): strata are restoring or not × profile × protected-data size (each
 * profile's slots sorted by their first device's size and cut into strata holding equal shares of
 * its data). Slots whose devices restore during the horizon (known first, from the restore
 * calendar) are sampled more heavily, to hold enough restores a month (restoringShare); within
 * each of the two families the sample is allocated by Neyman's rule n_h ∝ N_h·S_h on size, so the
 * large devices that dominate storage are sampled more heavily (and weigh less), and a stratum
 * whose share reaches N_h is taken whole.
 * Each stratum's usage is scaled by X_h/x_h, the stratum's protected data over its sample's (a
 * separate ratio estimator on size, Cochran ch. 6.10; bias O(1/n_h), within the statistical test's
 * tolerance): what a device stores, uploads and downloads grows with its data, so a draw that
 * holds 1 % less data than its stratum no longer reports 1 % less of all of it — on
 * fleet-deep-archive this halved the monthly SE against N_h/n_h (the Horvitz–Thompson weights).
 * In a stratum of MONTHLY_RATIO_MIN_SAMPLE sampled slots or more, each month's figures are
 * scaled by X_h,m/x_h,m instead, on the protected GiB-days in service that month (known from the
 * population before anything is simulated, restore-calendar.ts): on fleet-ramp-70k, whose slots
 * start through a year and whose devices are replaced, this cut the worst month of four
 * 5,000-device draws from 1.2–3.0 % to 0.6–1.0 %.
 * Counts that do not grow with size (devices in service) are taken from the fleet instead
 * (restore-calendar.ts). Tiered prices then apply to the scaled fleet totals, never per device.
 *
 * Variance: each stratum's sample is dealt at random into G groups, each simulated in its own
 * meter, and G delete-a-group jackknife replicates of the fleet are formed (Kott, "The
 * delete-a-group jackknife", J. Official Statistics 17(4), 2001): replicate r leaves out group r
 * of every stratum and weighs the stratum's other groups up to its data X_h (the ratio re-estimated
 * without the group), its deviation from the estimate shrunk by √(1 − n_h/N_h) (finite population
 * correction; a stratum taken whole has none). Any figure — a usage quantity or a
 * month's priced total, tiers and all — is computed on each replicate, and
 * v = (G−1)/G · Σ_r (θ_r − θ̂)². With G = 20 the SE has 19 degrees of freedom, so an interval of
 * ±2 SE covers the full run's value about 94 % of the time (Student's t, 19 df).
 */
import type { FleetConfig, Scenario } from '../scenario/resolve.js';
import type { Capacity, ClassCapacity } from '../storage/ledger.js';
import type { StorageClass } from '../storage/classes.js';
import { UsageMeter, type MeterSnapshot } from '../usage/meter.js';
import { slotFirstDevice } from './population.js';
import { createRandom } from './random.js';
import type { ShardResult } from './shard.js';

/** What a caller asks for: a sample of `devices` slots drawn with `seed` (default: the scenario's seed). */
export interface SampleOptions {
  /** Fleet slots to simulate (a slot is a place in the fleet: its device and the replacements). */
  readonly devices: number;
  /** Seed of the draw; the simulation of each sampled slot still uses the scenario's seed. */
  readonly seed?: number;
  /** Random groups per stratum for the jackknife, an integer ≥ 2 (default 20: 19 degrees of freedom; fewer when n is small). */
  readonly groups?: number;
}

export const DEFAULT_GROUPS = 20;
/** Most size strata per profile. */
const SIZE_STRATA = 4;
/**
 * Share of a device's usage that its size does not explain (offline days, restores, retirement):
 * a floor on each stratum's assumed spread, so fixed-size profiles are still sampled.
 */
const UNEXPLAINED_CV = 0.25;
/** The draw's random stream: slots use streams 0, 1, …; −1 is no slot's. */
const SAMPLE_STREAM = -1;

export interface Stratum {
  readonly profile: string;
  /** Slots whose devices restore during the horizon (sampled more heavily: see restoringShare). */
  readonly restoring: boolean;
  /** Range of the first device's protected data in the stratum, GiB. */
  readonly minGiB: number;
  readonly maxGiB: number;
  /** Slots in the fleet (N_h) and in the sample (n_h). */
  readonly slots: number;
  readonly sampled: number;
}

/** One simulated group of slots: its stratum, and its weight in the estimate and in each replicate. */
export interface SampleShard {
  readonly stratum: number;
  readonly slotIds: readonly number[];
  /** X_h/x_h: the stratum's protected data over its sample's (N_h/n_h in a stratum holding none). */
  readonly weight: number;
  /** Its weight in jackknife replicate r (r < groups). */
  readonly replicateWeights: readonly number[];
  /**
   * With the calendar, in a stratum of MONTHLY_RATIO_MIN_SAMPLE sampled slots or more: its weight
   * in month m, X_h,m / x_h,m on the month's protected GiB-days in service, for every monthly
   * figure (usage, capacity, objects, findings); `weight` stays for the horizon's counters.
   */
  readonly monthlyWeights?: readonly number[];
  /** The same in jackknife replicate r ([r][m]). */
  readonly monthlyReplicateWeights?: readonly (readonly number[])[];
}

export interface SampleDesign {
  readonly devices: number;
  readonly fleetDevices: number;
  readonly seed: number;
  readonly groups: number;
  readonly strata: readonly Stratum[];
  readonly shards: readonly SampleShard[];
}

/** The least sample the design accepts: two slots per profile that has slots. */
export function minimumSample(f: FleetConfig): number {
  return 2 * f.profiles.length;
}

/**
 * Draws the sample: which slots, in which groups, with which weights. Pure and deterministic in
 * (scenario, seed, devices). `slotStarts` are the fleet's slots (scenarioSlots).
 */
export function sampleDesign(sc: Scenario, slotStarts: readonly number[], opts: SampleOptions, simDays: number, slotRestores?: ArrayLike<number>, monthly?: { readonly months: number; readonly gibDays: ArrayLike<number> }): SampleDesign {
  const f = sc.fleet;
  if (!f) throw new RangeError('a sampled run needs a scenario with a fleet section');
  const N = slotStarts.length;
  const n = opts.devices;
  if (!Number.isInteger(n) || n < 1 || n > N) throw new RangeError(`sample of ${n} devices from a fleet of ${N}`);
  if (opts.groups !== undefined && !(Number.isInteger(opts.groups) && opts.groups >= 2)) throw new RangeError(`jackknife groups must be an integer ≥ 2 (got ${opts.groups})`);
  const seed = opts.seed ?? sc.seed;

  // Slots by profile and by whether their devices restore during the horizon (family 1) or not
  // (family 0), each with its first device's size (a slot that never starts holds nothing).
  const families = [0, 1].map(() => f.profiles.map((): Member[] => []));
  let restores = 0;
  slotStarts.forEach((start, slot) => {
    const d = slotFirstDevice(f, slot, start, simDays, sc.seed);
    const r = slotRestores ? (slotRestores[slot] as number) : 0;
    restores += r;
    (families[r > 0 ? 1 : 0]![d?.profile ?? 0] as Member[]).push({ slot, gib: d?.protectedGiB ?? 0 });
  });
  const profiles = f.profiles.filter((_, p) => families.some((fam) => (fam[p] as Member[]).length > 0)).length;
  if (n < 2 * profiles) throw new RangeError(`a sample needs at least 2 devices per profile (${2 * profiles})`);
  const G = opts.groups ?? DEFAULT_GROUPS;
  const restoringSlots = families[1]!.reduce((a, m) => a + m.length, 0);
  let nRestoring = restoringShare(n, N, restoringSlots, restores, sc.simMonths, G);
  let strata = stratify(families, [n - nRestoring, nRestoring], G);
  // Every stratum needs two slots at least (two jackknife groups): a sample too small for the
  // split's strata does not set the restoring slots apart.
  if (nRestoring > 0 && 2 * strata.length > n) {
    families[1]!.forEach((m, p) => {
      for (const x of m.splice(0)) (families[0]![p] as Member[]).push(x);
    });
    nRestoring = 0;
    strata = stratify(families, [n, 0], G);
  }
  // As many groups as the sample allows (n/strata, as without the split), and each family at
  // least a slot per group of each stratum it does not take whole (always possible: ≤ n in all).
  const groups = Math.max(2, Math.min(G, Math.floor(n / strata.length)));
  const familyStrata = [false, true].map((restoring) => strata.flatMap((s, h) => (s.restoring === restoring ? [h] : [])));
  const need = familyStrata.map((hs) => hs.reduce((a, h) => a + Math.min((strata[h] as Stratum_).members.length, groups), 0));
  nRestoring = Math.min(Math.max(nRestoring, need[1] as number), n - (need[0] as number));
  const familySize = [n - nRestoring, nRestoring];
  // Each family allocated by Neyman's rule within its share of the sample.
  const sizes = strata.map(() => 0);
  familyStrata.forEach((hs, r) => {
    if (hs.length === 0) return;
    const got = allocate(
      hs.map((h) => (strata[h] as Stratum_).members.length),
      hs.map((h) => spread((strata[h] as Stratum_).members.map((m) => m.gib))),
      familySize[r] as number,
      groups,
    );
    hs.forEach((h, i) => (sizes[h] = got[i] as number));
  });

  const rng = createRandom(seed, SAMPLE_STREAM);
  const shards: (SampleShard & { work: number })[] = [];
  strata.forEach((s, h) => {
    const Nh = s.members.length;
    const nh = sizes[h] as number;
    // Partial Fisher–Yates over the stratum (in slot order): the first n_h drawn, in draw order.
    const pool = s.members.map((m) => m.slot).sort((a, b) => a - b);
    for (let i = 0; i < nh; i++) {
      const j = i + Math.floor(rng.next() * (Nh - i));
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    const a = Math.sqrt(1 - nh / Nh);
    const gibOf = new Map(s.members.map((m) => [m.slot, m.gib]));
    const X = s.members.reduce((acc, m) => acc + m.gib, 0);
    const meanGiB = X / Nh;
    // Group g holds the g-th, (g+G)-th, … slots drawn: a random split, sizes within one.
    const groupSlots = Array.from({ length: groups }, (_, g) => {
      const ids: number[] = [];
      for (let i = g; i < nh; i += groups) ids.push(pool[i] as number);
      return ids.sort((x, y) => x - y);
    });
    const groupGiB = groupSlots.map((ids) => ids.reduce((acc, slot) => acc + (gibOf.get(slot) as number), 0));
    const x = groupGiB.reduce((acc, g) => acc + g, 0);
    // Ratio weights on size: the stratum's sample weighs X_h / x_h (its share of the stratum's data),
    // so a draw that happens to hold less data than the stratum is weighed up to it; N_h/n_h when
    // the stratum holds no data.
    const weightOf = (gib: number, count: number) => (X > 0 && gib > 0 ? X / gib : Nh / count);
    const w = weightOf(x, nh);
    // The same per month, on each month's GiB-days in service, in a large enough stratum.
    const perMonth =
      monthly && nh >= MONTHLY_RATIO_MIN_SAMPLE
        ? Array.from({ length: monthly.months }, (_, mo) => {
            const at = (slot: number) => monthly.gibDays[slot * monthly.months + mo] as number;
            const Xm = s.members.reduce((acc, mm) => acc + at(mm.slot), 0);
            const gm = groupSlots.map((ids) => ids.reduce((acc, slot) => acc + at(slot), 0));
            const xm = gm.reduce((acc, v) => acc + v, 0);
            const wo = (size: number, count: number) => (Xm > 0 && size > 0 ? Xm / size : Nh / count);
            return { w: wo(xm, nh), weightOf: wo, x: xm, groups: gm };
          })
        : undefined;
    groupSlots.forEach((slotIds, g) => {
      if (slotIds.length === 0) return;
      // Replicate r leaves out group r and weighs the stratum's other groups up to the stratum,
      // its deviation from the estimate shrunk by a = √(1 − f_h); no weight is ever negative, and a
      // stratum taken whole (a = 0) weighs 1 in every replicate.
      const m = (r: number) => (groupSlots[r] as number[]).length;
      const replicate = (wt: number, wo: (size: number, count: number) => number, xx: number, gsz: readonly number[]) =>
        Array.from({ length: groups }, (_, r) => (r === g ? wt * (1 - a) : m(r) > 0 && nh > m(r) ? wt + a * (wo(xx - (gsz[r] as number), nh - m(r)) - wt) : wt));
      const reps = perMonth?.map((p) => replicate(p.w, p.weightOf, p.x, p.groups));
      shards.push({
        stratum: h,
        slotIds,
        weight: w,
        replicateWeights: replicate(w, weightOf, x, groupGiB),
        ...(perMonth && reps ? { monthlyWeights: perMonth.map((p) => p.w), monthlyReplicateWeights: Array.from({ length: groups }, (_, r) => reps.map((rep) => rep[r] as number)) } : {}),
        work: slotIds.length * (meanGiB + 1),
      });
    });
  });
  // Biggest shards first, so the last worker is not left with one; the merge follows this order.
  shards.sort((x, y) => y.work - x.work || x.stratum - y.stratum || (x.slotIds[0] as number) - (y.slotIds[0] as number));
  return {
    devices: n,
    fleetDevices: N,
    seed,
    groups,
    strata: strata.map((s, h) => ({
      profile: (f.profiles[s.profile] as { name: string }).name,
      restoring: s.restoring,
      minGiB: (s.members[0] as { gib: number }).gib,
      maxGiB: (s.members[s.members.length - 1] as { gib: number }).gib,
      slots: s.members.length,
      sampled: sizes[h] as number,
    })),
    shards: shards.map(({ work: _, ...s }) => s),
  };
}

/**
 * Sampled restores a month the design aims for, per jackknife group: with three a group (60 with
 * G = 20) the restores of most months fall in most groups, so each replicate's calibrated restore
 * usage moves and the SE sees their spread. On fleet-deep-archive (120 restores a month,
 * 5,000-device draws with seeds 1–3), 1.5 a group gave a mean (error / SE)² of 0.9–1.1 on the
 * monthly totals, 3 gave 0.7–0.9 with the smallest SE, 4.5 a larger SE again (the other half of
 * the sample thins out).
 */
const RESTORES_PER_GROUP = 3;

/**
 * How many of the n sampled slots are restoring slots (whose devices restore during the horizon:
 * the restore calendar knows them before anything is simulated). A month's restore usage is one
 * of the costliest and noisiest figures of a month, and rests on the few sampled devices that
 * restore in it (about 10 a month in a proportional 5,000 of 60,000 at 0.2 % a month): their
 * share of the fleet leaves a month's restore usage off by up to 15 % and its jackknife SE far
 * too small (a ratio over a handful of devices in a few groups). So restoring slots get their
 * proportional share or more: enough to expect RESTORES_PER_GROUP × G sampled restores a month,
 * at most half the sample (the other half still estimates everything else, its SE up by √2 at
 * most) and all of them.
 */
function restoringShare(n: number, N: number, restoringSlots: number, restores: number, months: number, groups: number): number {
  if (restoringSlots === 0 || restores === 0) return 0;
  const forTarget = Math.ceil((RESTORES_PER_GROUP * groups * months * restoringSlots) / restores);
  const proportional = Math.round((n * restoringSlots) / N);
  return Math.min(restoringSlots, Math.max(proportional, Math.min(forTarget, Math.floor(n / 2))));
}

/**
 * Fewest sampled slots in a stratum for month-by-month ratio weights. A month's storage and
 * requests follow the data in service that month (a ramp's slots start through the year,
 * replacements bring new sizes), so X_h,m / x_h,m tracks each month better than the first
 * device's size; but a separate ratio estimate is biased by O(1/n_h) and its variance estimate is
 * unstable in small strata (Cochran, "Sampling Techniques", 6.10–6.11: use it only when each
 * stratum's sample is large). Measured: with 30 slots in 20 groups the statistical test's ±2 SE
 * coverage fell to 0.75; 60 (three a group) keeps every gain on the reference fleets, whose small
 * strata hold little. Smaller strata keep the size ratio.
 */
const MONTHLY_RATIO_MIN_SAMPLE = 60;

/** A slot and its first device's protected GiB. */
type Member = { slot: number; gib: number };
/** A stratum as the design builds it: the profile's index, its family, its slots. */
type Stratum_ = { profile: number; restoring: boolean; members: Member[] };

/**
 * The strata of each family (0: slots that do not restore, 1: slots that do), per profile: its
 * slots sorted by size and cut into up to SIZE_STRATA strata holding equal shares of its data, as
 * many as the family's share of the sample gives 2 groups × G slots each.
 */
function stratify(families: readonly (readonly Member[][])[], familySize: readonly number[], G: number): Stratum_[] {
  const strata: Stratum_[] = [];
  families.forEach((byProfile, r) => {
    const used = byProfile.filter((m) => m.length > 0).length;
    const k = Math.max(1, Math.min(SIZE_STRATA, Math.floor((familySize[r] as number) / (2 * G * Math.max(1, used)))));
    byProfile.forEach((members, p) => {
      if (members.length === 0) return;
      members.sort((a, b) => a.gib - b.gib || a.slot - b.slot);
      const total = members.reduce((a, m) => a + m.gib, 0);
      const cuts: Member[][] = Array.from({ length: k }, () => []);
      let before = 0;
      for (const m of members) {
        // Equal shares of the profile's data per stratum (by the data held below each slot).
        (cuts[total > 0 ? Math.min(k - 1, Math.floor((before / total) * k)) : 0] as Member[]).push(m);
        before += m.gib;
      }
      for (const c of cuts) if (c.length > 0) strata.push({ profile: p, restoring: r === 1, members: c });
    });
  });
  return strata;
}

/** Assumed standard deviation of a stratum's usage, in units of size: its sizes' spread, floored. */
function spread(gib: readonly number[]): number {
  const mean = gib.reduce((a, x) => a + x, 0) / gib.length;
  const variance = gib.reduce((a, x) => a + (x - mean) ** 2, 0) / gib.length;
  return Math.sqrt(variance + (UNEXPLAINED_CV * mean) ** 2) || 1;
}

/**
 * Neyman allocation of n over strata of sizes N and spreads S (n_h ∝ N_h·S_h), strata whose share
 * reaches N_h taken whole (and strata no bigger than a group count, which cannot be split), every
 * other stratum given at least `min` so each of its groups holds a slot; sums to n exactly.
 */
export function allocate(N: readonly number[], S: readonly number[], n: number, min: number): number[] {
  const out = N.map(() => 0);
  const open = new Set(N.map((_, h) => h));
  let left = n;
  for (const h of open) {
    if ((N[h] as number) <= min) {
      out[h] = N[h] as number;
      left -= N[h] as number;
      open.delete(h);
    }
  }
  for (;;) {
    const total = [...open].reduce((a, h) => a + (N[h] as number) * (S[h] as number), 0);
    const full = [...open].filter((h) => (left * (N[h] as number) * (S[h] as number)) / total >= (N[h] as number));
    if (full.length === 0 || total === 0) {
      const target = new Map([...open].map((h) => [h, total > 0 ? (left * (N[h] as number) * (S[h] as number)) / total : 0]));
      for (const h of open) out[h] = Math.min(N[h] as number, Math.max(min, Math.floor(target.get(h) as number)));
      // Largest remainders first when adding, largest strata first when taking back.
      let diff = n - out.reduce((a, x) => a + x, 0);
      const byRemainder = [...open].sort((a, b) => ((target.get(b) as number) % 1) - ((target.get(a) as number) % 1) || a - b);
      // Taking back: sampled strata first, largest first; then, when the others' minimums exceed
      // what the strata taken whole left, those too.
      const byShare = N.map((_, h) => h).sort((a, b) => Number(open.has(b)) - Number(open.has(a)) || (out[b] as number) - (out[a] as number) || a - b);
      while (diff !== 0) {
        const before = diff;
        for (const h of diff > 0 ? byRemainder : byShare) {
          if (diff > 0 && (out[h] as number) < (N[h] as number)) {
            out[h] = (out[h] as number) + 1;
            diff--;
          } else if (diff < 0 && (out[h] as number) > min) {
            out[h] = (out[h] as number) - 1;
            diff++;
          }
          if (diff === 0) break;
        }
        if (diff === before) throw new RangeError(`cannot allocate a sample of ${n} with at least ${min} per stratum`);
      }
      return out;
    }
    for (const h of full) {
      out[h] = N[h] as number;
      left -= N[h] as number;
      open.delete(h);
    }
  }
}

/** A weight for the horizon, or one per month: its value in month m. */
export const weightIn = (w: number | readonly number[], m: number): number => (typeof w === 'number' ? w : (w[m] as number));

/** A meter snapshot with every quantity × w (or × w[m] in month m). */
export function scaleMeter(m: MeterSnapshot, w: number | readonly number[]): MeterSnapshot {
  return { ...m, series: m.series.map((s) => ({ ...s, monthly: s.monthly.map((q, k) => q * weightIn(w, k)) })) };
}

function scaleCapacity(c: Capacity, w: number): Capacity {
  const out: Capacity = {};
  for (const [cls, e] of Object.entries(c) as [StorageClass, ClassCapacity][]) {
    out[cls] = {
      storedGiB: e.storedGiB * w,
      objects: e.objects * w,
      noncurrentGiB: e.noncurrentGiB * w,
      noncurrentObjects: e.noncurrentObjects * w,
      ...(e.intTiers ? { intTiers: Object.fromEntries(Object.entries(e.intTiers).map(([t, gib]) => [t, gib * w])) } : {}),
    };
  }
  return out;
}

/** Monthly figures × w, or × w[m] in month m. */
const times = (xs: readonly number[], w: number | readonly number[]) => xs.map((x, m) => x * weightIn(w, m));

/**
 * A shard's result as its share of the fleet: every sum over devices × w, monthly figures × w[m]
 * when the stratum has monthly weights (the horizon's counters and restore events × w). What is
 * not a sum stays as simulated: the largest device and longest wait of a restore event (the sample's, which can
 * only understate the fleet's), records per device, and device-days (the work actually done).
 */
export function scaleShard(r: ShardResult, w: number, monthly?: readonly number[]): ShardResult {
  const wm = monthly ?? w;
  const findings = Object.fromEntries(Object.entries(r.findings).map(([k, v]) => [k, times(v, wm)])) as unknown as ShardResult['findings'];
  const counters = Object.fromEntries(Object.entries(r.counters).map(([k, v]) => [k, v * w])) as unknown as ShardResult['counters'];
  return {
    ...r,
    meter: scaleMeter(r.meter, wm),
    capacity: r.capacity.map((c, m) => scaleCapacity(c, weightIn(wm, m))),
    ...(r.replica ? { replica: { meter: scaleMeter(r.replica.meter, wm), capacity: r.replica.capacity.map((c, m) => scaleCapacity(c, weightIn(wm, m))) } } : {}),
    devices: times(r.devices, wm),
    objectsPut: times(r.objectsPut, wm),
    objectsRemoved: times(r.objectsRemoved, wm),
    findings,
    counters,
    restoreEvents: r.restoreEvents.map((e) => ({
      ...e,
      devices: e.devices * w,
      objects: e.objects * w,
      archivedObjects: e.archivedObjects * w,
      gib: e.gib * w,
      glacier: { objects: e.glacier.objects * w, gib: e.glacier.gib * w },
      deepArchive: { objects: e.deepArchive.objects * w, gib: e.deepArchive.gib * w },
      usage: scaleMeter(e.usage, w),
      ...(e.replicaUsage ? { replicaUsage: scaleMeter(e.replicaUsage, w) } : {}),
    })),
  };
}

/** One jackknife replicate of the fleet's usage: the bucket's meter and, with replication, the replica's. */
export interface UsageReplicate {
  readonly meter: UsageMeter;
  readonly replica?: UsageMeter;
}

/** The design's jackknife replicates of the fleet's usage, from the shards' results (in design order). */
export function usageReplicates(sc: Scenario, design: SampleDesign, results: readonly ShardResult[]): UsageReplicate[] {
  return Array.from({ length: design.groups }, (_, r) => {
    const meter = new UsageMeter(sc.region, sc.simStartMonth, sc.simMonths);
    const replica = sc.replication ? new UsageMeter(sc.replication.destinationRegion, sc.simStartMonth, sc.simMonths) : undefined;
    results.forEach((res, k) => {
      const shard = design.shards[k] as SampleShard;
      const w = shard.monthlyReplicateWeights?.[r] ?? (shard.replicateWeights[r] as number);
      meter.merge(scaleMeter(res.meter, w));
      if (replica && res.replica) replica.merge(scaleMeter(res.replica.meter, w));
    });
    return { meter, ...(replica ? { replica } : {}) };
  });
}

/** The jackknife standard error of an estimate from its replicates: √((G−1)/G · Σ (θ_r − θ̂)²). */
export function jackknifeSE(estimate: number, replicates: readonly number[]): number {
  const g = replicates.length;
  return Math.sqrt(((g - 1) / g) * replicates.reduce((a, x) => a + (x - estimate) ** 2, 0));
}
