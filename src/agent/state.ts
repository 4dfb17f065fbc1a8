/**
 * The fleet engine's per-device state for a shard of devices, struct-of-arrays: device scalars,
 * versions (fixed slices per device), and volume groups ("records", see volume-groups.ts) in a
 * pool where each device first uses its own block of slots. Also the context a backup run
 * needs (options, retention rules, ledger, lifecycle paths) and what it counts.
 */
import { supportsIncremental } from '../retention/incremental.js';
import type { RetentionRules } from '../retention/rules.js';
import type { ObjectLedger } from '../storage/ledger.js';
import { CAUSE_ID } from '../usage/usage-line.js';
import { GIB, KIB } from '../units.js';
import { blocksPerDblock, VERIFY_SKIPPED_CLASSES, type AgentOptions } from './model.js';
import type { PathTable } from './objects.js';
import { volumeGroups, type VolumeGroups } from './volumes.js';

export const SMALL_OBJECT_BYTES = 128 * KIB;
// Indices into OBJECT_KINDS.
export const KIND_DBLOCK = 0;
export const KIND_DINDEX = 1;
export const KIND_DLIST = 2;
export const C_PUT = CAUSE_ID.put;
export const C_COMPACTION = CAUSE_ID.compaction;
export const C_VERIFICATION = CAUSE_ID.verification;
export const C_LIST = CAUSE_ID.list;
export const C_RESTORE = CAUSE_ID.restore;
export const FLAG_WASTE = 1;
export const FLAG_SMALL = 2;
export const EPS = 1e-9;

/** What the device holds and how it changes (per device, from the population). */
export interface DeviceInputs {
  readonly protectedGiB: Float64Array;
  readonly growthGiBPerDay: Float64Array;
  readonly hotChange: Float64Array;
  readonly coldChange: Float64Array;
  readonly hotShare: Float32Array;
  /** Share of the cold data that lies before the hot range in file order. */
  readonly coldBeforeShare: Float32Array;
  readonly compression: Float32Array;
  readonly filesPerGiB: Float32Array;
}

/** Counters of one shard, cumulative, in the units the oracle reports. */
export interface EngineCounters {
  puts: number;
  gets: number;
  deletes: number;
  lists: number;
  uploadedGiB: number;
  compactions: number;
  deletedDblocks: number;
  deletedDblockAgeDaysSum: number;
}

/** What happened that a user must hear about, per month of the simulation. */
export interface EngineFindings {
  /** Full compactions that stopped because a volume to download was archived. */
  readonly compactionFailures: Float64Array;
  /** GET attempts refused because the object was archived (each failure is retried: 6 attempts). */
  readonly archivedGetAttempts: Float64Array;
  /** Verification samples that hit an archived object. */
  readonly verificationFailures: Float64Array;
  /** Full restores run, and the GiB they read. */
  readonly restores: Float64Array;
  readonly restoredGiB: Float64Array;
}

export interface EngineContext {
  readonly o: AgentOptions;
  readonly rules: RetentionRules;
  readonly ledger: ObjectLedger;
  readonly paths: PathTable;
  /** Epoch seconds of simulation day 0 (midnight UTC). */
  readonly epochSec: number;
  readonly counters: EngineCounters;
  readonly findings: EngineFindings;
  /** Devices are outside AWS: what they download is internet egress. */
  readonly downloadsAreEgress: boolean;
  /** The rules allow the incremental retention pass (supportsIncremental). */
  readonly incrementalRetention: boolean;
  /** Per path: k of the first midnight from which verification (2.2) skips its objects (see VERIFY_SKIPPED_CLASSES). */
  readonly verifySkipK: Float64Array;
}

/** The context of a run: what it is given, plus fresh counters and findings and what follows from the rules and paths. */
export function engineContext(
  c: Pick<EngineContext, 'o' | 'rules' | 'ledger' | 'paths' | 'epochSec' | 'downloadsAreEgress'> & { readonly months: number },
): EngineContext {
  const { months, ...given } = c;
  return {
    ...given,
    counters: emptyCounters(),
    findings: emptyFindings(months),
    incrementalRetention: supportsIncremental(c.rules),
    verifySkipK: Float64Array.from(c.paths.paths, (_, p) => c.ledger.firstMidnightIn(p, VERIFY_SKIPPED_CLASSES)),
  };
}

/**
 * Per-device state of a shard. Version slots of device i are [i × vcap, (i + 1) × vcap); records
 * come from one pool shared by the shard's devices, grown when it runs out (`growRecords`).
 */
