/**
 * `bucket.initial_inventory`: an S3 Inventory report of the bucket as it is, read into cohorts of
 * existing objects that the ledger carries from day 0 (ObjectLedger.seedExisting), so `simulate`
 * and `replay` project an existing bucket forward under the scenario's lifecycle rules.
 *
 * It reads the report itself (a manifest.json, or one .parquet data file), not the summary that
 * `inventory import --json` prints: the summary tallies class, size and age separately, and a
 * projection needs them together (a 400-day-old object in STANDARD and a 3-day-old one in
 * DEEP_ARCHIVE are not two halves of one average).
 *
 * Per object: its key (matched by the lifecycle prefixes; a key under `<key_prefix><folder>/` is
 * matched with the folder written `{device}`, as the scenario's rules are), size (rule size
 * filters, the 128 KiB transition minimum and billable minimum, Intelligent-Tiering monitoring),
 * StorageClass, IntelligentTieringAccessTier, IsLatest and LastModifiedDate. Ages count from
 * LastModifiedDate: S3 Lifecycle computes an object's age from it, and an object already past a
 * rule's Days is queued at the first evaluation after the rule takes effect (S3 User Guide,
 * "Setting an S3 Lifecycle configuration on a bucket", "Transition or expiration delay";
 * "Lifecycle configuration elements", "Days"). Assumptions, since an inventory does not say:
 * - an object entered its current class at LastModifiedDate (lifecycle may have moved it later),
 *   so minimum-duration (early delete) charges of leaving it are a lower bound;
 * - a noncurrent version became noncurrent at the start, so its Noncurrent* days count from day 0
 *   (its storage is an upper bound);
 * - an object in Intelligent-Tiering has been idle the fewest days its access tier implies.
 */
import { InputError } from '../errors.js';
import type { BucketConfig, Scenario } from '../scenario/resolve.js';
import { DEFAULT_MIN_TRANSITION_BYTES, STORAGE_CLASSES, type StorageClass } from '../storage/classes.js';
import type { ExistingCohort } from '../storage/ledger.js';
import { compileSchedule, ruleMatches, type ObjectShape } from '../storage/lifecycle.js';
import { padGiB } from '../agent/volume-groups.js';
import { GIB, monthStartMs } from '../units.js';
import { forEachInventoryRow, parseInventoryRow } from './inventory.js';

/** The key as the scenario's lifecycle prefixes see it: the device folder under key_prefix written `{device}`. */
export function templateKey(keyPrefix: string, key: string): string {
  if (!key.startsWith(keyPrefix)) return key;
  const rest = key.slice(keyPrefix.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? `${keyPrefix}{device}${rest.slice(slash)}` : key;
}

interface Group {
  shape: ObjectShape;
  storageClass: StorageClass;
  intTier?: ExistingCohort['intTier'];
  noncurrent: boolean;
  k0: number;
  count: number;
  gib: number;
  padGib: number;
  ageGibDays: number;
  ageCount: number;
}

/**
 * Reads the inventory at `path` (`shown` in messages) into existing cohorts for a simulation
 * starting at `startMs`. A malformed row, a missing field, an object modified after the start or a
 * class tierwise does not model is one InputError naming the file, line/row and field.
 */
export async function readInitialInventory(path: string, shown: string, bucket: BucketConfig, startMs: number): Promise<ExistingCohort[]> {
  if (!/\.(json|parquet)$/i.test(path)) {
    throw new InputError({ path: 'bucket.initial_inventory', value: shown, message: `'${shown}': expected an S3 Inventory manifest.json (CSV or Parquet data files beside it) or a .parquet data file` });
  }
  const groups = new Map<string, Group>();
  const rules = bucket.lifecycle.rules;
  const startIso = new Date(startMs).toISOString();
  await forEachInventoryRow(path, shown, { asOf: new Date(startMs) }, () => (get, fail) => {
    for (const f of ['Size', 'StorageClass', 'LastModifiedDate'] as const) {
      if (get(f) === undefined) fail(f, `missing: bucket.initial_inventory needs ${f} in the inventory (add it to the inventory configuration's optional fields)`);
    }
    const r = parseInventoryRow(get, fail, startMs);
    if (r === 'delete-marker') return;
    if (!(STORAGE_CLASSES as readonly string[]).includes(r.storageClass)) {
      fail('StorageClass', `${r.storageClass} is not modelled (allowed: ${STORAGE_CLASSES.join(', ')})`);
    }
    if (r.modifiedMs === undefined || r.ageDays === undefined) return fail('LastModifiedDate', 'empty: every object needs its LastModifiedDate');
    if (r.modifiedMs > startMs) {
      fail('LastModifiedDate', `${new Date(r.modifiedMs).toISOString()} is after the simulation's start (${startIso}): start the horizon (minus history_months) at or after the inventory's date`);
    }
    const sizeBytes = Number(r.size);
    const shape: ObjectShape = { key: templateKey(bucket.keyPrefix, r.key), sizeBytes };
    // Objects matched by the same rules, on the same side of 128 KiB, share their schedules.
    const matched = rules.map((rule) => (ruleMatches(rule, shape) ? '1' : '0')).join('');
    const monitored = sizeBytes >= DEFAULT_MIN_TRANSITION_BYTES;
    const k0 = r.latest ? Math.floor(r.ageDays) : 0;
    const id = `${matched}|${monitored ? 1 : 0}|${r.storageClass}|${r.intTier ?? ''}|${r.latest ? 'c' : 'n'}|${Math.floor(r.ageDays)}`;
    let g = groups.get(id);
    if (!g) {
      g = { shape, storageClass: r.storageClass as StorageClass, ...(r.intTier ? { intTier: r.intTier } : {}), noncurrent: !r.latest, k0, count: 0, gib: 0, padGib: 0, ageGibDays: 0, ageCount: 0 };
      groups.set(id, g);
    }
    const gib = sizeBytes / GIB;
    g.count += 1;
    g.gib += gib;
    g.padGib += padGiB(1, sizeBytes);
    g.ageGibDays += gib * r.ageDays;
    g.ageCount += r.ageDays;
  });
  return [...groups.values()].map((g) => ({
    schedule: compileSchedule(bucket.lifecycle, g.shape, g.storageClass, g.noncurrent ? 'noncurrent' : 'current'),
    storageClass: g.storageClass,
    ...(g.intTier ? { intTier: g.intTier } : {}),
    k0: g.k0,
    // Byte-weighted, as the ledger weighs time in class for early deletes (count-weighted for empty objects).
    ageDays: g.gib > 0 ? g.ageGibDays / g.gib : g.ageCount / g.count,
    count: g.count,
    gib: g.gib,
    padGib: g.padGib,
    monitored: g.shape.sizeBytes >= DEFAULT_MIN_TRANSITION_BYTES,
    noncurrent: g.noncurrent,
    // Versioned bucket: an Expiration makes current versions noncurrent, in whatever class they are then.
    ...(bucket.versioning && !g.noncurrent
      ? { noncurrentSchedules: Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(bucket.lifecycle, g.shape, c, 'noncurrent')])) }
      : {}),
  }));
}

/**
 * The bucket's objects before the start (bucket.initial_inventory), or undefined without one.
 * `simulate` and `replay` read them once, before the run starts, so a bad report stops them at
 * once; the fleet's first shard carries them.
 */
export async function existingObjects(sc: Scenario): Promise<ExistingCohort[] | undefined> {
  const inv = sc.bucket.initialInventory;
  return inv ? readInitialInventory(inv.path, inv.shown, sc.bucket, monthStartMs(sc.simStartMonth)) : undefined;
}
