/**
 * The Duplicati agent on cohort state: what one backup run of one device writes, reads and
 * deletes (shared/reference/duplicati.md §2–§4), in expectation, fed straight into the ledger.
 *
 * A device's dblocks are held as volume groups ("records") rather than one by one: the volumes
 * of one upload that hold the same kind of data (all cold, all hot, mixed, the partial tail).
 * Each record is attached to a retention *segment*: the oldest retained version at or after its
 * data was written. A block written at day i is still referenced while no change hit it before
 * the day of its segment's version, so a record's expected live data is its data at creation ×
 * (1 − q)^(segment day − i), per kind (hot, cold). When retention deletes a version, its segment
 * merges into the next retained one and its records decay by (1 − q)^(days between). A volume is
 * fully deletable when all its blocks are dead: probability Π over its blocks of (1 − s).
 * Compaction, verification and the LISTs follow Duplicati's rules (src/agent/compaction-rules.ts).
 *
 * State is struct-of-arrays over the devices of a shard, with fixed-capacity per-device slices
 * for versions and records, so the hot path allocates nothing. Each version heads a linked list
 * of its segment's records; when segments merge, records of the same kind and path that have
 * reached their final lifecycle class are merged too, which keeps a device's records few.
 */
import { InvariantError } from '../errors.js';
import { applyRetention } from '../retention/engine.js';
import type { RetentionRules } from '../retention/rules.js';
import type { ObjectLedger } from '../storage/ledger.js';
import type { RestoreTier } from '../usage/usage-types.js';
import { CAUSE_ID } from '../usage/usage-line.js';
import { GIB, KIB, SECONDS_PER_DAY } from '../units.js';
import { compactionConsidered, isSmallVolume, isWasteVolume, shouldCompact, verificationSamples } from './compaction-rules.js';
import { BACKEND_ATTEMPTS, blocksPerDblock, dindexBytes, DLIST_BYTES_PER_FILE, LIST_PAGE_SIZE, type AgentOptions } from './model.js';
import type { PathTable } from './objects.js';
import { splitUpload, volumeGroups, type VolumeGroups } from './volumes.js';

const SMALL_OBJECT_BYTES = 128 * KIB;
// Indices into OBJECT_KINDS.
const KIND_DBLOCK = 0;
const KIND_DINDEX = 1;
const KIND_DLIST = 2;
const C_PUT = CAUSE_ID.put;
const C_COMPACTION = CAUSE_ID.compaction;
const C_VERIFICATION = CAUSE_ID.verification;
const C_LIST = CAUSE_ID.list;
const C_RESTORE = CAUSE_ID.restore;
const FLAG_WASTE = 1;
const FLAG_SMALL = 2;
const EPS = 1e-9;

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
}

/**
 * Per-device state of a shard. Version slots of device i are [i × vcap, (i + 1) × vcap); records
 * come from one pool shared by the shard's devices, grown when it runs out (`growRecords`).
 */