export interface DeviceStates {
  readonly n: number;
  readonly vcap: number;
  readonly bands: number;
  /** Record slots in the pool. */
  rcap: number;
  readonly input: DeviceInputs;
  // Device scalars
  readonly firstDay: Int32Array; // day of the first backup, -1 before it
  readonly lastRunDay: Int32Array;
  readonly blockGiB: Float64Array; // stored size of one block
  readonly fullVolGiB: Float64Array; // stored size of a full dblock
  /** A full dblock's lifecycle path, its dindex file's path and size (-1: not yet looked up). */
  readonly fullPath: Int16Array;
  readonly fullIdxPath: Int16Array;
  readonly fullIdxGiB: Float64Array;
  readonly vCount: Int32Array;
  readonly rCount: Int32Array;
  /** Head of the shared (overflow) pool's free record slots, -1 when none. */
  rFree: number;
  /** Each device first uses its own block of slots (locality): [i × rdev, (i + 1) × rdev). */
  readonly rdev: number;
  /** Head of each device's own free slots, -1 when none. */
  readonly rFreeDev: Int32Array;
  /** Without auto-compact, records need no segments: one list per device, newest first. */
  readonly rLoose: Int32Array;
  // Compaction totals per device (over volumes not yet deleted)
  readonly aData: Float64Array;
  readonly aWaste: Float64Array;
  readonly aWasteN: Float64Array;
  readonly aSmall: Float64Array;
  readonly aSmallN: Float64Array;
  readonly aVolumes: Float64Array;
  // Versions, oldest first; each heads its segment's list of records
  readonly vSec: Float64Array; // epoch seconds of the backup start
  readonly vDay: Int32Array;
  readonly vDlistGiB: Float32Array;
  readonly vDlistPath: Uint8Array;
  readonly vHead: Int32Array;
  /** Retention band of each version, for the incremental pass (BAND_NEW: not yet placed). */
  readonly vBand: Uint8Array;
  /** Versions in each retention band, per device: [i × bands + band]. */
  readonly vBandSize: Int32Array;
  // Records (volume groups), one column per field. (Interleaving a record's fields in one 80-byte
  // slot, one or two cache lines per record, measured 20 % slower on fleet-deep-archive, likely
  // because devices are visited in slot order, so each column is read as a stream.)
  rNext: Int32Array; // next record of the same segment, or of the free list; -1 ends
  rCreated: Float64Array; // days, when the volumes were written
  rVol0: Float32Array;
  rVol: Float32Array;
  rVolGiB: Float32Array;
  rBlocks: Float32Array;
  rL0h: Float32Array;
  rL0c: Float32Array;
  rLh: Float32Array;
  rLc: Float32Array;
  rPath: Uint8Array;
  rIPath: Uint8Array;
  rIdxGiB: Float32Array;
  rKind: Uint8Array; // what the volumes hold: KIND_COLD/HOT/MIXED, + KIND_SMALL for small volumes
  rDeadLog: Float64Array; // ln of the chance that a volume is fully dead, as of the last liveness change
  rSettledAt: Float64Array; // day from which the record is in its path's final lifecycle class (Infinity: never)
  rFlags: Uint8Array;
  // Cached at the last refresh and counted in the device totals: volumes, data, waste.
  rCVol: Float32Array;
  rCData: Float32Array;
  rCWaste: Float32Array;
  // Scratch for the retention engine, uploads and compaction
  readonly scratchTimes: Float64Array;
  readonly scratchPartial: Uint8Array;
  readonly scratchKeep: Uint8Array;
  readonly scratchDeleted: Int32Array;
  readonly groups: VolumeGroups;
  /**
   * Survival factors (1 − q)^days of hot and cold blocks, per distinct pair of change
   * probabilities (devices of one profile share one): decay tables [pair × DECAY_DAYS + days].
   */
  readonly decayPair: Int32Array;
  readonly decayHot: Float64Array;
  readonly decayCold: Float64Array;
  /** Record slots created by the current upload, and one record per path while consolidating. */
  readonly scratchRecords: Int32Array;
  readonly scratchByPath: Int32Array;
  readonly scratchLive: { readonly hot: Float64Array; readonly cold: Float64Array };
}

/** Names of the record columns, for growing the pool. */
const RECORD_COLUMNS = ['rNext', 'rCreated', 'rVol0', 'rVol', 'rVolGiB', 'rBlocks', 'rL0h', 'rL0c', 'rLh', 'rLc', 'rPath', 'rIPath', 'rIdxGiB', 'rKind', 'rDeadLog', 'rSettledAt', 'rFlags', 'rCVol', 'rCData', 'rCWaste'] as const;

/**
 * `rcap`: initial record slots for the whole shard (the pool grows by half when it runs out);
 * `bands`: retention bands (policy frames) the incremental pass keeps sizes for.
 */
