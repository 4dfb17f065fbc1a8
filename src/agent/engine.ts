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
 * for versions and records, so the hot path allocates nothing.
 */
import { invariant } from '../errors.js';
import { applyRetention } from '../retention/engine.js';
import type { RetentionRules } from '../retention/rules.js';
import type { ObjectLedger } from '../storage/ledger.js';
import { GIB, KIB, SECONDS_PER_DAY } from '../units.js';
import { compactionConsidered, isSmallVolume, isWasteVolume, shouldCompact, verificationSamples } from './compaction-rules.js';
import { BACKEND_ATTEMPTS, blocksPerDblock, dindexBytes, DLIST_BYTES_PER_FILE, LIST_PAGE_SIZE, type AgentOptions } from './model.js';
import type { PathTable } from './objects.js';
import { splitUpload } from './volumes.js';

const SMALL_OBJECT_BYTES = 128 * KIB;
// Indices into OBJECT_KINDS.
const KIND_DBLOCK = 0;
const KIND_DINDEX = 1;
const KIND_DLIST = 2;
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
  /** Records merged early to stay within the per-device capacity (an approximation). */
  forcedMerges: number;
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

/** Per-device state of a shard. Record and version slices are [i × cap, i × cap + count). */
export interface DeviceStates {
  readonly n: number;
  readonly vcap: number;
  readonly rcap: number;
  readonly input: DeviceInputs;
  // Device scalars
  readonly firstDay: Int32Array; // day of the first backup, -1 before it
  readonly lastRunDay: Int32Array;
  readonly blockGiB: Float64Array; // stored size of one block
  readonly fullVolGiB: Float64Array; // stored size of a full dblock
  readonly vCount: Int32Array;
  readonly rCount: Int32Array;
  // Compaction totals per device (over volumes not yet deleted)
  readonly aData: Float64Array;
  readonly aWaste: Float64Array;
  readonly aWasteN: Float64Array;
  readonly aSmall: Float64Array;
  readonly aSmallN: Float64Array;
  readonly aVolumes: Float64Array;
  // Versions
  readonly vSec: Float64Array; // epoch seconds of the backup start
  readonly vDay: Int32Array;
  readonly vDlistGiB: Float32Array;
  readonly vDlistPath: Uint8Array;
  // Records (volume groups)
  readonly rSeg: Float64Array; // epoch seconds of the segment's version
  readonly rSegDay: Int32Array;
  readonly rCreated: Float64Array; // days, when the volumes were written
  readonly rVol0: Float32Array;
  readonly rVol: Float32Array;
  readonly rVolGiB: Float32Array;
  readonly rBlocks: Float32Array;
  readonly rL0h: Float32Array;
  readonly rL0c: Float32Array;
  readonly rLh: Float32Array;
  readonly rLc: Float32Array;
  readonly rPath: Uint8Array;
  readonly rIPath: Uint8Array;
  readonly rIdxGiB: Float32Array;
  readonly rFlags: Uint8Array;
  // Cached at the last refresh and counted in the device totals: volumes, data, waste.
  readonly rCVol: Float32Array;
  readonly rCData: Float32Array;
  readonly rCWaste: Float32Array;
  /** Every record column, for moving whole records. */
  readonly recordColumns: readonly (Float64Array | Float32Array | Int32Array | Uint8Array)[];
  // Scratch for the retention engine and compaction
  readonly scratchTimes: Float64Array;
  readonly scratchPartial: Uint8Array;
  readonly scratchKeep: Uint8Array;
  /** Live data per segment gathered by a compaction. */
  readonly scratchSeg: { readonly sec: Float64Array; readonly day: Int32Array; readonly hot: Float64Array; readonly cold: Float64Array };
}

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
    vCount: new Int32Array(n),
    rCount: new Int32Array(n),
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
    rSeg: new Float64Array(n * rcap),
    rSegDay: new Int32Array(n * rcap),
    rCreated: new Float64Array(n * rcap),
    rVol0: new Float32Array(n * rcap),
    rVol: new Float32Array(n * rcap),
    rVolGiB: new Float32Array(n * rcap),
    rBlocks: new Float32Array(n * rcap),
    rL0h: new Float32Array(n * rcap),
    rL0c: new Float32Array(n * rcap),
    rLh: new Float32Array(n * rcap),
    rLc: new Float32Array(n * rcap),
    rPath: new Uint8Array(n * rcap),
    rIPath: new Uint8Array(n * rcap),
    rIdxGiB: new Float32Array(n * rcap),
    rFlags: new Uint8Array(n * rcap),
    rCVol: new Float32Array(n * rcap),
    rCData: new Float32Array(n * rcap),
    rCWaste: new Float32Array(n * rcap),
    recordColumns: [],
    scratchTimes: new Float64Array(vcap),
    scratchPartial: new Uint8Array(vcap),
    scratchKeep: new Uint8Array(vcap),
    scratchSeg: { sec: new Float64Array(rcap), day: new Int32Array(rcap), hot: new Float64Array(rcap), cold: new Float64Array(rcap) },
  };
  (s as { recordColumns: DeviceStates['recordColumns'] }).recordColumns = [
    s.rSeg, s.rSegDay, s.rCreated, s.rVol0, s.rVol, s.rVolGiB, s.rBlocks, s.rL0h, s.rL0c, s.rLh, s.rLc, s.rPath, s.rIPath, s.rIdxGiB, s.rFlags, s.rCVol, s.rCData, s.rCWaste,
  ];
  for (let i = 0; i < n; i++) {
    const blockStored = o.blockBytes * (input.compression[i] as number);
    s.blockGiB[i] = blockStored / GIB;
    s.fullVolGiB[i] = (blocksPerDblock(o.dblockBytes, blockStored) * blockStored) / GIB;
  }
  return s;
}

