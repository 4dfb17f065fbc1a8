/**
 * The oracle: a block-level reference simulation of one Duplicati device, the truth the fleet
 * engine's cohort-level closed forms are checked against (Duplicati's Library/Main/Operation/
 * BackupHandler.cs, DeleteHandler.cs, CompactHandler.cs, TestHandler.cs; the change model of
 * src/agent/model.ts).
 *
 * Every block of the device's data is tracked: which content it holds, which backup uploaded that
 * content, which dblock stores it, and whether any retained version still references it. Nothing
 * is approximated except what the model itself states (fixed block size, fixed compression).
 *
 * Timing: changes of day d (d ≥ 1) happen at the start of that UTC day, before its backups; day 0
 * is the initial full. A run (upload, retention at `backup + runDelaySec`, compaction,
 * verification) is booked on the UTC day its backup starts.
 */
import {
  blockChangeProbabilities,
  blocksPerDblock,
  dindexBytes,
  DLIST_BYTES_PER_FILE,
  LIST_PAGE_SIZE,
  type AgentOptions,
  type DeviceData,
} from '../../src/agent/model.js';
import {
  compactionConsidered,
  isFullyDeletable,
  isSmallVolume,
  isWasteVolume,
  shouldCompact,
  verificationSamples,
  type CompactionTotals,
} from '../../src/agent/compaction-rules.js';
import type { DeviceDay } from '../../src/agent/single-device.js';
import { invariant } from '../../src/errors.js';
import { createRandom, type Random } from '../../src/fleet/random.js';
import { GIB, SECONDS_PER_DAY } from '../../src/units.js';
import { createRetention, type RetainVersions } from './retention.js';

export interface OracleInput {
  readonly data: DeviceData;
  readonly agent: AgentOptions;
  /** Backup start times, epoch seconds, ascending. */
  readonly backupTimes: readonly number[];
  /** Seconds from a backup's start to its retention run (the uploads take that long). */
  readonly runDelaySec: number;
  readonly seed: number;
  /** Days to simulate, from day 0 = the UTC day of the first backup. */
  readonly days: number;
  /** Test hook: first block of the hot range (default: a seeded random offset). */
  readonly hotStartBlock?: number;
  /** Test hook: re-derive every block's liveness by brute force at the end of each day. */
  readonly audit?: boolean;
}

/** The engine's day record (src/agent/single-device.ts), plus the waste the oracle knows exactly. */
export interface OracleDay extends DeviceDay {
  /** Bytes in stored dblocks that no retained version references. */
  readonly wasteBytes: number;
}

/** Marks a block position whose new content has not been uploaded yet. */
const PENDING = -1;

/** Everything the simulation tracks; contents, volumes and versions are numbered in creation order. */
interface Device {
  readonly o: AgentOptions;
  readonly input: OracleInput;
  readonly rng: Random;
  readonly retain: RetainVersions;
  /** Stored (compressed) bytes of one block. */
  readonly blockStoredBytes: number;
  /** Blocks that fit in one dblock without exceeding --dblock-size. */
  readonly blocksPerDblock: number;
  readonly hotStart: number;
  readonly hotEnd: number;
  /** New blocks appended per day (fractional; the remainder carries over). */
  readonly growthBlocksPerDay: number;
  growthCarry: number;

  /** Per file position: the stored content it holds, or PENDING. */
  readonly posContent: number[];
  /** Positions holding content that the next backup must upload. */
  dirty: number[];
  /** Stored contents changed since the last backup (superseded by the next version). */
  superseded: number[];

  /** Per content: the version that uploaded it. */
  readonly contentFrom: number[];
  /** Per content: the version that superseded it (Infinity while current). */
  readonly contentUntil: number[];
  readonly contentVolume: number[];
  readonly contentWaste: boolean[];
  /** Superseded contents that are still live, grouped by (from, until): they die together. */
  readonly liveGroups: Map<number, { readonly from: number; readonly until: number; readonly members: number[] }>;

  /** Per volume (a dblock and its dindex): its contents in stored order. */
  readonly volContents: number[][];
  readonly volWaste: number[];
  readonly volCreatedAt: number[];
  aliveVolumes: number[];

  readonly versionTime: number[];
  readonly versionDlistBytes: number[];
  readonly versionAlive: boolean[];
  aliveVersions: number[];

