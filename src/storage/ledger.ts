/**
 * The object ledger of one bucket: cohorts of objects written the same day on the same
 * lifecycle path, over daily steps. It turns what the agent does (put, get, delete, restore) and
 * what lifecycle does (transition, expiration, Intelligent-Tiering moves) into metered usage —
 * storage, archive overhead, small-object padding, early deletes, requests, retrieval — exactly
 * by the rules of the Amazon S3 User Guide ("Understanding your AWS billing and usage reports for
 * Amazon S3", "Using Amazon S3 storage classes", "Transitioning objects using Amazon S3 Lifecycle",
 * "How S3 Intelligent-Tiering works", "Restoring an archived object") and the S3 pricing page.
 *
 * Time is in days since the horizon starts (day 0 = first day of the first month, 00:00 UTC),
 * fractional within a day. A cohort is keyed by its first midnight m0 = ceil(created); lifecycle
 * actions with Days N apply from midnight m0 + N (S3 rounds up to the next midnight UTC).
 * The agent calls put/get/delete/restore during day d, then `endDay(d)` closes the day.
 */
import { invariant, InvariantError } from '../errors.js';
import { GIB, KIB, monthKey, parseMonthKey, type MonthKey, daysInMonth } from '../units.js';
import { UsageMeter } from '../usage/meter.js';
import { CAUSES, causeIndex, type Cause } from '../usage/usage-line.js';
import {
  earlyDeleteKey,
  egressKey,
  getKey,
  listKey,
  monitoringKey,
  putKey,
  restoreBytesKey,
  restoreRequestKey,
  retrievalKey,
  smallObjectsKey,
  storageKey,
  transitionKey,
  type RestoreTier,
  type UsageKey,
} from '../usage/usage-types.js';
import { CLASS_INFO, INT_TIERS, STORAGE_CLASSES, type IntTier, type StorageClass } from './classes.js';
import { AccessGroups, type AccessSlice } from './int-access.js';
import { classAtK, type Schedule } from './lifecycle.js';

/** One lifecycle path: objects of one kind and size band, with their compiled schedules. */
export interface LedgerPath {
  readonly name: string;
  readonly initialClass: StorageClass;
  readonly current: Schedule;
  /** For versioned buckets: the noncurrent schedule for each class a version can be in when it becomes noncurrent. */
  readonly noncurrent?: Partial<Record<StorageClass, Schedule>>;
  /** Objects on this path are ≥ 128 KiB: Intelligent-Tiering monitors and tiers them. */
  readonly monitored: boolean;
}

export interface IntelligentTieringConfig {
  /** Opt-in Archive Access tier after this many days without access (90–730). */
  readonly archiveAccessDays?: number;
  /** Opt-in Deep Archive Access tier after this many days without access (180–730). */
  readonly deepArchiveAccessDays?: number;
}

export interface LedgerConfig {
  readonly region: string;
  readonly startMonth: MonthKey;
  readonly months: number;
  readonly paths: readonly LedgerPath[];
  readonly versioning: boolean;
  readonly intelligentTiering: IntelligentTieringConfig;
}

/** End-of-month state of the bucket, per class. */
export interface ClassCapacity {
  storedGiB: number;
  objects: number;
  noncurrentGiB: number;
  noncurrentObjects: number;
  /** INTELLIGENT_TIERING only: GiB of current and noncurrent versions in each access tier. */
  intTiers?: Partial<Record<IntTier, number>>;
}

export type Capacity = Partial<Record<StorageClass, ClassCapacity>>;

/**
 * Objects already in the bucket when the simulation starts (from an S3 Inventory report), alike
 * in what lifecycle does to them: one storage class (and Intelligent-Tiering tier), one schedule,
 * one whole number of days of age. The agent never reads or deletes them; lifecycle alone acts.
 */
export interface ExistingCohort {
  /** Their lifecycle schedule, compiled from the class they are in now (current or noncurrent actions). */
  readonly schedule: Schedule;
  readonly storageClass: StorageClass;
  /** INTELLIGENT_TIERING: the access tier the inventory reports. */
  readonly intTier?: IntTier;
  /**
   * k (midnights since their first midnight after creation) on day 0: floor of their age at the
   * start for current versions; 0 for noncurrent ones (taken to become noncurrent at the start).
   */
  readonly k0: number;
  /** Mean age at the start, days (from LastModifiedDate): when they are taken to have entered their class. */
  readonly ageDays: number;
  readonly count: number;
  readonly gib: number;
  readonly padGib: number;
  /** ≥ 128 KiB: Intelligent-Tiering monitors (and bills) them. */
  readonly monitored: boolean;
  readonly noncurrent: boolean;
  /**
   * Current versions in a versioned bucket: the noncurrent schedule of each class they can be in
   * when their Expiration makes them noncurrent (S3 User Guide, "Expiring objects"). Without it
   * an Expiration removes them.
   */
  readonly noncurrentSchedules?: Partial<Record<StorageClass, Schedule>>;
}

/** An existing cohort as the simulation goes: its class now and when it entered it. */
interface ExistingState {
  readonly c: ExistingCohort;
  ci: number;
  /** Day it entered class ci (negative: before the start). */
  enteredAt: number;
  gone: boolean;
}

/** Idle days an object in each Intelligent-Tiering tier has at least (its clock when the inventory was taken). */
function idleDaysOfTier(tier: IntTier, it: IntelligentTieringConfig): number {
  switch (tier) {
    case 'FA':
      return 0;
    case 'IA':
      return 30;
    case 'AIA':
      return 90;
    case 'AA':
      return it.archiveAccessDays ?? 90;
    case 'DAA':
      return it.deepArchiveAccessDays ?? 180;
  }
}

const ARCHIVE_STD_OVERHEAD_GIB = (8 * KIB) / GIB;
const ARCHIVE_CLASS_OVERHEAD_GIB = (32 * KIB) / GIB;
/** Hours until a restored copy is available (worst case of each retrieval tier, "Restoring an archived object"). */
const RESTORE_DELAY_DAYS: Record<'GLACIER' | 'DEEP_ARCHIVE', Partial<Record<RestoreTier, number>>> = {
  GLACIER: { expedited: 5 / 1440, standard: 5 / 24, bulk: 12 / 24 },
  DEEP_ARCHIVE: { standard: 12 / 24, bulk: 48 / 24 },
};

/** Days until a restored copy of `cls` is available with `tier` (its worst case), or undefined when the class has no such tier. */
export function restoreDelayDays(cls: 'GLACIER' | 'DEEP_ARCHIVE', tier: RestoreTier): number | undefined {
  return RESTORE_DELAY_DAYS[cls][tier];
}

/**
 * Hours until objects restored from Intelligent-Tiering's archive tiers are back in Frequent
 * Access (worst case of each tier; S3 User Guide, "Understanding archive retrieval options").
 */
const INT_RESTORE_DELAY_DAYS: Record<'AA' | 'DAA', Partial<Record<RestoreTier, number>>> = {
  AA: { expedited: 5 / 1440, standard: 5 / 24, bulk: 12 / 24 },
  DAA: { standard: 12 / 24, bulk: 48 / 24 },
};
const TIER_AA = 3;
const TIER_DAA = 4;

const NO_STEP = 255;
/** Per class index: whether reads need a restore first (GLACIER, DEEP_ARCHIVE). */
const ARCHIVE_CLASS = Uint8Array.from(STORAGE_CLASSES, (c) => (CLASS_INFO[c].read === 'restore' ? 1 : 0));
const INT_INDEX = STORAGE_CLASSES.indexOf('INTELLIGENT_TIERING');
/** Per class index: minimum storage duration, days. */
const MIN_DAYS = Float64Array.from(STORAGE_CLASSES, (c) => CLASS_INFO[c].minDays);
const SLOT_PUT = 0;
const SLOT_GET = 1;
const SLOT_LIST = 2;
const SLOT_EGRESS = 3;
const cidx = (c: StorageClass): number => STORAGE_CLASSES.indexOf(c);

