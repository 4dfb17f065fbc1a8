/**
 * Duplicati's `--retention-policy` syntax (`7D:1D,4W:1W,12M:1M`), parsed into frames in seconds.
 *
 * Units are case-sensitive: s m h D W M Y (`m` minutes, `M` months); a bare number is seconds;
 * composites such as `1M4D` are allowed. Current Duplicati (2.1.1+) uses fixed lengths
 * (M = 30 D, Y = 365 D); versions up to 2.1.0.5 used calendar arithmetic from 0001-01-01
 * (1M = 31 d, 12M = 365 d). Timeframe `U` is unlimited; interval `U` or ≤ 0 keeps every backup.
 */

import { addCalendarMonths, YEAR_ONE_SEC } from './calendar.js';

export const UNITS = 's m h D W M Y';

/** How Duplicati turns months and years into seconds. */
export type MonthLengths = 'current' | 'legacy';

export interface RetentionFrame {
  /** Versions newer than `now − timeframeSec` are in this frame; Infinity for `U`. */
  readonly timeframeSec: number;
  /** Minimum spacing between kept full versions; 0 means keep every version in the frame. */
  readonly intervalSec: number;
}

export interface RetentionPolicy {
  /** The policy as the user wrote it. */
  readonly text: string;
  readonly monthLengths: MonthLengths;
  /** Frames sorted by timeframe, smallest first (Duplicati sorts them before use). */
  readonly frames: readonly RetentionFrame[];
}

/** A policy string is malformed; `message` names the bad part and what is allowed. */
export class PolicySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicySyntaxError';
  }
}

/** A unit letter of Duplicati's duration syntax. */
export type DurationUnit = 's' | 'm' | 'h' | 'D' | 'W' | 'M' | 'Y';

/** Seconds per unit at current Duplicati's fixed lengths (M = 30 D, Y = 365 D). */
export const UNIT_SECONDS: Readonly<Record<DurationUnit, number>> = {
  s: 1,
  m: 60,
  h: 3_600,
  D: 86_400,
  W: 7 * 86_400,
  M: 30 * 86_400,
  Y: 365 * 86_400,
};

/** One `<number><unit>` part of a duration such as `1M4D`; a bare number is seconds. */
export interface DurationPart {
  readonly count: number;
  readonly unit: DurationUnit;
}

function isUnit(u: string): u is DurationUnit {
  return Object.hasOwn(UNIT_SECONDS, u);
}

function checkedNumber(digits: string, context: string): number {
  const n = Number(digits);
  if (!Number.isFinite(n)) throw new PolicySyntaxError(`number '${digits}' in '${context}' is too large`);
  return n;
}

/**
 * Splits a duration (`7D`, `1M4D`, `3600`) into its parts, in the order written (Duplicati
 * applies them in that order, which matters for calendar months).
 * Throws PolicySyntaxError naming the bad unit or part.
 */
export function parseDurationParts(text: string, context = text): DurationPart[] {
  if (text.length === 0) throw new PolicySyntaxError(`empty duration in '${context}'`);
  if (/^-?\d+$/.test(text)) return [{ count: checkedNumber(text, context), unit: 's' }];
  const re = /(-?\d+)([^\d-]?)/gy;
  const parts: DurationPart[] = [];
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    consumed = re.lastIndex;
    const u = m[2] ?? '';
    if (u === '') {
      throw new PolicySyntaxError(`missing unit after '${m[1]}' in '${context}' (units: ${UNITS})`);
    }
    if (!isUnit(u)) {
      throw new PolicySyntaxError(`unknown unit '${u}' in '${context}' (units: ${UNITS})`);
    }
    parts.push({ count: checkedNumber(m[1] as string, context), unit: u });
  }
  if (consumed !== text.length) {
    const bad = text.slice(consumed);
    const unitChar = /^\d*(\D)/.exec(bad)?.[1];
    throw new PolicySyntaxError(
      unitChar && /\s/.test(unitChar)
        ? `unexpected space in '${context}' (write a number followed by a unit: ${UNITS})`
        : unitChar && !isUnit(unitChar)
          ? `unknown unit '${unitChar}' in '${context}' (units: ${UNITS})`
          : `cannot read '${bad}' in '${context}' (write a number followed by a unit: ${UNITS})`,
    );
  }
  return parts;
}