  // Running totals, each maintained on its own path so that the invariants between them mean something.
  storedBlocks: number;
  liveBlocks: number;
  wasteBlocks: number;
  dindexBytes: number;
  dlistBytes: number;
  puts: number;
  gets: number;
  deletes: number;
  lists: number;
  uploadedBytes: number;
  compactions: number;
  deletedDblocks: number;
  deletedDblockAgeDaysSum: number;
}

/** Simulates one device block by block; one entry per day, as at the end of that UTC day. */
export function simulateDeviceBlocks(input: OracleInput): OracleDay[] {
  const times = input.backupTimes;
  invariant(times.length > 0, 'the oracle needs at least one backup time (day 0 is the day of the first backup)');
  for (let i = 1; i < times.length; i++) {
    invariant(times[i]! >= times[i - 1]!, `backup times must be ascending (index ${i})`);
  }
  const d = createDevice(input);
  const day0 = Math.floor(times[0]! / SECONDS_PER_DAY);
  const out: OracleDay[] = [];
  let next = 0;
  for (let day = 0; day < input.days; day++) {
    if (day > 0) changeOneDay(d);
    const dayEnd = (day0 + day + 1) * SECONDS_PER_DAY;
    for (; next < times.length && times[next]! < dayEnd; next++) runBackup(d, times[next]!);
    if (input.audit) audit(d);
    out.push(snapshot(d, day));
  }
  return out;
}

function createDevice(input: OracleInput): Device {
  const { data, agent: o } = input;
  const rng = createRandom(input.seed);
  const blocks = Math.round((data.protectedGiB * GIB) / o.blockBytes);
  const hotCount = Math.min(blocks, Math.round((blocks * data.hotSetPct) / 100));
  const hotStart = input.hotStartBlock ?? Math.floor(rng.next() * (blocks - hotCount + 1));
  invariant(hotStart >= 0 && hotStart + hotCount <= blocks, `hot range ${hotStart}+${hotCount} outside ${blocks} blocks`);
  const blockStoredBytes = o.blockBytes * data.compressionRatio;
  return {
    o,
    input,
    rng,
    retain: createRetention(o),
    blockStoredBytes,
    blocksPerDblock: blocksPerDblock(o.dblockBytes, blockStoredBytes),
    hotStart,
    hotEnd: hotStart + hotCount,
    growthBlocksPerDay: (((data.protectedGiB * data.growthPctPerMonth) / 100 / 30) * GIB) / o.blockBytes,
    growthCarry: 0,
    posContent: new Array<number>(blocks).fill(PENDING),
    dirty: Array.from({ length: blocks }, (_, i) => i),
    superseded: [],
    contentFrom: [],
    contentUntil: [],
    contentVolume: [],
    contentWaste: [],
    liveGroups: new Map(),
    volContents: [],
    volWaste: [],
    volCreatedAt: [],
    aliveVolumes: [],
    versionTime: [],
    versionDlistBytes: [],
    versionAlive: [],
    aliveVersions: [],
    storedBlocks: 0,
    liveBlocks: 0,
    wasteBlocks: 0,
    dindexBytes: 0,
    dlistBytes: 0,
    puts: 0,
    gets: 0,
    deletes: 0,
    lists: 0,
    uploadedBytes: 0,
    compactions: 0,
    deletedDblocks: 0,
    deletedDblockAgeDaysSum: 0,
  };
}

export { blocksPerDblock };

// ---------------------------------------------------------------- changes (change model)

/** One calendar day of churn: every block changes with its hot/cold probability; growth appends cold blocks. */
function changeOneDay(d: Device): void {
  const p = blockChangeProbabilities(d.input.data);
  const n = d.posContent.length;
  forEachSuccess(d.rng, 0, d.hotStart, p.cold, (i) => changeBlock(d, i));
  forEachSuccess(d.rng, d.hotStart, d.hotEnd, p.hot, (i) => changeBlock(d, i));
  forEachSuccess(d.rng, d.hotEnd, n, p.cold, (i) => changeBlock(d, i));
  d.growthCarry += d.growthBlocksPerDay;
  const added = Math.floor(d.growthCarry);
  d.growthCarry -= added;
  for (let k = 0; k < added; k++) {
    d.dirty.push(d.posContent.length);
    d.posContent.push(PENDING);
  }
}