/** Per-path cohort arrays, indexed by first midnight. */
interface Cohorts {
  readonly count: Float64Array;
  readonly gib: Float64Array;
  /** Σ max(0, 128 KiB − size) of the objects, GiB: billed in SIA/ZIA/GIR. */
  readonly padGib: Float64Array;
  /** Σ size × (m0 − created), GiB-days: how long before the first midnight the objects were written. */
  readonly preMid: Float64Array;
  /** Σ (m0 − created) and Σ padding × (m0 − created): the creation day's object-days and padding GiB-days. */
  readonly preMidN: Float64Array;
  readonly preMidPad: Float64Array;
  /**
   * When the schedule never enters INTELLIGENT_TIERING (whose tiers go cohort by cohort): the
   * count, GiB and padding of the cohorts past their first midnight, per class index in force
   * (3 per class), kept as they change — a day's storage is then one sum per class, not one per
   * cohort (a sampled run keeps hundreds of small ledgers, each day of each one paying for this).
   */
  readonly byClass: Float64Array | undefined;
  /** Per class index: how many of those cohorts hold objects. A class none holds has exactly 0 (no drift from ±). */
  readonly held: Int32Array | undefined;
  /** The newest cohort in byClass: the cohorts up to it have passed their first midnight. */
  through: number;
}

function cohorts(n: number, byClass: boolean): Cohorts {
  return {
    count: new Float64Array(n),
    gib: new Float64Array(n),
    padGib: new Float64Array(n),
    preMid: new Float64Array(n),
    preMidN: new Float64Array(n),
    preMidPad: new Float64Array(n),
    byClass: byClass ? new Float64Array(3 * STORAGE_CLASSES.length) : undefined,
    held: byClass ? new Int32Array(STORAGE_CLASSES.length) : undefined,
    through: 0,
  };
}

/** Adds to class ci's totals; `heldDelta` cohorts of it started (+1) or stopped (−1) holding objects. */
function tally(c: Cohorts, ci: number, count: number, gib: number, padGib: number, heldDelta: number): void {
  const t = c.byClass as Float64Array;
  const k = 3 * ci;
  t[k] = (t[k] as number) + count;
  t[k + 1] = (t[k + 1] as number) + gib;
  t[k + 2] = (t[k + 2] as number) + padGib;
  if (heldDelta === 0) return;
  const held = c.held as Int32Array;
  held[ci] = (held[ci] as number) + heldDelta;
  if (held[ci] === 0) t[k] = t[k + 1] = t[k + 2] = 0;
}

/** Adds objects to cohort m0 (see addObjects), and to its class's totals once it is past its first midnight. */
function changeCohort(c: Cohorts, sched: CompiledSchedule, m0: number, count: number, gib: number, padGib: number, beforeMidnight: number): void {
  const was = c.count[m0] as number;
  addObjects(c, m0, count, gib, padGib, beforeMidnight);
  if (!c.byClass || m0 > c.through) return;
  const now = c.count[m0] as number;
  tally(c, sched.classByK[c.through - m0] as number, count, gib, padGib, (now !== 0 ? 1 : 0) - (was !== 0 ? 1 : 0));
}

/** Midnight `midnight` has come: cohorts whose class changes at it move, and the cohort starting at it joins. */
function advanceCohorts(c: Cohorts, sched: CompiledSchedule, midnight: number): void {
  if (!c.byClass) return;
  const byK = sched.classByK;
  for (const k of sched.changeKs) {
    const m0 = midnight - k;
    if (m0 < 0) break;
    const n = c.count[m0] as number;
    if (n === 0) continue;
    const gib = c.gib[m0] as number;
    const pad = c.padGib[m0] as number;
    tally(c, byK[k - 1] as number, -n, -gib, -pad, -1);
    tally(c, byK[k] as number, n, gib, pad, 1);
  }
  c.through = midnight;
  const n = c.count[midnight] as number;
  if (n !== 0) tally(c, byK[0] as number, n, c.gib[midnight] as number, c.padGib[midnight] as number, 1);
}

/** The class totals summed afresh from the cohorts (once a month, so that rounding from ± never builds up). */
function recountCohorts(c: Cohorts, sched: CompiledSchedule): void {
  if (!c.byClass) return;
  c.byClass.fill(0);
  (c.held as Int32Array).fill(0);
  for (let m0 = 0; m0 <= c.through; m0++) {
    const n = c.count[m0] as number;
    if (n !== 0) tally(c, sched.classByK[c.through - m0] as number, n, c.gib[m0] as number, c.padGib[m0] as number, 1);
  }
}

/** A compiled schedule: class per k, and what happens at each k. */
interface CompiledSchedule {
  readonly schedule: Schedule;
  /** Class index in force k midnights after the first (k ≥ 0). */
  readonly classByK: Uint8Array;
  /** Class index entered at this k (a transition happens), or NO_STEP. */
  readonly stepAtK: Uint8Array;
  /** The k at which the class in force at k was entered, or -1 for the initial class (entered at creation). */
  readonly entryK: Int32Array;
  readonly expireK: number;
  /** The last k with a lifecycle action (transition or expiration): later midnights change nothing. */
  readonly lastActionK: number;
  /** The k ≥ 1 at which the class in force changes, ascending. */
  readonly changeKs: Int32Array;
  /** The k with a lifecycle action (transition or expiration), descending: cohorts in ascending order at a midnight. */
  readonly actionKs: Int32Array;
}

/**
 * Adds objects to (negative: removes them from) the cohort whose first midnight is m0; they were
 * written `beforeMidnight` days before it.
 */
function addObjects(c: Cohorts, m0: number, count: number, gib: number, padGib: number, beforeMidnight: number): void {
  c.count[m0] = (c.count[m0] as number) + count;
  c.gib[m0] = (c.gib[m0] as number) + gib;
  c.padGib[m0] = (c.padGib[m0] as number) + padGib;
  c.preMid[m0] = (c.preMid[m0] as number) + gib * beforeMidnight;
  c.preMidN[m0] = (c.preMidN[m0] as number) + count * beforeMidnight;
  c.preMidPad[m0] = (c.preMidPad[m0] as number) + padGib * beforeMidnight;
}

/** Adds capacity `from` (another shard's, say) into `into`, class by class and tier by tier. */
export function mergeCapacity(into: Capacity, from: Capacity): void {
  for (const [cls, c] of Object.entries(from) as [StorageClass, ClassCapacity][]) {
    const e = (into[cls] ??= { storedGiB: 0, objects: 0, noncurrentGiB: 0, noncurrentObjects: 0 });
    e.storedGiB += c.storedGiB;
    e.objects += c.objects;
    e.noncurrentGiB += c.noncurrentGiB;
    e.noncurrentObjects += c.noncurrentObjects;
    for (const [tier, gib] of Object.entries(c.intTiers ?? {}) as [IntTier, number][]) {
      const tiers = (e.intTiers ??= {});
      tiers[tier] = (tiers[tier] ?? 0) + gib;
    }
  }
}

/** Adds `gib` in Intelligent-Tiering access tier `tier` (index in INT_TIERS) to the capacity. */
function addIntTierCapacity(capacity: Capacity, tier: number, gib: number): void {
  // Negative shares are kept (see accrueCohorts): the tiers must add up to the class.
  if (gib === 0) return;
  const e = capacity.INTELLIGENT_TIERING as ClassCapacity;
  const tiers = (e.intTiers ??= {});
  const name = INT_TIERS[tier] as IntTier;
  tiers[name] = (tiers[name] ?? 0) + gib;
}

/** Adds cohort m0 to the capacity of class index ci. */
function addCapacity(capacity: Capacity, ci: number, c: Cohorts, m0: number, noncurrent: boolean): void {
  const count = c.count[m0] as number;
  if (count !== 0) addClassCapacity(capacity, ci, count, c.gib[m0] as number, noncurrent);
}

/** Adds `count` objects totalling `gib` to the capacity of class index ci. */
function addClassCapacity(capacity: Capacity, ci: number, count: number, gib: number, noncurrent: boolean): void {
  const e = (capacity[STORAGE_CLASSES[ci] as StorageClass] ??= { storedGiB: 0, objects: 0, noncurrentGiB: 0, noncurrentObjects: 0 });
  if (noncurrent) {
    e.noncurrentGiB += gib;
    e.noncurrentObjects += count;
  } else {
    e.storedGiB += gib;
    e.objects += count;
  }
}

