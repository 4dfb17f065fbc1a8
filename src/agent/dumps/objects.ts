/**
 * The objects the dump agent writes and the lifecycle path each follows: a kind (full,
 * differential, incremental, log) and a size band, as for Duplicati's objects
 * (src/agent/objects.ts), so lifecycle rules may select kinds by prefix and sizes by filter.
 * Keys put the kind before the server (`<key_prefix>log/<server>/…`), so one literal prefix rule
 * selects a kind for every server.
 */
import type { BucketConfig } from '../../scenario/resolve.js';
import type { LedgerPath } from '../../storage/ledger.js';
import type { ObjectShape } from '../../storage/lifecycle.js';
import { kindBandPaths, sizeBandStarts } from '../objects.js';

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
  const { paths, shapes } = kindBandPaths(bucket, DUMP_KINDS, bandStarts, (kind) => dumpSampleKey(bucket.keyPrefix, kind));
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