/**
 * Calls `fn` for each index in [from, to) that succeeds an independent trial of probability p.
 * Skips ahead by geometric gaps, which is the same distribution as one draw per index but fast.
 */
function forEachSuccess(rng: Random, from: number, to: number, p: number, fn: (i: number) => void): void {
  if (p <= 0 || from >= to) return;
  if (p >= 1) {
    for (let i = from; i < to; i++) fn(i);
    return;
  }
  const logMiss = Math.log1p(-p);
  /** Failures before the next success: geometric, by inversion. */
  const gap = () => Math.floor(Math.log(1 - rng.next()) / logMiss);
  for (let i = from + gap(); i < to; i += 1 + gap()) fn(i);
}

/** New content at a position; a second change before the next backup changes nothing more. */
function changeBlock(d: Device, pos: number): void {
  const c = d.posContent[pos]!;
  if (c === PENDING) return;
  d.superseded.push(c);
  d.posContent[pos] = PENDING;
  d.dirty.push(pos);
}

// ---------------------------------------------------------------- one run (Backup/Delete/Compact/TestHandler)

function runBackup(d: Device, t: number): void {
  const now = t + d.input.runDelaySec;
  if (d.o.backendVerification) d.lists += listRequests(d);
  const lastDblockBytes = uploadChanges(d, t);
  const deleted = applyRetention(d, now);
  if (compactionConsidered(d.o, deleted > 0, lastDblockBytes)) compact(d, now);
  if (d.o.backendVerification) {
    d.lists += listRequests(d);
    verify(d);
  }
}

/** LIST pages for the device's prefix; listing an empty prefix is still one request. */
function listRequests(d: Device): number {
  const objects = 2 * d.aliveVolumes.length + d.aliveVersions.length;
  return Math.max(1, Math.ceil(objects / LIST_PAGE_SIZE));
}

/** Uploads every pending block in file order, then the dlist; returns the last dblock's bytes (0: no upload). */
function uploadChanges(d: Device, t: number): number {
  if (d.dirty.length === 0) return 0;
  const version = d.versionTime.length;
  const positions = d.dirty.sort((a, b) => a - b);
  d.dirty = [];
  const uploaded = positions.map((pos) => {
    const c = d.contentFrom.length;
    d.contentFrom.push(version);
    d.contentUntil.push(Infinity);
    d.contentVolume.push(-1);
    d.contentWaste.push(false);
    d.posContent[pos] = c;
    return c;
  });
  d.liveBlocks += uploaded.length;
  const lastBlocks = packVolumes(d, uploaded, t);

  for (const c of d.superseded) supersede(d, c, version);
  d.superseded = [];

  const protectedGiB = (d.posContent.length * d.o.blockBytes) / GIB;
  const dlistBytes = Math.round(protectedGiB * d.input.data.filesPerGiB) * DLIST_BYTES_PER_FILE;
  d.versionTime.push(t);
  d.versionDlistBytes.push(dlistBytes);
  d.versionAlive.push(true);
  d.aliveVersions.push(version);
  d.dlistBytes += dlistBytes;
  d.puts += 1;
  d.uploadedBytes += dlistBytes;
  return lastBlocks * d.blockStoredBytes;
}

/** Packs contents, in order, into new dblocks (+ one dindex each); returns the last dblock's block count. */
function packVolumes(d: Device, contents: readonly number[], createdAt: number): number {
  let last = 0;
  for (let i = 0; i < contents.length; i += d.blocksPerDblock) {
    const chunk = contents.slice(i, i + d.blocksPerDblock);
    const v = d.volContents.length;
    d.volContents.push(chunk);
    d.volWaste.push(0);
    d.volCreatedAt.push(createdAt);
    d.aliveVolumes.push(v);
    for (const c of chunk) d.contentVolume[c] = v;
    const dindex = dindexBytes(chunk.length);
    d.storedBlocks += chunk.length;
    d.dindexBytes += dindex;
    d.puts += 2;
    d.uploadedBytes += chunk.length * d.blockStoredBytes + dindex;
    last = chunk.length;
  }
  return last;
}