export interface DeviceStates {
  readonly n: number;
  readonly vcap: number;
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
  // Records (volume groups)
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

/** `rcap`: initial record slots for the whole shard (the pool grows by half when it runs out). */
export function createDeviceStates(n: number, vcap: number, rcap: number, input: DeviceInputs, o: AgentOptions): DeviceStates {
  const s: DeviceStates = {
    n,
    vcap,
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
const DECAY_DAYS = 4096;

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
function growRecords(s: DeviceStates, size: number): void {
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

// ------------------------------------------------------------------ record bookkeeping

const KIND_COLD = 0;
const KIND_HOT = 1;
const KIND_MIXED = 2;
const KIND_SMALL = 3;

/** Re-derives a record's cached data, waste and classes and folds the change into the device totals. */
function refreshRecord(ctx: EngineContext, s: DeviceStates, i: number, r: number): void {
  const o = ctx.o;
  const vol = s.rVol[r] as number;
  const volGiB = s.rVolGiB[r] as number;
  const data = vol * volGiB;
  const waste = Math.max(0, data - (s.rLh[r] as number) - (s.rLc[r] as number));
  let flags = 0;
  if (vol > EPS) {
    if (isWasteVolume(volGiB * GIB, (waste / vol) * GIB, o)) flags |= FLAG_WASTE;
    if (isSmallVolume(volGiB * GIB, o)) flags |= FLAG_SMALL;
  }
  addContribution(s, i, r, -1);
  s.rCVol[r] = vol;
  s.rCData[r] = data;
  s.rCWaste[r] = waste;
  s.rFlags[r] = flags;
  addContribution(s, i, r, 1);
}

function addContribution(s: DeviceStates, i: number, r: number, sign: number): void {
  const data = s.rCData[r] as number;
  if (data === 0) return;
  const vol = s.rCVol[r] as number;
  const flags = s.rFlags[r] as number;
  s.aData[i] = (s.aData[i] as number) + sign * data;
  s.aVolumes[i] = (s.aVolumes[i] as number) + sign * vol;
  if (flags & FLAG_WASTE) {
    s.aWaste[i] = (s.aWaste[i] as number) + sign * (s.rCWaste[r] as number);
    s.aWasteN[i] = (s.aWasteN[i] as number) + sign * vol;
  }
  if (flags & FLAG_SMALL) {
    s.aSmall[i] = (s.aSmall[i] as number) + sign * data;
    s.aSmallN[i] = (s.aSmallN[i] as number) + sign * vol;
  }
}

/** Returns record slot r to the free list it came from (its volumes must be gone). */
function freeRecord(s: DeviceStates, i: number, r: number): void {
  addContribution(s, i, r, -1);
  s.rCVol[r] = 0;
  s.rCData[r] = 0;
  s.rCWaste[r] = 0;
  s.rFlags[r] = 0;
  if (r < s.n * s.rdev) {
    const owner = Math.floor(r / s.rdev);
    s.rNext[r] = s.rFreeDev[owner] as number;
    s.rFreeDev[owner] = r;
  } else {
    s.rNext[r] = s.rFree;
    s.rFree = r;
  }
  s.rCount[i] = (s.rCount[i] as number) - 1;
}

/** A free record slot for device i: from its own block, else from the shared pool (grown if empty). */
function allocRecord(s: DeviceStates, i: number): number {
  let r = s.rFreeDev[i] as number;
  if (r >= 0) {
    s.rFreeDev[i] = s.rNext[r] as number;
  } else {
    if (s.rFree < 0) growRecords(s, Math.ceil(s.rcap * 1.5));
    r = s.rFree;
    s.rFree = s.rNext[r] as number;
  }
  s.rCount[i] = (s.rCount[i] as number) + 1;
  return r;
}

/** Small-object padding of `count` objects of `bytes` each, GiB (billed only in SIA/ZIA/GIR). */
function padGiB(count: number, bytes: number): number {
  return bytes < SMALL_OBJECT_BYTES ? (count * (SMALL_OBJECT_BYTES - bytes)) / GIB : 0;
}

/** What a group of volumes holds, for deciding which records may merge. */
function kindOf(hot: number, cold: number, small: boolean): number {
  const share = hot / Math.max(EPS, hot + cold);
  return (share < 0.02 ? KIND_COLD : share > 0.98 ? KIND_HOT : KIND_MIXED) + (small ? KIND_SMALL : 0);
}

/**
 * Adds a record of `volumes` volumes to version slot v's segment (its dblocks and dindex files are
 * put by the caller). Returns the record slot.
 */
function addRecord(ctx: EngineContext, s: DeviceStates, i: number, v: number, created: number, volumes: number, volGiB: number, hot: number, cold: number): number {
  const r = allocRecord(s, i);
  const blocks = volGiB / (s.blockGiB[i] as number);
  const idxBytes = dindexBytes(Math.round(blocks));
  s.rCreated[r] = created;
  s.rVol0[r] = volumes;
  s.rVol[r] = volumes;
  s.rVolGiB[r] = volGiB;
  s.rBlocks[r] = blocks;
  s.rL0h[r] = hot;
  s.rL0c[r] = cold;
  s.rLh[r] = hot;
  s.rLc[r] = cold;
  s.rPath[r] = ctx.paths.pathOf(KIND_DBLOCK, volGiB * GIB);
  s.rIPath[r] = ctx.paths.pathOf(KIND_DINDEX, idxBytes);
  s.rIdxGiB[r] = idxBytes / GIB;
  s.rKind[r] = kindOf(hot, cold, isSmallVolume(volGiB * GIB, ctx.o));
  s.rDeadLog[r] = -Infinity; // all of it live
  s.rSettledAt[r] = settledAt(ctx, s.rPath[r] as number, created);
  s.rCVol[r] = 0;
  s.rCData[r] = 0;
  s.rFlags[r] = 0;
  refreshRecord(ctx, s, i, r);
  if (ctx.o.autoCompact) {
    s.rNext[r] = s.vHead[v] as number;
    s.vHead[v] = r;
  } else {
    s.rNext[r] = s.rLoose[i] as number;
    s.rLoose[i] = r;
  }
  return r;
}

/**
 * Without auto-compact a record only says what exists and since when (for the ledger, restores
 * and a retired device's deletion): no liveness, kind or waste, and the device's volume count is
 * kept directly. Adds `volumes` volumes to this upload's record of the same path (one of the
 * first n in scratchRecords), or opens a new one as scratchRecords[n]; returns true if it did.
 */
function addLooseVolumes(ctx: EngineContext, s: DeviceStates, i: number, n: number, created: number, volumes: number, volGiB: number): boolean {
  let path: number;
  let idxPath: number;
  let idxGiB: number;
  if (volGiB === s.fullVolGiB[i]) {
    // Full dblocks: the same paths every day, looked up once.
    if ((s.fullPath[i] as number) < 0) {
      const idxBytes = dindexBytes(Math.round(volGiB / (s.blockGiB[i] as number)));
      s.fullPath[i] = ctx.paths.pathOf(KIND_DBLOCK, volGiB * GIB);
      s.fullIdxPath[i] = ctx.paths.pathOf(KIND_DINDEX, idxBytes);
      s.fullIdxGiB[i] = idxBytes / GIB;
    }
    path = s.fullPath[i] as number;
    idxPath = s.fullIdxPath[i] as number;
    idxGiB = s.fullIdxGiB[i] as number;
  } else {
    const idxBytes = dindexBytes(Math.round(volGiB / (s.blockGiB[i] as number)));
    path = ctx.paths.pathOf(KIND_DBLOCK, volGiB * GIB);
    idxPath = ctx.paths.pathOf(KIND_DINDEX, idxBytes);
    idxGiB = idxBytes / GIB;
  }
  s.aVolumes[i] = (s.aVolumes[i] as number) + volumes;
  s.aData[i] = (s.aData[i] as number) + volumes * volGiB;
  for (let k = 0; k < n; k++) {
    const q = s.scratchRecords[k] as number;
    if (s.rPath[q] !== path) continue;
    const vol = (s.rVol[q] as number) + volumes;
    s.rVolGiB[q] = ((s.rVolGiB[q] as number) * (s.rVol[q] as number) + volGiB * volumes) / vol;
    s.rIdxGiB[q] = ((s.rIdxGiB[q] as number) * (s.rVol[q] as number) + idxGiB * volumes) / vol;
    s.rVol[q] = vol;
    return false;
  }
  const r = allocRecord(s, i);
  s.rCreated[r] = created;
  s.rVol[r] = volumes;
  s.rVolGiB[r] = volGiB;
  s.rPath[r] = path;
  s.rIPath[r] = idxPath;
  s.rIdxGiB[r] = idxGiB;
  s.rCVol[r] = 0;
  s.rCData[r] = 0;
  s.rFlags[r] = 0;
  s.rNext[r] = s.rLoose[i] as number;
  s.rLoose[i] = r;
  s.scratchRecords[n] = r;
  return true;
}

/** Folds loose record a into b: same path, so only sizes and the data-weighted creation time change. */
function mergeLoose(s: DeviceStates, a: number, b: number): void {
  const volA = s.rVol[a] as number;
  const volB = s.rVol[b] as number;
  const vol = volA + volB;
  if (vol <= EPS) return;
  const dataA = volA * (s.rVolGiB[a] as number);
  const dataB = volB * (s.rVolGiB[b] as number);
  s.rCreated[b] = ((s.rCreated[a] as number) * dataA + (s.rCreated[b] as number) * dataB) / Math.max(EPS, dataA + dataB);
  s.rVolGiB[b] = (dataA + dataB) / vol;
  s.rIdxGiB[b] = ((s.rIdxGiB[a] as number) * volA + (s.rIdxGiB[b] as number) * volB) / vol;
  s.rVol[b] = vol;
  s.rVol[a] = 0;
}

/**
 * Without auto-compact nothing but dlists is ever deleted, so a record's liveness never matters:
 * records of one path that have reached their final lifecycle class become one.
 */
function consolidateLoose(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  const byPath = s.scratchByPath;
  byPath.fill(-1, 0, ctx.paths.paths.length);
  let prev = -1;
  for (let r = s.rLoose[i] as number; r >= 0; ) {
    const next = s.rNext[r] as number;
    const path = s.rPath[r] as number;
    const settle = ctx.paths.settleDays[path] as number;
    if (settle >= 0 && t >= Math.ceil(s.rCreated[r] as number) + settle) {
      const into = byPath[path] as number;
      if (into >= 0) {
        mergeLoose(s, r, into);
        if (prev < 0) s.rLoose[i] = next;
        else s.rNext[prev] = next;
        freeRecord(s, i, r);
        r = next;
        continue;
      }
      byPath[path] = r;
    }
    prev = r;
    r = next;
  }
}

/**
 * Puts the dblocks and dindex files of the `n` records in `recs` (all written at the same time),
 * one ledger call per path: the groups of one upload mostly share their paths.
 */
function putRecords(ctx: EngineContext, s: DeviceStates, recs: Int32Array, n: number, cause: number): void {
  const created = s.rCreated[recs[0] as number] as number;
  for (let kind = 0; kind < 2; kind++) {
    const pathOf = kind === 0 ? s.rPath : s.rIPath;
    const sizeOf = kind === 0 ? s.rVolGiB : s.rIdxGiB;
    for (let a = 0; a < n; a++) {
      const ra = recs[a] as number;
      const path = pathOf[ra] as number;
      let seen = false;
      for (let b = 0; b < a && !seen; b++) seen = pathOf[recs[b] as number] === path;
      if (seen) continue;
      let count = 0;
      let gib = 0;
      let pad = 0;
      for (let b = a; b < n; b++) {
        const rb = recs[b] as number;
        if (pathOf[rb] !== path) continue;
        const vol = s.rVol[rb] as number;
        const size = sizeOf[rb] as number;
        count += vol;
        gib += vol * size;
        pad += padGiB(vol, size * GIB);
      }
      ctx.ledger.put(path, created, count, gib, pad, cause);
      ctx.counters.puts += count;
      ctx.counters.uploadedGiB += gib;
    }
  }
}

/** Deletes `volumes` volumes of record r (dblocks and their dindex files) at `t`. */
function deleteVolumes(ctx: EngineContext, s: DeviceStates, r: number, volumes: number, t: number): void {
  const l = ctx.ledger;
  const created = s.rCreated[r] as number;
  const volGiB = s.rVolGiB[r] as number;
  const idxGiB = s.rIdxGiB[r] as number;
  l.delete(s.rPath[r] as number, created, t, volumes, volumes * volGiB, padGiB(volumes, volGiB * GIB));
  l.delete(s.rIPath[r] as number, created, t, volumes, volumes * idxGiB, padGiB(volumes, idxGiB * GIB));
  const c = ctx.counters;
  c.deletes += 2 * volumes;
  c.deletedDblocks += volumes;
  c.deletedDblockAgeDaysSum += volumes * (t - created);
  s.rVol[r] = (s.rVol[r] as number) - volumes;
}

/**
 * Whether records a and b may become one: same path and kind, and both in their path's final
 * lifecycle class by `t`, so that the ledger bills their objects alike from now on. Ages may
 * differ; the merged record takes the data-weighted creation time (exact for early deletes as
 * long as both are on the same side of the class minimum when deleted).
 */
function mergeable(ctx: EngineContext, s: DeviceStates, a: number, b: number, t: number): boolean {
  if (s.rPath[a] !== s.rPath[b] || s.rKind[a] !== s.rKind[b] || (s.rFlags[a] as number) !== (s.rFlags[b] as number)) return false;
  if (t < (s.rSettledAt[a] as number) || t < (s.rSettledAt[b] as number)) return false;
  // Merged groups share one waste fraction: only merge groups that cross the threshold together —
  // unless both are archived, when any compaction that picks them fails whatever their fraction
  // (and the compaction trigger uses sums, which merging keeps).
  if (Math.abs(wasteShare(s, a) - wasteShare(s, b)) > 0.02) {
    const l = ctx.ledger;
    if (l.readable(s.rPath[a] as number, s.rCreated[a] as number, t) || l.readable(s.rPath[b] as number, s.rCreated[b] as number, t)) return false;
  }
  // The chance a volume is fully dead is not linear in the survival ratio: merge groups whose
  // volumes cannot die soon, or whose survival ratios are close.
  if ((s.rDeadLog[a] as number) < DEAD_NEVER && (s.rDeadLog[b] as number) < DEAD_NEVER) return true;
  return Math.abs(survival(s, a) - survival(s, b)) <= 0.02;
}

/** The day from which objects created at `created` on `path` are in their final class. */
function settledAt(ctx: EngineContext, path: number, created: number): number {
  const settle = ctx.paths.settleDays[path] as number;
  return settle < 0 ? Infinity : Math.ceil(created) + settle;
}

/** Share of a record's remaining data that is waste. */
function wasteShare(s: DeviceStates, r: number): number {
  const data = s.rCData[r] as number;
  return data > 0 ? (s.rCWaste[r] as number) / data : 0;
}

/** Share of a record's data at creation that is still live. */
function survival(s: DeviceStates, r: number): number {
  const l0 = (s.rL0h[r] as number) + (s.rL0c[r] as number);
  return l0 > 0 ? ((s.rLh[r] as number) + (s.rLc[r] as number)) / l0 : 0;
}

/**
 * ln of the chance that one of a record's volumes is fully dead: Σ over the kinds of its blocks
 * of n · ln(1 − s), with n blocks of that kind per volume and s their survival ratio — or, when
 * that is surely below DEAD_NEVER, an upper bound of it that is also below.
 */
function deadLog(s: DeviceStates, r: number): number {
  const l0h = s.rL0h[r] as number;
  const l0c = s.rL0c[r] as number;
  const l0 = l0h + l0c;
  if (l0 <= 0) return 0;
  const blocks = s.rBlocks[r] as number;
  const nh = (blocks * l0h) / l0;
  const nc = (blocks * l0c) / l0;
  const sh = l0h > 0 ? Math.min(1, (s.rLh[r] as number) / l0h) : 0;
  const sc = l0c > 0 ? Math.min(1, (s.rLc[r] as number) / l0c) : 0;
  // ln(1 − s) ≤ −s, so −Σ n·s bounds the result from above: when the bound already says
  // "never", skip the logarithms (most volumes still hold many live blocks).
  const bound = -(nh * sh + nc * sc);
  if (bound < DEAD_NEVER) return bound;
  return (nh > 0 ? nh * Math.log1p(-sh) : 0) + (nc > 0 ? nc * Math.log1p(-sc) : 0);
}

/** Volumes whose chance of being fully dead is below e^−20 (2·10⁻⁹) count as never dying. */
const DEAD_NEVER = -20;

/** Folds record a into record b (b keeps its slot); a's slot must be unlinked and freed by the caller. */
function mergeInto(ctx: EngineContext, s: DeviceStates, i: number, a: number, b: number): void {
  addContribution(s, i, a, -1);
  s.rCVol[a] = 0;
  s.rCData[a] = 0;
  const volA = s.rVol[a] as number;
  const volB = s.rVol[b] as number;
  const vol = volA + volB;
  const dataA = volA * (s.rVolGiB[a] as number);
  const dataB = volB * (s.rVolGiB[b] as number);
  if (vol > EPS) {
    s.rCreated[b] = ((s.rCreated[a] as number) * dataA + (s.rCreated[b] as number) * dataB) / Math.max(EPS, dataA + dataB);
    s.rSettledAt[b] = settledAt(ctx, s.rPath[b] as number, s.rCreated[b] as number);
    s.rVolGiB[b] = (dataA + dataB) / vol;
    s.rBlocks[b] = (s.rVolGiB[b] as number) / (s.blockGiB[i] as number);
    s.rIdxGiB[b] = ((s.rIdxGiB[a] as number) * volA + (s.rIdxGiB[b] as number) * volB) / vol;
  }
  s.rVol0[b] = (s.rVol0[a] as number) + (s.rVol0[b] as number);
  s.rVol[b] = vol;
  s.rL0h[b] = (s.rL0h[a] as number) + (s.rL0h[b] as number);
  s.rL0c[b] = (s.rL0c[a] as number) + (s.rL0c[b] as number);
  s.rLh[b] = (s.rLh[a] as number) + (s.rLh[b] as number);
  s.rLc[b] = (s.rLc[a] as number) + (s.rLc[b] as number);
  s.rDeadLog[b] = deadLog(s, b);
  s.rVol[a] = 0;
  refreshRecord(ctx, s, i, b);
}

// ------------------------------------------------------------------ one backup run

/**
 * One run of device i: the backup starting at `t` and its retention, compaction and verification
 * at `tr` (days since the simulation start). `firstRun` uploads everything.
 */
export function runBackup(ctx: EngineContext, s: DeviceStates, i: number, t: number, tr: number): void {
  const o = ctx.o;
  const day = Math.floor(t);
  if (o.backendVerification) listPrefix(ctx, s, i, t);
  const lastGiB = uploadChanges(ctx, s, i, t, day);
  const deleted = retention(ctx, s, i, tr);
  if (compactionConsidered(o, deleted > 0, lastGiB * GIB)) compact(ctx, s, i, tr);
  if (o.backendVerification) {
    listPrefix(ctx, s, i, tr);
    verify(ctx, s, i, tr);
  }
  s.lastRunDay[i] = day;
}

function listPrefix(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  const objects = 2 * (s.aVolumes[i] as number) + (s.vCount[i] as number);
  const n = Math.max(1, Math.ceil(objects / LIST_PAGE_SIZE - EPS));
  ctx.ledger.listToday(n, C_LIST);
  ctx.counters.lists += n;
}

/** Uploads the blocks changed since the last run; returns the size of the last dblock, GiB (0: nothing). */
function uploadChanges(ctx: EngineContext, s: DeviceStates, i: number, t: number, day: number): number {
  const inp = s.input;
  const ratio = inp.compression[i] as number;
  const hotShare = inp.hotShare[i] as number;
  const protectedGiB = inp.protectedGiB[i] as number;
  let hot: number;
  let cold: number;
  let growth = 0;
  if ((s.firstDay[i] as number) < 0) {
    s.firstDay[i] = day;
    hot = protectedGiB * hotShare;
    cold = protectedGiB - hot;
  } else {
    const gap = day - (s.lastRunDay[i] as number);
    if (gap <= 0) return 0;
    const sinceFirst = (s.lastRunDay[i] as number) - (s.firstDay[i] as number);
    const g = inp.growthGiBPerDay[i] as number;
    const coldThen = protectedGiB * (1 - hotShare) + g * sinceFirst;
    // Changed at least once in `gap` days: 1 − (1 − q)^gap (no pow for the usual one day).
    const qh = inp.hotChange[i] as number;
    const qc = inp.coldChange[i] as number;
    const k = (s.decayPair[i] as number) * DECAY_DAYS + gap;
    hot = protectedGiB * hotShare * (gap === 1 ? qh : 1 - (gap < DECAY_DAYS ? (s.decayHot[k] as number) : Math.pow(1 - qh, gap)));
    cold = coldThen * (gap === 1 ? qc : 1 - (gap < DECAY_DAYS ? (s.decayCold[k] as number) : Math.pow(1 - qc, gap)));
    growth = g * gap;
  }
  const before = inp.coldBeforeShare[i] as number;
  const hotU = hot * ratio;
  const coldBefore = cold * before * ratio;
  const coldAfter = (cold * (1 - before) + growth) * ratio;
  if (hotU + coldBefore + coldAfter <= EPS) return 0;

  // The new version (and its dlist) this upload belongs to.
  const vc = s.vCount[i] as number;
  if (vc >= s.vcap) throw new InvariantError(`device ${i}: more than ${s.vcap - 1} live versions; the retention bound is wrong`);
  const v = i * s.vcap + vc;
  const sec = ctx.epochSec + t * SECONDS_PER_DAY;
  const currentGiB = protectedGiB + (inp.growthGiBPerDay[i] as number) * (day - (s.firstDay[i] as number));
  const dlistBytes = Math.round(currentGiB * (inp.filesPerGiB[i] as number)) * DLIST_BYTES_PER_FILE;
  s.vSec[v] = sec;
  s.vDay[v] = day;
  s.vDlistGiB[v] = dlistBytes / GIB;
  s.vDlistPath[v] = ctx.paths.pathOf(KIND_DLIST, dlistBytes);
  s.vHead[v] = -1;
  s.vCount[i] = vc + 1;

  // Settled records of one path become one; worth a pass only once a few have piled up.
  if (!ctx.o.autoCompact && (s.rCount[i] as number) > ctx.paths.paths.length) consolidateLoose(ctx, s, i, t);
  const g = splitUpload(coldBefore, hotU, coldAfter, s.fullVolGiB[i] as number, s.groups);
  let lastGiB = 0;
  let n = 0;
  for (let k = 0; k < g.count; k++) {
    const volumes = g.volumes[k] as number;
    const volGiB = g.volumeGiB[k] as number;
    lastGiB = volGiB;
    if (ctx.o.autoCompact) s.scratchRecords[n++] = addRecord(ctx, s, i, v, t, volumes, volGiB, g.hotGiB[k] as number, g.coldGiB[k] as number);
    else if (addLooseVolumes(ctx, s, i, n, t, volumes, volGiB)) n++;
  }
  if (n > 0) putRecords(ctx, s, s.scratchRecords, n, C_PUT);
  ctx.ledger.put(s.vDlistPath[v] as number, t, 1, dlistBytes / GIB, padGiB(1, dlistBytes), C_PUT);
  ctx.counters.puts += 1;
  ctx.counters.uploadedGiB += dlistBytes / GIB;
  return lastGiB;
}

/** Runs retention at `tr`; deleted versions lose their dlist and their segments merge forward. */
function retention(ctx: EngineContext, s: DeviceStates, i: number, tr: number): number {
  const count = s.vCount[i] as number;
  if (count === 0) return 0;
  const base = i * s.vcap;
  const times = s.scratchTimes;
  for (let k = 0; k < count; k++) times[k] = s.vSec[base + k] as number;
  const keep = s.scratchKeep;
  const deleted = applyRetention(ctx.rules, times, s.scratchPartial, count, ctx.epochSec + tr * SECONDS_PER_DAY, keep);
  if (deleted === 0) return 0;
  // Walk newest to oldest so that each deleted version knows the next retained one.
  let next = -1;
  for (let k = count - 1; k >= 0; k--) {
    const v = base + k;
    if (keep[k]) {
      next = v;
      continue;
    }
    const created = ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY;
    const dlistGiB = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, created, tr, 1, dlistGiB, padGiB(1, dlistGiB * GIB));
    ctx.counters.deletes += 1;
    if (next < 0) throw new InvariantError('retention deleted the newest version');
    mergeSegment(ctx, s, i, v, next, tr);
  }
  // Keep the surviving versions dense.
  let w = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    s.vSec[base + w] = s.vSec[base + k] as number;
    s.vDay[base + w] = s.vDay[base + k] as number;
    s.vDlistGiB[base + w] = s.vDlistGiB[base + k] as number;
    s.vDlistPath[base + w] = s.vDlistPath[base + k] as number;
    s.vHead[base + w] = s.vHead[base + k] as number;
    w++;
  }
  s.vCount[i] = w;
  return deleted;
}

/**
 * Version slot `from` is gone: its records now belong to the next retained version `to`, so their
 * blocks survive only if unchanged until that version's day. Volumes whose every block died are
 * deleted right away when auto-compact is on (Duplicati deletes them without downloading).
 */
function mergeSegment(ctx: EngineContext, s: DeviceStates, i: number, from: number, to: number, tr: number): void {
  const days = (s.vDay[to] as number) - (s.vDay[from] as number);
  let fh: number;
  let fc: number;
  if (days < DECAY_DAYS) {
    const k = (s.decayPair[i] as number) * DECAY_DAYS + days;
    fh = s.decayHot[k] as number;
    fc = s.decayCold[k] as number;
  } else {
    fh = Math.pow(1 - (s.input.hotChange[i] as number), days);
    fc = Math.pow(1 - (s.input.coldChange[i] as number), days);
  }
  let r = s.vHead[from] as number;
  s.vHead[from] = -1;
  while (r >= 0) {
    const next = s.rNext[r] as number;
    s.rLh[r] = (s.rLh[r] as number) * fh;
    s.rLc[r] = (s.rLc[r] as number) * fc;
    s.rDeadLog[r] = deadLog(s, r);
    if (ctx.o.autoCompact) deleteDeadVolumes(ctx, s, i, r, tr);
    refreshRecord(ctx, s, i, r);
    if ((s.rVol[r] as number) <= EPS) {
      freeRecord(s, i, r);
    } else {
      // Join a record of the same kind in the new segment, or head its list.
      let into = -1;
      for (let q = s.vHead[to] as number; q >= 0; q = s.rNext[q] as number) {
        if (mergeable(ctx, s, r, q, tr)) {
          into = q;
          break;
        }
      }
      if (into >= 0) {
        mergeInto(ctx, s, i, r, into);
        freeRecord(s, i, r);
      } else {
        s.rNext[r] = s.vHead[to] as number;
        s.vHead[to] = r;
      }
    }
    r = next;
  }
}

/** Deletes the volumes of record r that are expected to have no live block left. */
function deleteDeadVolumes(ctx: EngineContext, s: DeviceStates, i: number, r: number, tr: number): void {
  const vol0 = s.rVol0[r] as number;
  const blocks = s.rBlocks[r] as number;
  const l0h = s.rL0h[r] as number;
  const l0c = s.rL0c[r] as number;
  const l0 = l0h + l0c;
  if (l0 <= 0) return;
  // The chance that all blocks of a volume are dead: Π (1 − s) over its blocks (kept in rDeadLog).
  const log = s.rDeadLog[r] as number;
  if (log < DEAD_NEVER) return;
  const dead = Math.exp(log);
  const newlyDead = vol0 * dead - (vol0 - (s.rVol[r] as number));
  if (newlyDead > EPS) deleteVolumes(ctx, s, r, Math.min(newlyDead, s.rVol[r] as number), tr);
}

/**
 * Compaction (duplicati.md §3): if the totals call for it, download every waste and small volume,
 * re-upload their live data and delete them. A volume that cannot be read (archived) makes the
 * download fail after its retries, and the compaction stops with nothing changed.
 */
function compact(ctx: EngineContext, s: DeviceStates, i: number, tr: number): void {
  const o = ctx.o;
  const totals = {
    allDataBytes: (s.aData[i] as number) * GIB,
    wasteInWasteVolumesBytes: (s.aWaste[i] as number) * GIB,
    wasteVolumeCount: s.aWasteN[i] as number,
    smallBytes: (s.aSmall[i] as number) * GIB,
    smallVolumeCount: s.aSmallN[i] as number,
  };
  if (!shouldCompact(totals, o)) return;
  const l = ctx.ledger;
  const vbase = i * s.vcap;
  const versions = s.vCount[i] as number;
  const month = l.dayMonth[Math.floor(tr)] as number;
  // Volumes are downloaded oldest first: the first unreadable one stops the compaction.
  for (let v = vbase; v < vbase + versions; v++) {
    for (let r = s.vHead[v] as number; r >= 0; r = s.rNext[r] as number) {
      if (!(s.rFlags[r] as number) || l.readable(s.rPath[r] as number, s.rCreated[r] as number, tr)) continue;
      l.get(s.rPath[r] as number, s.rCreated[r] as number, tr, BACKEND_ATTEMPTS, 0, C_COMPACTION);
      ctx.counters.gets += BACKEND_ATTEMPTS;
      ctx.findings.compactionFailures[month] = (ctx.findings.compactionFailures[month] as number) + 1;
      ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + BACKEND_ATTEMPTS;
      return;
    }
  }
  ctx.counters.compactions += 1;
  // Download every chosen volume, keep its live data per segment, delete it.
  const live = s.scratchLive;
  let totalLive = 0;
  for (let k = 0; k < versions; k++) {
    live.hot[k] = 0;
    live.cold[k] = 0;
    const v = vbase + k;
    let prev = -1;
    for (let r = s.vHead[v] as number; r >= 0; ) {
      const next = s.rNext[r] as number;
      const vol = s.rVol[r] as number;
      if (!(s.rFlags[r] as number) || vol <= EPS) {
        prev = r;
        r = next;
        continue;
      }
      const data = vol * (s.rVolGiB[r] as number);
      l.get(s.rPath[r] as number, s.rCreated[r] as number, tr, vol, data, C_COMPACTION);
      if (ctx.downloadsAreEgress) l.transferOut(tr, data, C_COMPACTION);
      ctx.counters.gets += vol;
      live.hot[k] = (live.hot[k] as number) + (s.rLh[r] as number);
      live.cold[k] = (live.cold[k] as number) + (s.rLc[r] as number);
      totalLive += (s.rLh[r] as number) + (s.rLc[r] as number);
      deleteVolumes(ctx, s, r, vol, tr);
      if (prev < 0) s.vHead[v] = next;
      else s.rNext[prev] = next;
      freeRecord(s, i, r);
      r = next;
    }
  }
  // Re-upload the live data in full dblocks; each segment's share stays in its segment.
  const newVolumes = totalLive > EPS ? Math.ceil(totalLive / (s.fullVolGiB[i] as number) - EPS) : 0;
  if (newVolumes === 0) return;
  const avgVol = totalLive / newVolumes;
  for (let k = 0; k < versions; k++) {
    const hot = live.hot[k] as number;
    const cold = live.cold[k] as number;
    if (hot + cold <= EPS) continue;
    s.scratchRecords[0] = addRecord(ctx, s, i, vbase + k, tr, (newVolumes * (hot + cold)) / totalLive, avgVol, hot, cold);
    putRecords(ctx, s, s.scratchRecords, 1, C_COMPACTION);
  }
}

/**
 * Verification samples (duplicati.md §4): each reads a dlist, a dindex and a dblock, preferring
 * objects never verified. Duplicati 2.2 skips objects listed in an archive class, so it reads
 * what it can among the newest objects; before 2.2 it reads the oldest (never verified) ones and
 * a GET of an archived one fails after its retries. The scan stops after a few volume groups:
 * the objects sampled are the newest (2.2) or oldest (legacy) few.
 */
function verify(ctx: EngineContext, s: DeviceStates, i: number, tr: number): void {
  const volumes = s.aVolumes[i] as number;
  const versions = s.vCount[i] as number;
  const samples = verificationSamples(ctx.o, volumes);
  if (samples <= 0 || versions === 0) return;
  const legacy = ctx.o.version === 'legacy';
  const vbase = i * s.vcap;
  // dblocks (and their dindex files): the loose list is newest first; segments go by version.
  let need = Math.min(samples, volumes);
  let scanned = 0;
  if ((s.rLoose[i] as number) >= 0) {
    for (let r = s.rLoose[i] as number; r >= 0 && need > EPS && scanned < VERIFY_SCAN; r = s.rNext[r] as number, scanned++) {
      // Legacy prefers the oldest: the end of the list.
      if (legacy && (s.rNext[r] as number) >= 0) continue;
      need -= sampleVolumes(ctx, s, r, tr, need, legacy);
    }
  } else {
    for (let k = 0; k < versions && need > EPS && scanned < VERIFY_SCAN; k++) {
      const v = vbase + (legacy ? k : versions - 1 - k);
      for (let r = s.vHead[v] as number; r >= 0 && need > EPS && scanned < VERIFY_SCAN; r = s.rNext[r] as number, scanned++) {
        need -= sampleVolumes(ctx, s, r, tr, need, legacy);
      }
    }
  }
  // dlists, newest (2.2) or oldest (legacy) first.
  let dlists = Math.min(samples, versions);
  for (let k = 0; k < versions && k < VERIFY_SCAN && dlists > 0; k++) {
    const v = vbase + (legacy ? k : versions - 1 - k);
    const created = ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY;
    if (readSample(ctx, s.vDlistPath[v] as number, created, tr, 1, s.vDlistGiB[v] as number, legacy) || legacy) dlists--;
  }
}

/** Samples up to `need` volumes of record r (dblock and dindex each); returns how many count as sampled. */
function sampleVolumes(ctx: EngineContext, s: DeviceStates, r: number, tr: number, need: number, legacy: boolean): number {
  const vol = s.rVol[r] as number;
  if (vol <= EPS) return 0;
  const take = Math.min(need, vol);
  const created = s.rCreated[r] as number;
  if (readSample(ctx, s.rPath[r] as number, created, tr, take, s.rVolGiB[r] as number, legacy)) {
    readSample(ctx, s.rIPath[r] as number, created, tr, take, s.rIdxGiB[r] as number, legacy);
    return take;
  }
  return legacy ? take : 0;
}

/** Volume groups (or dlists) a verification looks at before giving up on finding more to read. */
const VERIFY_SCAN = 8;

/**
 * GETs `n` sampled objects of one kind and returns whether they could be read. An archived one is
 * skipped by Duplicati 2.2, and fails after its retries before 2.2 (billed: 4xx responses are).
 */
function readSample(ctx: EngineContext, path: number, created: number, tr: number, n: number, gib: number, legacy: boolean): boolean {
  const l = ctx.ledger;
  if (created > Math.floor(tr)) {
    // Written today after midnight: still in the initial class; summed, billed when the day closes.
    if (l.readFresh(path, n, n * gib, C_VERIFICATION, ctx.downloadsAreEgress)) {
      ctx.counters.gets += n;
      return true;
    }
  } else if (l.readable(path, created, tr)) {
    l.get(path, created, tr, n, n * gib, C_VERIFICATION);
    if (ctx.downloadsAreEgress) l.transferOut(tr, n * gib, C_VERIFICATION);
    ctx.counters.gets += n;
    return true;
  }
  if (legacy) {
    const month = l.dayMonth[Math.floor(tr)] as number;
    l.get(path, created, tr, n * BACKEND_ATTEMPTS, 0, C_VERIFICATION);
    ctx.counters.gets += n * BACKEND_ATTEMPTS;
    ctx.findings.verificationFailures[month] = (ctx.findings.verificationFailures[month] as number) + n;
    ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + n * BACKEND_ATTEMPTS;
  }
  return false;
}

// ------------------------------------------------------------------ whole-device operations

/** Calls fn for every record of device i (fn may free the record it is given). */
function forEachRecord(s: DeviceStates, i: number, fn: (r: number) => void): void {
  for (let r = s.rLoose[i] as number; r >= 0; ) {
    const next = s.rNext[r] as number;
    fn(r);
    r = next;
  }
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) {
    for (let r = s.vHead[v] as number; r >= 0; ) {
      const next = s.rNext[r] as number;
      fn(r);
      r = next;
    }
  }
}

export interface RestorePlan {
  readonly tier: RestoreTier;
  /** Days the restored copies are kept. */
  readonly days: number;
  /** Without the local database every dindex file and the dlist are read too. */
  readonly lostDatabase: boolean;
}

/**
 * A full restore of the latest version (duplicati.md §5): every dblock is read (in practice
 * nearly every volume holds some block of the latest version); without the local database also
 * every dindex and the newest dlist. Archived objects are first restored (RestoreObject), then
 * read from the temporary copy.
 */
export function restoreDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number, plan: RestorePlan): void {
  const l = ctx.ledger;
  const month = l.dayMonth[Math.min(l.days, Math.floor(t))] as number;
  let read = 0;
  const readObjects = (path: number, created: number, count: number, gib: number) => {
    if (count <= EPS) return;
    if (!l.readable(path, created, t)) l.restore(path, created, t, count, gib, plan.tier, plan.days);
    l.get(path, created, t, count, gib, C_RESTORE);
    if (ctx.downloadsAreEgress) l.transferOut(t, gib, C_RESTORE);
    ctx.counters.gets += count;
    read += gib;
  };
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    readObjects(s.rPath[r] as number, s.rCreated[r] as number, vol, vol * (s.rVolGiB[r] as number));
    if (plan.lostDatabase) readObjects(s.rIPath[r] as number, s.rCreated[r] as number, vol, vol * (s.rIdxGiB[r] as number));
  });
  const versions = s.vCount[i] as number;
  if (plan.lostDatabase && versions > 0) {
    const v = i * s.vcap + versions - 1;
    readObjects(s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, 1, s.vDlistGiB[v] as number);
  }
  ctx.findings.restores[month] = (ctx.findings.restores[month] as number) + 1;
  ctx.findings.restoredGiB[month] = (ctx.findings.restoredGiB[month] as number) + read;
}