export function emptyCounters(): EngineCounters {
  return { puts: 0, gets: 0, deletes: 0, lists: 0, uploadedGiB: 0, compactions: 0, deletedDblocks: 0, deletedDblockAgeDaysSum: 0 };
}

export function emptyFindings(months: number): EngineFindings {
  return {
    compactionFailures: new Float64Array(months),
    archivedGetAttempts: new Float64Array(months),
    verificationFailures: new Float64Array(months),
    forcedMerges: 0,
  };
}

// ------------------------------------------------------------------ record bookkeeping

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

/** Removes record slot r (its contribution must already be zero or be removed here). */
function removeRecord(s: DeviceStates, i: number, r: number): void {
  addContribution(s, i, r, -1);
  const base = i * s.rcap;
  const end = base + (s.rCount[i] as number);
  for (const col of s.recordColumns) col.copyWithin(r, r + 1, end);
  s.rCount[i] = (s.rCount[i] as number) - 1;
}

/** Opens a slot at position r (shifting later records up); the caller fills it. */
function insertRecordSlot(s: DeviceStates, i: number, r: number): void {
  const base = i * s.rcap;
  const end = base + (s.rCount[i] as number);
  for (const col of s.recordColumns) col.copyWithin(r + 1, r, end);
  s.rCount[i] = (s.rCount[i] as number) + 1;
  s.rCVol[r] = 0;
  s.rCData[r] = 0;
  s.rFlags[r] = 0;
}

/** Small-object padding of `count` objects of `bytes` each, GiB (billed only in SIA/ZIA/GIR). */
function padGiB(count: number, bytes: number): number {
  return bytes < SMALL_OBJECT_BYTES ? (count * (SMALL_OBJECT_BYTES - bytes)) / GIB : 0;
}