/** A content referenced by versions [from, until): group it with the others that die with it. */
function supersede(d: Device, c: number, until: number): void {
  d.contentUntil[c] = until;
  const from = d.contentFrom[c]!;
  const key = from * d.input.backupTimes.length + until;
  let group = d.liveGroups.get(key);
  if (!group) {
    group = { from, until, members: [] };
    d.liveGroups.set(key, group);
  }
  group.members.push(c);
}

/** Runs retention over all versions; deleted versions lose their dlist and their blocks may become waste. */
function applyRetention(d: Device, now: number): number {
  const count = d.aliveVersions.length;
  const times = new Float64Array(count);
  d.aliveVersions.forEach((v, i) => (times[i] = d.versionTime[v]!));
  const keep = new Uint8Array(count);
  const deleted = d.retain(times, count, now, keep);
  if (deleted === 0) return 0;
  const kept: number[] = [];
  d.aliveVersions.forEach((v, i) => {
    if (keep[i]) {
      kept.push(v);
    } else {
      d.versionAlive[v] = false;
      d.dlistBytes -= d.versionDlistBytes[v]!;
      d.deletes += 1;
    }
  });
  invariant(count - kept.length === deleted, `retention reported ${deleted} deletions but cleared ${count - kept.length}`);
  d.aliveVersions = kept;
  markNewWaste(d);
  return deleted;
}

/** After deletions: every content no retained version in [from, until) references becomes waste. */
function markNewWaste(d: Device): void {
  // aliveBefore[k] = retained versions numbered below k.
  const versions = d.versionAlive.length;
  const aliveBefore = new Int32Array(versions + 1);
  for (let k = 0; k < versions; k++) aliveBefore[k + 1] = aliveBefore[k]! + (d.versionAlive[k] ? 1 : 0);
  const referenced = (from: number, until: number) => aliveBefore[Math.min(until, versions)]! - aliveBefore[from]! > 0;

  for (const [key, g] of d.liveGroups) {
    if (referenced(g.from, g.until)) continue;
    for (const c of g.members) markWaste(d, c);
    d.liveGroups.delete(key);
  }
  // Current contents are referenced by the newest version, which Duplicati's retention always keeps
  // (the policy sets it aside, keep-time and keep-versions keep the newest full backup).
  invariant(d.versionAlive[versions - 1], 'retention deleted the newest version, which the oracle does not model');
}

function markWaste(d: Device, c: number): void {
  d.contentWaste[c] = true;
  d.volWaste[d.contentVolume[c]!]! += 1;
  d.liveBlocks -= 1;
  d.wasteBlocks += 1;
}

/** Compaction as Duplicati's CompactHandler.cs does it, with the shared predicates. */
function compact(d: Device, now: number): void {
  const bytes = (blocks: number) => blocks * d.blockStoredBytes;
  const dataOf = (v: number) => bytes(d.volContents[v]!.length);
  const wasteOf = (v: number) => bytes(d.volWaste[v]!);

  const fullyDeletable = new Set(d.aliveVolumes.filter((v) => isFullyDeletable(dataOf(v), wasteOf(v))));
  for (const v of fullyDeletable) deleteVolume(d, v, now);
  if (fullyDeletable.size > 0) d.aliveVolumes = d.aliveVolumes.filter((v) => !fullyDeletable.has(v));

  let allDataBytes = 0;
  let wasteInWasteVolumesBytes = 0;
  let wasteVolumeCount = 0;
  let smallBytes = 0;
  let smallVolumeCount = 0;
  const chosen: number[] = [];
  for (const v of d.aliveVolumes) {
    const data = dataOf(v);
    const waste = wasteOf(v);
    const isWaste = isWasteVolume(data, waste, d.o);
    const isSmall = isSmallVolume(data, d.o);
    allDataBytes += data;
    if (isWaste) {
      wasteInWasteVolumesBytes += waste;
      wasteVolumeCount += 1;
    }
    if (isSmall) {
      smallBytes += data;
      smallVolumeCount += 1;
    }
    if (isWaste || isSmall) chosen.push(v);
  }
  const totals: CompactionTotals = { allDataBytes, wasteInWasteVolumesBytes, wasteVolumeCount, smallBytes, smallVolumeCount };
  if (!shouldCompact(totals, d.o)) return;

  d.compactions += 1;
  d.gets += chosen.length;
  const live = chosen.flatMap((v) => d.volContents[v]!.filter((c) => !d.contentWaste[c]));
  for (const v of chosen) deleteVolume(d, v, now);
  const chosenSet = new Set(chosen);
  d.aliveVolumes = d.aliveVolumes.filter((v) => !chosenSet.has(v));
  packVolumes(d, live, now);
}

