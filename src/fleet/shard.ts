/**
 * Simulates the devices of a range of fleet slots, day by day (days outside, devices inside), and
 * meters what they cost in one ledger. Every metered quantity is additive over devices, so shards
 * run independently (one per worker thread) and their results are summed.
 */
import { deleteDevice, restoreDevice, type RestorePlan, type RestoreRead } from '../agent/device-ops.js';
import type { RestoreEvent } from '../scenario/resolve.js';
import { runBackup } from '../agent/run.js';
import { simulateDumpShard } from '../agent/dumps/shard.js';
import { createDeviceStates, engineContext, type EngineCounters } from '../agent/state.js';
import { buildPathTable } from '../agent/objects.js';
import { maxLiveVersions } from '../retention/bounds.js';
import type { Scenario } from '../scenario/resolve.js';
import type { StorageClass } from '../storage/classes.js';
import { ObjectLedger, type Capacity, type ExistingCohort, type LedgerConfig, type LedgerPath } from '../storage/ledger.js';
import type { ObjectShape } from '../storage/lifecycle.js';
import { ReplicatingLedger, replicaPath, replicaSizeCuts } from '../storage/replication.js';
import { monthStartMs, SECONDS_PER_DAY } from '../units.js';
import { UsageMeter, type MeterSnapshot } from '../usage/meter.js';
import { drawDay, LAST_IN_DAY, type DayDraw, type DayDrawParams } from './device-days.js';
import { buildPopulation, fleetSlots } from './population.js';
import { RandomStreams } from './random.js';

export interface ShardResult {
  readonly meter: MeterSnapshot;
  /** End-of-month capacity per class, per simulated month. */
  readonly capacity: readonly Capacity[];
  /** The replication destination's usage (in its region) and capacity, when the scenario replicates. */
  readonly replica?: { readonly meter: MeterSnapshot; readonly capacity: readonly Capacity[] };
  /** Devices in service at the end of each month. */
  readonly devices: readonly number[];
  /** Objects written and removed (deleted, or expired for good) per month. */
  readonly objectsPut: readonly number[];
  readonly objectsRemoved: readonly number[];
  readonly findings: {
    readonly compactionFailures: readonly number[];
    readonly archivedGetAttempts: readonly number[];
    readonly verificationFailures: readonly number[];
    readonly restores: readonly number[];
    readonly restoredGiB: readonly number[];
    readonly retired: readonly number[];
  };
  /** Per restore event of the scenario (in its order): what it read, and its usage. */
  readonly restoreEvents: readonly ShardRestoreEvent[];
  readonly counters: EngineCounters;
  /** Device-days simulated (devices in service × days). */
  readonly deviceDays: number;
  /** Volume groups (records) per device at the end, over `devices` devices: the engine's memory. */
  readonly records: { readonly mean: number; readonly max: number; readonly capacity: number; readonly devices: number };
}

/** What a restore event did in one shard. */
export interface ShardRestoreEvent {
  readonly devices: number;
  readonly objects: number;
  readonly archivedObjects: number;
  readonly gib: number;
  readonly maxDeviceGiB: number;
  /** The longest wait for a restored object, days. */
  readonly retrievalDays: number;
  /** Restored from GLACIER and DEEP_ARCHIVE: objects and GiB (what a faster tier would cost). */
  readonly glacier: { readonly objects: number; readonly gib: number };
  readonly deepArchive: { readonly objects: number; readonly gib: number };
  /** The usage it metered in the bucket's region and, read from the replica, in the replica's. */
  readonly usage: MeterSnapshot;
  readonly replicaUsage?: MeterSnapshot;
  /** With replication: where the same objects are in the other region's bucket (a remedy for the RTO). */
  readonly otherRegion?: OtherRegionRead;
}

/**
 * What the objects an event read are in the other region's bucket at that moment (the replica for
 * an event reading the source, the source for one reading the replica), measured object by object
 * without billing anything: per storage class there, and those it does not hold (not replicated,
 * expired there by its own lifecycle) or holds in an Intelligent-Tiering archive tier.
 */
export interface OtherRegionRead {
  readonly byClass: Partial<Record<StorageClass, { objects: number; gib: number }>>;
  readonly missingObjects: number;
  readonly intArchivedObjects: number;
}

/** Golden-ratio spread: the slots a share of the fleet selects are spread over the whole fleet. */
const PHI = 0.6180339887498949;