export class ObjectLedger {
  readonly meter: UsageMeter;
  readonly days: number;
  /** Month index of each day. */
  readonly dayMonth: Uint16Array;
  private readonly paths: readonly LedgerPath[];
  /** Class index each path's objects are written in. */
  private readonly initialIdx: Uint8Array;
  private readonly current: Cohorts[];
  private readonly currentSched: CompiledSchedule[];
  /** Noncurrent cohorts per path and class-at-noncurrent, by first midnight after becoming noncurrent. */
  private readonly noncurrent: (Cohorts | undefined)[][];
  private readonly noncurrentSched: (CompiledSchedule | undefined)[][];
  private readonly cap: Capacity[] = [];
  private readonly totals = { putGiB: 0, removedGiB: 0 };
  private readonly todayLists = new Float64Array(CAUSES.length);
  private readonly todayEgress = new Float64Array(CAUSES.length);
  /** Today's GETs and their GiB per (class index, cause); PUTs per (path, cause). */
  private readonly todayGets: Float64Array;
  private readonly todayGetGiB: Float64Array;
  private readonly todayPuts: Float64Array;
  /** The day events are being recorded for (closed by endDay). */
  private openDay = 0;
  /**
   * Per path: k of the first midnight from which objects are in an archive class (Infinity: never;
   * −Infinity: written into one), or NaN when the path goes through INTELLIGENT_TIERING, whose
   * archive tiers depend on idle time.
   */
  private readonly archiveK: Float64Array;
  /** Per path through INTELLIGENT_TIERING (monitored objects only): which objects are on which access clock. */
  private readonly access: (AccessGroups | undefined)[];
  /** Restores from INT archive tiers still running: an access when they complete. */
  private readonly pendingIntRestores: { path: number; created: number; at: number; count: number; gib: number; a0: number | undefined }[] = [];
  /** The coldest INT tier objects can reach without access (its index in INT_TIERS). */
  private readonly intTerminal: number;
  /** Objects written and objects removed (deleted or expired for good), per month. */
  readonly objectsPut: Float64Array;
  readonly objectsRemoved: Float64Array;
  private readonly slots: ReturnType<ObjectLedger['makeSlots']>;

  constructor(readonly config: LedgerConfig) {
    const start = parseMonthKey(config.startMonth);
    invariant(start, `bad start month ${config.startMonth}`);
    const monthDays: number[] = [];
    for (let m = 0; m < config.months; m++) {
      const idx = start.year * 12 + start.month - 1 + m;
      monthDays.push(daysInMonth(monthKey(Math.floor(idx / 12), (idx % 12) + 1)));
    }
    this.days = monthDays.reduce((a, b) => a + b, 0);
    this.dayMonth = new Uint16Array(this.days + 1);
    let d = 0;
    monthDays.forEach((n, m) => {
      for (let i = 0; i < n; i++) this.dayMonth[d++] = m;
    });
    this.dayMonth[this.days] = config.months - 1;
    this.meter = new UsageMeter(config.region, config.startMonth, config.months);
    this.objectsPut = new Float64Array(config.months);
    this.objectsRemoved = new Float64Array(config.months);
    this.paths = config.paths;
    this.initialIdx = Uint8Array.from(config.paths, (p) => cidx(p.initialClass));
    this.todayGets = new Float64Array(STORAGE_CLASSES.length * CAUSES.length);
    this.todayGetGiB = new Float64Array(STORAGE_CLASSES.length * CAUSES.length);
    this.todayPuts = new Float64Array(config.paths.length * CAUSES.length);
    const n = this.days + 2;
    this.currentSched = config.paths.map((p) => this.compile(p.current));
    this.noncurrentSched = config.paths.map((p) =>
      STORAGE_CLASSES.map((c) => (config.versioning && p.noncurrent?.[c] ? this.compile(p.noncurrent[c] as Schedule) : undefined)),
    );
    // Per-class totals unless a cohort can be in INTELLIGENT_TIERING (its tiers go cohort by cohort).
    const byClass = (initial: number, sched: CompiledSchedule) => initial !== INT_INDEX && !sched.classByK.includes(INT_INDEX);
    this.current = config.paths.map((p, k) => cohorts(n, byClass(cidx(p.initialClass), this.currentSched[k] as CompiledSchedule)));
    this.noncurrent = this.noncurrentSched.map((list) => list.map((sched, ci) => (sched ? cohorts(n, byClass(ci, sched)) : undefined)));
    this.slots = this.makeSlots();
    const archiveClasses = STORAGE_CLASSES.filter((c) => ARCHIVE_CLASS[cidx(c)]);
    const throughInt = config.paths.map((p, k) => p.initialClass === 'INTELLIGENT_TIERING' || (this.currentSched[k] as CompiledSchedule).classByK.includes(INT_INDEX));
    this.archiveK = Float64Array.from(config.paths, (_, k) => (throughInt[k] ? NaN : this.firstMidnightIn(k, archiveClasses)));
    this.access = config.paths.map((p, k) => (throughInt[k] && p.monitored ? new AccessGroups(n) : undefined));
    const it = config.intelligentTiering;
    this.intTerminal = it.deepArchiveAccessDays !== undefined ? TIER_DAA : it.archiveAccessDays !== undefined ? TIER_AA : 2;
  }

