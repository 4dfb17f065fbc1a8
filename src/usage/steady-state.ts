/**
 * Usage of one month in steady state, from the figures a person knows (what the AWS Pricing
 * Calculator's S3 form asks): average GiB stored, average object size, requests, restores,
 * egress. It applies the same billing rules as the storage ledger — archive overhead, 128 KiB
 * padding, Intelligent-Tiering monitoring, restored copies — to objects all of the average size.
 * `tierwise estimate` is built on it.
 */
import type { InputIssue } from '../errors.js';
import { CLASS_INFO, INT_MIN_MONITORED_BYTES, INT_TIERS, isArchive, type IntTier, type StorageClass } from '../storage/classes.js';
import { Dec } from '../pricing/decimal.js';
import { daysInMonth, GIB, KIB, type MonthKey } from '../units.js';
import type { Cause, UsageLine } from './usage-line.js';
import {
  egressKey, getKey, listKey, monitoringKey, putKey, restoreBytesKey, restoreRequestKey, restoreTiers, retrievalKey,
  smallObjectsKey, storageKey, transitionKey, type RestoreTier, type UsageKey,
} from './usage-types.js';

/** How the objects got into the class, once: written directly, or moved there by lifecycle. */
export type Arrival = 'put' | 'transition';

/** Share of the stored data in each Intelligent-Tiering access tier; the shares sum to 1. */
export type IntTierMix = Readonly<Partial<Record<IntTier, number>>>;

/**
 * Expected extra life of a restored copy from rounding its expiry up to midnight UTC (S3 User
 * Guide, "Restoring an archived object"), for restores completing at any time of day.
 */
export const RESTORE_EXPIRY_ROUNDING_DAYS = 0.5;

export interface SteadyStateInput {
  readonly region: string;
  readonly storageClass: StorageClass;
  /** The month billed: its length turns restored-copy days into GB-Mo. */
  readonly month: MonthKey;
  /** Average GiB stored over the month. */
  readonly storageGiB: number;
  /** Average object size, KiB: every object is taken to be this size. */
  readonly avgObjectKiB: number;
  /** INTELLIGENT_TIERING only: where the data sits; default all in Frequent Access. */
  readonly intTiers?: IntTierMix;
  readonly putRequests?: number;
  readonly getRequests?: number;
  readonly listRequests?: number;
  /** IA classes: GiB retrieved per month; default every GET reads one whole object. */
  readonly retrievalGiB?: number;
  /** GLACIER / DEEP_ARCHIVE: restores per month. */
  readonly restore?: {
    readonly gib: number;
    /** Default: the objects holding `gib` at the average size. */
    readonly objects?: number;
    readonly tier: RestoreTier;
    /** Days each restored copy is kept (billed at the STANDARD rate on top of the archive). */
    readonly days: number;
  };
  /** GiB sent to the internet per month. */
  readonly egressGiB?: number;
  /** One-time cost of writing the stored objects, shown apart from the monthly cost. */
  readonly arrival?: Arrival;
  /**
   * The bucket's TransitionDefaultMinimumObjectSize is `varies_by_storage_class`, which lets
   * lifecycle move objects under 128 KiB to GLACIER and DEEP_ARCHIVE (Amazon S3 User Guide,
   * "Transitioning objects using Amazon S3 Lifecycle", minimum object size).
   */
  readonly smallObjectTransitions?: boolean;
}

export interface SteadyStateUsage {
  /** ceil(storage ÷ average object size). */
  readonly objects: number;
  readonly monthly: UsageLine[];
  readonly oneTime: UsageLine[];
  /** Assumptions the numbers rest on, for the report. */
  readonly notes: string[];
}

const SMALL_OBJECT_BYTES = 128 * KIB;

/** Objects holding `gib` at `avgKiB` each, rounded up; computed in decimal so 0.1 GiB ÷ 0.1 KiB is exact. */
export function objectCount(gib: number, avgKiB: number): number {
  if (gib === 0) return 0;
  return new Dec(gib).times(GIB / KIB).div(avgKiB).ceil().toNumber();
}

/** The IA classes that charge per GB read. */
const hasRetrieval = (cls: StorageClass) => CLASS_INFO[cls].retrievalUsageType !== undefined;

/**
 * Every problem with an input, named by the `tierwise estimate` flag that sets it: combinations
 * the classes do not allow. Numbers are checked where they are parsed.
 */
