/**
 * S3 Lifecycle rules, evaluated as S3 does (Amazon S3 User Guide: "Transitioning objects using
 * Amazon S3 Lifecycle" and "Lifecycle configuration elements"), compiled into
 * schedules: for objects of one kind and size band ("a path"), the class they are in after each
 * number of midnights since creation, and when they expire.
 *
 * Timing: an action with `Days: N` happens at creation + N days rounded up to the next midnight
 * UTC, and billing changes at eligibility. We count k = midnights passed since the first midnight
 * after creation, so an action with Days N applies from k = N on.
 */
import { ScenarioError, type InputIssue } from '../errors.js';
import { canTransition, CLASS_INFO, DEFAULT_MIN_TRANSITION_BYTES, STORAGE_CLASSES, type StorageClass } from './classes.js';

export interface Transition {
  readonly days: number;
  readonly storageClass: StorageClass;
}

export interface LifecycleRule {
  readonly id: string;
  readonly enabled: boolean;
  /** Key prefix; `{device}` stands for each device's own name (one rule per device in S3). */
  readonly prefix: string;
  /** ObjectSizeGreaterThan, bytes (strict). */
  readonly sizeGreaterThan?: number;
  /** ObjectSizeLessThan, bytes (strict). */
  readonly sizeLessThan?: number;
  readonly transitions: readonly Transition[];
  readonly expirationDays?: number;
  /** NoncurrentVersionTransition: days count from when a version became noncurrent. */
  readonly noncurrentTransitions: readonly Transition[];
  readonly noncurrentExpirationDays?: number;
}

export type MinTransitionSize = 'all_storage_classes_128K' | 'varies_by_storage_class';

export interface LifecycleConfig {
  readonly rules: readonly LifecycleRule[];
  /** TransitionDefaultMinimumObjectSize (default: nothing under 128 KiB transitions). */
  readonly minTransitionSize: MinTransitionSize;
}

/** S3's limit on lifecycle rules per bucket. */
export const MAX_LIFECYCLE_RULES = 1000;

const IA_CLASSES: readonly StorageClass[] = ['STANDARD_IA', 'ONEZONE_IA'];
const ARCHIVE_TARGETS: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];

/** Order along the waterfall: when several transitions are due at once, the coldest wins (GLACIER beats IA). */
const COLDNESS: Readonly<Record<StorageClass, number>> = {
  STANDARD: 0,
  INTELLIGENT_TIERING: 1,
  STANDARD_IA: 2,
  ONEZONE_IA: 3,
  GLACIER_IR: 4,
  GLACIER: 5,
  DEEP_ARCHIVE: 6,
};