/** Writes a record of `volumes` volumes (kept in segment order) and puts its dblocks and dindex files. */
function addRecord(
  ctx: EngineContext,
  s: DeviceStates,
  i: number,
  seg: number,
  segDay: number,
  created: number,
  volumes: number,
  volGiB: number,
  hot: number,
  cold: number,
  cause: 'put' | 'compaction',
): void {
  if (volumes <= EPS) return;
  if ((s.rCount[i] as number) >= s.rcap) mergeToFit(ctx, s, i);
  const base = i * s.rcap;
  let r = base + (s.rCount[i] as number);
  while (r > base && (s.rSeg[r - 1] as number) > seg) r--;
  insertRecordSlot(s, i, r);
  const blocks = volGiB / (s.blockGiB[i] as number);
  const idxBytes = dindexBytes(Math.round(blocks));
  s.rSeg[r] = seg;
  s.rSegDay[r] = segDay;
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
  refreshRecord(ctx, s, i, r);
  const l = ctx.ledger;
  l.put(s.rPath[r] as number, created, volumes, volumes * volGiB, padGiB(volumes, volGiB * GIB), cause);
  l.put(s.rIPath[r] as number, created, volumes, (volumes * idxBytes) / GIB, padGiB(volumes, idxBytes), cause);
  ctx.counters.puts += 2 * volumes;
  ctx.counters.uploadedGiB += volumes * (volGiB + idxBytes / GIB);
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
 * Keeps a device within its record capacity: merges two neighbouring records of the same
 * segment and path (their data then ages identically), preferring the oldest such pair.
 * Falls back to neighbours across segments, counted as a forced merge.
 */
function mergeToFit(ctx: EngineContext, s: DeviceStates, i: number): void {
  const base = i * s.rcap;
  const count = s.rCount[i] as number;
  let pick = -1;
  for (let r = base; r + 1 < base + count; r++) {
    if (s.rSeg[r] === s.rSeg[r + 1] && s.rPath[r] === s.rPath[r + 1]) {
      pick = r;
      break;
    }
  }
  if (pick < 0) {
    ctx.findings.forcedMerges++;
    for (let r = base; r + 1 < base + count && pick < 0; r++) if (s.rPath[r] === s.rPath[r + 1]) pick = r;
    if (pick < 0) pick = base;
  }
  const a = pick;
  const b = pick + 1;
  addContribution(s, i, a, -1);
  const volA = s.rVol[a] as number;
  const volB = s.rVol[b] as number;
  const vol = volA + volB;
  const dataA = volA * (s.rVolGiB[a] as number);
  const dataB = volB * (s.rVolGiB[b] as number);
  if (vol > EPS) {
    s.rCreated[b] = ((s.rCreated[a] as number) * dataA + (s.rCreated[b] as number) * dataB) / Math.max(EPS, dataA + dataB);
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
  s.rCData[a] = 0;
  removeRecord(s, i, a);
  refreshRecord(ctx, s, i, a); // the merged record now sits at a
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
  const upload = uploadChanges(ctx, s, i, t, day);
  const deleted = retention(ctx, s, i, tr);
  if (compactionConsidered(o, deleted > 0, upload.lastGiB * GIB)) compact(ctx, s, i, tr);
  if (o.backendVerification) {
    listPrefix(ctx, s, i, tr);
    verify(ctx, s, i, tr);
  }
  s.lastRunDay[i] = day;
}

function listPrefix(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  const objects = 2 * (s.aVolumes[i] as number) + (s.vCount[i] as number);
  const n = Math.max(1, Math.ceil(objects / LIST_PAGE_SIZE - EPS));
  ctx.ledger.list(t, n, 'list');
  ctx.counters.lists += n;
}

/** Uploads the blocks changed since the last run; returns the size of the last dblock (0: nothing). */
function uploadChanges(ctx: EngineContext, s: DeviceStates, i: number, t: number, day: number): { lastGiB: number } {
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
    if (gap <= 0) return { lastGiB: 0 };
    const sinceFirst = (s.lastRunDay[i] as number) - (s.firstDay[i] as number);
    const g = inp.growthGiBPerDay[i] as number;
    const coldThen = protectedGiB * (1 - hotShare) + g * sinceFirst;
    hot = protectedGiB * hotShare * (1 - Math.pow(1 - (inp.hotChange[i] as number), gap));
    cold = coldThen * (1 - Math.pow(1 - (inp.coldChange[i] as number), gap));
    growth = g * gap;
  }
  const before = inp.coldBeforeShare[i] as number;
  const hotU = hot * ratio;
  const coldBefore = cold * before * ratio;
  const coldAfter = (cold * (1 - before) + growth) * ratio;
  if (hotU + coldBefore + coldAfter <= EPS) return { lastGiB: 0 };

  // The new version (and its dlist) this upload belongs to.
  const vc = s.vCount[i] as number;
  invariant(vc < s.vcap, () => `device ${i}: more than ${s.vcap - 1} live versions; the retention bound is wrong`);
  const v = i * s.vcap + vc;
  const sec = ctx.epochSec + t * SECONDS_PER_DAY;
  const currentGiB = protectedGiB + (inp.growthGiBPerDay[i] as number) * (day - (s.firstDay[i] as number));
  const dlistBytes = Math.round(currentGiB * (inp.filesPerGiB[i] as number)) * DLIST_BYTES_PER_FILE;
  s.vSec[v] = sec;
  s.vDay[v] = day;
  s.vDlistGiB[v] = dlistBytes / GIB;
  s.vDlistPath[v] = ctx.paths.pathOf(KIND_DLIST, dlistBytes);
  s.vCount[i] = vc + 1;

  let lastGiB = 0;
  for (const g of splitUpload(coldBefore, hotU, coldAfter, s.fullVolGiB[i] as number)) {
    addRecord(ctx, s, i, sec, day, t, g.volumes, g.volumeGiB, g.hotGiB, g.coldGiB, 'put');
    lastGiB = g.volumeGiB;
  }
  ctx.ledger.put(s.vDlistPath[v] as number, t, 1, dlistBytes / GIB, padGiB(1, dlistBytes), 'put');
  ctx.counters.puts += 1;
  ctx.counters.uploadedGiB += dlistBytes / GIB;
  return { lastGiB };
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
  let nextSec = -1;
  let nextDay = 0;
  for (let k = count - 1; k >= 0; k--) {
    const v = base + k;
    if (keep[k]) {
      nextSec = s.vSec[v] as number;
      nextDay = s.vDay[v] as number;
      continue;
    }
    const created = ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY;
    const dlistGiB = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, created, tr, 1, dlistGiB, padGiB(1, dlistGiB * GIB));
    ctx.counters.deletes += 1;
    if (nextSec >= 0) mergeSegment(ctx, s, i, s.vSec[v] as number, s.vDay[v] as number, nextSec, nextDay, tr);
  }
  // Keep the surviving versions dense.
  let w = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    s.vSec[base + w] = s.vSec[base + k] as number;
    s.vDay[base + w] = s.vDay[base + k] as number;
    s.vDlistGiB[base + w] = s.vDlistGiB[base + k] as number;
    s.vDlistPath[base + w] = s.vDlistPath[base + k] as number;
    w++;
  }
  s.vCount[i] = w;
  return deleted;
}

