/**
 * Cross-Region Replication (CRR): one ledger per bucket, the destination's fed by the source's.
 *
 * `ReplicatingLedger` is the source bucket's ledger; it forwards every PUT the agent makes (and,
 * when delete-marker replication is on, every DELETE) to a second `ObjectLedger` for the
 * destination bucket, so the destination copy lives its own life by the same rules — storage,
 * overhead, transitions, minimum durations and early deletes at the destination region's prices.
 * What replication itself bills is metered here, per replicated object and byte:
 * - inter-region transfer, billed by the SOURCE region (`<SRC>-<DST>-AWS-Out-Bytes`);
 * - one PUT in the destination at the DESTINATION class's request rate (the replica ledger's put);
 * - Replication Time Control per GB when on (`<SRC>-<DST>-S3RTC-Out-Bytes`, source region).
 * (Amazon S3 pricing, "Replication"; S3 User Guide, "Replicating objects within and across Regions".)
 *
 * Rules encoded (S3 User Guide):
 * - Replication needs versioning on both buckets ("Requirements and considerations for
 *   replication"): the destination ledger is always versioned, so a replicated delete marker
 *   makes its copy noncurrent, governed by the destination's Noncurrent* lifecycle actions.
 * - Delete markers are replicated only with delete-marker replication enabled, and never those a
 *   lifecycle expiration adds ("Replicating delete markers between buckets"; lifecycle actions
 *   are not replicated, "What does Amazon S3 replicate?"): the source ledger's own expirations
 *   happen at midnights inside it and never reach `delete`, so they stay local. Each bucket's
 *   Expiration makes its own current version noncurrent (both are versioned, "Expiring objects").
 * - The destination's lifecycle counts an object's age from its creation in the source (the
 *   replica keeps the source's creation time): replicas are put at the source object's time.
 * - Objects that existed before replication was enabled are not replicated (that is S3 Batch
 *   Replication, a separate job): the scenario enables replication from the first simulated day.
 */
import { invariant } from '../errors.js';
import { CAUSE_ID, type Cause } from '../usage/usage-line.js';
import { interRegionKey, rtcKey } from '../usage/usage-types.js';
import { STORAGE_CLASSES, DEFAULT_MIN_TRANSITION_BYTES, type StorageClass } from './classes.js';
import { ObjectLedger, type Capacity, type LedgerConfig, type LedgerPath } from './ledger.js';
import { compileSchedule, type LifecycleConfig, type ObjectShape } from './lifecycle.js';

export interface ReplicationConfig {
  readonly destinationRegion: string;
  /** Class the replicas are written in (the replication rule's Destination StorageClass). */
  readonly storageClass: StorageClass;
  /** S3 Replication Time Control: a per-GB charge on every replicated byte. */
  readonly replicationTimeControl: boolean;
  /** Delete-marker replication: the agent's DELETEs make the destination's copies noncurrent. */
  readonly replicateDeletes: boolean;
  /** Literal key prefix of the objects replicated ('' = the whole bucket). */
  readonly prefix: string;
  /** The destination bucket's own lifecycle rules. */
  readonly lifecycle: LifecycleConfig;
}

const C_REPLICATION = CAUSE_ID.replication;

/**
 * The destination path of objects of `shape` (on a source path whose objects are `monitored` by
 * Intelligent-Tiering, i.e. ≥ 128 KiB), or undefined when the replication filter leaves them out.
 * Lifecycle prefixes are matched against the same key as in the source bucket (replicas keep their keys).
 */
export function replicaPath(r: ReplicationConfig, shape: ObjectShape, name: string): LedgerPath | undefined {
  if (!shape.key.startsWith(r.prefix)) return undefined;
  const current = compileSchedule(r.lifecycle, shape, r.storageClass);
  const noncurrent = Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(r.lifecycle, shape, c, 'noncurrent')]));
  return { name: `replica of ${name}`, initialClass: r.storageClass, current, noncurrent, monitored: shape.sizeBytes >= DEFAULT_MIN_TRANSITION_BYTES };
}

/** Size cuts the destination's lifecycle rules make (paths must not straddle them). */
export function replicaSizeCuts(r: ReplicationConfig): number[] {
  const cuts: number[] = [];
  for (const rule of r.lifecycle.rules) {
    if (rule.sizeGreaterThan !== undefined) cuts.push(rule.sizeGreaterThan + 1);
    if (rule.sizeLessThan !== undefined) cuts.push(rule.sizeLessThan);
  }
  return cuts;
}

/** The source bucket's ledger, replicating into a destination ledger. */
export class ReplicatingLedger extends ObjectLedger {
  /** The destination bucket. */
  readonly replica: ObjectLedger;
  /** Replica path of each source path, or −1 when the filter leaves the path out. */
  readonly toReplica: Int32Array;
  private readonly transferSlot: number;
  private readonly rtcSlot: number;

  /** `replicaPaths[p]`: the destination path of source path p (undefined: not replicated). */
  constructor(
    config: LedgerConfig,
    readonly replication: ReplicationConfig,
    replicaPaths: readonly (LedgerPath | undefined)[],
  ) {
    super(config);
    invariant(config.versioning, 'replication needs a versioned source bucket (checked when the scenario loads)');
    invariant(replicaPaths.length === config.paths.length, 'one replica path (or none) per source path');
    invariant(replication.destinationRegion !== config.region, 'replication to the same region');
    const paths: LedgerPath[] = [];
    this.toReplica = Int32Array.from(replicaPaths, (p) => (p ? paths.push(p) - 1 : -1));
    this.replica = new ObjectLedger({
      region: replication.destinationRegion,
      startMonth: config.startMonth,
      months: config.months,
      paths,
      versioning: true,
      // The destination bucket opts into no Intelligent-Tiering archive tier.
      intelligentTiering: {},
    });
    this.transferSlot = this.meter.slot(interRegionKey(config.region, replication.destinationRegion), 'replication');
    this.rtcSlot = replication.replicationTimeControl ? this.meter.slot(rtcKey(config.region, replication.destinationRegion), 'replication') : -1;
  }

  override put(path: number, t: number, count: number, gib: number, padGib: number, cause: Cause | number): void {
    super.put(path, t, count, gib, padGib, cause);
    const rp = this.toReplica[path] as number;
    if (rp < 0 || count <= 0) return;
    this.replica.put(rp, t, count, gib, padGib, C_REPLICATION);
    const month = this.dayMonth[Math.floor(t)] as number;
    this.meter.add(this.transferSlot, month, gib);
    if (this.rtcSlot >= 0) this.meter.add(this.rtcSlot, month, gib);
  }

  /**
   * A DELETE by the agent leaves a delete marker in the (versioned) source; with delete-marker
   * replication it is copied, and the destination's copy becomes noncurrent. S3 adds and
   * replicates the marker even when the source's lifecycle already expired the object, so the
   * destination decides for itself (its own lifecycle may have expired its copy).
   */
  override delete(path: number, created: number, t: number, count: number, gib: number, padGib: number, a0?: number): void {
    super.delete(path, created, t, count, gib, padGib, a0);
    const rp = this.toReplica[path] as number;
    if (rp >= 0 && this.replication.replicateDeletes) this.replica.delete(rp, created, t, count, gib, padGib);
  }

  override endDay(d: number): void {
    super.endDay(d);
    this.replica.endDay(d);
  }

  override checkConservation(): void {
    super.checkConservation();
    this.replica.checkConservation();
  }

  /** End-of-month capacity of the destination bucket. */
  replicaCapacity(): readonly Capacity[] {
    return this.replica.capacity();
  }
}
