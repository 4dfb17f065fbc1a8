/**
 * The objects Duplicati writes (dblock, dindex, dlist: Duplicati/Library/Main/Volumes/
 * BlockVolumeWriter.cs, IndexVolumeWriter.cs, FilesetVolumeWriter.cs) and the lifecycle path each
 * one follows. A path is a kind plus a size band: the bands are cut at every
 * size a rule or S3 treats specially (128 KiB, and each rule's size filters), so all objects on a
 * path share one schedule and one small-object treatment.
 */
import type { BucketConfig } from '../scenario/resolve.js';
import { DEFAULT_MIN_TRANSITION_BYTES, STORAGE_CLASSES, type StorageClass } from '../storage/classes.js';
import type { LedgerPath } from '../storage/ledger.js';
import { compileSchedule, type ObjectShape } from '../storage/lifecycle.js';

export const OBJECT_KINDS = ['dblock', 'dindex', 'dlist'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** A representative key of each kind, with the device's folder written as `{device}`. */
export function sampleKey(keyPrefix: string, kind: ObjectKind): string {
  const folder = `${keyPrefix}{device}/`;
  switch (kind) {
    case 'dblock':
      return `${folder}duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes`;
    case 'dindex':
      return `${folder}duplicati-i0123456789abcdef0123456789abcdef.dindex.zip.aes`;
    case 'dlist':
      return `${folder}duplicati-20270101T010000Z.dlist.zip.aes`;
  }
}

/** The lifecycle paths of a bucket and how to find an object's path. */
export interface PathTable {
  readonly paths: readonly LedgerPath[];
  /** The kind of object on each path. */
  readonly kinds: readonly ObjectKind[];
  /** Lower size bound of each band, bytes, ascending (the first is 0). */
  readonly bandStarts: readonly number[];
  /**
   * Per path: midnights after the first from which objects are in their final class, or -1 when
   * the path expires objects. Volume groups of one path may merge once both are settled.
   */
  readonly settleDays: Int32Array;
  /** The representative key and size (its band's lower bound) of each path's objects. */
  readonly shapes: readonly ObjectShape[];
  /** Path index of a kind (its index in OBJECT_KINDS) and a size. */
  pathOf(kind: number, sizeBytes: number): number;
}

/**
 * Lower bounds of the size bands, bytes, ascending from 0: cut at every size S3 (128 KiB) or a
 * lifecycle rule's size filter treats specially, so one band's objects share one schedule.
 */
export function sizeBandStarts(bucket: BucketConfig, extraCuts: readonly number[] = []): number[] {
  const cuts = new Set<number>([0, DEFAULT_MIN_TRANSITION_BYTES, ...extraCuts]);
  for (const r of bucket.lifecycle.rules) {
    if (r.sizeGreaterThan !== undefined) cuts.add(r.sizeGreaterThan + 1);
    if (r.sizeLessThan !== undefined) cuts.add(r.sizeLessThan);
  }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * One ledger path per (kind, size band), kinds outside, bands inside: each compiled from a sample
 * object of that kind (its key from `keyOf`) at the band's lower bound, with the noncurrent
 * schedules of every class in a versioned bucket. Shared by every agent's path table.
 */
export function kindBandPaths<K extends string>(
  bucket: BucketConfig,
  kinds: readonly K[],
  bandStarts: readonly number[],
  keyOf: (kind: K) => string,
): { paths: LedgerPath[]; shapes: ObjectShape[] } {
  const paths: LedgerPath[] = [];
  const shapes: ObjectShape[] = [];
  for (const kind of kinds) {
    for (const start of bandStarts) {
      const shape: ObjectShape = { key: keyOf(kind), sizeBytes: start };
      shapes.push(shape);
      const noncurrent = bucket.versioning
        ? (Object.fromEntries(STORAGE_CLASSES.map((c) => [c, compileSchedule(bucket.lifecycle, shape, c, 'noncurrent')])) as Record<StorageClass, ReturnType<typeof compileSchedule>>)
        : undefined;
      paths.push({
        name: `${kind} ≥ ${start} B`,
        initialClass: bucket.storageClass,
        current: compileSchedule(bucket.lifecycle, shape, bucket.storageClass),
        ...(noncurrent ? { noncurrent } : {}),
        monitored: start >= DEFAULT_MIN_TRANSITION_BYTES,
      });
    }
  }
  return { paths, shapes };
}

/**
 * `extraCuts`: sizes another bucket's rules treat specially (a replication destination's
 * lifecycle), so that no path straddles them there either.
 */
export function buildPathTable(bucket: BucketConfig, extraCuts: readonly number[] = []): PathTable {
  const bandStarts = sizeBandStarts(bucket, extraCuts);
  const { paths, shapes } = kindBandPaths(bucket, OBJECT_KINDS, bandStarts, (kind) => sampleKey(bucket.keyPrefix, kind));
  const bands = bandStarts.length;
  const starts = Float64Array.from(bandStarts);
  return {
    paths,
    kinds: OBJECT_KINDS.flatMap((kind) => bandStarts.map(() => kind)),
    bandStarts,
    shapes,
    settleDays: Int32Array.from(paths, (p) => (p.current.expireK !== undefined ? -1 : (p.current.steps[p.current.steps.length - 1]?.fromK ?? 0))),
    pathOf(kind: number, sizeBytes: number): number {
      let band = 0;
      while (band + 1 < bands && sizeBytes >= (starts[band + 1] as number)) band++;
      return kind * bands + band;
    },
  };
}