/** Stored sizes and object counts of device i (what the oracle reports per day). */
export function deviceTotals(s: DeviceStates, i: number) {
  let dblockGiB = 0;
  let dindexGiB = 0;
  let volumes = 0;
  let live = 0;
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    volumes += vol;
    dblockGiB += vol * (s.rVolGiB[r] as number);
    dindexGiB += vol * (s.rIdxGiB[r] as number);
    live += (s.rLh[r] as number) + (s.rLc[r] as number);
  });
  let dlistGiB = 0;
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) dlistGiB += s.vDlistGiB[v] as number;
  return { dblockGiB, dindexGiB, dlistGiB, volumes, versions: s.vCount[i] as number, liveGiB: live };
}

/** Deletes everything device i has in the bucket (a retired device whose prefix is removed). */
export function deleteDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  forEachRecord(s, i, (r) => {
    const vol = s.rVol[r] as number;
    if (vol > EPS) deleteVolumes(ctx, s, r, vol, t);
  });
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) {
    const gib = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, t, 1, gib, padGiB(1, gib * GIB));
    ctx.counters.deletes += 1;
  }
  forEachRecord(s, i, (r) => freeRecord(s, i, r));
  s.rLoose[i] = -1;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) s.vHead[v] = -1;
  s.vCount[i] = 0;
  s.aData[i] = 0;
  s.aWaste[i] = 0;
  s.aWasteN[i] = 0;
  s.aSmall[i] = 0;
  s.aSmallN[i] = 0;
  s.aVolumes[i] = 0;
}