export function createDeviceStates(n: number, vcap: number, rcap: number, input: DeviceInputs, o: AgentOptions, bands: number): DeviceStates {
  const s: DeviceStates = {
    n,
    vcap,
    bands,
    rcap,
    input,
    firstDay: new Int32Array(n).fill(-1),
    lastRunDay: new Int32Array(n).fill(-1),
    blockGiB: new Float64Array(n),
    fullVolGiB: new Float64Array(n),
    fullPath: new Int16Array(n).fill(-1),
    fullIdxPath: new Int16Array(n),
    fullIdxGiB: new Float64Array(n),
    vCount: new Int32Array(n),
    rCount: new Int32Array(n),
    rFree: -1,
    rdev: Math.max(1, Math.floor(rcap / Math.max(1, n))),
    rFreeDev: new Int32Array(n).fill(-1),
    rLoose: new Int32Array(n).fill(-1),
    aData: new Float64Array(n),
    aWaste: new Float64Array(n),
    aWasteN: new Float64Array(n),
    aSmall: new Float64Array(n),
    aSmallN: new Float64Array(n),
    aVolumes: new Float64Array(n),
    vSec: new Float64Array(n * vcap),
    vDay: new Int32Array(n * vcap),
    vDlistGiB: new Float32Array(n * vcap),
    vDlistPath: new Uint8Array(n * vcap),
    vHead: new Int32Array(n * vcap).fill(-1),
    vBand: new Uint8Array(n * vcap),
    vBandSize: new Int32Array(n * bands),
    rNext: new Int32Array(0),
    rCreated: new Float64Array(0),
    rVol0: new Float32Array(0),
    rVol: new Float32Array(0),
    rVolGiB: new Float32Array(0),
    rBlocks: new Float32Array(0),
    rL0h: new Float32Array(0),
    rL0c: new Float32Array(0),
    rLh: new Float32Array(0),
    rLc: new Float32Array(0),
    rPath: new Uint8Array(0),
    rIPath: new Uint8Array(0),
    rIdxGiB: new Float32Array(0),
    rKind: new Uint8Array(0),
    rDeadLog: new Float64Array(0),
    rSettledAt: new Float64Array(0),
    rFlags: new Uint8Array(0),
    rCVol: new Float32Array(0),
    rCData: new Float32Array(0),
    rCWaste: new Float32Array(0),
    scratchTimes: new Float64Array(vcap),
    scratchPartial: new Uint8Array(vcap),
    scratchKeep: new Uint8Array(vcap),
    scratchDeleted: new Int32Array(vcap),
    groups: volumeGroups(),
    decayPair: new Int32Array(n),
    decayHot: new Float64Array(0),
    decayCold: new Float64Array(0),
    scratchRecords: new Int32Array(4),
    scratchByPath: new Int32Array(256),
    scratchLive: { hot: new Float64Array(vcap), cold: new Float64Array(vcap) },
  };
  for (let i = 0; i < n; i++) {
    const blockStored = o.blockBytes * (input.compression[i] as number);
    s.blockGiB[i] = blockStored / GIB;
    s.fullVolGiB[i] = (blocksPerDblock(o.dblockBytes, blockStored) * blockStored) / GIB;
  }
  buildDecayTables(s);
  s.rcap = 0;
  growRecords(s, Math.max(16, s.rdev * n));
  // Hand each device its own block of slots; the shared pool starts empty and grows on demand.
  for (let i = 0; i < n; i++) {
    const base = i * s.rdev;
    for (let r = base; r < base + s.rdev; r++) s.rNext[r] = r + 1 < base + s.rdev ? r + 1 : -1;
    s.rFreeDev[i] = base;
  }
  s.rFree = -1;
  return s;
}

/** Days covered by the decay tables; longer gaps fall back to Math.pow. */
export const DECAY_DAYS = 4096;

function buildDecayTables(s: DeviceStates): void {
  const pairs = new Map<string, number>();
  const hot: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < s.n; i++) {
    const qh = s.input.hotChange[i] as number;
    const qc = s.input.coldChange[i] as number;
    const key = `${qh}|${qc}`;
    let p = pairs.get(key);
    if (p === undefined) {
      p = pairs.size;
      pairs.set(key, p);
      for (let d = 0; d < DECAY_DAYS; d++) {
        hot.push(Math.pow(1 - qh, d));
        cold.push(Math.pow(1 - qc, d));
      }
    }
    s.decayPair[i] = p;
  }
  (s as { decayHot: Float64Array }).decayHot = Float64Array.from(hot);
  (s as { decayCold: Float64Array }).decayCold = Float64Array.from(cold);
}

/** Enlarges the record pool to `size` slots; the new slots go on the free list. */
export function growRecords(s: DeviceStates, size: number): void {
  const old = s.rcap;
  const cols = s as unknown as Record<(typeof RECORD_COLUMNS)[number], Float64Array | Float32Array | Int32Array | Uint8Array>;
  for (const name of RECORD_COLUMNS) {
    const col = cols[name];
    const grown = new (col.constructor as new (n: number) => typeof col)(size);
    grown.set(col);
    cols[name] = grown;
  }
  for (let r = old; r < size; r++) s.rNext[r] = r + 1 < size ? r + 1 : s.rFree;
  s.rFree = old;
  s.rcap = size;
  // (At creation the caller hands these first slots to the devices' own blocks.)
}

export function emptyCounters(): EngineCounters {
  return { puts: 0, gets: 0, deletes: 0, lists: 0, uploadedGiB: 0, compactions: 0, deletedDblocks: 0, deletedDblockAgeDaysSum: 0 };
}

export function emptyFindings(months: number): EngineFindings {
  return {
    compactionFailures: new Float64Array(months),
    archivedGetAttempts: new Float64Array(months),
    verificationFailures: new Float64Array(months),
    restores: new Float64Array(months),
    restoredGiB: new Float64Array(months),
  };
}