/**
 * Version `fromSec` is gone: its records now belong to the next retained version, so their blocks
 * survive only if unchanged until that version's day. Volumes whose every block died are deleted
 * right away when auto-compact is on (Duplicati deletes them without downloading).
 */
function mergeSegment(ctx: EngineContext, s: DeviceStates, i: number, fromSec: number, fromDay: number, toSec: number, toDay: number, tr: number): void {
  const base = i * s.rcap;
  const end = base + (s.rCount[i] as number);
  // Records are sorted by segment: find the first of `fromSec` by binary search.
  let lo = base;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.rSeg[mid] as number) < fromSec) lo = mid + 1;
    else hi = mid;
  }
  const inp = s.input;
  const days = toDay - fromDay;
  const fh = Math.pow(1 - (inp.hotChange[i] as number), days);
  const fc = Math.pow(1 - (inp.coldChange[i] as number), days);
  for (let r = lo; r < end && s.rSeg[r] === fromSec; r++) {
    s.rSeg[r] = toSec;
    s.rSegDay[r] = toDay;
    s.rLh[r] = (s.rLh[r] as number) * fh;
    s.rLc[r] = (s.rLc[r] as number) * fc;
    if (ctx.o.autoCompact) deleteDeadVolumes(ctx, s, i, r, tr);
    refreshRecord(ctx, s, i, r);
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
  const sh = l0h > 0 ? (s.rLh[r] as number) / l0h : 0;
  const sc = l0c > 0 ? (s.rLc[r] as number) / l0c : 0;
  // Blocks per volume of each kind, and the chance that all of them are dead.
  const dead = Math.pow(1 - sh, (blocks * l0h) / l0) * Math.pow(1 - sc, (blocks * l0c) / l0);
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
  const base = i * s.rcap;
  const end = base + (s.rCount[i] as number);
  const month = l.dayMonth[Math.floor(tr)] as number;
  // Volumes are downloaded oldest first: the first unreadable one stops the compaction.
  for (let r = base; r < end; r++) {
    if (!(s.rFlags[r] as number) || (s.rVol[r] as number) <= EPS) continue;
    if (!l.readable(s.rPath[r] as number, s.rCreated[r] as number, tr)) {
      l.get(s.rPath[r] as number, s.rCreated[r] as number, tr, BACKEND_ATTEMPTS, 0, 'compaction');
      ctx.counters.gets += BACKEND_ATTEMPTS;
      ctx.findings.compactionFailures[month] = (ctx.findings.compactionFailures[month] as number) + 1;
      ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + BACKEND_ATTEMPTS;
      return;
    }
  }
  ctx.counters.compactions += 1;
  // Download every chosen volume and gather its live data per segment, then delete it.
  const segs = s.scratchSeg;
  let nSegs = 0;
  let totalLive = 0;
  for (let r = base; r < end; r++) {
    const vol = s.rVol[r] as number;
    if (!(s.rFlags[r] as number) || vol <= EPS) continue;
    const data = vol * (s.rVolGiB[r] as number);
    l.get(s.rPath[r] as number, s.rCreated[r] as number, tr, vol, data, 'compaction');
    if (ctx.downloadsAreEgress) l.transferOut(tr, data, 'compaction');
    ctx.counters.gets += vol;
    const seg = s.rSeg[r] as number;
    if (nSegs === 0 || segs.sec[nSegs - 1] !== seg) {
      segs.sec[nSegs] = seg;
      segs.day[nSegs] = s.rSegDay[r] as number;
      segs.hot[nSegs] = 0;
      segs.cold[nSegs] = 0;
      nSegs++;
    }
    segs.hot[nSegs - 1] = (segs.hot[nSegs - 1] as number) + (s.rLh[r] as number);
    segs.cold[nSegs - 1] = (segs.cold[nSegs - 1] as number) + (s.rLc[r] as number);
    totalLive += (s.rLh[r] as number) + (s.rLc[r] as number);
    deleteVolumes(ctx, s, r, vol, tr);
    s.rLh[r] = 0;
    s.rLc[r] = 0;
    refreshRecord(ctx, s, i, r);
  }
  dropEmptyRecords(s, i);
  // Re-upload the live data in full dblocks; each segment's share stays in its segment.
  const newVolumes = totalLive > EPS ? Math.ceil(totalLive / (s.fullVolGiB[i] as number) - EPS) : 0;
  if (newVolumes === 0) return;
  const avgVol = totalLive / newVolumes;
  for (let k = 0; k < nSegs; k++) {
    const hot = segs.hot[k] as number;
    const cold = segs.cold[k] as number;
    if (hot + cold <= EPS) continue;
    addRecord(ctx, s, i, segs.sec[k] as number, segs.day[k] as number, tr, (newVolumes * (hot + cold)) / totalLive, avgVol, hot, cold, 'compaction');
  }
}