/** DELETEs a dblock and its dindex; the caller updates aliveVolumes. */
function deleteVolume(d: Device, v: number, now: number): void {
  const blocks = d.volContents[v]!.length;
  d.storedBlocks -= blocks;
  d.wasteBlocks -= d.volWaste[v]!;
  d.dindexBytes -= dindexBytes(blocks);
  d.deletes += 2;
  d.deletedDblocks += 1;
  d.deletedDblockAgeDaysSum += (now - d.volCreatedAt[v]!) / SECONDS_PER_DAY;
  d.volContents[v] = []; // its live blocks, if any, are being repacked by the caller
  d.volWaste[v] = 0;
}

/**
 * Verification samples (Duplicati's TestHandler.cs): each downloads one dlist, one dindex and one dblock. Duplicati prefers
 * objects never verified before; which object is picked changes no output of this storage-class
 * agnostic simulator (every GET succeeds), so only the count is kept — never more than exist.
 */
function verify(d: Device): void {
  const samples = verificationSamples(d.o, d.aliveVolumes.length);
  const volumes = d.aliveVolumes.length;
  d.gets += 2 * Math.min(samples, volumes) + Math.min(samples, d.aliveVersions.length);
}

// ---------------------------------------------------------------- outputs and checks

function snapshot(d: Device, day: number): OracleDay {
  const b = d.blockStoredBytes;
  return {
    day,
    stored: { dblockBytes: d.storedBlocks * b, dindexBytes: d.dindexBytes, dlistBytes: d.dlistBytes },
    objects: { dblock: d.aliveVolumes.length, dindex: d.aliveVolumes.length, dlist: d.aliveVersions.length },
    liveBytes: d.liveBlocks * b,
    wasteBytes: d.wasteBlocks * b,
    versions: d.aliveVersions.length,
    puts: d.puts,
    gets: d.gets,
    deletes: d.deletes,
    lists: d.lists,
    uploadedBytes: d.uploadedBytes,
    compactions: d.compactions,
    deletedDblocks: d.deletedDblocks,
    deletedDblockAgeDaysSum: d.deletedDblockAgeDaysSum,
  };
}

/**
 * Brute-force re-derivation of the bookkeeping: each content's liveness straight from the
 * definition (a retained version v with from ≤ v < until), every volume's waste count, and that
 * no live content was lost with a deleted volume.
 */
function audit(d: Device): void {
  const alive = new Set(d.aliveVolumes);
  const referenced = (c: number) => d.aliveVersions.some((v) => d.contentFrom[c]! <= v && v < d.contentUntil[c]!);
  let stored = 0;
  let waste = 0;
  for (const v of d.aliveVolumes) {
    let volWaste = 0;
    for (const c of d.volContents[v]!) {
      invariant(d.contentVolume[c] === v, `content ${c} listed in volume ${v} but recorded in ${d.contentVolume[c]}`);
      invariant(d.contentWaste[c] === !referenced(c), `content ${c}: waste flag ${d.contentWaste[c]} disagrees with the versions`);
      if (d.contentWaste[c]) volWaste++;
    }
    invariant(volWaste === d.volWaste[v], `volume ${v}: ${volWaste} waste blocks, bookkept ${d.volWaste[v]}`);
    stored += d.volContents[v]!.length;
    waste += volWaste;
  }
  invariant(stored === d.storedBlocks, `stored blocks ${stored}, bookkept ${d.storedBlocks}`);
  invariant(waste === d.wasteBlocks, `waste blocks ${waste}, bookkept ${d.wasteBlocks}`);
  for (let c = 0; c < d.contentFrom.length; c++) {
    invariant(alive.has(d.contentVolume[c]!) || !referenced(c), `live content ${c} lost with volume ${d.contentVolume[c]}`);
  }
  for (const c of d.posContent) {
    invariant(c === PENDING || alive.has(d.contentVolume[c]!), `current content ${c} is not stored`);
  }
}
