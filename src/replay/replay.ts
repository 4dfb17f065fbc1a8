/**
 * `replay`: explicit object histories through the same ledger (S3's billing rules) and pricing as
 * `simulate`. Each put becomes a batch of identical objects on the lifecycle path its key and size
 * select; delete / get / restore act on every batch of the key, passing each batch's own
 * Intelligent-Tiering access clock, so the ledger bills them exactly rather than pro rata.
 */
import { InputError } from '../errors.js';
import type { MonthFinding } from '../fleet/findings.js';
import { pricedMonths, type Forecast } from '../forecast.js';
import { applyPriceChanges } from '../pricing/changes.js';
import { resourceFindings, resourceUsage } from '../resources/index.js';
import type { PriceBook } from '../pricing/price-book.js';
import { formatNumber } from '../report/money.js';
import type { Scenario } from '../scenario/resolve.js';
import { DEFAULT_MIN_TRANSITION_BYTES, STORAGE_CLASSES, type StorageClass } from '../storage/classes.js';
import { ObjectLedger, type Capacity, type ExistingCohort, type LedgerPath } from '../storage/ledger.js';
import { compileSchedule, type LifecycleConfig, type LifecycleRule } from '../storage/lifecycle.js';
import { ReplicatingLedger, replicaPath, type ReplicationConfig } from '../storage/replication.js';
import { GIB, KIB } from '../units.js';
import type { UsageLine } from '../usage/usage-line.js';
import { restoreTiers } from '../usage/usage-types.js';
import type { ReplayEvent } from './events.js';

/** What a replay meters, before pricing. */
export interface ReplayRun {
  readonly usage: readonly UsageLine[];
  /** End-of-month capacity per class. */
  readonly capacity: readonly Capacity[];
  /** Per month: GETs refused because the objects were archived (each one billed). */
  readonly refusedGets: Float64Array;
  /** The replication destination's usage (in its region) and capacity, when the scenario replicates. */
  readonly replica?: { readonly usage: readonly UsageLine[]; readonly capacity: readonly Capacity[] };
}

/** A put's objects: one batch on one path, with its access clock (see ObjectLedger.intAccess). */
interface Batch {
  readonly path: number;
  readonly created: number;
  readonly count: number;
  readonly gib: number;
  readonly padGib: number;
  /** −1 until the objects are accessed: replay always knows their clock, so nothing is pro rata. */
  a0: number;
  /** An Intelligent-Tiering restore in progress: the clock it sets when it completes. */
  pending?: { at: number; a0: number };
}

const SMALL_OBJECT_BYTES = 128 * KIB;

/** Whether a rule's prefix selects a key; `{device}` in a scenario prefix stands for one folder name. */
function prefixMatches(prefix: string, key: string): boolean {
  if (!prefix.includes('{device}')) return key.startsWith(prefix);
  const escaped = prefix.split('{device}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}`).test(key);
}

/** The lifecycle path of objects of `key` and `sizeBytes` written into `cls`. */
function pathOf(lifecycle: LifecycleConfig, versioning: boolean, key: string, sizeBytes: number, cls: StorageClass): LedgerPath {
  // Prefixes are matched here; compileSchedule then sees only the rules that apply (and sizes).
  const rules: LifecycleRule[] = lifecycle.rules.filter((r) => prefixMatches(r.prefix, key)).map((r) => ({ ...r, prefix: '' }));
  const config: LifecycleConfig = { ...lifecycle, rules };
  const shape = { key, sizeBytes };
  const noncurrent = versioning ? Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(config, shape, c, 'noncurrent')])) : undefined;
  const current = compileSchedule(config, shape, cls);
  return {
    name: `${cls} ${current.ruleIds.join('+') || 'no rule'} ${sizeBytes >= SMALL_OBJECT_BYTES ? '≥' : '<'} 128 KiB`,
    initialClass: cls,
    current,
    ...(noncurrent ? { noncurrent } : {}),
    monitored: sizeBytes >= DEFAULT_MIN_TRANSITION_BYTES,
  };
}

/** The destination path of a put's objects, or undefined when the replication filter leaves them out. */
function replicaPathOf(r: ReplicationConfig, key: string, sizeBytes: number, name: string): LedgerPath | undefined {
  if (!key.startsWith(r.prefix)) return undefined;
  const rules = r.lifecycle.rules.filter((x) => prefixMatches(x.prefix, key)).map((x) => ({ ...x, prefix: '' }));
  return replicaPath({ ...r, prefix: '', lifecycle: { ...r.lifecycle, rules } }, { key, sizeBytes }, name);
}

/**
 * Runs the events (already checked by parseReplayEvents) through a ledger for the scenario's
 * bucket — a replicating one when the scenario replicates, so puts and deletes reach the replica.
 */