function dropEmptyRecords(s: DeviceStates, i: number): void {
  const base = i * s.rcap;
  for (let r = base + (s.rCount[i] as number) - 1; r >= base; r--) if ((s.rVol[r] as number) <= EPS) removeRecord(s, i, r);
}

/**
 * Verification samples (duplicati.md §4): a dlist, a dindex and a dblock each. Duplicati 2.2 skips
 * objects listed in an archive class and reads the newest ones it can; before 2.2 it prefers
 * objects never verified — the oldest — and a GET of an archived one fails after its retries.
 */
function verify(ctx: EngineContext, s: DeviceStates, i: number, tr: number): void {
  const volumes = s.aVolumes[i] as number;
  const versions = s.vCount[i] as number;
  const samples = verificationSamples(ctx.o, volumes);
  if (samples <= 0) return;
  const legacy = ctx.o.version === 'legacy';
  const base = i * s.rcap;
  const count = s.rCount[i] as number;
  // The record sampled: newest (current) or oldest (legacy) with volumes left.
  let r = -1;
  for (let k = 0; k < count; k++) {
    const q = legacy ? base + k : base + count - 1 - k;
    if ((s.rVol[q] as number) > EPS) {
      r = q;
      break;
    }
  }
  const n = Math.min(samples, volumes);
  if (r >= 0 && n > 0) {
    const created = s.rCreated[r] as number;
    for (const [path, gib] of [
      [s.rPath[r] as number, s.rVolGiB[r] as number],
      [s.rIPath[r] as number, s.rIdxGiB[r] as number],
    ] as const) {
      readSample(ctx, path, created, tr, n, gib, legacy);
    }
  }
  const nl = Math.min(samples, versions);
  if (nl > 0) {
    const v = i * s.vcap + (legacy ? 0 : versions - 1);
    readSample(ctx, s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, tr, nl, s.vDlistGiB[v] as number, legacy);
  }
}