  private compile(schedule: Schedule): CompiledSchedule {
    const n = this.days + 2;
    const classByK = new Uint8Array(n);
    const stepAtK = new Uint8Array(n).fill(NO_STEP);
    const entryK = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) classByK[k] = cidx(classAtK(schedule, k));
    for (const s of schedule.steps.slice(1)) {
      if (s.fromK < n) stepAtK[s.fromK] = cidx(s.storageClass);
      for (let k = s.fromK; k < n; k++) entryK[k] = s.fromK;
    }
    const lastStepK = schedule.steps.length > 1 ? (schedule.steps[schedule.steps.length - 1] as { fromK: number }).fromK : 0;
    const expireK = schedule.expireK ?? Number.MAX_SAFE_INTEGER;
    const lastActionK = Math.min(n, schedule.expireK ?? lastStepK);
    const changeKs: number[] = [];
    for (let k = 1; k < n; k++) if (classByK[k] !== classByK[k - 1]) changeKs.push(k);
    const actionKs: number[] = [];
    for (let k = Math.min(lastActionK, n - 1); k >= 0; k--) if (k === expireK || stepAtK[k] !== NO_STEP) actionKs.push(k);
    return { schedule, classByK, stepAtK, entryK, expireK, lastActionK, changeKs: Int32Array.from(changeKs), actionKs: Int32Array.from(actionKs) };
  }

  /** Meter slots looked up once: per class index. */
  private makeSlots() {
    const r = this.config.region;
    const meter = this.meter;
    const perClass = <T>(f: (c: StorageClass) => T): T[] => STORAGE_CLASSES.map(f);
    const optional = (k: UsageKey | undefined, cause: Cause, c: StorageClass) => (k ? meter.slot(k, cause, c) : -1);
    return {
      storage: perClass((c) => meter.slot(storageKey(r, c), 'storage', c)),
      intTier: INT_TIERS.map((t) => meter.slot(storageKey(r, 'INTELLIGENT_TIERING', t), 'storage', 'INTELLIGENT_TIERING')),
      overheadStd: perClass((c) => meter.slot(storageKey(r, 'STANDARD'), 'overhead', c)),
      overheadClass: perClass((c) => meter.slot(storageKey(r, c), 'overhead', c)),
      intOverheadStd: meter.slot(storageKey(r, 'STANDARD'), 'overhead', 'INTELLIGENT_TIERING'),
      intOverheadClass: (['AA', 'DAA'] as const).map((t) => meter.slot(storageKey(r, 'INTELLIGENT_TIERING', t), 'overhead', 'INTELLIGENT_TIERING')),
      // Usage keys a class may not have (-1: none).
      pad: perClass((c) => optional(smallObjectsKey(r, c), 'overhead', c)),
      early: perClass((c) => optional(earlyDeleteKey(r, c), 'early-delete', c)),
      earlyPad: perClass((c) => optional(earlyDeleteKey(r, c, true), 'early-delete', c)),
      transition: perClass((c) => optional(transitionKey(r, c), 'transition', c)),
      retrieval: perClass((c) => optional(retrievalKey(r, c), 'retrieval', c)),
      monitoring: meter.slot(monitoringKey(r), 'monitoring', 'INTELLIGENT_TIERING'),
      restoredCopy: meter.slot(storageKey(r, 'STANDARD'), 'restored-copy', 'STANDARD'),
    };
  }

  /** Request and transfer slots per (kind, class, cause), filled on first use: no string keys in hot loops. */
  private readonly lazySlots = new Int32Array(4 * STORAGE_CLASSES.length * CAUSES.length).fill(-1);

  private lazySlot(kind: number, ci: number, cause: Cause | number): number {
    const k = (kind * STORAGE_CLASSES.length + ci) * CAUSES.length + (typeof cause === 'number' ? cause : causeIndex(cause));
    let slot = this.lazySlots[k] as number;
    if (slot < 0) {
      const r = this.config.region;
      const cls = STORAGE_CLASSES[ci] as StorageClass;
      const key = kind === SLOT_PUT ? putKey(r, cls) : kind === SLOT_GET ? getKey(r, cls) : kind === SLOT_LIST ? listKey(r) : egressKey(r);
      const c = typeof cause === 'number' ? (CAUSES[cause] as Cause) : cause;
      slot = kind === SLOT_PUT || kind === SLOT_GET ? this.meter.slot(key, c, cls) : this.meter.slot(key, c);
      this.lazySlots[k] = slot;
    }
    return slot;
  }

  /**
   * Today's requests, summed and billed when the day closes (the hot path calls these for every
   * device every day): LISTs, and GETs of objects the agent reads.
   */
  listToday(count: number, cause: number): void {
    this.todayLists[cause] = (this.todayLists[cause] as number) + count;
  }

  /**
   * Reads `count` objects of `path` created at `created` (totalling `gib`) at `t` if they can be
   * read, with the bytes sent to the internet if `egress`; returns whether they could. Nothing is
   * billed for objects that cannot be read: a caller that tries anyway bills the refusal with get().
   */
  read(path: number, created: number, t: number, count: number, gib: number, cause: number, egress: boolean): boolean {
    const d = Math.floor(t);
    const m0 = Math.ceil(created);
    const archiveK = this.archiveK[path] as number;
    if (archiveK === archiveK ? d >= m0 + archiveK : !this.readable(path, created, t)) return false;
    if (archiveK !== archiveK) this.intAccess(path, created, t, count, gib);
    if (d !== this.openDay) {
      this.get(path, created, t, count, gib, cause);
      if (egress) this.transferOut(t, gib, cause);
      return true;
    }
    const ci = d < m0 ? (this.initialIdx[path] as number) : ((this.currentSched[path] as CompiledSchedule).classByK[Math.min(d - m0, this.days + 1)] as number);
    const k = ci * CAUSES.length + cause;
    this.todayGets[k] = (this.todayGets[k] as number) + count;
    this.todayGetGiB[k] = (this.todayGetGiB[k] as number) + gib;
    if (egress) this.todayEgress[cause] = (this.todayEgress[cause] as number) + gib;
    return true;
  }

  /** Bills the requests and transfer summed over day d (listToday, read, PUTs). */
  private flushToday(d: number): void {
    const month = this.dayMonth[d] as number;
    const causes = CAUSES.length;
    for (let c = 0; c < causes; c++) {
      const lists = this.todayLists[c] as number;
      if (lists > 0) this.meter.add(this.lazySlot(SLOT_LIST, 0, c), month, lists);
      const egress = this.todayEgress[c] as number;
      if (egress > 0) this.meter.add(this.lazySlot(SLOT_EGRESS, 0, c), month, egress);
      this.todayLists[c] = 0;
      this.todayEgress[c] = 0;
    }
    for (let ci = 0; ci < STORAGE_CLASSES.length; ci++) {
      let retrievalGiB = 0;
      for (let c = 0; c < causes; c++) {
        const k = ci * causes + c;
        const n = this.todayGets[k] as number;
        if (n === 0) continue;
        this.meter.add(this.lazySlot(SLOT_GET, ci, c), month, n);
        retrievalGiB += this.todayGetGiB[k] as number;
        this.todayGets[k] = 0;
        this.todayGetGiB[k] = 0;
      }
      const r = this.slots.retrieval[ci] as number;
      if (r >= 0 && retrievalGiB > 0) this.meter.add(r, month, retrievalGiB);
    }
    for (let path = 0; path < this.paths.length; path++) {
      for (let c = 0; c < causes; c++) {
        const k = path * causes + c;
        const puts = this.todayPuts[k] as number;
        if (puts === 0) continue;
        this.billPuts(path, month, puts, c);
        this.todayPuts[k] = 0;
      }
    }
  }

  /** Bytes sent to the internet (devices outside AWS downloading). */
  transferOut(t: number, gib: number, cause: Cause | number): void {
    if (gib > 0) this.meter.add(this.lazySlot(SLOT_EGRESS, 0, cause), this.month(t), gib);
  }

  /** Month index of time t; events must fall within the horizon (a bug otherwise, not a user error). */
  private month(t: number): number {
    if (!(t >= 0 && t <= this.days)) throw new InvariantError(`ledger event at day ${t}, outside the horizon [0, ${this.days}]`);
    return this.dayMonth[Math.floor(t)] as number;
  }

  private inHorizon(t: number): boolean {
    return t >= 0 && t < this.days;
  }

  /**
   * Books `duration` days of storage for objects of class `ci`: data, archive overhead, padding,
   * INT tier and monitoring. `intTier` only matters for INTELLIGENT_TIERING.
   */
  private accrue(month: number, ci: number, gib: number, count: number, padGib: number, duration: number, intTier: number, monitored: boolean): void {
    const s = this.slots;
    const meter = this.meter;
    if (ci === INT_INDEX) {
      meter.add(s.intTier[intTier] as number, month, gib * duration);
      if (monitored) meter.add(s.monitoring, month, count * duration);
      if (intTier >= 3) {
        meter.add(s.intOverheadStd, month, count * ARCHIVE_STD_OVERHEAD_GIB * duration);
        meter.add(s.intOverheadClass[intTier - 3] as number, month, count * ARCHIVE_CLASS_OVERHEAD_GIB * duration);
      }
      return;
    }
    meter.add(s.storage[ci] as number, month, gib * duration);
    if (ARCHIVE_CLASS[ci]) {
      meter.add(s.overheadStd[ci] as number, month, count * ARCHIVE_STD_OVERHEAD_GIB * duration);
      meter.add(s.overheadClass[ci] as number, month, count * ARCHIVE_CLASS_OVERHEAD_GIB * duration);
    }
    const pad = s.pad[ci] as number;
    if (pad >= 0 && padGib > 0) meter.add(pad, month, padGib * duration);
  }

  /** Early-delete charge for leaving class `ci` after `daysInClass` days (nothing past the minimum). */
  private earlyDelete(month: number, ci: number, gib: number, count: number, padGib: number, daysInClass: number): void {
    const remaining = (MIN_DAYS[ci] as number) - daysInClass;
    if (remaining <= 0) return;
    const s = this.slots;
    const billable = gib + (ARCHIVE_CLASS[ci] ? count * ARCHIVE_CLASS_OVERHEAD_GIB : 0);
    this.meter.add(s.early[ci] as number, month, billable * remaining);
    const ep = s.earlyPad[ci] as number;
    if (ep >= 0 && padGib > 0) this.meter.add(ep, month, padGib * remaining);
  }

  /** Intelligent-Tiering access tier after `idleDays` days without access. */
  private intTier(idleDays: number, monitored: boolean): number {
    if (!monitored) return 0;
    const it = this.config.intelligentTiering;
    if (it.deepArchiveAccessDays !== undefined && idleDays >= it.deepArchiveAccessDays) return 4;
    if (it.archiveAccessDays !== undefined && idleDays >= it.archiveAccessDays) return 3;
    if (idleDays >= 90) return 2;
    if (idleDays >= 30) return 1;
    return 0;
  }

  /** When an object of `path` created at `created` entered the class it is in at `t`. */
  private enteredAt(path: number, created: number, t: number): number {
    const m0 = Math.ceil(created);
    const k = Math.floor(t) - m0;
    if (k < 0) return created;
    const e = (this.currentSched[path] as CompiledSchedule).entryK[Math.min(k, this.days + 1)] as number;
    return e < 0 ? created : m0 + e;
  }

  /** Class index (in STORAGE_CLASSES) of objects of `path` created at `created`, at time `t`. */
  private classIndexAt(path: number, created: number, t: number): number {
    const m0 = Math.ceil(created);
    const d = Math.floor(t);
    if (d < m0) return this.initialIdx[path] as number;
    return (this.currentSched[path] as CompiledSchedule).classByK[Math.min(d - m0, this.days + 1)] as number;
  }

  /** Whether lifecycle expired (deleted) current objects of `path` created at `created` by `t`. */
  expired(path: number, created: number, t: number): boolean {
    return Math.floor(t) - Math.ceil(created) >= (this.currentSched[path] as CompiledSchedule).expireK;
  }

  /** Class of objects of `path` created at `created`, at time `t`. */
  classAt(path: number, created: number, t: number): StorageClass {
    return STORAGE_CLASSES[this.classIndexAt(path, created, t)] as StorageClass;
  }

  /**
   * The Intelligent-Tiering tier (index in INT_TIERS) of current objects of cohort m0 during day d:
   * on the clock that restarted at midnight `a0` (their last access), or on the cohort's own clock
   * (from when they entered the class) when a0 is undefined or −1. Tiers change at midnights.
   */
  private intTierOn(path: number, m0: number, d: number, a0?: number): number {
    const p = this.paths[path] as LedgerPath;
    if (!p.monitored || d < m0) return 0;
    if (a0 !== undefined && a0 >= 0) return d >= a0 ? this.intTier(d - a0, true) : 0;
    const k = d - m0;
    return this.intTier(this.daysInClass(this.currentSched[path] as CompiledSchedule, this.current[path] as Cohorts, m0, k, k), true);
  }

  /** The Intelligent-Tiering tier of current objects at `t` (last accessed on clock a0), if they are in INTELLIGENT_TIERING. */
  intTierAt(path: number, created: number, t: number, a0?: number): IntTier | undefined {
    if (this.classIndexAt(path, created, t) !== INT_INDEX) return undefined;
    return INT_TIERS[this.intTierOn(path, Math.ceil(created), Math.floor(t), a0)];
  }

  /**
   * k of the first midnight (counted from objects' first) from which objects of `path` are in one
   * of `classes`: −Infinity when they are written into one, Infinity when they never get there.
   */
  firstMidnightIn(path: number, classes: readonly StorageClass[]): number {
    const wanted = (ci: number) => classes.includes(STORAGE_CLASSES[ci] as StorageClass);
    if (wanted(this.initialIdx[path] as number)) return -Infinity;
    const byK = (this.currentSched[path] as CompiledSchedule).classByK;
    for (let k = 0; k < byK.length; k++) if (wanted(byK[k] as number)) return k;
    return Infinity;
  }

  /**
   * Whether a GET of such objects succeeds now: not for GLACIER, DEEP_ARCHIVE or INT archive tiers.
   * `a0` is the access clock of the objects when the caller tracks it (see intAccess); without it,
   * the cohort's own clock, the coldest any of its objects can be.
   */
  readable(path: number, created: number, t: number, a0?: number): boolean {
    // Without Intelligent-Tiering a path's objects are readable until the midnight their class
    // becomes an archive one, and never again (lifecycle never leaves an archive class).
    const archiveK = this.archiveK[path] as number;
    if (archiveK === archiveK) return Math.floor(t) < Math.ceil(created) + archiveK;
    const ci = this.classIndexAt(path, created, t);
    if (ARCHIVE_CLASS[ci]) return false;
    if (ci !== INT_INDEX) return true;
    return this.intTierOn(path, Math.ceil(created), Math.floor(t), a0) < TIER_AA;
  }

  /**
   * An access at `t` to `count` objects (`gib`) of cohort `created` in INTELLIGENT_TIERING: they go
   * back to Frequent Access and their clock restarts (S3 User Guide, "How S3 Intelligent-Tiering
   * works"). Returns their new clock (the first midnight after t), or undefined when nothing
   * changed (not in the class, not monitored, or written today — whose clock started today anyway).
   */
  intAccess(path: number, created: number, t: number, count: number, gib: number, a0?: number): number | undefined {
    const groups = this.access[path];
    const m0 = Math.ceil(created);
    const d = Math.floor(t);
    if (!groups || d < m0 || this.classIndexAt(path, created, t) !== INT_INDEX) return undefined;
    const next = Math.ceil(t);
    if (a0 === next) return next;
    let n = 0;
    let g = 0;
    for (const s of this.cutAt(path, m0, t, count, gib, a0)) {
      n += s.count;
      g += s.gib;
    }
    groups.add(m0, next, n, g, g * (next - t), n * (next - t));
    return next;
  }

  /**
   * Cuts objects of cohort m0 out of their access clocks at `t` (an access or a delete) and bills
   * their storage on day d up to t, each at the tier of its clock. Before the cohort's own counts
   * change: a pro-rata cut needs them.
   */
  private cutAt(path: number, m0: number, t: number, count: number, gib: number, a0?: number): AccessSlice[] {
    const groups = this.access[path] as AccessGroups;
    const d = Math.floor(t);
    const month = this.month(t);
    const cohort = this.current[path] as Cohorts;
    const slices = groups.take(m0, cohort.count[m0] as number, cohort.gib[m0] as number, count, gib, a0);
    for (const s of slices) {
      if (s.a0 === d + 1) {
        // Accessed earlier today: in Frequent Access from then until t (the rest of the day is no longer theirs).
        const after = d + 1 - t;
        this.accrue(month, INT_INDEX, s.accessDayGib - s.gib * after, s.accessDayCount - s.count * after, 0, 1, 0, true);
      } else {
        this.accrue(month, INT_INDEX, s.gib, s.count, 0, t - d, this.intTierOn(path, m0, d, s.a0), true);
      }
    }
    return slices;
  }

  /** `count` objects totalling `gib` GiB (and `padGib` of small-object padding) written at `t`. */
  put(path: number, t: number, count: number, gib: number, padGib: number, cause: Cause | number): void {
    if (count <= 0) return;
    const c = this.current[path] as Cohorts;
    const m0 = Math.ceil(t);
    changeCohort(c, this.currentSched[path] as CompiledSchedule, m0, count, gib, padGib, m0 - t);
    this.totals.putGiB += gib;
    // Written exactly at a midnight: that midnight's actions (Days 0) were applied before it.
    if (m0 === t) this.actionsAtCreation(path, t, count, gib, padGib);
    if (Math.floor(t) === this.openDay) {
      // During the open day: summed per path and cause, billed when the day closes.
      const k = path * CAUSES.length + (typeof cause === 'number' ? cause : causeIndex(cause));
      this.todayPuts[k] = (this.todayPuts[k] as number) + count;
      return;
    }
    this.billPuts(path, this.month(t), count, cause);
    // The rest of the creation day is billed when the day closes (from preMid*), in the initial class.
  }

  /** A Days-0 transition or expiration for objects written exactly at midnight `t`. */
  private actionsAtCreation(path: number, t: number, count: number, gib: number, padGib: number): void {
    const sched = this.currentSched[path] as CompiledSchedule;
    const step = sched.stepAtK[0] as number;
    if (sched.expireK !== 0 && step === NO_STEP) return;
    const month = this.month(t);
    const initial = this.initialIdx[path] as number;
    this.earlyDelete(month, initial, gib, count, padGib, 0);
    if (sched.expireK === 0) {
      changeCohort(this.current[path] as Cohorts, sched, t, -count, -gib, -padGib, 0);
      this.totals.removedGiB += gib;
      this.objectsRemoved[month] = (this.objectsRemoved[month] as number) + count;
      return;
    }
    const tr = this.slots.transition[step] as number;
    if (tr >= 0) this.meter.add(tr, month, count);
  }

  private billPuts(path: number, month: number, count: number, cause: Cause | number): void {
    this.objectsPut[month] = (this.objectsPut[month] as number) + count;
    this.meter.add(this.lazySlot(SLOT_PUT, this.initialIdx[path] as number, cause), month, count);
  }

  /**
   * PUT-class requests that write no object of their own, at `t`: a multipart upload's
   * CreateMultipartUpload, UploadPart and CompleteMultipartUpload beyond the one `put` bills per
   * object, at the rate of the class the objects are written in (Amazon S3 User Guide, "Uploading
   * and copying objects using multipart upload", "Multipart upload and pricing").
   */
  putRequests(path: number, t: number, count: number, cause: Cause | number): void {
    if (count > 0) this.meter.add(this.lazySlot(SLOT_PUT, this.initialIdx[path] as number, cause), this.month(t), count);
  }

  /**
   * `count` objects of `path` created at `created` deleted at `t` (DELETE requests are free);
   * `a0` is their Intelligent-Tiering access clock when the caller tracks it (see intAccess).
   */
  delete(path: number, created: number, t: number, count: number, gib: number, padGib: number, a0?: number): void {
    if (count <= 0) return;
    const p = this.paths[path] as LedgerPath;
    const c = this.current[path] as Cohorts;
    const m0 = Math.ceil(created);
    // Lifecycle expired them already: a DELETE of a missing key changes nothing.
    if (this.expired(path, created, t)) return;
    const d = Math.floor(t);
    const month = this.month(t);
    const ci = this.classIndexAt(path, created, t);
    const enteredAt = this.enteredAt(path, created, t);
    // Today's storage until t, in the class (and Intelligent-Tiering tier) they are in. Written
    // today, it runs from their creation instead of midnight.
    if (ci === INT_INDEX && d >= m0 && this.access[path]) this.cutAt(path, m0, t, count, gib, a0);
    else this.accrue(month, ci, gib, count, padGib, d < m0 ? t - created : t - d, ci === INT_INDEX ? this.intTierOn(path, m0, d, a0) : 0, p.monitored);
    changeCohort(c, this.currentSched[path] as CompiledSchedule, m0, -count, -gib, -padGib, m0 - created);
    if (this.config.versioning && p.noncurrent) {
      this.becomeNoncurrent(path, ci, enteredAt, t, count, gib, padGib);
      return;
    }
    this.totals.removedGiB += gib;
    this.objectsRemoved[month] = (this.objectsRemoved[month] as number) + count;
    this.earlyDelete(month, ci, gib, count, padGib, t - enteredAt);
  }

  /**
   * Versioned bucket: a DELETE, or a lifecycle Expiration at a midnight, leaves a delete marker and
   * the version becomes noncurrent: still billed in its class, then governed by the Noncurrent*
   * actions counted from now. Its whole future is fixed, so the early-delete charges of its
   * noncurrent transitions and expiration are booked now, in the months they fall in, counted from
   * `enteredAt` (when it entered class ci). (Its storage before t today is billed by the caller.)
   * Delete markers themselves are not modelled: they hold no data and are billed only the size of
   * their key name (S3 User Guide, "Working with delete markers").
   */
  private becomeNoncurrent(path: number, ci: number, enteredAt: number, t: number, count: number, gib: number, padGib: number): void {
    const n0 = Math.ceil(t);
    const sched = this.noncurrentSched[path]?.[ci];
    const nc = this.noncurrent[path]?.[ci];
    invariant(sched && nc, 'noncurrent schedule missing');
    changeCohort(nc, sched, n0, count, gib, padGib, n0 - t);
    // Early deletes of the future: each class left (by transition or expiration) before its minimum.
    const steps = sched.schedule.steps;
    let classStart = enteredAt;
    let cls = ci;
    for (let i = 1; i <= steps.length; i++) {
      const next = steps[i];
      const leaveK = next ? next.fromK : sched.expireK;
      if (leaveK === Number.MAX_SAFE_INTEGER) break;
      const leaveT = n0 + leaveK;
      if (this.inHorizon(leaveT)) this.earlyDelete(this.month(leaveT), cls, gib, count, padGib, leaveT - classStart);
      if (!next) break;
      cls = cidx(next.storageClass);
      classStart = leaveT;
    }
  }

  /**
   * GETs of `count` objects (totalling `gib`) created at `created`, at `t`; refused ones are billed
   * too (4xx). A GET that succeeds on objects in INTELLIGENT_TIERING is an access: returns their new
   * access clock (undefined when it did not change).
   */
  get(path: number, created: number, t: number, count: number, gib: number, cause: Cause | number, a0?: number): number | undefined {
    if (count <= 0) return undefined;
    const ci = this.classIndexAt(path, created, t);
    const month = this.month(t);
    this.meter.add(this.lazySlot(SLOT_GET, ci, cause), month, count);
    if (this.expired(path, created, t) || !this.readable(path, created, t, a0)) return undefined;
    const r = this.slots.retrieval[ci] as number;
    if (r >= 0) this.meter.add(r, month, gib);
    return ci === INT_INDEX ? this.intAccess(path, created, t, count, gib, a0) : undefined;
  }

  /**
   * RestoreObject at `t`. GLACIER / DEEP_ARCHIVE: requests by tier, retrieval per GB, and the
   * temporary copy billed at the STANDARD rate from when it is available until it expires.
   * Intelligent-Tiering Archive / Deep Archive Access: the objects return to Frequent Access when
   * the restore completes (see restoreIntelligentTiering). Returns when the restore completes, or
   * undefined when the objects are not archived (nothing to restore).
   */
  restore(path: number, created: number, t: number, count: number, gib: number, tier: RestoreTier, days: number, a0?: number): number | undefined {
    if (this.expired(path, created, t)) return undefined;
    const cls = this.classAt(path, created, t);
    if (cls === 'INTELLIGENT_TIERING') return this.restoreIntelligentTiering(path, created, t, count, gib, tier, a0);
    if (cls !== 'GLACIER' && cls !== 'DEEP_ARCHIVE') return undefined;
    const r = this.config.region;
    const req = restoreRequestKey(r, cls, tier);
    const bytes = restoreBytesKey(r, cls, tier);
    invariant(req && bytes, `${cls} has no ${tier} restore`);
    const month = this.month(t);
    this.meter.add(this.meter.slot(req, 'restore', cls), month, count);
    this.meter.add(this.meter.slot(bytes, 'retrieval', cls), month, gib);
    const from = t + (RESTORE_DELAY_DAYS[cls][tier] ?? 0);
    // The copy expires at the midnight UTC after completion + Days (S3 User Guide, "Restoring an
    // archived object": completed 15 Oct 10:30 with Days 3 → expires 19 Oct 00:00).
    const to = Math.ceil(from + days);
    for (let d = Math.floor(from); d < to && d < this.days; d++) {
      const overlap = Math.min(to, d + 1) - Math.max(from, d);
      if (overlap > 0) this.meter.add(this.slots.restoredCopy, this.dayMonth[d] as number, gib * overlap);
    }
    return from;
  }

  /**
   * A restore from Intelligent-Tiering's Archive Access or Deep Archive Access tier: no temporary
   * copy; the objects move back to Frequent Access when it completes, an access. Standard and Bulk
   * are free; Expedited (Archive Access only) is charged at the Expedited request and retrieval
   * rates (S3 User Guide, "Understanding archive retrieval options").
   */
  private restoreIntelligentTiering(path: number, created: number, t: number, count: number, gib: number, tier: RestoreTier, a0?: number): number | undefined {
    const current = this.intTierOn(path, Math.ceil(created), Math.floor(t), a0);
    if (current < TIER_AA) return undefined;
    const archive = current === TIER_DAA ? 'DAA' : 'AA';
    const delay = INT_RESTORE_DELAY_DAYS[archive][tier];
    invariant(delay !== undefined, `Intelligent-Tiering ${archive === 'DAA' ? 'Deep Archive Access' : 'Archive Access'} has no ${tier} restore`);
    if (tier === 'expedited') {
      const r = this.config.region;
      const month = this.month(t);
      this.meter.add(this.meter.slot(restoreRequestKey(r, 'GLACIER', 'expedited') as UsageKey, 'restore', 'INTELLIGENT_TIERING'), month, count);
      this.meter.add(this.meter.slot(restoreBytesKey(r, 'GLACIER', 'expedited') as UsageKey, 'retrieval', 'INTELLIGENT_TIERING'), month, gib);
    }
    const at = t + delay;
    if (at < this.days) this.pendingIntRestores.push({ path, created, at, count, gib, a0 });
    return at;
  }

  /** Intelligent-Tiering restores that complete during day d: the objects are accessed then. */
  private completeIntRestores(d: number): void {
    const pending = this.pendingIntRestores;
    for (let i = 0; i < pending.length; ) {
      const r = pending[i] as (typeof pending)[number];
      if (Math.floor(r.at) > d) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      this.intAccess(r.path, r.created, r.at, r.count, r.gib, r.a0);
    }
  }

  /**
   * Closes day `d`: a full day of storage in the classes in force, then the lifecycle actions of
   * the next midnight. S3 bills a lifecycle action at eligibility (the midnight), so the events
   * of day d + 1 see its result: a delete that day is a delete from the new class, after the
   * transition request and the early delete of the class left were billed.
   */
  endDay(d: number): void {
    if (this.pendingIntRestores.length > 0) this.completeIntRestores(d);
    this.flushToday(d);
    this.openDay = d + 1;
    const lastOfMonth = d + 1 >= this.days || this.dayMonth[d + 1] !== this.dayMonth[d];
    const month = this.dayMonth[d] as number;
    const capacity: Capacity | undefined = lastOfMonth ? {} : undefined;
    const midnight = d + 1 < this.days ? d + 1 : -1;
    for (let p = 0; p < this.paths.length; p++) {
      const path = this.paths[p] as LedgerPath;
      const current = this.current[p] as Cohorts;
      const sched = this.currentSched[p] as CompiledSchedule;
      this.accrueCohorts(p, current, sched, d, month, capacity, false);
      this.closeCreationDay(path, current, this.initialIdx[p] as number, d, month);
      if (capacity) this.addCreationDayCapacity(capacity, this.initialIdx[p] as number, current, d + 1, false);
      const nc = this.noncurrent[p] as (Cohorts | undefined)[];
      const ncs = this.noncurrentSched[p] as (CompiledSchedule | undefined)[];
      for (let ci = 0; ci < nc.length; ci++) {
        const cs = nc[ci];
        if (!cs) continue;
        this.accrueCohorts(p, cs, ncs[ci] as CompiledSchedule, d, month, capacity, true);
        this.closeCreationDay(path, cs, ci, d, month);
        if (capacity) this.addCreationDayCapacity(capacity, ci, cs, d + 1, true);
      }
      if (midnight < 0) continue;
      advanceCohorts(current, sched, midnight);
      for (let ci = 0; ci < nc.length; ci++) {
        const cs = nc[ci];
        if (cs) advanceCohorts(cs, ncs[ci] as CompiledSchedule, midnight);
      }
      // Current versions' actions first: in a versioned bucket an expiration makes versions
      // noncurrent at this midnight, and their Days-0 noncurrent actions then apply at once. (The
      // day's capacity was taken before: they were current during day d.)
      this.midnightActions(p, current, sched, midnight, false);
      for (let ci = 0; ci < nc.length; ci++) {
        const cs = nc[ci];
        if (cs) this.midnightActions(p, cs, ncs[ci] as CompiledSchedule, midnight, true);
      }
    }
    if (this.existing.length > 0) this.endDayExisting(d, month, capacity, midnight);
    if (capacity) this.cap[month] = capacity;
  }

  /** Objects in the bucket before the simulation starts (bucket.initial_inventory), by cohort. */
  private readonly existing: ExistingState[] = [];

  /**
   * Adds objects that exist before day 0 (see ExistingCohort). Before the first day closes. Their
   * storage is billed from day 0; lifecycle actions already due fire at the first midnight (the
   * end of day 0), later ones at creation + Days rounded up to a midnight, as for any object.
   */
  seedExisting(cohorts: readonly ExistingCohort[]): void {
    invariant(this.openDay === 0, 'existing objects are added before the first day closes');
    for (const c of cohorts) {
      if (c.count <= 0) continue;
      this.existing.push({ c, ci: cidx(c.storageClass), enteredAt: -c.ageDays, gone: false });
      this.totals.putGiB += c.gib;
    }
  }

  /** Day d for the existing objects: a day of storage in their class, then the actions at `midnight` (−1: none). */
  private endDayExisting(d: number, month: number, capacity: Capacity | undefined, midnight: number): void {
    const becameNoncurrent: ExistingState[] = [];
    for (const e of this.existing) {
      if (e.gone) continue;
      const c = e.c;
      const tier = e.ci === INT_INDEX ? this.existingIntTier(e, d) : 0;
      this.accrue(month, e.ci, c.gib, c.count, c.padGib, 1, tier, c.monitored);
      if (capacity) {
        const cap = (capacity[STORAGE_CLASSES[e.ci] as StorageClass] ??= { storedGiB: 0, objects: 0, noncurrentGiB: 0, noncurrentObjects: 0 });
        if (c.noncurrent) {
          cap.noncurrentGiB += c.gib;
          cap.noncurrentObjects += c.count;
        } else {
          cap.storedGiB += c.gib;
          cap.objects += c.count;
        }
        if (e.ci === INT_INDEX) addIntTierCapacity(capacity, tier, c.gib);
      }
      if (midnight < 0) continue;
      const nc = this.existingMidnight(e, midnight);
      if (nc) becameNoncurrent.push(nc);
    }
    // Versions an Expiration made noncurrent at this midnight: their own Days-0 actions apply now.
    for (const e of becameNoncurrent) {
      this.existing.push(e);
      this.existingMidnight(e, midnight);
    }
  }

  /**
   * Lifecycle actions at `midnight` for existing objects. Returns the noncurrent version an
   * Expiration leaves in a versioned bucket: same objects, class and class entry (minimum
   * durations still count from it), on the noncurrent schedule from this midnight.
   */
  private existingMidnight(e: ExistingState, midnight: number): ExistingState | undefined {
    const c = e.c;
    const k = midnight + c.k0;
    const m = this.dayMonth[midnight] as number;
    if (c.schedule.expireK !== undefined && k >= c.schedule.expireK) {
      e.gone = true;
      const ncSchedule = !c.noncurrent && this.config.versioning ? c.noncurrentSchedules?.[STORAGE_CLASSES[e.ci] as StorageClass] : undefined;
      if (ncSchedule) {
        const { noncurrentSchedules: _, ...rest } = c;
        return { c: { ...rest, schedule: ncSchedule, storageClass: STORAGE_CLASSES[e.ci] as StorageClass, k0: -midnight, noncurrent: true }, ci: e.ci, enteredAt: e.enteredAt, gone: false };
      }
      this.earlyDelete(m, e.ci, c.gib, c.count, c.padGib, midnight - e.enteredAt);
      this.totals.removedGiB += c.gib;
      this.objectsRemoved[m] = (this.objectsRemoved[m] as number) + c.count;
      return undefined;
    }
    // Every transition already due lands at once: the class the schedule has reached by k.
    const next = cidx(classAtK(c.schedule, k));
    if (next === e.ci) return undefined;
    const tr = this.slots.transition[next] as number;
    if (tr >= 0) this.meter.add(tr, m, c.count);
    this.earlyDelete(m, e.ci, c.gib, c.count, c.padGib, midnight - e.enteredAt);
    e.ci = next;
    e.enteredAt = midnight;
    return undefined;
  }

  /**
   * Intelligent-Tiering tier of existing objects on day d: in the class from the start, on the
   * clock of the tier the inventory reports (the fewest idle days that tier implies, never warmer
   * than it); moved in later, on a clock from that midnight.
   */
  private existingIntTier(e: ExistingState, d: number): number {
    const c = e.c;
    if (e.enteredAt > 0) return this.intTier(d - e.enteredAt, c.monitored);
    const tier0 = c.intTier ?? 'FA';
    const idle = idleDaysOfTier(tier0, this.config.intelligentTiering) + d;
    return c.monitored ? Math.max(INT_TIERS.indexOf(tier0), this.intTier(idle, true)) : 0;
  }

  /** Capacity of the cohort written on the closing day (first midnight m0), in class ci; in Frequent Access if that is INT. */
  private addCreationDayCapacity(capacity: Capacity, ci: number, c: Cohorts, m0: number, noncurrent: boolean): void {
    if ((c.count[m0] as number) === 0) return;
    addCapacity(capacity, ci, c, m0, noncurrent);
    if (ci === INT_INDEX) addIntTierCapacity(capacity, 0, c.gib[m0] as number);
  }

  /** Bills the part of day d that the cohort starting at midnight d + 1 was stored on day d. */
  private closeCreationDay(path: LedgerPath, c: Cohorts, ci: number, d: number, month: number): void {
    const m0 = d + 1;
    if ((c.count[m0] as number) === 0) return;
    this.accrue(month, ci, c.preMid[m0] as number, c.preMidN[m0] as number, c.preMidPad[m0] as number, 1, 0, path.monitored);
  }

  /** A full day d of storage for every cohort already past its first midnight, in the class in force. */
  private accrueCohorts(p: number, c: Cohorts, sched: CompiledSchedule, d: number, month: number, capacity: Capacity | undefined, noncurrent: boolean): void {
    const path = this.paths[p] as LedgerPath;
    if (c.byClass) {
      if (capacity) recountCohorts(c, sched);
      const t = c.byClass;
      const held = c.held as Int32Array;
      for (let ci = 0; ci < held.length; ci++) {
        if ((held[ci] as number) === 0) continue;
        const count = t[3 * ci] as number;
        const gib = t[3 * ci + 1] as number;
        this.accrue(month, ci, gib, count, t[3 * ci + 2] as number, 1, 0, path.monitored);
        if (capacity) addClassCapacity(capacity, ci, count, gib, noncurrent);
      }
      return;
    }
    for (let m0 = 0; m0 <= d; m0++) {
      const count = c.count[m0] as number;
      if (count === 0) continue;
      const k = d - m0;
      const ci = sched.classByK[k] as number;
      if (capacity) addCapacity(capacity, ci, c, m0, noncurrent);
      if (ci !== INT_INDEX) {
        this.accrue(month, ci, c.gib[m0] as number, count, c.padGib[m0] as number, 1, 0, path.monitored);
        continue;
      }
      const own = this.intTier(this.daysInClass(sched, c, m0, k, k), path.monitored);
      const groups = noncurrent ? undefined : this.access[p];
      if (!groups || (groups.count[m0] as number) === 0) {
        this.accrue(month, ci, c.gib[m0] as number, count, 0, 1, own, path.monitored);
        if (capacity) addIntTierCapacity(capacity, own, c.gib[m0] as number);
        continue;
      }
      // Objects accessed since they entered the class are on their own clocks. Not clipped at 0: a
      // cohort can hold less than its groups when the agent attributes a merged record's deletes to
      // a data-weighted creation day, and clipping would bill GiB-days nobody stores (the class's
      // GiB-days stay exactly the cohorts' sum; only their split over tiers is approximate).
      const ownGib = (c.gib[m0] as number) - (groups.gib[m0] as number);
      this.accrue(month, ci, ownGib, count - (groups.count[m0] as number), 0, 1, own, true);
      if (capacity) addIntTierCapacity(capacity, own, ownGib);
      for (const g of groups.of(m0)) {
        if (g.a0 > d) {
          this.accrue(month, ci, g.accessDayGib, g.accessDayCount, 0, 1, 0, true);
          if (capacity) addIntTierCapacity(capacity, 0, g.gib);
          continue;
        }
        const tier = this.intTier(d - g.a0, true);
        this.accrue(month, ci, g.gib, g.count, 0, 1, tier, true);
        if (capacity) addIntTierCapacity(capacity, tier, g.gib);
        // Both clocks at the coldest tier reachable: the group's objects can join the cohort's own clock.
        if (tier === this.intTerminal && own === this.intTerminal) groups.release(m0, g);
      }
    }
  }

  /** Lifecycle actions at `midnight` (a day index): expirations (free) and transitions. */
  private midnightActions(p: number, c: Cohorts, sched: CompiledSchedule, midnight: number, noncurrent: boolean): void {
    const path = this.paths[p] as LedgerPath;
    const month = this.dayMonth[midnight] as number;
    // Only the cohorts an action is due for: k midnights old for each k with one (oldest first).
    for (const k of sched.actionKs) {
      const m0 = midnight - k;
      if (m0 < 0) continue;
      const count = c.count[m0] as number;
      if (count === 0) continue;
      const gib = c.gib[m0] as number;
      const pad = c.padGib[m0] as number;
      if (k === sched.expireK) {
        if (!noncurrent) {
          const ci = k > 0 ? (sched.classByK[k - 1] as number) : cidx(path.initialClass);
          const inClass = this.daysInClass(sched, c, m0, k, k - 1);
          this.access[p]?.clear(m0);
          if (this.config.versioning && path.noncurrent) {
            // Versioning-enabled bucket: Expiration adds a delete marker and the current version
            // becomes noncurrent, still billed in its class (S3 User Guide, "Expiring objects") —
            // the same path as a DELETE, with the Noncurrent* actions counted from this midnight.
            this.becomeNoncurrent(p, ci, midnight - inClass, midnight, count, gib, pad);
          } else {
            // Gone for good: early delete if the class minimum is not met.
            this.earlyDelete(month, ci, gib, count, pad, inClass);
            this.totals.removedGiB += gib;
            this.objectsRemoved[month] = (this.objectsRemoved[month] as number) + count;
          }
        } else {
          // A noncurrent version's early deletes were booked when it became noncurrent.
          this.totals.removedGiB += gib;
          this.objectsRemoved[month] = (this.objectsRemoved[month] as number) + count;
        }
        if (c.byClass) tally(c, sched.classByK[c.through - m0] as number, -count, -gib, -pad, -1);
        c.count[m0] = 0;
        c.gib[m0] = 0;
        c.padGib[m0] = 0;
        c.preMid[m0] = 0;
        c.preMidN[m0] = 0;
        c.preMidPad[m0] = 0;
        continue;
      }
      const step = sched.stepAtK[k] as number;
      if (step === NO_STEP) continue;
      if (!noncurrent && step !== INT_INDEX) this.access[p]?.clear(m0);
      const t = this.slots.transition[step] as number;
      if (t >= 0) this.meter.add(t, month, count);
      // Leaving a class by transition before its minimum is an early delete.
      if (!noncurrent) {
        const from = k > 0 ? (sched.classByK[k - 1] as number) : cidx(path.initialClass);
        this.earlyDelete(month, from, gib, count, pad, this.daysInClass(sched, c, m0, k, k - 1));
      }
    }
  }

  /**
   * Days the cohort at m0 has spent, by midnight k, in the class that was in force at `atK`
   * (atK < 0: the class it was written in). The initial class counts from creation: the cohort's
   * byte-weighted average time before its first midnight.
   */
  private daysInClass(sched: CompiledSchedule, c: Cohorts, m0: number, k: number, atK: number): number {
    const e = atK < 0 ? -1 : (sched.entryK[atK] as number);
    if (e >= 0) return k - e;
    const gib = c.gib[m0] as number;
    return k + (gib > 0 ? (c.preMid[m0] as number) / gib : 0);
  }

  /** End-of-month capacity per class, for each month closed so far. */
  capacity(): readonly Capacity[] {
    return this.cap;
  }

  /** GiB currently held (current and noncurrent versions). */
  heldGiB(): number {
    let sum = 0;
    for (const c of this.current) for (const g of c.gib) sum += g;
    for (const list of this.noncurrent) for (const c of list) if (c) for (const g of c.gib) sum += g;
    for (const e of this.existing) if (!e.gone) sum += e.c.gib;
    return sum;
  }

  /** Bytes are conserved: everything written is held or was removed (an InvariantError otherwise). */
  checkConservation(): void {
    const held = this.heldGiB();
    const expected = this.totals.putGiB - this.totals.removedGiB;
    invariant(Math.abs(held - expected) <= 1e-9 * Math.max(1, this.totals.putGiB), `bytes not conserved: held ${held} GiB, expected ${expected} GiB`);
  }
}