/** Whether a device in `slot` takes part in the event. */
export function inEvent(e: RestoreEvent, slot: number): boolean {
  if (e.devices !== undefined) return slot < e.devices;
  return ((slot * PHI) % 1) < (e.devicesPct ?? 0) / 100;
}

/** Days the simulation covers and where the reported horizon starts. */
export function simulationCalendar(sc: Scenario): { days: number; horizonStartDay: number; epochSec: number } {
  const epochMs = monthStartMs(sc.simStartMonth);
  const startOf = (offset: number) => {
    const d = new Date(epochMs);
    d.setUTCMonth(d.getUTCMonth() + offset);
    return d.getTime();
  };
  return {
    days: Math.round((startOf(sc.simMonths) - epochMs) / 86_400_000),
    horizonStartDay: Math.round((startOf(sc.historyMonths) - epochMs) / 86_400_000),
    epochSec: epochMs / 1000,
  };
}

/** The fleet's slots (places in the fleet); a shard takes a range of them. */
export function scenarioSlots(sc: Scenario): number[] {
  if (!sc.fleet) return [];
  return fleetSlots(sc.fleet, simulationCalendar(sc).horizonStartDay);
}

/**
 * Per-device capacity for versions (from the retention bound), and the volume groups to reserve
 * per device in the shard's pool (it grows when needed): a few per lifecycle path without
 * auto-compact; with it about 6 per retained version (measured under 7D:1D,4W:1W,12M:1M).
 */
export function stateCapacities(sc: Scenario, days: number, paths: number): { vcap: number; rcap: number } {
  const jitterDays = sc.fleet?.startJitterDays ?? 0;
  const minSpacingSec = Math.max(3600, (1 - jitterDays) * SECONDS_PER_DAY);
  const live = maxLiveVersions(sc.retention, minSpacingSec, { partials: false });
  const vcap = Number.isFinite(live) ? live + 2 : days + 2;
  const rcap = sc.agent.autoCompact ? Math.min(256, Math.max(32, 6 * vcap)) : 2 * paths + 4;
  return { vcap, rcap };
}

/** The day-draw parameters of a scenario's fleet (see device-days.ts). */
export function dayDrawParams(sc: Scenario): DayDrawParams {
  return {
    jitter: sc.fleet?.startJitterDays ?? 0,
    restorePerDay: sc.restores.devicesPctPerMonth / 100 / 30.4375,
    lostDatabaseShare: sc.dumps ? undefined : sc.restores.lostDatabasePct / 100,
  };
}

/**
 * Classifies each object a restore event reads (by its bucket path) in the other region's bucket
 * at `t`: only class and expiry lookups, nothing metered, no access clock touched.
 */
function otherRegionProbe(ledger: ReplicatingLedger, fromReplica: boolean, t: number) {
  const read = { byClass: {} as Record<string, { objects: number; gib: number }>, missingObjects: 0, intArchivedObjects: 0 };
  const at = fromReplica ? ledger : ledger.replica;
  const onRead = (path: number, created: number, count: number, gib: number) => {
    const p = fromReplica ? path : (ledger.toReplica[path] as number);
    if (p < 0 || at.expired(p, created, t)) {
      read.missingObjects += count;
      return;
    }
    const cls = at.classAt(p, created, t);
    if (cls === 'INTELLIGENT_TIERING' && !at.readable(p, created, t)) {
      read.intArchivedObjects += count;
      return;
    }
    const c = (read.byClass[cls] ??= { objects: 0, gib: 0 });
    c.objects += count;
    c.gib += gib;
  };
  return { read: read as OtherRegionRead, onRead };
}

/**
 * The scenario bucket's ledger for a shard — replicating when the scenario replicates, else the
 * plain ledger, so the hot path stays as it was — holding the objects already in the bucket
 * (`bucket.initial_inventory`; one shard carries them).
 */
export function bucketLedger(
  sc: Scenario,
  paths: { readonly paths: readonly LedgerPath[]; readonly shapes: readonly ObjectShape[] },
  existing?: readonly ExistingCohort[],
): ObjectLedger {
  const replication = sc.replication;
  const config: LedgerConfig = {
    region: sc.region,
    startMonth: sc.simStartMonth,
    months: sc.simMonths,
    paths: paths.paths,
    versioning: sc.bucket.versioning,
    intelligentTiering: sc.bucket.intelligentTiering,
  };
  const ledger = replication
    ? new ReplicatingLedger(config, replication, paths.paths.map((p, k) => replicaPath(replication, paths.shapes[k] as ObjectShape, p.name)))
    : new ObjectLedger(config);
  if (existing) ledger.seedExisting(existing);
  return ledger;
}