/** GETs `n` sampled objects of one kind: read and downloaded, skipped (2.2 archived), or failed (legacy archived). */
function readSample(ctx: EngineContext, path: number, created: number, tr: number, n: number, gib: number, legacy: boolean): void {
  const l = ctx.ledger;
  if (l.readable(path, created, tr)) {
    l.get(path, created, tr, n, n * gib, 'verification');
    if (ctx.downloadsAreEgress) l.transferOut(tr, n * gib, 'verification');
    ctx.counters.gets += n;
  } else if (legacy) {
    const month = l.dayMonth[Math.floor(tr)] as number;
    l.get(path, created, tr, n * BACKEND_ATTEMPTS, 0, 'verification');
    ctx.counters.gets += n * BACKEND_ATTEMPTS;
    ctx.findings.verificationFailures[month] = (ctx.findings.verificationFailures[month] as number) + n;
    ctx.findings.archivedGetAttempts[month] = (ctx.findings.archivedGetAttempts[month] as number) + n * BACKEND_ATTEMPTS;
  }
}

// ------------------------------------------------------------------ whole-device operations

/** Stored sizes and object counts of device i (what the oracle reports per day). */
export function deviceTotals(s: DeviceStates, i: number) {
  const base = i * s.rcap;
  let dblockGiB = 0;
  let dindexGiB = 0;
  let volumes = 0;
  let live = 0;
  for (let r = base; r < base + (s.rCount[i] as number); r++) {
    const vol = s.rVol[r] as number;
    volumes += vol;
    dblockGiB += vol * (s.rVolGiB[r] as number);
    dindexGiB += vol * (s.rIdxGiB[r] as number);
    live += (s.rLh[r] as number) + (s.rLc[r] as number);
  }
  let dlistGiB = 0;
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) dlistGiB += s.vDlistGiB[v] as number;
  return { dblockGiB, dindexGiB, dlistGiB, volumes, versions: s.vCount[i] as number, liveGiB: live };
}

/** Deletes everything device i has in the bucket (a retired device whose prefix is removed). */
export function deleteDevice(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
  const base = i * s.rcap;
  for (let r = base; r < base + (s.rCount[i] as number); r++) {
    const vol = s.rVol[r] as number;
    if (vol > EPS) deleteVolumes(ctx, s, r, vol, t);
  }
  const vbase = i * s.vcap;
  for (let v = vbase; v < vbase + (s.vCount[i] as number); v++) {
    const gib = s.vDlistGiB[v] as number;
    ctx.ledger.delete(s.vDlistPath[v] as number, ((s.vSec[v] as number) - ctx.epochSec) / SECONDS_PER_DAY, t, 1, gib, padGiB(1, gib * GIB));
    ctx.counters.deletes += 1;
  }
  s.rCount[i] = 0;
  s.vCount[i] = 0;
  s.aData[i] = 0;
  s.aWaste[i] = 0;
  s.aWasteN[i] = 0;
  s.aSmall[i] = 0;
  s.aSmallN[i] = 0;
  s.aVolumes[i] = 0;
}