/** Length of a parsed duration at current Duplicati's fixed unit lengths, in seconds. */
export function fixedDurationSeconds(parts: readonly DurationPart[]): number {
  let total = 0;
  for (const p of parts) total += p.count * UNIT_SECONDS[p.unit];
  return total;
}

/**
 * Applies a parsed duration to an instant with calendar months and years (.NET AddMonths /
 * AddYears, day clamped to the month's end), part by part in the order written. `sign` −1
 * subtracts (as `--keep-time` does from now).
 */
export function addCalendarDuration(epochSec: number, parts: readonly DurationPart[], sign: 1 | -1): number {
  let t = epochSec;
  for (const p of parts) {
    if (p.unit === 'M') t = addCalendarMonths(t, sign * p.count);
    else if (p.unit === 'Y') t = addCalendarMonths(t, sign * 12 * p.count);
    else t += sign * p.count * UNIT_SECONDS[p.unit];
  }
  return t;
}

/**
 * Parses one duration such as `7D`, `1M4D`, `3600` into seconds: fixed lengths for current
 * Duplicati, calendar arithmetic from 0001-01-01 for legacy (so 1M = 31 d, 12M = 365 d).
 * Throws PolicySyntaxError naming the bad unit or part.
 */
export function parseDuration(text: string, monthLengths: MonthLengths = 'current', context = text): number {
  const parts = parseDurationParts(text, context);
  if (monthLengths === 'current') return fixedDurationSeconds(parts);
  return addCalendarDuration(YEAR_ONE_SEC, parts, 1) - YEAR_ONE_SEC;
}

/** Parses a whole `--retention-policy` value. */
export function parseRetentionPolicy(text: string, monthLengths: MonthLengths = 'current'): RetentionPolicy {
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new PolicySyntaxError(`empty retention policy (expected timeframe:interval pairs such as '7D:1D,4W:1W,12M:1M')`);
  }
  const frames: RetentionFrame[] = [];
  for (const rawPair of trimmed.split(',')) {
    const pair = rawPair.trim();
    if (pair.length === 0) throw new PolicySyntaxError(`empty pair in '${text}' (expected timeframe:interval)`);
    const parts = pair.split(':');
    if (parts.length !== 2) {
      throw new PolicySyntaxError(
        `'${pair}' in '${text}' is not a timeframe:interval pair (${parts.length < 2 ? "missing ':'" : "more than one ':'"}; e.g. 7D:1D)`,
      );
    }
    const [tf, iv] = parts as [string, string];
    const timeframeSec = tf === 'U' ? Infinity : parseDuration(tf, monthLengths, text);
    const intervalRaw = iv === 'U' ? 0 : parseDuration(iv, monthLengths, text);
    if (timeframeSec <= 0) {
      throw new PolicySyntaxError(`timeframe '${tf}' in '${text}' must be positive (or U for unlimited)`);
    }
    frames.push({ timeframeSec, intervalSec: Math.max(0, intervalRaw) });
  }
  // Stable, and safe for two U (Infinity) timeframes, whose difference would be NaN.
  frames.sort((a, b) => (a.timeframeSec === b.timeframeSec ? 0 : a.timeframeSec < b.timeframeSec ? -1 : 1));
  return { text: trimmed, monthLengths, frames };
}

/** Writes a duration back in the largest whole units (fixed lengths), e.g. 604800 → `1W`. */
export function formatDuration(seconds: number): string {
  if (seconds === Infinity) return 'U';
  if (seconds === 0) return '0s';
  let rest = seconds;
  let out = '';
  for (const u of ['Y', 'M', 'W', 'D', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[u];
    if (rest >= size) {
      const n = Math.floor(rest / size);
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Writes a policy back as Duplicati syntax (current month lengths); parsing it gives the same frames. */
export function formatRetentionPolicy(policy: RetentionPolicy): string {
  return policy.frames
    .map((f) => `${formatDuration(f.timeframeSec)}:${f.intervalSec === 0 ? 'U' : formatDuration(f.intervalSec)}`)
    .join(',');
}