/**
 * A restore event in one shard: every source in service at `t` that the event selects (`eligible`,
 * and the event's share of slots) restores its newest point through `restoreOne`, from the source
 * or the replica, limited to the event's key prefix; its usage is metered apart (meter deltas).
 * Shared by every agent's shard loop.
 */
export function runRestoreEvent(
  sc: Scenario,
  ledger: ObjectLedger,
  shapes: readonly ObjectShape[],
  e: RestoreEvent,
  t: number,
  sources: { readonly count: number; readonly streamId: ArrayLike<number>; readonly eligible: (i: number, t: number) => boolean },
  restoreOne: (i: number, plan: RestorePlan) => RestoreRead,
): ShardRestoreEvent {
  const replica = ledger instanceof ReplicatingLedger && e.fromReplica ? ledger : undefined;
  const before = ledger.meter.snapshot();
  const replicaBefore = replica?.replica.meter.snapshot();
  const other = ledger instanceof ReplicatingLedger ? otherRegionProbe(ledger, e.fromReplica, t) : undefined;
  const plan: RestorePlan = {
    tier: e.tier,
    days: sc.restores.days,
    lostDatabase: e.lostDatabase,
    egress: e.toEndpoints && sc.bucket.endpointOutsideAws,
    ...(replica ? { from: { ledger: replica.replica, pathMap: replica.toReplica } } : {}),
    ...(e.prefix !== undefined ? { only: Uint8Array.from(shapes, (sh) => (sh.key.startsWith(e.prefix as string) ? 1 : 0)) } : {}),
    ...(other ? { onRead: other.onRead } : {}),
  };
  const acc = { devices: 0, objects: 0, archivedObjects: 0, gib: 0, maxDeviceGiB: 0, retrievalDays: 0, glacier: { objects: 0, gib: 0 }, deepArchive: { objects: 0, gib: 0 } };
  for (let i = 0; i < sources.count; i++) {
    if (!sources.eligible(i, t) || !inEvent(e, Math.floor((sources.streamId[i] as number) / 1024))) continue;
    const r = restoreOne(i, plan);
    acc.devices++;
    acc.objects += r.objects;
    acc.archivedObjects += r.archivedObjects;
    acc.gib += r.gib;
    acc.maxDeviceGiB = Math.max(acc.maxDeviceGiB, r.gib);
    acc.retrievalDays = Math.max(acc.retrievalDays, r.retrievalDays);
    acc.glacier.objects += r.glacier.objects;
    acc.glacier.gib += r.glacier.gib;
    acc.deepArchive.objects += r.deepArchive.objects;
    acc.deepArchive.gib += r.deepArchive.gib;
  }
  return {
    ...acc,
    usage: UsageMeter.delta(before, ledger.meter.snapshot()).snapshot(),
    ...(replica && replicaBefore ? { replicaUsage: UsageMeter.delta(replicaBefore, replica.replica.meter.snapshot()).snapshot() } : {}),
    ...(other ? { otherRegion: other.read } : {}),
  };
}

