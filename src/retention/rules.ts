/**
 * Retention options as the user gives them (Duplicati's `--retention-policy`, `--keep-versions`,
 * `--keep-time`, `--allow-full-removal`, or a restic/borg-style calendar policy), validated once
 * and compiled into the flat form the allocation-free engine reads on every call.
 * Reference: Duplicati/Library/Main/Options.cs (the options) and Operation/DeleteHandler.cs (the rules).
 */
import { ScenarioError, type InputIssue } from '../errors.js';
import {
  fixedDurationSeconds,
  parseDurationParts,
  PolicySyntaxError,
  type DurationPart,
  type RetentionPolicy,
} from './policy.js';

/** Calendar GFS retention in the restic (`forget`) / borg (`prune`) style, for comparison. */
export interface CalendarRetention {
  /** restic lets one snapshot count for several rules; borg does not. */
  readonly style: 'restic' | 'borg';
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly keepMonthly: number;
}

export interface RetentionOptions {
  /** `--retention-policy`, from parseRetentionPolicy. */
  readonly policy?: RetentionPolicy;
  /** `--keep-versions`: keep the newest N full backups. */
  readonly keepVersions?: number;
  /** `--keep-time`, Duplicati duration text ('90D', '6M'): calendar-aware. */
  readonly keepTime?: string;
  /** `--allow-full-removal`: retention may delete the newest version too. */
  readonly allowFullRemoval?: boolean;
  /** A calendar GFS policy instead of Duplicati's options (cannot be combined with them). */
  readonly calendar?: CalendarRetention;
}

/** What each option is called where it came from (a CLI flag or a scenario path), for errors. */
export type RetentionOptionNames = Partial<
  Record<'policy' | 'keepVersions' | 'keepTime' | 'calendar' | 'style' | 'keepDaily' | 'keepWeekly' | 'keepMonthly', string>
>;

export const CALENDAR_NONE = 0;
export const CALENDAR_RESTIC = 1;
export const CALENDAR_BORG = 2;

/** Options compiled for the engine: validated, with every derived number precomputed. */
export interface RetentionRules {
  /** The options these rules were compiled from. */
  readonly options: RetentionOptions;
  /** Policy frames, smallest timeframe first: timeframe in seconds (Infinity for U). */
  readonly frameTimeframe: Float64Array;
  /** Policy frames: minimum spacing of kept full versions in seconds; 0 keeps every version. */
  readonly frameInterval: Float64Array;
  /** `--keep-versions`; 0 when not set. */
  readonly keepVersions: number;
  /** `--keep-time` parts in the order written (applied to `now` with calendar months); empty when not set. */
  readonly keepTimeParts: readonly DurationPart[];
  /** Duplicati's keep-time tolerance: min(1 % of the duration, 1 h), in seconds. */
  readonly keepTimeToleranceSec: number;
  readonly allowFullRemoval: boolean;
  /** CALENDAR_NONE, CALENDAR_RESTIC or CALENDAR_BORG. */
  readonly calendarStyle: number;
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly keepMonthly: number;
}

/** Duplicati's keep-time tolerance cap: one hour. */
const KEEP_TIME_MAX_TOLERANCE_SEC = 3_600;

const DEFAULT_NAMES: Required<RetentionOptionNames> = {
  policy: 'policy',
  keepVersions: 'keepVersions',
  keepTime: 'keepTime',
  calendar: 'calendar',
  style: 'calendar.style',
  keepDaily: 'calendar.keepDaily',
  keepWeekly: 'calendar.keepWeekly',
  keepMonthly: 'calendar.keepMonthly',
};

function isCount(n: unknown, min: number): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= min;
}

/**
 * Validates options once and precomputes what the engine needs. Throws a ScenarioError with one
 * issue per problem, each named as in `names` (flags for the CLI, scenario paths for files).
 * No options at all is valid: nothing is ever deleted.
 */
