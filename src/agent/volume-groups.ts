/**
 * Volume groups ("records"): the dblocks one upload wrote that hold the same kind of data (all
 * cold, all hot, mixed, the partial tail), each attached to a retention segment and carrying its
 * expected live data per kind (see run.ts for how segments merge). Here: their bookkeeping —
 * slots, the device totals compaction reads, putting and deleting their objects, and when two
 * groups may become one. Without auto-compact ("loose" mode) a group only records what exists.
 */
import { GIB } from '../units.js';
import { isSmallVolume, isWasteVolume } from './compaction-rules.js';
import { dindexBytes } from './model.js';
import { C_PUT, EPS, FLAG_SMALL, FLAG_WASTE, growRecords, KIND_DBLOCK, KIND_DINDEX, SMALL_OBJECT_BYTES, type DeviceStates, type EngineContext } from './state.js';


const KIND_COLD = 0;
const KIND_HOT = 1;
const KIND_MIXED = 2;
const KIND_SMALL = 3;

/** Re-derives a record's cached data, waste and classes and folds the change into the device totals. */
export function refreshRecord(ctx: EngineContext, s: DeviceStates, i: number, r: number): void {
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
export function freeRecord(s: DeviceStates, i: number, r: number): void {
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
export function padGiB(count: number, bytes: number): number {
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
export function addRecord(ctx: EngineContext, s: DeviceStates, i: number, v: number, created: number, volumes: number, volGiB: number, hot: number, cold: number): number {
  const blocks = volGiB / (s.blockGiB[i] as number);
  const idxBytes = dindexBytes(Math.round(blocks));
  const path = ctx.paths.pathOf(KIND_DBLOCK, volGiB * GIB);
  const r = newRecord(s, i, created, volumes, volGiB, path, ctx.paths.pathOf(KIND_DINDEX, idxBytes), idxBytes / GIB);
  s.rVol0[r] = volumes;
  s.rBlocks[r] = blocks;
  s.rL0h[r] = hot;
  s.rL0c[r] = cold;
  s.rLh[r] = hot;
  s.rLc[r] = cold;
  s.rKind[r] = kindOf(hot, cold, isSmallVolume(volGiB * GIB, ctx.o));
  s.rDeadLog[r] = -Infinity; // all of it live
  s.rSettledAt[r] = settledAt(ctx, path, created);
  refreshRecord(ctx, s, i, r);
  s.rNext[r] = s.vHead[v] as number;
  s.vHead[v] = r;
  return r;
}

/** A record slot of device i for `volumes` volumes written at `created`, not yet linked or counted. */
function newRecord(s: DeviceStates, i: number, created: number, volumes: number, volGiB: number, path: number, idxPath: number, idxGiB: number): number {
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
  return r;
}

/**
 * Without auto-compact a record only says what exists and since when (for the ledger, restores
 * and a retired device's deletion): no liveness, kind or waste, and the device's volume count is
 * kept directly. An upload of `nFull` full dblocks and a partial one of `tail` GiB (0: none)
 * becomes one record per path, and its dblocks and dindex files are put.
 */
export function addLooseUpload(ctx: EngineContext, s: DeviceStates, i: number, created: number, nFull: number, tail: number): void {
  const l = ctx.ledger;
  const full = s.fullVolGiB[i] as number;
  if ((s.fullPath[i] as number) < 0) {
    // Full dblocks: the same paths every day, looked up once.
    const idxBytes = dindexBytes(Math.round(full / (s.blockGiB[i] as number)));
    s.fullPath[i] = ctx.paths.pathOf(KIND_DBLOCK, full * GIB);
    s.fullIdxPath[i] = ctx.paths.pathOf(KIND_DINDEX, idxBytes);
    s.fullIdxGiB[i] = idxBytes / GIB;
  }
  s.aVolumes[i] = (s.aVolumes[i] as number) + nFull + (tail > 0 ? 1 : 0);
  s.aData[i] = (s.aData[i] as number) + nFull * full + tail;
  let a = -1;
  if (nFull > 0) a = looseRecord(s, i, created, nFull, full, s.fullPath[i] as number, s.fullIdxPath[i] as number, s.fullIdxGiB[i] as number);
  let b = -1;
  if (tail > 0) {
    const idxBytes = dindexBytes(Math.round(tail / (s.blockGiB[i] as number)));
    const path = ctx.paths.pathOf(KIND_DBLOCK, tail * GIB);
    const idxGiB = idxBytes / GIB;
    if (a >= 0 && s.rPath[a] === path) {
      // One record per path: the tail joins the full dblocks (and puts its dindex with theirs).
      const vol = nFull + 1;
      s.rVolGiB[a] = (full * nFull + tail) / vol;
      s.rIdxGiB[a] = ((s.rIdxGiB[a] as number) * nFull + idxGiB) / vol;
      s.rVol[a] = vol;
    } else {
      b = looseRecord(s, i, created, 1, tail, path, ctx.paths.pathOf(KIND_DINDEX, idxBytes), idxGiB);
    }
  }
  // dblocks (never on one path: records are one per path), then dindex files, one put per path.
  if (a >= 0) putVolumes(ctx, s.rPath[a] as number, created, s.rVol[a] as number, s.rVolGiB[a] as number);
  if (b >= 0) putVolumes(ctx, s.rPath[b] as number, created, 1, s.rVolGiB[b] as number);
  if (a >= 0 && b >= 0 && s.rIPath[a] === s.rIPath[b]) {
    const va = s.rVol[a] as number;
    const ia = s.rIdxGiB[a] as number;
    const ib = s.rIdxGiB[b] as number;
    const count = va + 1;
    l.put(s.rIPath[a] as number, created, count, va * ia + ib, padGiB(va, ia * GIB) + padGiB(1, ib * GIB), C_PUT);
    ctx.counters.puts += count;
    ctx.counters.uploadedGiB += va * ia + ib;
    return;
  }
  if (a >= 0) putVolumes(ctx, s.rIPath[a] as number, created, s.rVol[a] as number, s.rIdxGiB[a] as number);
  if (b >= 0) putVolumes(ctx, s.rIPath[b] as number, created, 1, s.rIdxGiB[b] as number);
}

/** Puts `count` objects of `size` GiB each on `path`. */
function putVolumes(ctx: EngineContext, path: number, created: number, count: number, size: number): void {
  ctx.ledger.put(path, created, count, count * size, padGiB(count, size * GIB), C_PUT);
  ctx.counters.puts += count;
  ctx.counters.uploadedGiB += count * size;
}

/** A new loose record at the head of device i's list. */
function looseRecord(s: DeviceStates, i: number, created: number, volumes: number, volGiB: number, path: number, idxPath: number, idxGiB: number): number {
  const r = newRecord(s, i, created, volumes, volGiB, path, idxPath, idxGiB);
  s.rNext[r] = s.rLoose[i] as number;
  s.rLoose[i] = r;
  return r;
}

/** Folds record a's volumes into b: their count, and the data-weighted creation time and sizes. */
function mergeVolumes(s: DeviceStates, a: number, b: number): void {
  const volA = s.rVol[a] as number;
  const volB = s.rVol[b] as number;
  const vol = volA + volB;
  if (vol > EPS) {
    const dataA = volA * (s.rVolGiB[a] as number);
    const dataB = volB * (s.rVolGiB[b] as number);
    s.rCreated[b] = ((s.rCreated[a] as number) * dataA + (s.rCreated[b] as number) * dataB) / Math.max(EPS, dataA + dataB);
    s.rVolGiB[b] = (dataA + dataB) / vol;
    s.rIdxGiB[b] = ((s.rIdxGiB[a] as number) * volA + (s.rIdxGiB[b] as number) * volB) / vol;
  }
  s.rVol[b] = vol;
  s.rVol[a] = 0;
}

/**
 * Without auto-compact nothing but dlists is ever deleted, so a record's liveness never matters:
 * records of one path that have reached their final lifecycle class become one.
 */
export function consolidateLoose(ctx: EngineContext, s: DeviceStates, i: number, t: number): void {
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
        mergeVolumes(s, r, into);
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
export function putRecords(ctx: EngineContext, s: DeviceStates, recs: Int32Array, n: number, cause: number): void {
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
export function deleteVolumes(ctx: EngineContext, s: DeviceStates, r: number, volumes: number, t: number): void {
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
 * The first record of the list starting at `head` that record a may become one with, or -1.
 * Records a and b may become one when: same path and kind, and both in their path's final
 * lifecycle class by `t`, so that the ledger bills their objects alike from now on. Ages may
 * differ; the merged record takes the data-weighted creation time (exact for early deletes as
 * long as both are on the same side of the class minimum when deleted). What depends on a alone
 * is worked out once, not once per candidate (this runs for every record of a merged segment).
 */
export function mergeTarget(ctx: EngineContext, s: DeviceStates, a: number, head: number, t: number): number {
  if (t < (s.rSettledAt[a] as number)) return -1;
  const path = s.rPath[a] as number;
  const kind = s.rKind[a] as number;
  const flags = s.rFlags[a] as number;
  const wasteA = wasteShare(s, a);
  const neverA = (s.rDeadLog[a] as number) < DEAD_NEVER;
  const l = ctx.ledger;
  let readableA = -1; // unknown until needed, then 0 or 1
  let survivalA = -1;
  for (let b = head; b >= 0; b = s.rNext[b] as number) {
    if (s.rPath[b] !== path || s.rKind[b] !== kind || s.rFlags[b] !== flags) continue;
    if (t < (s.rSettledAt[b] as number)) continue;
    // Merged groups share one waste fraction: only merge groups that cross the threshold together —
    // unless both are archived, when any compaction that picks them fails whatever their fraction
    // (and the compaction trigger uses sums, which merging keeps).
    if (Math.abs(wasteA - wasteShare(s, b)) > 0.02) {
      if (readableA < 0) readableA = l.readable(path, s.rCreated[a] as number, t) ? 1 : 0;
      if (readableA === 1 || l.readable(s.rPath[b] as number, s.rCreated[b] as number, t)) continue;
    }
    // The chance a volume is fully dead is not linear in the survival ratio: merge groups whose
    // volumes cannot die soon, or whose survival ratios are close.
    if (neverA && (s.rDeadLog[b] as number) < DEAD_NEVER) return b;
    if (survivalA < 0) survivalA = survival(s, a);
    if (Math.abs(survivalA - survival(s, b)) <= 0.02) return b;
  }
  return -1;
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
export function deadLog(s: DeviceStates, r: number): number {
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
export const DEAD_NEVER = -20;

/** Folds record a into record b (b keeps its slot); a's slot must be unlinked and freed by the caller. */
export function mergeInto(ctx: EngineContext, s: DeviceStates, i: number, a: number, b: number): void {
  addContribution(s, i, a, -1);
  s.rCVol[a] = 0;
  s.rCData[a] = 0;
  mergeVolumes(s, a, b);
  if ((s.rVol[b] as number) > EPS) {
    s.rSettledAt[b] = settledAt(ctx, s.rPath[b] as number, s.rCreated[b] as number);
    s.rBlocks[b] = (s.rVolGiB[b] as number) / (s.blockGiB[i] as number);
  }
  s.rVol0[b] = (s.rVol0[a] as number) + (s.rVol0[b] as number);
  s.rL0h[b] = (s.rL0h[a] as number) + (s.rL0h[b] as number);
  s.rL0c[b] = (s.rL0c[a] as number) + (s.rL0c[b] as number);
  s.rLh[b] = (s.rLh[a] as number) + (s.rLh[b] as number);
  s.rLc[b] = (s.rLc[a] as number) + (s.rLc[b] as number);
  s.rDeadLog[b] = deadLog(s, b);
  refreshRecord(ctx, s, i, b);
}

/** Calls fn for every record of device i (fn may free the record it is given). */
export function forEachRecord(s: DeviceStates, i: number, fn: (r: number) => void): void {
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