/** Simulates the devices of `slotIds` (indices into `slotStarts`). */
export function simulateShard(
  sc: Scenario,
  slotStarts: readonly number[],
  slotIds: readonly number[],
  onMonth?: (month: number) => void,
  existing?: readonly ExistingCohort[],
): ShardResult {
  // Agents behind one interface: the dump agent runs its own servers' loop (the Duplicati loop below is the hot path, untouched).
  if (sc.dumps) return simulateDumpShard(sc, slotStarts, slotIds, onMonth, existing);
  const fleet = sc.fleet;
  if (!fleet) throw new RangeError('simulateShard needs a scenario with a fleet section');
  const cal = simulationCalendar(sc);
  const pop = buildPopulation(fleet, slotStarts, slotIds, cal.days, sc.seed);
  const replication = sc.replication;
  const paths = buildPathTable(sc.bucket, replication ? replicaSizeCuts(replication) : []);
  const ledger = bucketLedger(sc, paths, existing);
  const { vcap, rcap } = stateCapacities(sc, cal.days, paths.paths.length);
  const s = createDeviceStates(pop.count, vcap, rcap * pop.count, pop, sc.agent, sc.retention.frameTimeframe.length);
  const ctx = engineContext({
    o: sc.agent,
    rules: sc.retention,
    ledger,
    paths,
    epochSec: cal.epochSec,
    months: sc.simMonths,
    downloadsAreEgress: sc.bucket.endpointOutsideAws,
  });
  const findings = ctx.findings;
  const rng = new RandomStreams(sc.seed, pop.streamId);
  const retiredNow = new Uint8Array(pop.count);
  const devices: number[] = [];
  const retired = new Array<number>(sc.simMonths).fill(0);
  const draws = dayDrawParams(sc);
  const today: DayDraw = { t: 0, restore: false, lostDatabase: false };
  const events = sc.restores.events;
  const eventResults: ShardRestoreEvent[] = [];
  let nextEvent = 0;
  const duration = fleet.backupDurationDays;
  let deviceDays = 0;

  // A device takes part in a restore event once onboarded, in service and backed up.
  const eventSources = { count: pop.count, streamId: pop.streamId, eligible: (i: number, t: number) => (pop.onboardDay[i] as number) < t && !retiredNow[i] && (s.firstDay[i] as number) >= 0 };
  for (let d = 0; d < cal.days; d++) {
    const month = ledger.dayMonth[d] as number;
    let active = 0;
    for (let i = 0; i < pop.count; i++) {
      const onboard = pop.onboardDay[i] as number;
      if (onboard >= d + 1) continue;
      const retire = pop.retireDay[i] as number;
      // Days are visited in order from onboarding, so the first day past `retire` is its day.
      if (!retiredNow[i] && retire < d + 1) {
        retiredNow[i] = 1;
        retired[month] = (retired[month] as number) + 1;
        if (fleet.retiredData === 'delete') deleteDevice(ctx, s, i, retire);
      }
      if (retiredNow[i]) continue;
      active++;
      if (!drawDay(rng, pop, i, d, (s.firstDay[i] as number) < 0, draws, today)) continue;
      const tr = Math.min(d + LAST_IN_DAY, today.t + duration);
      runBackup(ctx, s, i, today.t, tr);
      if (today.restore) restoreDevice(ctx, s, i, tr, { tier: sc.restores.tier, days: sc.restores.days, lostDatabase: today.lostDatabase });
    }
    deviceDays += active;
    // Restore events start at noon on the first day of their month, after the night's backups.
    for (; nextEvent < events.length && (events[nextEvent] as RestoreEvent).simMonth === month && (d === 0 || ledger.dayMonth[d - 1] !== month); nextEvent++) {
      eventResults.push(
        runRestoreEvent(sc, ledger, paths.shapes, events[nextEvent] as RestoreEvent, d + 0.5, eventSources, (i, plan) => restoreDevice(ctx, s, i, d + 0.5, plan)),
      );
    }
    ledger.endDay(d);
    if (d + 1 === cal.days || ledger.dayMonth[d + 1] !== month) {
      devices[month] = active;
      onMonth?.(month);
    }
  }
  return {
    restoreEvents: eventResults,
    meter: ledger.meter.snapshot(),
    capacity: ledger.capacity(),
    ...(ledger instanceof ReplicatingLedger ? { replica: { meter: ledger.replica.meter.snapshot(), capacity: ledger.replicaCapacity() } } : {}),
    devices,
    objectsPut: Array.from(ledger.objectsPut),
    objectsRemoved: Array.from(ledger.objectsRemoved),
    findings: {
      compactionFailures: Array.from(findings.compactionFailures),
      archivedGetAttempts: Array.from(findings.archivedGetAttempts),
      verificationFailures: Array.from(findings.verificationFailures),
      restores: Array.from(findings.restores),
      restoredGiB: Array.from(findings.restoredGiB),
      retired,
    },
    counters: ctx.counters,
    deviceDays,
    records: {
      mean: pop.count > 0 ? s.rCount.reduce((a, b) => a + b, 0) / pop.count : 0,
      max: s.rCount.reduce((a, b) => Math.max(a, b), 0),
      capacity: s.rcap / Math.max(1, pop.count),
      devices: pop.count,
    },
  };
}