export function compileRetention(o: RetentionOptions, names: RetentionOptionNames = {}): RetentionRules {
  const n = { ...DEFAULT_NAMES, ...names };
  const issues: InputIssue[] = [];

  if (o.keepVersions !== undefined && !isCount(o.keepVersions, 1)) {
    issues.push({
      path: n.keepVersions,
      message: `expected an integer ≥ 1 (leave it out to keep every version), got '${String(o.keepVersions)}'`,
      value: o.keepVersions,
    });
  }

  let keepTimeParts: DurationPart[] = [];
  let keepTimeSec = 0;
  if (o.keepTime !== undefined) {
    try {
      keepTimeParts = parseDurationParts(o.keepTime);
      keepTimeSec = fixedDurationSeconds(keepTimeParts);
      if (!(keepTimeSec > 0)) {
        issues.push({ path: n.keepTime, message: `duration '${o.keepTime}' must be positive (e.g. 90D, 6M)`, value: o.keepTime });
      }
    } catch (e) {
      if (!(e instanceof PolicySyntaxError)) throw e;
      issues.push({ path: n.keepTime, message: e.message, value: o.keepTime });
    }
  }

  const cal = o.calendar;
  if (cal) {
    if (cal.style !== 'restic' && cal.style !== 'borg') {
      issues.push({ path: n.style, message: `expected one of restic, borg, got '${String(cal.style)}'`, value: cal.style });
    }
    for (const key of ['keepDaily', 'keepWeekly', 'keepMonthly'] as const) {
      if (!isCount(cal[key], 0)) {
        issues.push({ path: n[key], message: `expected an integer ≥ 0, got '${String(cal[key])}'`, value: cal[key] });
      }
    }
    if (cal.keepDaily === 0 && cal.keepWeekly === 0 && cal.keepMonthly === 0) {
      issues.push({
        path: n.calendar,
        message: `a calendar policy needs at least one of ${n.keepDaily}, ${n.keepWeekly}, ${n.keepMonthly} above 0`,
      });
    }
    if (o.policy || o.keepVersions !== undefined || o.keepTime !== undefined) {
      issues.push({
        path: n.calendar,
        message: `a calendar policy cannot be combined with ${n.policy}, ${n.keepVersions} or ${n.keepTime} (choose one model)`,
      });
    }
  }

  if (issues.length > 0) throw new ScenarioError(issues);

  const frames = o.policy?.frames ?? [];
  return {
    options: o,
    frameTimeframe: Float64Array.from(frames, (f) => f.timeframeSec),
    frameInterval: Float64Array.from(frames, (f) => f.intervalSec),
    keepVersions: o.keepVersions ?? 0,
    keepTimeParts,
    keepTimeToleranceSec: Math.min(keepTimeSec / 100, KEEP_TIME_MAX_TOLERANCE_SEC),
    allowFullRemoval: o.allowFullRemoval ?? false,
    calendarStyle: !cal ? CALENDAR_NONE : cal.style === 'restic' ? CALENDAR_RESTIC : CALENDAR_BORG,
    keepDaily: cal?.keepDaily ?? 0,
    keepWeekly: cal?.keepWeekly ?? 0,
    keepMonthly: cal?.keepMonthly ?? 0,
  };
}

/** A one-line description of the rules, e.g. `7D:1D,4W:1W,12M:1M + keep-versions 10`. */
export function describeRetention(rules: RetentionRules): string {
  const o = rules.options;
  if (o.calendar) {
    const c = o.calendar;
    return `${c.style} keep-daily ${c.keepDaily}, keep-weekly ${c.keepWeekly}, keep-monthly ${c.keepMonthly}`;
  }
  const parts: string[] = [];
  if (o.policy) parts.push(`${o.policy.text}${o.policy.monthLengths === 'legacy' ? ' (legacy months)' : ''}`);
  if (o.keepVersions !== undefined) parts.push(`keep-versions ${o.keepVersions}`);
  if (o.keepTime !== undefined) parts.push(`keep-time ${o.keepTime}`);
  if (parts.length === 0) return 'keep every version';
  if (rules.allowFullRemoval) parts.push('allow-full-removal');
  return parts.join(' + ');
}