/** Every problem in the rules, each naming the rule (as S3 would refuse the configuration). */
export function lifecycleIssues(config: LifecycleConfig, path = 'bucket.lifecycle'): InputIssue[] {
  const issues: InputIssue[] = [];
  const ids = new Set<string>();
  config.rules.forEach((rule, i) => {
    const at = `${path}[${i}]`;
    const name = `rule '${rule.id}'`;
    if (ids.has(rule.id)) issues.push({ path: `${at}.id`, value: rule.id, message: `${name}: duplicate rule id` });
    ids.add(rule.id);
    const hasAction =
      rule.transitions.length > 0 ||
      rule.expirationDays !== undefined ||
      rule.noncurrentTransitions.length > 0 ||
      rule.noncurrentExpirationDays !== undefined;
    if (!hasAction) issues.push({ path: at, message: `${name} has no action (add transitions or an expiration)` });
    if (rule.sizeGreaterThan !== undefined && rule.sizeLessThan !== undefined && rule.sizeLessThan <= rule.sizeGreaterThan) {
      issues.push({
        path: `${at}.filter`,
        value: rule.sizeLessThan,
        message: `${name}: object_size_less_than_bytes (${rule.sizeLessThan}) must be greater than object_size_greater_than_bytes (${rule.sizeGreaterThan})`,
      });
    }
    for (const [list, key, dayWord] of [
      [rule.transitions, 'transitions', 'days'],
      [rule.noncurrentTransitions, 'noncurrent_transitions', 'noncurrent_days'],
    ] as const) {
      const seen = new Set<StorageClass>();
      const sorted = [...list].sort((a, b) => a.days - b.days);
      list.forEach((t, j) => {
        const tat = `${at}.${key}[${j}]`;
        if (t.storageClass === 'STANDARD') {
          issues.push({ path: `${tat}.storage_class`, value: t.storageClass, message: `${name}: nothing transitions to STANDARD (allowed: ${STORAGE_CLASSES.slice(1).join(', ')})` });
        }
        if (seen.has(t.storageClass)) {
          issues.push({ path: `${tat}.storage_class`, value: t.storageClass, message: `${name}: two transitions to ${t.storageClass}` });
        }
        seen.add(t.storageClass);
        if (IA_CLASSES.includes(t.storageClass) && t.days < 30) {
          issues.push({ path: `${tat}.${dayWord}`, value: t.days, message: `${name}: a transition to ${t.storageClass} needs at least 30 days (got ${t.days})` });
        }
      });
      // Within one rule the classes must go down the waterfall as days increase, and an archive
      // transition after an IA transition must come at least 30 days later.
      for (let j = 1; j < sorted.length; j++) {
        const prev = sorted[j - 1] as Transition;
        const cur = sorted[j] as Transition;
        if (cur.days === prev.days) {
          issues.push({ path: `${at}.${key}`, value: cur.days, message: `${name}: two transitions on day ${cur.days}` });
        } else if (!canTransition(prev.storageClass, cur.storageClass)) {
          issues.push({ path: `${at}.${key}`, message: `${name}: ${prev.storageClass} (day ${prev.days}) cannot transition to ${cur.storageClass} (day ${cur.days}); allowed from ${prev.storageClass}: ${CLASS_INFO[prev.storageClass].transitionsTo.join(', ') || 'nothing'}` });
        } else if (IA_CLASSES.includes(prev.storageClass) && ARCHIVE_TARGETS.includes(cur.storageClass) && cur.days - prev.days < 30) {
          issues.push({ path: `${at}.${key}`, message: `${name}: the ${cur.storageClass} transition (day ${cur.days}) must come at least 30 days after the ${prev.storageClass} transition (day ${prev.days})` });
        }
      }
      const exp = key === 'transitions' ? rule.expirationDays : rule.noncurrentExpirationDays;
      const last = sorted[sorted.length - 1];
      if (exp !== undefined && last && exp <= last.days) {
        issues.push({ path: `${at}.${key === 'transitions' ? 'expiration_days' : 'noncurrent_expiration_days'}`, value: exp, message: `${name}: expiration (day ${exp}) must come after the last transition (day ${last.days})` });
      }
    }
  });
  return issues;
}

/** Throws one ScenarioError listing every invalid rule. */
export function validateLifecycle(config: LifecycleConfig, path = 'bucket.lifecycle'): void {
  const issues = lifecycleIssues(config, path);
  if (issues.length > 0) throw new ScenarioError(issues);
}

/** What a rule's filter is matched against: a representative key and the object size. */
export interface ObjectShape {
  /** Key with the device's own part written as `{device}`. */
  readonly key: string;
  readonly sizeBytes: number;
}

/** Whether a rule's filter selects objects of this shape. */
export function ruleMatches(rule: LifecycleRule, o: ObjectShape): boolean {
  return (
    rule.enabled &&
    o.key.startsWith(rule.prefix) &&
    (rule.sizeGreaterThan === undefined || o.sizeBytes > rule.sizeGreaterThan) &&
    (rule.sizeLessThan === undefined || o.sizeBytes < rule.sizeLessThan)
  );
}

