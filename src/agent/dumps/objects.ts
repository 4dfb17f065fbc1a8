/**
 * The objects the dump agent writes and the lifecycle path each follows: a kind (full,
 * differential, incremental, log) and a size band, as for Duplicati's objects
 * (src/agent/objects.ts), so lifecycle rules may select kinds by prefix and sizes by filter.
 * Keys put the kind before the server (`<key_prefix>log/<server>/…`), so one literal prefix rule
 * selects a kind for every server.
 */
import type { BucketConfig } from '../../scenario/resolve.js';
import { DEFAULT_MIN_TRANSITION_BYTES, STORAGE_CLASSES, type StorageClass } from '../../storage/classes.js';
import type { LedgerPath } from '../../storage/ledger.js';
import { compileSchedule, type ObjectShape } from '../../storage/lifecycle.js';
import { sizeBandStarts } from '../objects.js';

export const DUMP_KINDS = ['full', 'diff', 'incr', 'log'] as const;
export type DumpKind = (typeof DUMP_KINDS)[number];
export const K_FULL = 0;
export const K_DIFF = 1;
export const K_INCR = 2;
export const K_LOG = 3;

/** A representative key of each kind, with the server's name written as `{device}`. */
export function dumpSampleKey(keyPrefix: string, kind: DumpKind): string {
  const ext = kind === 'log' ? 'trn' : 'bak';
  return `${keyPrefix}${kind}/{device}/db-20270101T010000Z-${kind}.${ext}`;
}

export interface DumpPathTable {
  readonly paths: readonly LedgerPath[];
  readonly shapes: readonly ObjectShape[];
  /** Path of an object of kind index `kind` (in DUMP_KINDS) and size. */
  pathOf(kind: number, sizeBytes: number): number;
}

/** `extraCuts`: sizes a replication destination's rules treat specially. */
export function buildDumpPathTable(bucket: BucketConfig, extraCuts: readonly number[] = []): DumpPathTable {
  const bandStarts = sizeBandStarts(bucket, extraCuts);
  const paths: LedgerPath[] = [];
  const shapes: ObjectShape[] = [];
  for (const kind of DUMP_KINDS) {
    for (const start of bandStarts) {
      const shape: ObjectShape = { key: dumpSampleKey(bucket.keyPrefix, kind), sizeBytes: start };
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
  const bands = bandStarts.length;
  return {
    paths,
    shapes,
    pathOf(kind: number, sizeBytes: number): number {
      let band = 0;
      while (band + 1 < bands && sizeBytes >= (bandStarts[band + 1] as number)) band++;
      return kind * bands + band;
    },
  };
}