export function replay(sc: Scenario, events: readonly ReplayEvent[], source: string, existing?: readonly ExistingCohort[]): ReplayRun {
  const { lifecycle, versioning, intelligentTiering } = sc.bucket;
  // One ledger path per distinct schedule: puts that behave alike share cohorts.
  const paths: LedgerPath[] = [];
  const replicaPaths: (LedgerPath | undefined)[] = [];
  const pathIndex = new Map<string, number>();
  const eventPath = events.map((e) => {
    if (e.op !== 'put') return -1;
    const p = pathOf(lifecycle, versioning, e.key, e.sizeBytes, e.storageClass as StorageClass);
    const rp = sc.replication ? replicaPathOf(sc.replication, e.key, e.sizeBytes, p.name) : undefined;
    const id = JSON.stringify([p.initialClass, p.current.steps, p.current.expireK, p.noncurrent, p.monitored, e.sizeBytes < SMALL_OBJECT_BYTES, rp && [rp.current, rp.noncurrent]]);
    let i = pathIndex.get(id);
    if (i === undefined) {
      i = paths.length;
      paths.push(p);
      replicaPaths.push(rp);
      pathIndex.set(id, i);
    }
    return i;
  });
  const config = { region: sc.region, startMonth: sc.simStartMonth, months: sc.simMonths, paths, versioning, intelligentTiering };
  const ledger = sc.replication ? new ReplicatingLedger(config, sc.replication, replicaPaths) : new ObjectLedger(config);
  // Objects already in the bucket (bucket.initial_inventory; read by existingObjects).
  if (existing) ledger.seedExisting(existing);
  const refusedGets = new Float64Array(sc.simMonths);
  const batches = new Map<string, Batch[]>();
  const fail = (e: ReplayEvent, column: string, message: string, value: string): never => {
    throw new InputError({ source, line: e.line, path: column, message: `${message} (got '${value}')`, value });
  };

  let next = 0;
  for (let d = 0; d < ledger.days; d++) {
    for (; next < events.length && Math.floor((events[next] as ReplayEvent).time) === d; next++) {
      const e = events[next] as ReplayEvent;
      const t = e.time;
      const keyBatches = batches.get(e.key) ?? [];
      for (const b of keyBatches) {
        if (b.pending && b.pending.at <= t) {
          b.a0 = b.pending.a0;
          delete b.pending;
        }
      }
      switch (e.op) {
        case 'put': {
          const gib = (e.count * e.sizeBytes) / GIB;
          const padGib = e.sizeBytes < SMALL_OBJECT_BYTES ? (e.count * (SMALL_OBJECT_BYTES - e.sizeBytes)) / GIB : 0;
          const path = eventPath[next] as number;
          ledger.put(path, t, e.count, gib, padGib, 'put');
          batches.set(e.key, [...keyBatches, { path, created: t, count: e.count, gib, padGib, a0: -1 }]);
          break;
        }
        case 'delete':
          for (const b of keyBatches) ledger.delete(b.path, b.created, t, b.count, b.gib, b.padGib, b.a0);
          batches.set(e.key, []);
          break;
        case 'get':
          for (const b of keyBatches) {
            if (ledger.expired(b.path, b.created, t) || !ledger.readable(b.path, b.created, t, b.a0)) {
              const m = ledger.dayMonth[d] as number;
              refusedGets[m] = (refusedGets[m] as number) + b.count;
            }
            b.a0 = ledger.get(b.path, b.created, t, b.count, b.gib, 'get', b.a0) ?? b.a0;
          }
          break;
        case 'restore':
          for (const b of keyBatches) {
            const cls = ledger.classAt(b.path, b.created, t);
            const tier = e.tier as NonNullable<ReplayEvent['tier']>;
            if ((cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') && !restoreTiers(cls).includes(tier)) {
              fail(e, 'tier', `'${e.key}' is in ${cls} then, which has no ${tier} restore (allowed: ${restoreTiers(cls).join(', ')})`, tier);
            }
            if (cls === 'INTELLIGENT_TIERING' && tier === 'expedited' && ledger.intTierAt(b.path, b.created, t, b.a0) === 'DAA') {
              fail(e, 'tier', `'${e.key}' is in Intelligent-Tiering's Deep Archive Access tier then, which has no expedited restore (allowed: standard, bulk)`, tier);
            }
            const done = ledger.restore(b.path, b.created, t, b.count, b.gib, tier, e.days ?? 1, b.a0);
            if (cls === 'INTELLIGENT_TIERING' && done !== undefined) b.pending = { at: done, a0: Math.ceil(done) };
          }
          break;
        case 'transfer_out':
          ledger.transferOut(t, e.sizeBytes / GIB, 'egress');
          break;
      }
    }
    ledger.endDay(d);
  }
  ledger.checkConservation();
  const replica = ledger instanceof ReplicatingLedger ? { usage: ledger.replica.meter.lines(), capacity: ledger.replicaCapacity() } : undefined;
  return { usage: ledger.meter.lines(), capacity: ledger.capacity(), refusedGets, ...(replica ? { replica } : {}) };
}

/** Prices a replay month by month, in the same shape as a fleet forecast (no devices). */
export function priceReplay(sc: Scenario, run: ReplayRun, book: PriceBook, wallMs: number): Forecast {
  // The resources beyond S3 derive from the replayed requests; a replay has no fleet, so no
  // failed runs, and its deletes are not counted (CloudTrail data events are then a lower bound).
  const resources = resourceUsage(sc, run.usage, { objectsRemoved: [], failedRuns: [] });
  const usage = [...run.usage, ...(run.replica ? run.replica.usage : []), ...resources];
  // The scenario's prices.changes apply to a replay as to a simulation.
  const priced = pricedMonths(sc, usage, applyPriceChanges(book, sc.priceChanges ?? [], sc.source), (m) => {
    const refused = run.refusedGets[m] ?? 0;
    const findings: MonthFinding[] =
      refused > 0
        ? [{ kind: 'refused-gets', count: refused, message: `${formatNumber(refused, { maxDecimals: 0 })} GET(s) refused: the objects were archived or expired (each one is billed; restore first)` }]
        : [];
    return { capacity: run.capacity[m] ?? {}, ...(run.replica ? { replicaCapacity: run.replica.capacity[m] ?? {} } : {}), devices: 0, findings };
  });
  return { scenario: sc, ...priced, findings: resourceFindings(priced.months), restoreEvents: [], run: { deviceDays: 0, threads: 1, records: { mean: 0, max: 0, capacity: 0, devices: 0 }, wallMs } };
}