/**
 * Whether an object of `sizeBytes` may transition to `to` under the bucket's
 * TransitionDefaultMinimumObjectSize. A rule with its own size filter takes precedence over the
 * default (S3 User Guide, "Lifecycle configuration elements: minimum object size").
 */
function sizeAllowsTransition(rule: LifecycleRule, sizeBytes: number, to: StorageClass, min: MinTransitionSize): boolean {
  if (sizeBytes >= DEFAULT_MIN_TRANSITION_BYTES || rule.sizeGreaterThan !== undefined || rule.sizeLessThan !== undefined) return true;
  return min === 'varies_by_storage_class' && ARCHIVE_TARGETS.includes(to);
}

/** One step of a schedule: from `fromK` midnights on, objects are in `storageClass`. */
export interface ScheduleStep {
  readonly fromK: number;
  readonly storageClass: StorageClass;
}

/** The fate of one kind of object under the lifecycle rules. */
export interface Schedule {
  /** Steps in order; the first has fromK = 0 and is the class objects start in. */
  readonly steps: readonly ScheduleStep[];
  /** Midnights after which the object expires (is deleted by lifecycle); undefined = never. */
  readonly expireK?: number;
  /** Ids of the rules that shaped the schedule. */
  readonly ruleIds: readonly string[];
}

/**
 * Compiles the schedule for objects that start in `initial` (current versions: Transitions and
 * Expiration; noncurrent versions: the Noncurrent* actions, counted from becoming noncurrent).
 * Expiration beats transition; when several transitions are due at once the coldest allowed
 * one wins (GLACIER beats IA); transitions that the waterfall forbids from the class reached by
 * then are skipped.
 */
export function compileSchedule(
  config: LifecycleConfig,
  o: ObjectShape,
  initial: StorageClass,
  versions: 'current' | 'noncurrent' = 'current',
): Schedule {
  const rules = config.rules.filter((r) => ruleMatches(r, o));
  const candidates: Transition[] = [];
  let expireK: number | undefined;
  for (const r of rules) {
    const ts = versions === 'current' ? r.transitions : r.noncurrentTransitions;
    for (const t of ts) if (sizeAllowsTransition(r, o.sizeBytes, t.storageClass, config.minTransitionSize)) candidates.push(t);
    const exp = versions === 'current' ? r.expirationDays : r.noncurrentExpirationDays;
    if (exp !== undefined) expireK = expireK === undefined ? exp : Math.min(expireK, exp);
  }
  const steps: ScheduleStep[] = [{ fromK: 0, storageClass: initial }];
  const days = [...new Set(candidates.map((t) => t.days))].sort((a, b) => a - b);
  for (const d of days) {
    if (expireK !== undefined && d >= expireK) break; // expiration beats transition
    const current = (steps[steps.length - 1] as ScheduleStep).storageClass;
    const due = candidates
      .filter((t) => t.days === d && canTransition(current, t.storageClass))
      .sort((a, b) => COLDNESS[b.storageClass] - COLDNESS[a.storageClass]);
    const pick = due[0];
    if (pick) steps.push({ fromK: d, storageClass: pick.storageClass });
  }
  return { steps, ...(expireK !== undefined ? { expireK } : {}), ruleIds: rules.map((r) => r.id) };
}

/** The class of an object `k` midnights after its first midnight (k < 0: the day it was written). */
export function classAtK(s: Schedule, k: number): StorageClass {
  let cls = (s.steps[0] as ScheduleStep).storageClass;
  for (const step of s.steps) {
    if (step.fromK <= k) cls = step.storageClass;
    else break;
  }
  return cls;
}

/** Lifecycle rules whose prefix names a device must be written once per device in S3. */
export function perDeviceRuleCount(config: LifecycleConfig, devices: number): number {
  return config.rules.reduce((n, r) => n + (r.prefix.includes('{device}') ? devices : 1), 0);
}