export function checkSteadyState(input: SteadyStateInput): InputIssue[] {
  const cls = input.storageClass;
  const issues: InputIssue[] = [];
  const restore = input.restore;
  if (restore && !isArchive(cls)) {
    issues.push({ path: '--class', value: cls, message: `restore flags apply to GLACIER and DEEP_ARCHIVE only; ${cls} objects are read directly (use --get-requests)` });
  }
  if (restore && (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE') && !restoreTiers(cls).includes(restore.tier)) {
    issues.push({ path: '--restore-tier', value: restore.tier, message: `${cls} has no ${restore.tier} restore (allowed: ${restoreTiers(cls).join(', ')})` });
  }
  if (input.retrievalGiB !== undefined && !hasRetrieval(cls)) {
    issues.push({ path: '--retrieval-gib', value: input.retrievalGiB, message: `per-GB retrieval applies to STANDARD_IA, ONEZONE_IA and GLACIER_IR only, not ${cls}${isArchive(cls) ? ' (use --restore-gib)' : ''}` });
  }
  if (input.intTiers && cls !== 'INTELLIGENT_TIERING') {
    issues.push({ path: '--int-tiers', value: input.intTiers, message: `access tiers apply to INTELLIGENT_TIERING only, not ${cls}` });
  }
  if (input.arrival === 'transition') {
    if (!CLASS_INFO[cls].transition) {
      issues.push({ path: '--arrival', value: 'transition', message: `lifecycle never transitions objects into ${cls} (use --arrival put)` });
    } else if (input.avgObjectKiB * KIB < SMALL_OBJECT_BYTES && !(isArchive(cls) && input.smallObjectTransitions)) {
      issues.push({
        path: '--arrival',
        value: 'transition',
        message: `lifecycle does not transition objects under 128 KiB (average ${input.avgObjectKiB} KiB) by default${isArchive(cls) ? '; add --small-object-transitions if the bucket sets varies_by_storage_class' : ''}`,
      });
    }
  }
  return issues;
}

/** The month's usage and the one-time arrival usage. Call checkSteadyState first. */
export function steadyStateUsage(input: SteadyStateInput): SteadyStateUsage {
  const { region, storageClass: cls, month, storageGiB, avgObjectKiB } = input;
  const info = CLASS_INFO[cls];
  const objects = objectCount(storageGiB, avgObjectKiB);
  const objectBytes = avgObjectKiB * KIB;
  const notes: string[] = [];
  const monthly: UsageLine[] = [];
  const oneTime: UsageLine[] = [];
  const line = (to: UsageLine[], k: UsageKey | undefined, quantity: number, cause: Cause, storageClass: StorageClass | undefined = cls) => {
    if (!k) throw new RangeError(`${cls} has no usage type for ${cause}`); // checkSteadyState rules these out
    if (quantity > 0) to.push({ month, region, usageType: k.usageType, operation: k.operation, quantity, unit: k.unit, cause, ...(storageClass ? { storageClass } : {}) });
  };
  const archiveOverhead = (count: number, classKey: UsageKey) => {
    line(monthly, storageKey(region, 'STANDARD'), (count * 8 * KIB) / GIB, 'overhead');
    line(monthly, classKey, (count * 32 * KIB) / GIB, 'overhead');
  };

  // Storage, with what each class adds per object.
  if (cls === 'INTELLIGENT_TIERING') {
    const monitored = objectBytes >= INT_MIN_MONITORED_BYTES;
    const mix: IntTierMix = monitored ? (input.intTiers ?? { FA: 1 }) : { FA: 1 };
    if (!monitored && storageGiB > 0) notes.push('objects under 128 KiB are never monitored or tiered: they stay in Frequent Access');
    for (const tier of INT_TIERS) {
      const share = mix[tier] ?? 0;
      line(monthly, storageKey(region, cls, tier), storageGiB * share, 'storage');
      if (tier === 'AA' || tier === 'DAA') archiveOverhead(objects * share, storageKey(region, cls, tier));
    }
    if (monitored) line(monthly, monitoringKey(region), objects, 'monitoring');
  } else {
    line(monthly, storageKey(region, cls), storageGiB, 'storage');
    if (info.overhead) archiveOverhead(objects, storageKey(region, cls));
    if (objectBytes < info.minBillableBytes && objects > 0) {
      // Billed as objects × 128 KiB; the part above the stored bytes is the padding.
      const padding = new Dec(objects).times(info.minBillableBytes).div(GIB).minus(storageGiB);
      line(monthly, smallObjectsKey(region, cls), padding.toNumber(), 'overhead');
      notes.push(`objects under ${info.minBillableBytes / KIB} KiB are billed as ${info.minBillableBytes / KIB} KiB (the padding is the -SmObjects line)`);
    }
  }

  // Requests and reads.
  line(monthly, putKey(region, cls), input.putRequests ?? 0, 'put');
  line(monthly, getKey(region, cls), input.getRequests ?? 0, 'get');
  line(monthly, listKey(region), input.listRequests ?? 0, 'list', undefined);
  if (hasRetrieval(cls)) {
    const gib = input.retrievalGiB ?? ((input.getRequests ?? 0) * objectBytes) / GIB;
    if (input.retrievalGiB === undefined && gib > 0) notes.push('retrieval: each GET reads one whole object of the average size (set --retrieval-gib otherwise)');
    line(monthly, retrievalKey(region, cls), gib, 'retrieval');
  }

  // Restores: requests by tier, retrieval per GB, and the restored copy at the STANDARD rate.
  const r = input.restore;
  if (r && (cls === 'GLACIER' || cls === 'DEEP_ARCHIVE')) {
    line(monthly, restoreRequestKey(region, cls, r.tier), r.objects ?? objectCount(r.gib, avgObjectKiB), 'restore');
    line(monthly, restoreBytesKey(region, cls, r.tier), r.gib, 'retrieval');
    // A copy lives until the midnight UTC after completion + Days: with completions spread over
    // the day, half a day longer than Days on average.
    line(monthly, storageKey(region, 'STANDARD'), (r.gib * (r.days + RESTORE_EXPIRY_ROUNDING_DAYS)) / daysInMonth(month), 'restored-copy', 'STANDARD');
  }

  if (input.egressGiB) {
    line(monthly, egressKey(region), input.egressGiB, 'egress', undefined);
    notes.push('egress: the first 100 GB a month are free account-wide; this estimate assumes nothing else uses them');
  }

  // One-time: each stored object written once, by PUT or by a lifecycle transition.
  if (input.arrival === 'put') line(oneTime, putKey(region, cls), objects, 'put');
  if (input.arrival === 'transition') line(oneTime, transitionKey(region, cls), objects, 'transition');

  return { objects, monthly, oneTime, notes };
}
